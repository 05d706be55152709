"""One standing relation found in a sentence, before it becomes a `Relation` of the facts."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from kg.extract.linking import Referent


@dataclass(frozen=True)
class RelationMention:
    type: str
    subject: Referent
    object: Referent
    sent: Span
    confidence: float
    since: str | None = None
    until: str | None = None
    role: str | None = None
