"""Articles for the summaries tests: entities in several articles, on days of each precision and undated, and a
relation stated twice."""

from __future__ import annotations

from datetime import date

from kg.extract import Extractor
from kg.facts import Facts

ARTICLES = (
    ("Serbia and Kosovo agreed on Monday to resume talks in Brussels, officials said.", "2023-05-29"),
    ("Kosovo police and Serb demonstrators clashed in Zvecan on Monday, officials said.", "2023-05-30"),
    ("Finland joined NATO in April 2023. Sweden joined NATO in March 2024.", "2024-03-08"),
    ("Finland joined NATO on 4 April 2023, officials said.", "2023-04-05"),
    (
        "Jens Stoltenberg, the Secretary General of NATO, visited Kyiv on Thursday. Russia condemned the visit.",
        "2023-04-20",
    ),
    ("Serbia condemned Kosovo. Kosovo police clashed with protesters in Zvecan.", None),
    (
        "Serbia does not recognize Kosovo. Serbia recalled its ambassador from Montenegro on Friday.",
        "2023-06-02",
    ),
)


def extract_articles() -> list[Facts]:
    extractor = Extractor()
    return [
        extractor.extract(text, published=date.fromisoformat(day) if day else None) for text, day in ARTICLES
    ]
