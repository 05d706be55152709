"""'As of' answers: an entity's posts, memberships and recognition as they stood on one day.

`GET /api/entities/{id}?as_of=2019-06-01` adds an `as_of` section to the card. It joins two sources:
- the graph's standing relations (`holdsPosition`, `memberOf`, `recognizes`, `doesNotRecognize`), each with its
  evidence. A statement holds on the day when the day lies between its `since` and `until` (dates of any
  precision cover every day in them); a statement without `since` is known from the earliest publication date
  of the articles that report it, and one that no dated article reports is left out: the text does not say;
- the gazetteer's reference terms (dated memberships and posts from public data, `kg/data/reference/`), for
  entities with a QID, where the graph has no statement of the same pair.
Each item says which (`basis`: `dated`, `reported` or `reference`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from marshmallow import Schema, fields

from api.graph import base_iri, entity_refs, select, values
from api.schemas import EntityRefSchema, EvidenceSchema
from kg.gazetteer import Gazetteer, date_bounds, load_gazetteer

RECOGNITION = ("recognizes", "doesNotRecognize")
BASES = ("dated", "reported", "reference")


class AsOfArgs(Schema):
    as_of = fields.Date(
        error_messages={"invalid": "Not an ISO date (YYYY-MM-DD)."},
        metadata={
            "description": "A day (YYYY-MM-DD): the card gains `as_of`, the posts, memberships and recognition "
            "as they stood on that day."
        },
    )


class StandingSchema(Schema):
    type = fields.String(metadata={"description": "holdsPosition, memberOf, recognizes or doesNotRecognize."})
    subject = fields.Nested(EntityRefSchema)
    object = fields.Nested(EntityRefSchema)
    role = fields.String(allow_none=True)
    since = fields.String(allow_none=True)
    until = fields.String(allow_none=True)
    basis = fields.String(
        metadata={
            "description": "dated: the text gives the dates; reported: known from the date of the article "
            "that reports it; reference: the gazetteer's public reference data (no evidence sentence)."
        }
    )
    reported = fields.String(
        allow_none=True, metadata={"description": "Earliest publication date of the articles that state it."}
    )
    source = fields.String(allow_none=True, metadata={"description": "Where a reference term comes from."})
    evidence = fields.List(fields.Nested(EvidenceSchema))


class AsOfSchema(Schema):
    date = fields.String(metadata={"description": "The day asked for."})
    posts = fields.List(fields.Nested(StandingSchema), metadata={"description": "Posts it held."})
    memberships = fields.List(
        fields.Nested(StandingSchema), metadata={"description": "What it was a member of."}
    )
    members = fields.List(fields.Nested(StandingSchema), metadata={"description": "Who was a member of it."})
    office_holders = fields.List(
        fields.Nested(StandingSchema),
        metadata={"description": "Who held posts in it (a state or organisation)."},
    )
    recognition = fields.List(
        fields.Nested(StandingSchema),
        metadata={"description": "recognizes / doesNotRecognize, both directions."},
    )


def as_of(card: dict[str, Any], day: date) -> dict[str, Any]:
    """The `as_of` section of `card` for `day`."""
    iri = card["iri"]
    standing = [_from_graph(relation) for relation in card["relations"]]
    _add_report_dates(standing)
    reference = _reference_terms(card["wikidata"]) if card.get("wikidata") else []
    items = _standing_on(day, standing, reference)
    kinds = {
        "posts": lambda s: s["type"] == "holdsPosition" and s["subject"]["iri"] == iri,
        "memberships": lambda s: s["type"] == "memberOf" and s["subject"]["iri"] == iri,
        "members": lambda s: s["type"] == "memberOf" and s["object"]["iri"] == iri,
        "office_holders": lambda s: s["type"] == "holdsPosition" and s["object"]["iri"] == iri,
        "recognition": lambda s: s["type"] in RECOGNITION,
    }
    section: dict[str, Any] = {"date": day.isoformat()}
    for name, wanted in kinds.items():
        chosen = [item for item in items if wanted(item)]
        section[name] = sorted(
            chosen, key=lambda s: (s["subject"]["label"] or "", s["object"]["label"] or "")
        )
    return section


def _standing_on(
    day: date, standing: list[dict[str, Any]], reference: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """What held on `day`. Dates the text gives decide; a statement the text leaves undated takes the terms the
    reference data gives for the same pair and post, else it holds from its first report on; reference terms
    that no statement of the graph matches are added."""
    held = []
    matched: set[int] = set()
    for item in standing:
        known = [i for i, term in enumerate(reference) if _same_term(item, term)]
        matched.update(known)
        if item["basis"] == "reported" and known:
            covering = [
                reference[i] for i in known if _covers(reference[i]["since"], reference[i]["until"], day)
            ]
            if covering:
                dates = {key: covering[0][key] for key in ("since", "until", "source")}
                held.append({**item, **dates, "basis": "reference"})
        elif _holds(item, day):
            held.append(item)
    held += [
        term
        for i, term in enumerate(reference)
        if i not in matched and _covers(term["since"], term["until"], day)
    ]
    return held


def _same_term(item: dict[str, Any], term: dict[str, Any]) -> bool:
    """The same relation between the same two entities, and for posts the same post ("President" is the
    reference's "President of Serbia")."""
    if _pair(item) != _pair(term):
        return False
    if not item.get("role") or not term.get("role"):
        return True
    mine, theirs = item["role"].casefold(), term["role"].casefold()
    return mine in theirs or theirs in mine


def _pair(item: dict[str, Any]) -> tuple[str, str, str]:
    return (item["type"], item["subject"]["iri"], item["object"]["iri"])


def _from_graph(relation: dict[str, Any]) -> dict[str, Any]:
    keys = ("type", "subject", "object", "role", "since", "until", "evidence")
    basis = "dated" if relation.get("since") else "reported"
    return {**{key: relation.get(key) for key in keys}, "basis": basis, "source": None}


def _add_report_dates(items: list[dict[str, Any]]) -> None:
    """`reported`: the earliest publication date of the articles whose sentences state each statement."""
    articles = sorted({e["article"] for item in items for e in item["evidence"] or [] if e.get("article")})
    issued: dict[str, str] = {}
    if articles:
        rows = select(
            f"""SELECT ?a ?issued WHERE {{ VALUES ?a {{ {values(articles)} }}
              GRAPH ?a {{ ?a dcterms:issued ?issued }} }}"""
        )
        issued = {row["a"]: str(row["issued"]) for row in rows}
    for item in items:
        dates = [issued[e["article"]] for e in item["evidence"] or [] if e.get("article") in issued]
        item["reported"] = min(dates, default=None)


def _holds(item: dict[str, Any], day: date) -> bool:
    start = item["since"] if item["basis"] == "dated" else item["reported"]
    return start is not None and _covers(start, item["until"], day)


def _covers(start: str | None, end: str | None, day: date) -> bool:
    """Whether the term from `start` to `end` (dates of any precision, open where missing) includes `day`."""
    first, _ = date_bounds(start)
    _, last = date_bounds(end)
    return (first is None or first <= day) and (last is None or day <= last)


def _reference_terms(qid: str) -> list[dict[str, Any]]:
    """The gazetteer's posts and memberships with `qid` on either side, as standing items."""
    gazetteer = load_gazetteer()
    terms: list[tuple[str, str, str, str | None, str | None, str | None, str]] = []
    for post in gazetteer.posts:
        if qid in (post.person_qid, post.organization_or_state_qid):
            terms.append(
                ("holdsPosition", post.person_qid, post.organization_or_state_qid, post.position)
                + (post.start, post.end, post.source)
            )
    for row in gazetteer.memberships:
        if qid in (row.member_qid, row.organization_qid):
            terms.append(
                ("memberOf", row.member_qid, row.organization_qid, None, row.start, row.end, row.source)
            )
    entity = f"{base_iri()}entity/"
    refs = entity_refs(entity + q for term in terms for q in term[1:3])
    return [
        {
            "type": kind,
            "subject": refs.get(entity + subject) or _reference_ref(gazetteer, subject),
            "object": refs.get(entity + object_) or _reference_ref(gazetteer, object_),
            "role": role,
            "since": start,
            "until": end,
            "basis": "reference",
            "reported": None,
            "source": source,
            "evidence": [],
        }
        for kind, subject, object_, role, start, end, source in terms
    ]


def _reference_ref(gazetteer: Gazetteer, qid: str) -> dict[str, Any]:
    """A reference to an entity the graph does not hold, from the gazetteer."""
    entry = gazetteer.by_qid(qid)
    return {
        "iri": f"{base_iri()}entity/{qid}",
        "id": qid,
        "label": entry.label if entry else None,
        "type": entry.type if entry else None,
        "wikidata": qid,
    }
