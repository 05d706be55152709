"""Events (clashes, visits, condemnations, …): filtered lists and single events with their evidence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import marshmallow as ma
from flask import abort
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate

from api.graph import (
    EVENT_CLASSES,
    GK,
    entity_iri_from_arg,
    entity_refs,
    event_class_ref,
    event_type_of,
    iri_ref,
    ref_or_bare,
    resource_id,
    resource_iri,
    select,
    string_literal,
    values,
)
from api.problems import documents_errors
from api.relations import EVIDENCE_FIELDS, evidence_of
from api.rest_cache import cached_answer
from api.schemas import EntityArg, EventPageSchema, EventSchema, PageArgs, PartialDate, page
from api.store import get_store
from api.summaries import ANY_ROLE, summary_days
from kg.facts import EVENT_TYPES
from kg.graph.rdf import typed_date
from kg.graph.summaries import UNDATED

bp = Blueprint("events", __name__, url_prefix="/api/events", description="Events and their evidence.")

ROLES = ("actor", "target", "place", "mediator")


class EventArgs(PageArgs):
    type = fields.String(validate=validate.OneOf(EVENT_TYPES))
    actor = EntityArg(metadata={"description": "QID, slug or IRI of an actor."})
    place = EntityArg(metadata={"description": "QID, slug or IRI of a place."})
    from_ = PartialDate(
        data_key="from", metadata={"description": "Earliest date (YYYY, YYYY-MM or YYYY-MM-DD)."}
    )
    to = PartialDate(metadata={"description": "Latest date (YYYY, YYYY-MM or YYYY-MM-DD)."})
    merged = fields.Boolean(
        metadata={
            "description": "true: incidents reported by several articles, once each (with every source); "
            "false: incidents reported by one article only."
        }
    )

    @ma.validates_schema
    def _ordered(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("from_") and data.get("to") and data["from_"] > data["to"]:
            raise ma.ValidationError(f"'from' ({data['from_']}) is after 'to' ({data['to']})", "from")


@bp.route("")
class Events(MethodView):
    @cached_answer
    @bp.arguments(EventArgs, location="query")
    @bp.response(200, EventPageSchema)
    def get(self, args: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Events by type, actor, place and date range, in date order (undated last)."""
        criteria = {
            "type_": args.get("type"),
            "actor": entity_iri_from_arg(args["actor"]) if args.get("actor") else None,
            "place": entity_iri_from_arg(args["place"]) if args.get("place") else None,
            "date_from": args.get("from_"),
            "date_to": args.get("to"),
            "merged": args.get("merged"),
        }
        return event_page(criteria, limit=args["limit"], offset=args["offset"])


@bp.route("/<event_id>")
class EventById(MethodView):
    @cached_answer
    @bp.response(200, EventSchema)
    @documents_errors(bp, 404)
    def get(self, event_id: str) -> dict[str, Any]:
        """One event: participants, date, casualties, status, confidence and evidence."""
        events = load_events([resource_iri("event", event_id)])
        if not events:
            abort(404, f"No event with id {event_id!r}")
        return events[0]


def event_page(
    criteria: dict[str, Any], *, limit: int, offset: int, roles_of: str | None = None
) -> tuple[dict[str, Any], int, dict[str, str]]:
    """A page of events matching `criteria` (the keywords of `event_pattern`)."""
    pattern = event_pattern(**criteria)
    events, total = event_slice(
        pattern, limit=limit, offset=offset, roles_of=roles_of, counted=counted_by(criteria)
    )
    body, headers = page(events, total=total, limit=limit, offset=offset)
    return body, 200, headers


# The summaries count the events of an entity in any role, as actor and as place: those filters alone, or
# with a date range.
_COUNTED_ROLES = {"involving": ANY_ROLE, "actor": f"{GK}actor", "place": f"{GK}place"}


