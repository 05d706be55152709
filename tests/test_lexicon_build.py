"""The shipped lexicon is what scripts/build_lexicon.py gives from the dictionaries shipped beside it, so a clone
can rebuild it without ../shared."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_lexicon_rebuilds_from_the_shipped_dictionaries() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_lexicon.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "verbs kept:" in result.stdout
