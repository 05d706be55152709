"""Checks against what lies beside the clone in ../shared (the seed article, the reference data): run by
`make yardstick`, never by `make test`, which a user's clone without ../shared must pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import Extractor

SHARED = Path(__file__).resolve().parents[3] / "shared"


@pytest.hookimpl(tryfirst=True)  # before -m deselects: every test here is a yardstick test
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.yardstick)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"no {SHARED}: the yardstick needs ../shared beside the clone", pytrace=False)
    return SHARED


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()
