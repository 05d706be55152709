"""The README documents every setting of the settings table, with its default and help, and no other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.settings import SETTINGS, Setting

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
SETTING_ROW = re.compile(r"^\| `(GEOKG_\w+)` \|")


def _row(name: str) -> str | None:
    return next((line for line in README.splitlines() if line.startswith(f"| `{name}` |")), None)


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_readme_lists_setting(setting: Setting) -> None:
    row = _row(setting.name)
    assert row is not None, f"README's settings table lacks {setting.name}"
    assert (f"`{setting.default}`" if setting.default else "(unset)") in row
    assert setting.help in row


def test_readme_lists_no_other_setting() -> None:
    documented = {match[1] for line in README.splitlines() if (match := SETTING_ROW.match(line))}
    assert documented == {setting.name for setting in SETTINGS}


def test_readme_shows_the_two_commands() -> None:
    assert "make run" in README and "make test" in README
