"""The README documents every setting of the settings table, with its default."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.settings import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_readme_lists_setting(setting) -> None:  # type: ignore[no-untyped-def]
    row = next((line for line in README.splitlines() if line.startswith(f"| `{setting.name}` |")), None)
    assert row is not None, f"README's settings table lacks {setting.name}"
    assert (f"`{setting.default}`" if setting.default else "(unset)") in row


def test_readme_shows_the_two_commands() -> None:
    assert "make run" in README and "make test" in README
