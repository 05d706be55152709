"""One real spaCy pipeline and gazetteer for the whole session: loading them takes seconds."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kg.extract import Extractor
from kg.facts import Facts

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles.jsonl"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def example_articles() -> list[dict]:
    return [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def example_facts(extractor: Extractor, example_articles: list[dict]) -> list[Facts]:
    return [
        extractor.extract(a["text"], title=a.get("title"), published=date.fromisoformat(a["published"]))
        for a in example_articles
    ]