@dataclass(frozen=True)
class Counted:
    """The events of one entity in one role, within a date range: what the summaries count by day."""

    entity: str
    role: str
    date_from: str | None = None
    date_to: str | None = None

    def days(self) -> dict[str, int] | None:
        """How many events on each day (None when the store keeps no summaries)."""
        days = summary_days(self.entity, self.role)
        if days is None or not (self.date_from or self.date_to):
            return days
        return {day: n for day, n in days.items() if day != UNDATED and self._within(day)}

    def _within(self, day: str) -> bool:
        # event_pattern's date filter, on the event's day: GeoKG writes one gk:date per event.
        return (not self.date_from or day + "~" >= self.date_from) and (
            not self.date_to or day <= self.date_to + "~"
        )


def counted_by(criteria: dict[str, Any]) -> Counted | None:
    """What the summaries count of the events `criteria` select: one entity in one of _COUNTED_ROLES and at
    most a date range; None for any other criteria."""
    given = {name: value for name, value in criteria.items() if value is not None}
    entities = [name for name in given if name in _COUNTED_ROLES]
    if len(entities) != 1 or set(given) - {*entities, "date_from", "date_to"}:
        return None
    name = entities[0]
    return Counted(given[name], _COUNTED_ROLES[name], given.get("date_from"), given.get("date_to"))


