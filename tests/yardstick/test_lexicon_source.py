"""The lexicon files converted from the event-data dictionaries are what scripts/build_lexicon.py gives from
../shared/reference/eventdata."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_converted_lexicon_matches_the_dictionaries(shared: Path) -> None:
    source = shared / "reference" / "eventdata"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_lexicon.py"), "--source", str(source), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
