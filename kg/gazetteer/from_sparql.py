"""The gazetteer's second input: a Wikidata-compatible SPARQL endpoint (`geokg gazetteer build --endpoint URL`).

States, partially recognised states, alliances and international organisations come from their classes (P31),
capitals from P36, memberships from P463 and the posts of heads of state and government from P39, each with
start and end (P580/P582); names from English rdfs:label and skos:altLabel. The queries use the Wikidata RDF
binding, https://www.mediawiki.org/wiki/Wikibase/Indexing/RDF_Dump_Format (prefixes wd/wdt/p/ps/pq/pqv,
`wikibase:rank`, `wikibase:timeValue`, `wikibase:timePrecision`); property and class ids are only those of
GeoKG's reference list of Wikidata terms (kg/data/reference/wikidata_terms.csv).
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import requests

from kg.gazetteer.loader import qid_sort_key
from kg.gazetteer.records import EntityRecord, Membership, Post, Records
from kg.sources.wikidata import CLASS_TYPES, QID_RE, HttpPolicy, WikidataError, check_base_url

logger = logging.getLogger(__name__)

WD = "http://www.wikidata.org/entity/"
SPARQL_PREFIXES = f"""PREFIX wd: <{WD}>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX ps: <http://www.wikidata.org/prop/statement/>
PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
PREFIX pqv: <http://www.wikidata.org/prop/qualifier/value/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# The gazetteer kind of each class of kg.sources.wikidata.CLASS_TYPES.
CLASS_KINDS = {
    "Q15634554": "limited_recognition",
    "Q3624078": "sovereign_state",
    "Q1127126": "military_alliance",
    "Q245065": "intergovernmental_organization",
    "Q484652": "international_organization",
}
STATE_TYPES = ("State", "PartiallyRecognizedState")
ORGANIZATION_TYPES = ("Alliance", "InternationalOrganization")
# Wikibase time precision: 9 year, 10 month, 11 day.
_PRECISION_CHARS = {9: 4, 10: 7, 11: 10}
_VALUES_BATCH = 200
ABOUT = (
    "GeoKG gazetteer built by `geokg gazetteer build` from the Wikidata-compatible SPARQL endpoint {endpoint}. "
    "Do not edit by hand."
)
ATTRIBUTION = "Wikidata data is CC0; names and statements as the endpoint served them."


def read_endpoint(
    url: str, *, session: requests.Session | None = None, policy: HttpPolicy | None = None
) -> Records:
    """The builder's records for what a Wikidata-compatible SPARQL endpoint says about states and their posts."""
    sparql = SparqlClient(url, session=session, policy=policy)
    source = f"wikidata-sparql:{sparql.endpoint}"
    classes = _item_classes(sparql.select(_CLASSES_QUERY))
    states = sorted((qid for qid, (type_, _) in classes.items() if type_ in STATE_TYPES), key=qid_sort_key)
    capitals = _capitals(sparql.select_batched(_CAPITALS_QUERY, states), classes)
    memberships = _memberships(sparql.select_batched(_MEMBERSHIPS_QUERY, classes), classes, source)
    posts = _posts(sparql.select_batched(_POSTS_QUERY, states), classes)
    people = {post["person_qid"] for post in posts} - set(classes)
    names = _names(sparql.select_batched(_LABELS_QUERY, [*classes, *capitals, *people, *_positions(posts)]))
    entities = _entities(classes, capitals, people, names, source)
    known = {entity.id for entity in entities}
    return Records(
        entities=entities,
        # Statements about items left out (no English label) go with them.
        memberships=[row for row in memberships if {row.member_qid, row.organization_qid} <= known],
        posts=_titled_posts(posts, names, known, source),
        about=ABOUT.format(endpoint=sparql.endpoint),
        attribution=ATTRIBUTION,
    )


class SparqlClient:
    """SELECT queries over the SPARQL 1.1 Protocol (form POST), with the same politeness as the API client."""

    def __init__(
        self, endpoint: str, *, session: requests.Session | None = None, policy: HttpPolicy | None = None
    ) -> None:
        self.endpoint = check_base_url(endpoint, setting="--endpoint")
        self.policy = policy or HttpPolicy(timeout=120.0)
        self._session = session if session is not None else requests.Session()

    def select(self, query: str) -> list[dict[str, str]]:
        """Rows of a SELECT query as {variable: lexical value}."""
        response = self.policy.send(
            self._session,
            "POST",
            self.endpoint,
            data={"query": SPARQL_PREFIXES + query},
            headers={"Accept": "application/sparql-results+json"},
        )
        try:
            bindings = response.json()["results"]["bindings"]
        except (ValueError, KeyError, TypeError) as e:
            raise WikidataError(f"{self.endpoint} did not answer SPARQL JSON results") from e
        return [{name: term["value"] for name, term in row.items()} for row in bindings]

    def select_batched(self, template: str, qids: Iterable[str]) -> list[dict[str, str]]:
        """Run `template` (with a `{values}` slot) over the QIDs in VALUES batches."""
        ordered = sorted(set(qids), key=qid_sort_key)
        rows: list[dict[str, str]] = []
        for start in range(0, len(ordered), _VALUES_BATCH):
            values = " ".join(f"wd:{qid}" for qid in ordered[start : start + _VALUES_BATCH])
            rows.extend(self.select(template.format(values=values)))
        return rows