def event_slice(
    pattern: str,
    *,
    limit: int,
    offset: int,
    roles_of: str | None = None,
    counted: Counted | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """The events `pattern` binds to ?event, one page in date order, and how many there are in all: the
    details (participants, evidence, merges) are read for the page's events only.

    With `counted` (the entity and role `pattern` selects, see counted_by) and a store that keeps summaries,
    the days come from the summaries and the page's events from the page's days: rows for the entity's days
    and the page, not for every event of the entity."""
    days = counted.days() if counted else None
    if days is not None:
        page_iris = _page_from_days(pattern, days, limit=limit, offset=offset)
        if page_iris is not None:
            return load_events(page_iris, roles_of=roles_of), sum(days.values())
    days = _events_by_day(pattern)
    page_iris = _page_by_day(pattern, days, limit=limit, offset=offset)
    return load_events(page_iris, roles_of=roles_of), sum(days.values())


def ordered_events(pattern: str, *, limit: int | None = None, offset: int = 0) -> list[str]:
    """IRIs of the events `pattern` binds to ?event, by date (undated last), then by IRI."""
    ordered = _in_order(select(_earliest_days(pattern)))
    return ordered[offset : None if limit is None else offset + limit]


# An event's day is its earliest date as a string (dates of any precision order so: "2023" < "2023-05-01"),
# UNDATED ("~") for an event without one: after every date. The summaries count events by the same day.


def _earliest_days(pattern: str, having: str = "") -> str:
    day = f'COALESCE(MIN(STR(?date0)), "{UNDATED}")'
    condition = f"HAVING({having.format(day=day)})" if having else ""
    return f"""SELECT ?event ({day} AS ?day) WHERE {{ {pattern} OPTIONAL {{ ?event gk:date ?date0 }} }}
      GROUP BY ?event {condition}"""


def _plain_earliest_days(pattern: str) -> list[dict[str, Any]]:
    """`_earliest_days` without an aggregate inside a function (COALESCE(MIN(…))), for servers that cannot
    compile one: undated events get their day here."""
    rows = select(
        f"""SELECT ?event (MIN(STR(?date0)) AS ?day) WHERE {{ {pattern} OPTIONAL {{ ?event gk:date ?date0 }} }}
        GROUP BY ?event"""
    )
    return [{"event": row["event"], "day": row.get("day") or UNDATED} for row in rows]


def _events_by_day(pattern: str) -> dict[str, int]:
    """How many events have each day: one row per day, however many events (the total is their sum)."""
    if not get_store().dialect.nested_aggregates:  # counted here from one row per event
        return dict(Counter(str(row["day"]) for row in _plain_earliest_days(pattern)))
    rows = select(
        f"SELECT ?day (COUNT(?event) AS ?n) WHERE {{ {{ {_earliest_days(pattern)} }} }} GROUP BY ?day"
    )
    return {str(row["day"]): int(row["n"]) for row in rows}


def _page_by_day(pattern: str, days: dict[str, int], *, limit: int, offset: int) -> list[str]:
    """The page's events, read from the days it spans only (so a page costs rows for its own days, not for
    every event): Oxigraph sorts no faster with ORDER BY … LIMIT than without (0.25 s for the 1,900 events
    of the most mentioned entity at 1.1M triples), and all of them would not fit under the row cap at 10M."""
    window = _page_days(days, limit=limit, offset=offset)
    if window is None:
        return []
    before, first, last = window
    if get_store().dialect.nested_aggregates:
        having = f"{{day}} >= {string_literal(first)} && {{day}} <= {string_literal(last)}"
        rows = select(_earliest_days(pattern, having))
    else:  # the days kept here
        rows = [row for row in _plain_earliest_days(pattern) if first <= str(row["day"]) <= last]
    ordered = _in_order(rows)
    return ordered[offset - before : offset - before + limit]


def _page_days(days: dict[str, int], *, limit: int, offset: int) -> tuple[int, str, str] | None:
    """The first and last day of the page, and how many events come before its first day; None past the end."""
    before = 0  # events on the days before the page's first day
    first = last = None
    reached = 0  # events up to `last`
    for day in sorted(days):
        if first is None:
            if before + days[day] <= offset:
                before += days[day]
                continue
            first, reached = day, before
        last = day
        reached += days[day]
        if reached >= offset + limit:
            break
    if first is None or last is None:
        return None
    return before, first, last


def _page_from_days(pattern: str, days: dict[str, int], *, limit: int, offset: int) -> list[str] | None:
    """The page's events, found from the page's days (the events dated so, then tested against `pattern`), so
    the cost follows the page's days rather than the entity's events; None when a day is no date GeoKG
    writes (the caller then reads every event)."""
    window = _page_days(days, limit=limit, offset=offset)
    if window is None:
        return []
    before, first, last = window
    page_days = [day for day in days if first <= day <= last]
    dated = [day for day in page_days if day != UNDATED]
    try:
        literals = " ".join(typed_date(day).n3() for day in dated)
    except ValueError:
        return None
    rows = []
    if dated:
        # Each event's earliest date, for the events with a date on one of the page's days.
        found = select(
            f"""SELECT ?event (MIN(STR(?date1)) AS ?day) WHERE {{ VALUES ?date0 {{ {literals} }}
              ?event gk:date ?date0 . {pattern} ?event gk:date ?date1 }} GROUP BY ?event"""
        )
        rows += [row for row in found if str(row["day"]) in dated]
    if UNDATED in page_days:
        undated = select(
            f"SELECT DISTINCT ?event WHERE {{ {pattern} FILTER NOT EXISTS {{ ?event gk:date ?d }} }}"
        )
        rows += [{"event": row["event"], "day": UNDATED} for row in undated]
    return _in_order(rows)[offset - before : offset - before + limit]


def _in_order(rows: list[dict[str, Any]]) -> list[str]:
    return [row["event"] for row in sorted(rows, key=lambda row: (str(row["day"]), row["event"]))]


def event_pattern(
    *,
    type_: str | None = None,
    actor: str | None = None,
    place: str | None = None,
    involving: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    merged: bool | None = None,
) -> str:
    """A graph pattern binding ?event to each event that passes every given filter.

    `merged=True` keeps one report per merged event (the first by IRI, as kg.sources.ingest names merged events),
    `merged=False` the events no other article reports.
    """
    # The entities first: the store joins in the order written, and an entity's few events beat all events.
    parts = []
    if actor:
        parts.append(f"?event gk:actor {iri_ref(actor)} .")
    if place:
        parts.append(f"?event gk:place {iri_ref(place)} .")
    if involving:
        roles = " ".join(f"gk:{role}" for role in ROLES)
        parts.append(f"VALUES ?anyRole {{ {roles} }} ?event ?anyRole {iri_ref(involving)} .")
    if type_:
        parts.append(f"?event a {event_class_ref(type_)} .")
    elif parts:
        # A filter, not VALUES: the store would join VALUES with every event of every class first (0.6 s
        # at 1.1M triples, where testing the few events of an entity takes 50 ms).
        parts.append(f"?event a ?cls . FILTER(?cls IN ({', '.join(EVENT_CLASSES.split())}))")
    else:
        parts.append(f"?event a ?cls . VALUES ?cls {{ {EVENT_CLASSES} }}")
    if date_from or date_to:
        parts.append("?event gk:date ?d .")
    # Dates of any precision compare as strings: "2023-05" lies between "2023-05" and "2023-05~", and
    # every completion of it too, so a month or year overlaps a range that cuts into it.
    if date_from:
        parts.append(f'FILTER(CONCAT(STR(?d), "~") >= {string_literal(date_from)})')
    if date_to:
        parts.append(f"FILTER(STR(?d) <= {string_literal(date_to + '~')})")
    if merged is True:
        parts.append(
            """?merged a gk:MergedEvent ; gk:mergedEvent ?event .
            FILTER NOT EXISTS { ?merged gk:mergedEvent ?earlier FILTER(STR(?earlier) < STR(?event)) }"""
        )
    elif merged is False:
        parts.append("FILTER NOT EXISTS { ?merged a gk:MergedEvent ; gk:mergedEvent ?event }")
    return "\n".join(parts)


def load_events(iris: Sequence[str], *, roles_of: str | None = None) -> list[dict[str, Any]]:
    """Full events for `iris`, in that order; unknown IRIs are left out."""
    if not iris:
        return []
    core = {row["event"]: row for row in _core_rows(iris)}
    details = _detail_rows(iris)
    refs = entity_refs(row["x"] for row in details if row.get("x"))
    events = []
    for iri in iris:
        if iri in core:
            rows = [row for row in details if row["event"] == iri]
            events.append(_event(core[iri], rows, refs, roles_of=roles_of))
    _add_merges(events)
    return events


def _add_merges(events: list[dict[str, Any]]) -> None:
    """Each event's merged event, the other reports of it and every article that reports it."""
    merges = _merge_rows([event["iri"] for event in events])
    sources = {event["iri"]: {e["article"] for e in event["evidence"] if e["article"]} for event in events}
    for event in events:
        rows = [row for row in merges if row["event"] == event["iri"]]
        sources[event["iri"]] |= {row["source"] for row in rows if row.get("source")}
        others = sorted({row["other"] for row in rows if row.get("other") not in (None, event["iri"])})
        event["merged_event"] = rows[0]["merged"] if rows else None
        event["merged_with"] = [{"iri": other, "id": resource_id(other)} for other in others]
        event["merge_reasons"] = sorted({row["reason"] for row in rows if row.get("reason")})
    articles = _article_refs(set().union(*sources.values()))
    for event in events:
        event["sources"] = [articles[iri] for iri in sorted(sources[event["iri"]])]


def _merge_rows(iris: Sequence[str]) -> list[dict[str, Any]]:
    return select(
        f"""SELECT ?event ?merged ?other ?source ?reason WHERE {{
          VALUES ?event {{ {values(iris)} }}
          ?merged a gk:MergedEvent ; gk:mergedEvent ?event .
          {{ ?merged gk:mergedEvent ?other }}
          UNION {{ ?merged gk:source ?source }} UNION {{ ?merged gk:mergeReason ?reason }}
        }}"""
    )


def _article_refs(iris: set[str]) -> dict[str, dict[str, Any]]:
    """Title and date of each article, by IRI (bare references for articles the store no longer has)."""
    refs = {iri: {"iri": iri, "id": resource_id(iri), "title": None, "published": None} for iri in iris}
    if not iris:
        return refs
    rows = select(
        # An article's own graph describes it: no GRAPH ?a (the store would walk every graph for it).
        f"""SELECT DISTINCT ?a ?title ?issued WHERE {{ VALUES ?a {{ {values(sorted(iris))} }}
          ?a a gk:Article OPTIONAL {{ ?a dcterms:title ?title }} OPTIONAL {{ ?a dcterms:issued ?issued }}
        }}"""
    )
    for row in rows:
        refs[row["a"]].update(title=row.get("title"), published=row.get("issued"))
    return refs


def _core_rows(iris: Sequence[str]) -> list[dict[str, Any]]:
    rows = select(
        f"""SELECT ?event ?cls ?plover ?mode ?date ?killed ?injured ?status ?conf WHERE {{
          VALUES ?event {{ {values(iris)} }}
          ?event a ?cls . VALUES ?cls {{ {EVENT_CLASSES} }}
          OPTIONAL {{ ?event gk:ploverType ?plover }}
          OPTIONAL {{ ?event gk:ploverMode ?mode }}
          OPTIONAL {{ ?event gk:date ?date }}
          OPTIONAL {{ ?event gk:killed ?killed }}
          OPTIONAL {{ ?event gk:injured ?injured }}
          OPTIONAL {{ ?event gk:status ?status }}
          OPTIONAL {{ ?event gk:confidence ?conf }}
        }}"""
    )
    # An event with two of our classes keeps the first in EVENT_TYPES order.
    return sorted(rows, key=lambda row: -EVENT_TYPES.index(event_type_of(row["cls"])))


def _detail_rows(iris: Sequence[str]) -> list[dict[str, Any]]:
    roles = " ".join(f"gk:{role}" for role in ROLES)
    return select(
        f"""SELECT DISTINCT ?event ?role ?x ?c ?kind ?group ?count ?ev ?article ?text ?start ?end WHERE {{
          VALUES ?event {{ {values(iris)} }}
          {{ ?event ?role ?x . VALUES ?role {{ {roles} }} }}
          UNION {{ ?event gk:casualtyCount ?c .
                  OPTIONAL {{ ?c gk:casualtyKind ?kind }} OPTIONAL {{ ?c gk:group ?group }}
                  OPTIONAL {{ ?c gk:count ?count }} }}
          UNION {{ ?event gk:evidence|gk:supportingEvidence ?ev . {EVIDENCE_FIELDS} }}
        }}"""
    )


def _event(
    core: dict[str, Any], rows: list[dict[str, Any]], refs: dict[str, dict[str, Any]], *, roles_of: str | None
) -> dict[str, Any]:
    event = {
        "iri": core["event"],
        "id": resource_id(core["event"]),
        "type": event_type_of(core["cls"]),
        "plover": core.get("plover"),
        "mode": core.get("mode"),
        "date": core.get("date"),
        "killed": core.get("killed"),
        "injured": core.get("injured"),
        "status": core.get("status"),
        "confidence": core.get("conf"),
        "casualties": _casualties(rows),
        "evidence": sorted(
            {row["ev"]: evidence_of(row) for row in rows if row.get("ev")}.values(),
            key=lambda e: (e["article"] or "", e["start"] or 0),
        ),
    }
    for role in ROLES:
        iris = sorted({row["x"] for row in rows if row.get("role") == GK + role})
        event[f"{role}s"] = [ref_or_bare(iri, refs) for iri in iris]
    if roles_of:
        event["roles"] = [role for role in ROLES if any(e["iri"] == roles_of for e in event[f"{role}s"])]
    return event


def _casualties(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts = {row["c"]: row for row in rows if row.get("c") and row.get("count") is not None}
    items = [
        {"kind": row.get("kind"), "group": row.get("group"), "count": row["count"]} for row in counts.values()
    ]
    return sorted(items, key=lambda c: (c["kind"] or "", c["group"] or ""))
