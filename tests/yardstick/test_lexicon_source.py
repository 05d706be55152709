"""The event-data dictionaries shipped in scripts/lexicon/eventdata against their origin in
../shared/reference/eventdata, and the lexicon files converted from them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COPY = ROOT / "scripts" / "lexicon" / "eventdata"


def test_the_shipped_dictionaries_are_byte_equal_to_the_origin(shared: Path) -> None:
    origin = shared / "reference" / "eventdata"
    copied = sorted(
        path.relative_to(COPY).as_posix()
        for path in COPY.rglob("*")
        if path.is_file() and path.name != "README.md"
    )
    assert len(copied) >= 5, copied
    differing = [name for name in copied if (COPY / name).read_bytes() != (origin / name).read_bytes()]
    assert not differing, f"scripts/lexicon/eventdata differs from {origin} in {differing}: copy them again"


def test_converted_lexicon_matches_the_dictionaries(shared: Path) -> None:
    source = shared / "reference" / "eventdata"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_lexicon.py"), "--source", str(source), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
