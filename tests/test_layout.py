"""The layout's one rule across packages: `kg/` never imports `api/` (the server entry lives in api/)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KG_FILES = sorted((ROOT / "kg").rglob("*.py"))


def _api_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found += [name for name in names if name == "api" or name.startswith("api.")]
    return found


def test_kg_has_modules() -> None:
    assert ROOT / "kg" / "cli.py" in KG_FILES and len(KG_FILES) > 20


@pytest.mark.parametrize("path", KG_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_kg_never_imports_api(path: Path) -> None:
    assert _api_imports(path) == []
