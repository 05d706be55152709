"""`geokg ingest` of batches: the summary, failures with reasons, exit codes, --jobs, re-runs and progress."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.article_texts import generate_articles, write_articles
from kg.cli import main

ARTICLES = 12


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("batch") / "articles.jsonl"
    write_articles(generate_articles(ARTICLES, seed=11), path)
    return path


def _ingest(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "store"), "ingest", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _export(tmp_path: Path) -> list[str]:
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "store"), "export"])
    return sorted(result.output.splitlines())


def test_bad_articles_are_reported_and_the_others_stored(
    tmp_path: Path, batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GEOKG_MAX_TEXT_CHARS", "3000")
    bad = tmp_path / "bad.jsonl"
    long_text = "Serbia condemned the attack. " * 200
    bad.write_text('{"text": "  "}\n{not json\n' + json.dumps({"text": long_text}) + "\n", encoding="utf-8")
    failures = tmp_path / "failures.jsonl"
    code, output = _ingest(tmp_path, str(batch), str(bad), "/no/such/folder", "--failures", str(failures))
    assert code == 0, output
    assert f"{ARTICLES + 4} articles: {ARTICLES} stored" in output and "4 failed" in output
    reported = [json.loads(line) for line in failures.read_text(encoding="utf-8").splitlines()]
    assert {r["source"] for r in reported} == {f"{bad}:1", f"{bad}:2", f"{bad}:3", "/no/such/folder"}
    reasons = {r["source"]: r["reason"] for r in reported}
    assert "empty" in reasons[f"{bad}:1"] and "not JSON" in reasons[f"{bad}:2"]
    assert "extraction failed" in reasons[f"{bad}:3"] and "no such file" in reasons["/no/such/folder"]
    stored = [line for line in _export(tmp_path) if "geokg/ontology#Article>" in line and "/article/" in line]
    assert len(stored) == ARTICLES


def test_a_rerun_skips_what_is_stored_and_replaces_a_changed_text_of_the_same_source(
    tmp_path: Path, batch: Path
) -> None:
    assert _ingest(tmp_path, str(batch))[0] == 0
    before = _export(tmp_path)
    code, output = _ingest(tmp_path, str(batch))
    assert code == 0 and f"0 stored (0 replacing an older version), {ARTICLES} unchanged" in output
    assert _export(tmp_path) == before
    records = [json.loads(line) for line in batch.read_text(encoding="utf-8").splitlines()]
    changed = tmp_path / "changed.jsonl"
    records[0]["text"] += " Serbia condemned the attack."
    changed.write_text(json.dumps(records[0]) + "\n", encoding="utf-8")
    code, output = _ingest(tmp_path, str(changed))
    assert code == 0 and "1 stored (1 replacing an older version)" in output
    after = _export(tmp_path)
    graphs = {line.rsplit(" ", 2)[-2] for line in after if "/id/article/" in line.rsplit(" ", 2)[-2]}
    assert len(graphs) == ARTICLES  # the older text of that source is gone
    assert any("Serbia condemned the attack." in line for line in after)


def test_two_jobs_store_what_one_does(tmp_path: Path, batch: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert _ingest(one, str(batch), "--jobs", "1")[0] == 0
    code, output = _ingest(two, str(batch), "--jobs", "2")
    assert code == 0 and f"{ARTICLES} stored" in output
    assert _export(one) == _export(two)


@pytest.mark.parametrize("args, code", [([], 2), (["--store", "{file}"], 1)])
def test_exit_codes_when_nothing_is_stored(tmp_path: Path, args: list[str], code: int) -> None:
    """2 when every article is bad input; 1 when the store cannot be used."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    good = tmp_path / "a.txt"
    good.write_text("Serbia condemned the attack on Tuesday.", encoding="utf-8")
    inputs = ["/no/such/file.txt"] if code == 2 else [str(good)]
    full = [a.replace("{file}", str(blocker / "store")) for a in args] or ["--store", str(tmp_path / "s")]
    result = CliRunner().invoke(main, [*full, "ingest", *inputs])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if line.startswith("Error")]) == 1


def test_the_progress_bar_shows_on_a_terminal_and_not_with_quiet(tmp_path: Path, batch: Path) -> None:
    def stderr_of(*extra: str) -> str:
        leader, follower = pty.openpty()
        # A terminal of 100 columns (a new pty has none, and tqdm fits its bar in the width).
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
        command = [sys.executable, "-m", "kg.cli", "--store", str(tmp_path / "s"), "ingest", str(batch)]
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
        with subprocess.Popen([*command, *extra], stderr=follower, stdout=subprocess.DEVNULL, env=env) as p:
            os.close(follower)
            chunks = []
            while True:
                try:
                    chunk = os.read(leader, 4096)
                except OSError:  # the terminal closed: the process is done
                    break
                if not chunk:
                    break
                chunks.append(chunk)
        os.close(leader)
        assert p.returncode == 0
        return b"".join(chunks).decode("utf-8", "replace")

    shown = stderr_of()
    assert f"{ARTICLES}/{ARTICLES}" in shown and "article/s" in shown
    assert "article/s" not in stderr_of("--quiet")
