"""Property-based tests of the extractor (hypothesis): any Unicode text, any publication date, dates written in
any form, never an exception, and every offset points at the characters it names.

Generated text is news-like words mixed with arbitrary Unicode, so that it reaches the linking, event and date
rules, not only the tokenizer. FUZZ_EXAMPLES sets the examples per test (default 30).
"""

from __future__ import annotations

import os
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import default_extractor
from kg.facts import Facts

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

# Words the rules react to: names in the gazetteer, triggers, date words, quotes and datelines.
_WORDS = [
    "Serbia",
    "Kosovo",
    "NATO",
    "Russia",
    "Ukraine",
    "President",
    "Vucic",
    "said",
    "met",
    "attacked",
    "killed",
    "signed",
    "agreement",
    "on Monday",
    "last year",
    "May",
    "this year",
    "in 2023",
    "BELGRADE --",
    '"We will',
    '"',
    ".",
    "\n\n",
    "\n",
    "-",
    "the Secretary-General",
    "he said",
    "12",
    "people",
]
_PIECES = st.one_of(st.sampled_from(_WORDS), st.text(max_size=12))
_TEXTS = st.lists(_PIECES, min_size=1, max_size=40).map(" ".join)
_MONTHS = ["January", "Feb.", "March", "Sept", "December", "Month"]


def _offsets_hold(facts: Facts) -> None:
    text = facts.article.text
    for entity in facts.entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text
    evidence = [e.evidence for e in facts.events] + [r.evidence for r in facts.relations]
    evidence += [s for e in facts.events for s in e.supporting_evidence]
    for item in evidence:
        assert text[item.start : item.end] == item.text


@FUZZ
@given(text=_TEXTS, published=st.one_of(st.none(), st.dates()))
def test_any_text_and_publication_date_extract_with_true_offsets(text: str, published: date | None) -> None:
    facts = default_extractor().extract(text, published=published)
    assert facts.article.text == text
    _offsets_hold(facts)
    for event in facts.events:
        assert event.date is None or isinstance(event.date, str)
    facts.to_json()  # serialisable, whatever the dates


@FUZZ
@given(
    day=st.integers(min_value=-5, max_value=40),
    month=st.sampled_from(_MONTHS),
    year=st.integers(min_value=0, max_value=100_000),
    published=st.one_of(st.none(), st.dates(), st.sampled_from([date(9999, 12, 31), date(1, 1, 1)])),
)
def test_dates_written_any_way_never_break_extraction(
    day: int, month: str, year: int, published: date | None
) -> None:
    text = (
        f"Serbia and Kosovo signed an agreement in Brussels on {day} {month} {year}. "
        f"Russia attacked Ukraine on {month} {day}, {year}, and again last {month}. "
        f"The talks resume on {year}-{day:02d}-{abs(day):02d}."
    )
    facts = default_extractor().extract(text, published=published)
    _offsets_hold(facts)
    facts.to_json()
