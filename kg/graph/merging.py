"""Cross-article merging: the same incident reported by several articles becomes one merged event.

Pure: event summaries in, clusters with the reasons they merged out. `ingest` recomputes the merged graph
from the store after every write or delete, so a merge is undone as soon as an article leaves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

# How far apart two reports' dates may be and still describe one event, by the coarser precision.
DAY_WINDOW = timedelta(days=2)


@dataclass(frozen=True)
class EventSummary:
    iri: str
    article: str
    type: str
    date: str | None
    places: frozenset[str]
    actors: frozenset[str]


@dataclass(frozen=True)
class Cluster:
    events: tuple[EventSummary, ...]
    reasons: tuple[str, ...]  # the fields that agreed, e.g. ("type", "date", "place")

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({event.article for event in self.events}))


def agreement(a: EventSummary, b: EventSummary) -> tuple[str, ...] | None:
    """The fields on which two reports from different articles agree, or None when they are two events.

    Needed: the same type, dates that fit one window, and a shared place or (with no place given) shared
    actors. Without a date on both sides, shared place and shared actors are both needed."""
    if a.article == b.article or a.type != b.type:
        return None
    reasons = ["type"]
    dates_fit = _dates_fit(a.date, b.date)
    if dates_fit is False:
        return None
    if dates_fit:
        reasons.append("date")
    shared_place, shared_actor = bool(a.places & b.places), bool(a.actors & b.actors)
    if shared_place:
        reasons.append("place")
    if shared_actor:
        reasons.append("actors")
    if dates_fit and (shared_place or (shared_actor and not (a.places and b.places))):
        return tuple(reasons)
    if dates_fit is None and shared_place and shared_actor:
        return tuple(reasons)
    return None


def may_merge(a: EventSummary, b: EventSummary) -> bool:
    """Whether `cluster_events` links two reports directly: comparable buckets, and they agree."""
    return _bucket_key(a) in _comparable_keys(b) and agreement(a, b) is not None


def _bucket_key(event: EventSummary) -> tuple[str, str | None]:
    """Reports are compared within one type and month (a year alone, or no date, is its own bucket)."""
    return (event.type, event.date[:7] if event.date else None)


def _comparable_keys(event: EventSummary) -> set[tuple[str, str | None]]:
    """The buckets compared with an event's: its own, its month's year alone, or a year's months."""
    type_, key = _bucket_key(event)
    if key is None:
        return {(type_, None)}
    if len(key) == 7:
        return {(type_, key), (type_, key[:4])}
    return {(type_, key)} | {(type_, f"{key}-{month:02d}") for month in range(1, 13)}


def _dates_fit(a: str | None, b: str | None) -> bool | None:
    """True when the dates fit one window, False when they rule it out, None when one is unknown."""
    if not a or not b:
        return None
    if len(a) == 10 and len(b) == 10:
        return abs(date.fromisoformat(a) - date.fromisoformat(b)) <= DAY_WINDOW
    width = min(len(a), len(b))  # compare at the coarser precision: "2023-05" covers "2023-05-29"
    if width == 4:
        return None  # a year alone neither proves nor rules out the same day
    return a[:width] == b[:width]


def cluster_events(events: list[EventSummary]) -> list[Cluster]:
    """Groups of reports of one event from at least two articles (single reports are not listed)."""
    parent = {event.iri: event.iri for event in events}
    reasons: dict[tuple[str, str], tuple[str, ...]] = {}

    def root(iri: str) -> str:
        while parent[iri] != iri:
            parent[iri] = parent[parent[iri]]
            iri = parent[iri]
        return iri

    ordered = sorted(events, key=lambda e: e.iri)
    # Only reports of one type in one month (or both undated) can agree: compare within those buckets.
    buckets: dict[tuple[str, str | None], list[EventSummary]] = {}
    for event in ordered:
        buckets.setdefault(_bucket_key(event), []).append(event)
    for (type_, month), bucket in buckets.items():
        coarser = buckets.get((type_, month[:4]), []) if month and len(month) == 7 else []
        candidates = bucket + coarser
        for i, a in enumerate(bucket):
            for b in candidates[i + 1 :]:
                agreed = agreement(a, b)
                if agreed is not None:
                    parent[root(b.iri)] = root(a.iri)
                    reasons[(a.iri, b.iri)] = agreed
    groups: dict[str, list[EventSummary]] = {}
    for event in ordered:
        groups.setdefault(root(event.iri), []).append(event)
    shared: dict[str, set[str]] = {}
    for (first, _), why in reasons.items():
        shared.setdefault(root(first), set()).update(why)
    return [
        Cluster(tuple(members), tuple(sorted(shared.get(group, ()))))
        for group, members in groups.items()
        if len({m.article for m in members}) >= 2
    ]
