"""Settings are read in one place: kg.settings reads the environment, the CLI and the API pass values down."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.settings import DEFAULTS, SETTINGS, is_on, positive_int, positive_number, read_settings

KG = Path(__file__).resolve().parents[1] / "kg"


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for setting in SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)
    return monkeypatch


def test_defaults_without_environment(clean_environment: pytest.MonkeyPatch) -> None:
    assert read_settings() == DEFAULTS


def test_the_environment_overrides_a_default(clean_environment: pytest.MonkeyPatch) -> None:
    clean_environment.setenv("GEOKG_MAX_ROWS", "5")
    clean_environment.setenv("GEOKG_THREADS", "")  # empty counts as unset
    settings = read_settings()
    assert (settings["GEOKG_MAX_ROWS"], settings["GEOKG_THREADS"]) == ("5", DEFAULTS["GEOKG_THREADS"])


def test_overrides_win_and_none_overrides_nothing(clean_environment: pytest.MonkeyPatch) -> None:
    clean_environment.setenv("GEOKG_STORE", "/from/env")
    assert read_settings({"GEOKG_STORE": "/from/flag"})["GEOKG_STORE"] == "/from/flag"
    assert read_settings({"GEOKG_STORE": None})["GEOKG_STORE"] == "/from/env"


def test_an_unknown_setting_is_refused() -> None:
    with pytest.raises(KeyError, match="GEOKG_NOPE"):
        read_settings({"GEOKG_NOPE": "1"})


@pytest.mark.parametrize(
    "value, on",
    [("1", True), ("true", True), ("YES", True), (True, True), ("0", False), ("", False), (None, False)],
)
def test_is_on(value: object, on: bool) -> None:
    assert is_on(value) is on


@pytest.mark.parametrize("value", ["soon", "0", -1, None])
def test_positive_numbers_name_the_setting(value: object) -> None:
    with pytest.raises(ValueError, match=f"GEOKG_X must be a positive number, not {re.escape(repr(value))}"):
        positive_number("GEOKG_X", value)
    with pytest.raises(ValueError, match="GEOKG_X must be a positive number"):
        positive_int("GEOKG_X", value)


@pytest.mark.parametrize("path", sorted(KG.rglob("*.py")), ids=lambda p: str(p.relative_to(KG.parent)))
def test_only_the_settings_module_reads_settings(path: Path) -> None:
    """`git grep os.environ kg/` finds only kg/settings.py: everything else takes its settings as arguments."""
    if path == KG / "settings.py":
        return
    source = path.read_text(encoding="utf-8")
    assert not re.search(r"\bos\.environ\b|\bgetenv\(|\bget_setting\(", source), f"{path} reads a setting"
