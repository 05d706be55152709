"""The pure core (kg/extract, kg/facts.py) imports no I/O module: no HTTP client, store, web framework or API."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE_FILES = sorted((ROOT / "kg" / "extract").rglob("*.py")) + [ROOT / "kg" / "facts.py"]
IO_MODULES = ("requests", "pyoxigraph", "flask", "kg.graph.store", "kg.sources", "api")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_io_module(name: str) -> bool:
    return any(name == io or name.startswith(f"{io}.") for io in IO_MODULES)


def imported_names(path: Path) -> set[str]:
    """Every module an `import` statement of the file names, at any depth (function-level imports too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return names


def test_the_core_is_every_module_of_kg_extract() -> None:
    names = {module_name(path) for path in CORE_FILES}
    assert {"kg.extract", "kg.extract.events", "kg.extract.events.triggers", "kg.facts"} <= names


@pytest.mark.parametrize("path", CORE_FILES, ids=module_name)
def test_no_core_module_imports_an_io_module(path: Path) -> None:
    assert sorted(name for name in imported_names(path) if is_io_module(name)) == []


def test_importing_the_core_loads_no_io_module() -> None:
    """Every core module imported in a fresh interpreter loads nothing beyond what spaCy loads itself (spaCy's
    command line imports `requests`; the import statements of the core are checked above)."""
    script = (
        "import importlib, json, sys\n"
        "import spacy\n"
        "before = set(sys.modules)\n"
        f"for name in {sorted(module_name(path) for path in CORE_FILES)!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300, check=True
    )
    loaded = json.loads(result.stdout)
    assert "kg.extract.events.triggers" in loaded
    assert [name for name in loaded if is_io_module(name)] == []
