"""The page's vendored libraries match their pins: web/package.json, its lock file and api/static/vendor/."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "api" / "static" / "vendor"


def test_every_pinned_package_is_vendored_at_its_exact_version() -> None:
    pins = json.loads((ROOT / "web" / "package.json").read_text(encoding="utf-8"))["dependencies"]
    lock = json.loads((ROOT / "web" / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    for package, version in pins.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{package} is not pinned exactly: {version}"
        assert lock[f"node_modules/{package}"]["version"] == version, package
        row = next(line for line in readme.splitlines() if line.startswith(f"| {package} |"))
        assert f"| {version} |" in row, row
        for name in re.findall(r"`([^`]+)`", row.split("|")[4]):
            assert (VENDOR / name).is_file(), name


def test_the_vendored_files_point_at_nothing_elsewhere() -> None:
    """No source-map comments (a browser would ask for files that are not there)."""
    for path in VENDOR.rglob("*"):
        if path.is_file() and path.suffix in (".js", ".css"):
            assert "sourceMappingURL=" not in path.read_text(encoding="utf-8")[-300:], path
