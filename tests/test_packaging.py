"""The project stands on its own: a clone without ../shared collects its tests, and the wheel works installed.

Both build real things (a copy of the tree, a wheel, a virtual environment), so they are `slow` and left out of
`make test-fast`.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[1]
ARTICLE = (
    "Serbian President Aleksandar Vucic met NATO Secretary General Jens Stoltenberg in Belgrade on Monday.\n"
)

pytestmark = pytest.mark.slow


def _tracked_files() -> list[str]:
    """The files a clone holds (tracked and about to be), whatever the state of the working tree."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [name for name in listed.split("\0") if name and (REPO / name).is_file()]


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tree copied to a folder with no `shared` beside it, as a user's clone is."""
    target = tmp_path_factory.mktemp("user") / "geokg"
    for name in _tracked_files():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target / name)
    assert not (target.parent / "shared").exists()
    return target


def test_a_clone_without_shared_collects_every_test(clone: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    collected = re.search(r"(\d+) tests? collected", result.stdout)
    assert collected and int(collected.group(1)) > 500, result.stdout[-500:]


def _reaches_for_shared(source: str) -> bool:
    """A string literal that makes a path into ../shared (prose in comments and docstrings may name it)."""
    return any(
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and (node.value == "shared" or node.value.startswith("../shared"))
        for node in ast.walk(ast.parse(source))
    )


def test_nothing_outside_the_yardstick_reaches_for_shared() -> None:
    """`make test` never reads ../shared: only tests/yardstick (run by `make yardstick`) may look there."""
    offenders = [
        name
        for name in _tracked_files()
        if name.endswith(".py")
        and not name.startswith("tests/yardstick/")
        and name != "tests/test_packaging.py"  # names it to look for it
        and _reaches_for_shared((REPO / name).read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; the (already installed) dependencies come from this venv's
    site-packages through a .pth line, which puts them after the wheel and never runs their .pth files, so
    the editable install of the checkout stays out of sight."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(work / "dist"), str(REPO)],
        check=True,
        timeout=600,
    )
    (wheel,) = (work / "dist").glob("geokg-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)],
        check=True,
        timeout=600,
    )
    return venv


def test_the_wheel_carries_its_data_and_ontology(installed: Path, tmp_path: Path) -> None:
    script = (
        "import json, kg, api; from kg.resources import data_file, ontology_file;"
        "print(json.dumps([kg.__file__, api.__file__, data_file('gazetteer.json').is_file(),"
        " ontology_file('geokg.ttl').is_file(), ontology_file('shapes.ttl').is_file(),"
        " ontology_file('context.jsonld').is_file()]))"
    )
    out = subprocess.run(
        [str(installed / "bin" / "python"), "-c", script], cwd=tmp_path, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    kg_file, api_file, *found = json.loads(out.stdout)
    assert Path(kg_file).is_relative_to(installed) and Path(api_file).is_relative_to(installed)
    assert found == [True, True, True, True]


def test_installed_geokg_extracts_from_another_folder(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    for fmt in ("json", "turtle"):
        result = subprocess.run(
            [str(installed / "bin" / "geokg"), "extract", "article.txt", "--published", "2024-03-04"]
            + ["--format", fmt],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        if fmt == "json":
            facts = json.loads(result.stdout)
            assert "Q403" in {entity["wikidata"] for entity in facts["entities"]}
        else:
            assert "owl:sameAs" in result.stdout or "sameAs" in result.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(installed: Path, tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [str(installed / "bin" / "geokg"), "--store", str(tmp_path / "store"), "serve", "--port", str(port)],
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            try:
                requests.get(f"{base}/health", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.3)
        assert process.poll() is None, (tmp_path / "serve.log").read_text()
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_installed_geokg_serves(served: str) -> None:
    health = requests.get(f"{served}/health", timeout=10)
    assert health.status_code == 200
    page = requests.get(f"{served}/", timeout=10)
    assert page.status_code == 200 and "GeoKG" in page.text
    # The page's vendored libraries come with the wheel, and the workbench's too.
    for path in (
        "static/vendor/cytoscape/cytoscape.min.js",
        "static/vendor/world-atlas/countries-110m.json",
        "static/vendor/zazuko-yasgui/yasgui.min.js",
        "static/geokg-visuals.js",
    ):
        assert requests.get(f"{served}/{path}", timeout=10).status_code == 200, path