_CLASSES_QUERY = """SELECT DISTINCT ?item ?class WHERE {{
  VALUES ?class {{ {values} }}
  ?item wdt:P31 ?class .
  # A class the item no longer has (an end time on its statement) does not count.
  FILTER NOT EXISTS {{ ?item p:P31 ?old . ?old ps:P31 ?class ; pq:P582 ?ended . }}
}}""".format(values=" ".join(f"wd:{qid}" for qid in CLASS_TYPES))

_CAPITALS_QUERY = """SELECT DISTINCT ?state ?capital WHERE {{
  VALUES ?state {{ {values} }}
  ?state wdt:P36 ?capital .
}}"""

# Qualified statements: start and end (P580/P582) with their precision; deprecated statements are ignored.
_DATES = """
  FILTER NOT EXISTS {{ ?st wikibase:rank wikibase:DeprecatedRank }}
  OPTIONAL {{ ?st pq:P580 ?start }}
  OPTIONAL {{ ?st pqv:P580 ?startValue . ?startValue wikibase:timePrecision ?startPrecision }}
  OPTIONAL {{ ?st pq:P582 ?end }}
  OPTIONAL {{ ?st pqv:P582 ?endValue . ?endValue wikibase:timePrecision ?endPrecision }}"""

_MEMBERSHIPS_QUERY = (
    """SELECT ?member ?org ?st ?start ?startPrecision ?end ?endPrecision WHERE {{
  VALUES ?member {{ {values} }}
  ?member p:P463 ?st . ?st ps:P463 ?org ."""
    + _DATES
    + "\n}}"
)

_POSTS_QUERY = (
    """SELECT ?person ?position ?state ?st ?start ?startPrecision ?end ?endPrecision WHERE {{
  VALUES ?state {{ {values} }}
  {{ ?state p:P35 ?lead . ?lead ps:P35 ?person . }} UNION {{ ?state p:P6 ?lead . ?lead ps:P6 ?person . }}
  FILTER NOT EXISTS {{ ?lead wikibase:rank wikibase:DeprecatedRank }}
  ?person p:P39 ?st . ?st ps:P39 ?position .
  # The office of that state (its country, P17): a leader's other posts there, such as minister.
  ?position wdt:P17 ?state ."""
    + _DATES
    + "\n}}"
)

_LABELS_QUERY = """SELECT ?item ?label ?alias WHERE {{
  VALUES ?item {{ {values} }}
  {{ ?item rdfs:label ?label FILTER(LANG(?label) = "en") }}
  UNION {{ ?item skos:altLabel ?alias FILTER(LANG(?alias) = "en") }}
}}"""


@dataclass
class _Names:
    label: str | None = None
    aliases: set[str] | None = None


def _item_classes(rows: list[dict[str, str]]) -> dict[str, tuple[str, str]]:
    """QID -> (GeoKG type, kind): the most specific of the item's classes."""
    order = list(CLASS_TYPES)
    found: dict[str, str] = {}
    for row in rows:
        qid, cls = _qid(row.get("item")), _qid(row.get("class"))
        if qid and cls in CLASS_TYPES and (qid not in found or order.index(cls) < order.index(found[qid])):
            found[qid] = cls
    return {qid: (CLASS_TYPES[cls], CLASS_KINDS[cls]) for qid, cls in found.items()}


def _qid(iri: str | None) -> str | None:
    """The QID of a Wikidata entity IRI; None for anything else (blank nodes, other namespaces)."""
    if iri and iri.startswith(WD) and QID_RE.match(iri[len(WD) :]):
        return iri[len(WD) :]
    return None


def _capitals(rows: list[dict[str, str]], classes: Mapping[str, tuple[str, str]]) -> dict[str, list[str]]:
    """Capital QID -> the states it is the capital of (recognised states first, then by QID)."""
    capitals: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        state, capital = _qid(row.get("state")), _qid(row.get("capital"))
        if state and capital and state not in capitals[capital]:
            capitals[capital].append(state)
    rank = {"State": 0, "PartiallyRecognizedState": 1}
    for states in capitals.values():
        states.sort(key=lambda qid: (rank[classes[qid][0]], qid_sort_key(qid)))
    return dict(capitals)


