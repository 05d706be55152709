"""Long texts: split into parts at paragraph or sentence boundaries, each extracted alone, the facts joined back
with their offsets in the whole text.

spaCy refuses a text over `nlp.max_length` (1,000,000 characters), and the pipeline's cost grows faster than
the length well below that (measured: 80,000 characters 22 s, 300,000 characters 226 s). Parts of at most
PART_CHARS keep the cost linear in the length. A text of PART_CHARS or less is extracted whole, as before: facts
that span two parts (a speaker named in one, quoted in the next) are the price of a very long text only.

The cap (`max_text_chars`, GEOKG_MAX_TEXT_CHARS) refuses a text over it before any work (`TextTooLong`); the
time budget (`time_budget_s`, GEOKG_EXTRACT_TIMEOUT_S) is checked between parts (`OverTimeBudget`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from kg.facts import Article, Entity, Event, Evidence, Facts, Mention, Relation, article_iri, stable_hash

PART_CHARS = 50_000
# A boundary is looked for in the last half of a part: parts never shrink below half of PART_CHARS.
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


class TextTooLong(ValueError):
    """The text is over the cap: refused before any work (413 from the API)."""


class OverTimeBudget(ValueError):
    """The article's extraction ran over its time budget (413 from the API)."""


def check_length(text: str, max_chars: int | None) -> None:
    """:raises TextTooLong: when `text` has more than `max_chars` characters (None: no cap)."""
    if max_chars is not None and len(text) > max_chars:
        raise TextTooLong(
            f"The text has {len(text):,} characters, over the limit of {max_chars:,} (GEOKG_MAX_TEXT_CHARS)"
        )


def part_chars(max_length: int) -> int:
    """The longest part for a pipeline whose `nlp.max_length` is `max_length`."""
    return min(PART_CHARS, max_length)


def split_parts(text: str, size: int) -> list[tuple[int, str]]:
    """`text` as (offset, part) pairs, each part at most `size` characters, cut after a paragraph break, else
    after a sentence, else at a space, else hard; the parts joined are `text` again. Linear in the length."""
    parts = []
    start = 0
    while len(text) - start > size:
        end = _cut(text, start, start + size)
        parts.append((start, text[start:end]))
        start = end
    parts.append((start, text[start:]))
    return parts


def _cut(text: str, start: int, limit: int) -> int:
    """Where the part that starts at `start` ends: the last boundary in (middle, limit]."""
    middle = start + (limit - start) // 2
    for boundary in (_PARAGRAPH_END, _SENTENCE_END, _SPACE):
        end = None
        for match in boundary.finditer(text, middle, limit):
            end = match.end()
        if end is not None and end <= limit:
            return end
    return limit


def extract_in_parts(
    extract: Callable[..., Facts],
    text: str,
    *,
    size: int,
    title: str | None,
    published: date | None,
    source: str | None,
    base_iri: str,
    time_budget_s: float | None = None,
) -> Facts:
    """Facts of `text` from `extract` run on each part, as though extracted whole: one article (the whole text),
    offsets into the whole text, event IRIs minted from the whole article.

    :raises OverTimeBudget: when the parts so far took over `time_budget_s`.
    """
    started = time.monotonic()
    parts = split_parts(text, size)
    found = []
    for number, (offset, part) in enumerate(parts):
        if time_budget_s is not None and time.monotonic() - started > time_budget_s:
            raise OverTimeBudget(
                f"Extraction took over the budget of {time_budget_s:g} s (GEOKG_EXTRACT_TIMEOUT_S) after "
                f"{number} of {len(parts)} parts: send a shorter text"
            )
        found.append((offset, extract(part, title=title, published=published, source=source)))
    article = Article(
        iri=article_iri(text, base_iri=base_iri),
        text=text,
        title=title,
        published=_day(published),
        source=source,
    )
    return _joined(article, found)


def _day(published: date | None) -> str | None:
    return published.isoformat() if published else None


def _joined(article: Article, found: list[tuple[int, Facts]]) -> Facts:
    entities: dict[str, Entity] = {}
    events: list[Event] = []
    relations: list[Relation] = []
    for number, (offset, facts) in enumerate(found):
        for entity in facts.entities:
            mentions = [_shifted_mention(m, offset) for m in entity.mentions]
            if entity.iri not in entities:
                entities[entity.iri] = replace(entity, mentions=mentions)
                continue
            kept = entities[entity.iri]
            kept.mentions.extend(mentions)
            if (entity.link_confidence or 0) > (kept.link_confidence or 0):
                kept.link_rule, kept.link_confidence = entity.link_rule, entity.link_confidence
        for event in facts.events:
            events.append(
                replace(
                    event,
                    # The part's IRI names the part's text: minted again from the whole article.
                    iri=event.iri.rsplit("/", 1)[0] + "/" + stable_hash(article.id, number, event.iri),
                    evidence=_shifted(event.evidence, offset),
                    supporting_evidence=[_shifted(e, offset) for e in event.supporting_evidence],
                )
            )
        relations.extend(replace(r, evidence=_shifted(r.evidence, offset)) for r in facts.relations)
    ordered = sorted(entities.values(), key=lambda e: (e.mentions[0].start if e.mentions else 10**12, e.iri))
    return Facts(article, ordered, events, relations)


def _shifted(evidence: Evidence, offset: int) -> Evidence:
    return Evidence(evidence.text, evidence.start + offset, evidence.end + offset)


def _shifted_mention(mention: Mention, offset: int) -> Mention:
    return replace(mention, start=mention.start + offset, end=mention.end + offset)