def wikidata_date(value: str | None, precision: str | None) -> str | None:
    """ISO date at Wikibase precision ("2014-01-01T00:00:00Z", 9 -> "2014"); None when vaguer than a year."""
    if not value:
        return None
    match = re.match(r"^\+?(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    digits = int(precision) if precision and precision.isdigit() else 11
    if digits not in _PRECISION_CHARS:
        return None if digits < 9 else "-".join(match.groups())
    return "-".join(match.groups())[: _PRECISION_CHARS[digits]]


def _statement_dates(rows: list[dict[str, str]]) -> dict[str, tuple[str | None, str | None]]:
    """Statement IRI -> (start, end); the earliest start and latest end when a qualifier repeats."""
    starts: dict[str, list[str]] = defaultdict(list)
    ends: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        start = wikidata_date(row.get("start"), row.get("startPrecision"))
        end = wikidata_date(row.get("end"), row.get("endPrecision"))
        starts[row["st"]].extend([start] if start else [])
        ends[row["st"]].extend([end] if end else [])
    return {
        st: (min(starts[st], default=None), max(ends[st], default=None)) for st in {row["st"] for row in rows}
    }


def _memberships(
    rows: list[dict[str, str]], classes: Mapping[str, tuple[str, str]], source: str
) -> list[Membership]:
    dates = _statement_dates(rows)
    records = {}
    for row in rows:
        member, org = _qid(row.get("member")), _qid(row.get("org"))
        if not member or not org or classes.get(org, ("", ""))[0] not in ORGANIZATION_TYPES:
            continue
        start, end = dates[row["st"]]
        records[(member, org, start, end)] = Membership(member, org, source, start=start, end=end)
    return list(records.values())


def _posts(rows: list[dict[str, str]], classes: Mapping[str, tuple[str, str]]) -> list[dict[str, Any]]:
    dates = _statement_dates(rows)
    records = {}
    for row in rows:
        person, position, state = _qid(row.get("person")), _qid(row.get("position")), _qid(row.get("state"))
        if not (person and position and state in classes):
            continue
        start, end = dates[row["st"]]
        records[(person, position, state, start, end)] = {
            "person_qid": person,
            "position_qid": position,
            "organization_or_state_qid": state,
            "start": start,
            "end": end,
        }
    return list(records.values())


def _positions(posts: Iterable[Mapping[str, Any]]) -> set[str]:
    return {post["position_qid"] for post in posts}


def _names(rows: list[dict[str, str]]) -> dict[str, _Names]:
    names: dict[str, _Names] = defaultdict(lambda: _Names(aliases=set()))
    for row in rows:
        qid = _qid(row.get("item"))
        if not qid:
            continue
        entry = names[qid]
        if row.get("label") and (entry.label is None or row["label"] < entry.label):
            entry.label = row["label"]  # several English labels cannot happen on Wikidata; be stable anyway
        if row.get("alias") and entry.aliases is not None:
            entry.aliases.add(row["alias"])
    return dict(names)


def _entities(
    classes: Mapping[str, tuple[str, str]],
    capitals: Mapping[str, list[str]],
    people: Iterable[str],
    names: Mapping[str, _Names],
    source: str,
) -> list[EntityRecord]:
    """Gazetteer entries; items without an English label are left out (and logged)."""
    capital_of_state = {state: capital for capital, states in sorted(capitals.items()) for state in states}
    drafts: dict[str, tuple[str, dict[str, Any]]] = {}
    for qid, (type_, kind) in classes.items():
        if type_ in STATE_TYPES:
            status = "limited_recognition" if type_ == "PartiallyRecognizedState" else None
            drafts[qid] = (type_, {"capital_qid": capital_of_state.get(qid), "status": status})
        else:
            drafts[qid] = (type_, {"kind": kind})
    for capital, states in capitals.items():
        # City-states are their own capital: the state entry covers the city.
        if capital not in classes:
            drafts[capital] = ("City", {"kind": "capital", "country_qid": states[0], "capital_of": states})
    for person in people:
        drafts[person] = ("Person", {})
    entities = []
    for qid, (type_, details) in drafts.items():
        found = names.get(qid)
        if found is None or not found.label:
            logger.info("%s has no English label: left out", qid)
            continue
        entities.append(EntityRecord(qid, found.label, type_, source, set(found.aliases or ()), details))
    return entities


def _titled_posts(
    posts: list[dict[str, Any]], names: Mapping[str, _Names], known: set[str], source: str
) -> list[Post]:
    """Posts with the position's English label as title; posts of people or states left out are dropped."""
    titled = []
    for post in posts:
        title = names.get(post["position_qid"], _Names()).label
        if not title or not {post["person_qid"], post["organization_or_state_qid"]} <= known:
            logger.info(
                "post %s of %s left out (no title or unknown holder)",
                post["position_qid"],
                post["person_qid"],
            )
            continue
        titled.append(Post(**post, position=title, source=source))
    return titled
