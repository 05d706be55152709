"""The W3C Entity Reconciliation API, as OpenRefine speaks it: match a table's names against GeoKG.

Follows the Reconciliation Service API v0.2 (https://www.w3.org/community/reports/reconciliation/
CG-FINAL-specs-0.2-20230410/; JSON schemas in github reconciliation-api/specs, `0.2/schemas`) and 0.1 for
older clients (JSONP on GET). `GET /reconcile` without parameters is the service manifest; `queries` (a JSON
batch, as a query parameter or a form field) gets one result list per query. Ids are Wikidata QIDs, so
results join with Wikidata: candidates come from the gazetteer (names and aliases, fuzzy-scored with
rapidfuzz) and from the store's entities with a QID the gazetteer lacks; entities without a QID are never
candidates.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Response, abort, current_app, request, url_for
from flask_smorest import Blueprint
from markupsafe import escape

from api.graph import QID_RE, WD, pick_type, select, string_literal
from api.problems import documents_errors
from kg.facts import BROADER_TYPES, ENTITY_TYPES, subtypes
from kg.gazetteer import GazEntry, Gazetteer, load_gazetteer
from kg.names import fold_name, name_score

bp = Blueprint(
    "reconcile", __name__, url_prefix="/reconcile", description="W3C Entity Reconciliation API (OpenRefine)."
)

VERSIONS = ["0.1", "0.2"]
IDENTIFIER_SPACE = WD
SCHEMA_SPACE = "http://www.wikidata.org/prop/direct/"
WIKIDATA_VIEW = "https://www.wikidata.org/wiki/{{id}}"
DEFAULT_LIMIT = 5
MAX_LIMIT = 50
BATCH_SIZE = 100
# Fuzzy scores of entries of the wider reference files (places_ne, leaders, organizations_extra) count this much.
EXTENDED_WEIGHT = 0.9
MIN_SCORE = 60.0
MAX_QUERY_CHARS = 500
# A property a candidate fails costs this much of its score (and rules out `match`).
PROPERTY_PENALTY = 25.0
PREVIEW_WIDTH, PREVIEW_HEIGHT = 400, 120
# Store entities whose label holds a word of the query; enough for scoring, bounded for big graphs.
STORE_CANDIDATES = 200
STORE_WORDS = 6
_CALLBACK_RE = re.compile(r"^[A-Za-z_$][\w$]{0,63}(?:\.[A-Za-z_$][\w$]{0,63}){0,3}$")
_TYPE_STRICT = ("any", "should", "all")
_QUERY_FIELDS = {"query", "type", "limit", "properties", "type_strict"}

DEFAULT_TYPES = (
    "State",
    "PartiallyRecognizedState",
    "Organization",
    "InternationalOrganization",
    "Alliance",
    "Person",
    "Place",
    "City",
    "Region",
)
# Properties a query may refine by, as Wikidata ids (the schema space is wdt:).
PROPERTIES = {"P17": "country", "P36": "capital", "P39": "position held", "P463": "member of"}


def type_name(type_id: str) -> str:
    """ "PartiallyRecognizedState" -> "Partially recognized state"."""
    words = re.findall(r"[A-Z][a-z]*", type_id)
    return " ".join([words[0], *(word.lower() for word in words[1:])]) if words else type_id


def type_json(type_id: str) -> dict[str, Any]:
    data: dict[str, Any] = {"id": type_id, "name": type_name(type_id)}
    if type_id in BROADER_TYPES:
        data["broader"] = [{"id": BROADER_TYPES[type_id], "name": type_name(BROADER_TYPES[type_id])}]
    return data


@bp.after_request
def _allow_cross_origin(response: Response) -> Response:
    # The spec requires CORS on every endpoint (0.2), errors included.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Origin, Accept, Content-Type, X-Requested-With"
    return response


_PARAMETERS = [
    {
        "name": "queries",
        "in": "query",
        "schema": {"type": "string"},
        "description": "A JSON reconciliation query batch, e.g. "
        '{"q0": {"query": "Serbia", "type": "State"}}. Without it, GET answers the service manifest.',
    },
    {
        "name": "callback",
        "in": "query",
        "schema": {"type": "string"},
        "description": "JSONP: wrap the JSON in a call to this JavaScript function (GET only).",
    },
]
_RESPONSES = {
    "200": {
        "description": "The service manifest, or one result list per query of the batch.",
        "content": {"application/json": {}, "application/javascript": {}},
    }
}


@bp.route("", methods=["GET", "POST"])
@bp.doc(
    parameters=_PARAMETERS,
    requestBody={
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {"type": "object", "properties": {"queries": {"type": "string"}}}
            }
        }
    },
    responses=_RESPONSES,
)
@documents_errors(bp, 400, 413)
def reconcile() -> Response:
    """Service manifest (GET without parameters) or reconciliation of a query batch (`queries`)."""
    callback = _callback()
    raw = request.args.get("queries") if request.method == "GET" else _form_or_args("queries")
    if raw is None:
        if request.method == "POST":
            abort(400, "POST /reconcile needs a form field 'queries' holding a JSON query batch")
        return _json(manifest(), callback)
    batch = parse_batch(raw)
    gazetteer = _gazetteer()
    return _json(
        {key: {"result": reconcile_query(query, gazetteer)} for key, query in batch.items()}, callback
    )


def _form_or_args(name: str) -> str | None:
    value = request.form.get(name)
    return value if value is not None else request.args.get(name)


def _gazetteer() -> Gazetteer:
    """The shipped gazetteer, or the file the setting GEOKG_RECONCILE_GAZETTEER names (loaded once)."""
    return load_gazetteer(current_app.config.get("GEOKG_RECONCILE_GAZETTEER"))


def manifest() -> dict[str, Any]:
    """The service manifest (0.2 schema: versions, name, identifierSpace, schemaSpace, …)."""
    preview = url_for("reconcile.preview", _external=True)
    return {
        "versions": VERSIONS,
        "name": "GeoKG",
        "identifierSpace": IDENTIFIER_SPACE,
        "schemaSpace": SCHEMA_SPACE,
        "defaultTypes": [type_json(type_id) for type_id in DEFAULT_TYPES],
        "view": {"url": WIKIDATA_VIEW},
        "preview": {"url": f"{preview}?id={{{{id}}}}", "width": PREVIEW_WIDTH, "height": PREVIEW_HEIGHT},
        "documentation": url_for("api-docs.openapi_swagger_ui", _external=True),
        "serviceVersion": str(current_app.config.get("API_VERSION", "")),
        "batchSize": BATCH_SIZE,
    }


def _callback() -> str | None:
    """The JSONP callback of a GET, checked to be a plain JavaScript name (nothing else gets echoed)."""
    callback = request.args.get("callback") if request.method == "GET" else None
    if callback is not None and not _CALLBACK_RE.match(callback):
        abort(400, f"Not a JavaScript function name for the JSONP callback: {callback[:80]!r}")
    return callback


def _json(data: Any, callback: str | None) -> Response:
    text = json.dumps(data, ensure_ascii=False)
    if callback is None:
        return Response(text, mimetype="application/json")
    # The comment keeps a callback from being read as the start of a UTF-7 or Flash payload.
    return Response(f"/**/{callback}({text});", mimetype="application/javascript")


# ---------------------------------------------------------------------------------------------------------
# Query batches
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PropertyFilter:
    pid: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Query:
    """One reconciliation query, checked."""

    key: str
    text: str | None
    types: frozenset[str] = frozenset()
    limit: int = DEFAULT_LIMIT
    properties: tuple[PropertyFilter, ...] = ()


def parse_batch(raw: str) -> dict[str, Query]:
    """The batch of the `queries` parameter; 400 naming what is wrong, 413 over the batch size."""
    try:
        data = json.loads(raw)
    except ValueError as e:
        abort(400, f"The 'queries' parameter is not valid JSON: {e}")
    if not isinstance(data, dict):
        abort(400, f"The 'queries' parameter must be a JSON object of queries, not {type(data).__name__}")
    if len(data) > BATCH_SIZE:
        abort(413, f"A batch holds at most {BATCH_SIZE} queries, not {len(data)}")
    return {str(key): parse_query(str(key), value) for key, value in data.items()}


def parse_query(key: str, data: Any) -> Query:
    if not isinstance(data, dict):
        abort(400, f"Query {key!r} must be a JSON object, not {type(data).__name__}")
    unknown = sorted(set(data) - _QUERY_FIELDS)
    if unknown:
        abort(400, f"Query {key!r} has unknown fields: {', '.join(unknown)}")
    text = data.get("query")
    if text is not None and (not isinstance(text, str) or not text.strip()):
        abort(400, f"Query {key!r}: 'query' must be a non-empty string")
    if text is not None and len(text) > MAX_QUERY_CHARS:
        abort(
            400,
            f"Query {key!r}: 'query' is {len(text)} characters long; names have at most {MAX_QUERY_CHARS}",
        )
    properties = _properties(key, data.get("properties"))
    if text is None and not properties:
        abort(400, f"Query {key!r} needs a 'query' string or at least one property")
    if data.get("type_strict") not in (None, *_TYPE_STRICT):
        abort(400, f"Query {key!r}: type_strict must be one of {', '.join(_TYPE_STRICT)}")
    return Query(
        key, text.strip() if text else None, _types(key, data.get("type")), _limit(key, data), properties
    )


def _types(key: str, value: Any) -> frozenset[str]:
    """The query's types with their subtypes; type ids may be given as our ontology IRIs too."""
    if value is None:
        return frozenset()
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(item, str) for item in values):
        abort(400, f"Query {key!r}: 'type' must be a type id or a list of them")
    found: set[str] = set()
    for item in values:
        type_id = item.rsplit("#", 1)[-1]
        if type_id not in ENTITY_TYPES:
            abort(400, f"Query {key!r}: unknown type {item!r}; known types: {', '.join(ENTITY_TYPES)}")
        found |= subtypes(type_id)
    return frozenset(found)


def _limit(key: str, data: Mapping[str, Any]) -> int:
    limit = data.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, float) and limit.is_integer():
        limit = int(limit)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        abort(400, f"Query {key!r}: 'limit' must be a positive integer, not {limit!r}")
    return min(limit, MAX_LIMIT)


def _properties(key: str, value: Any) -> tuple[PropertyFilter, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        abort(400, f"Query {key!r}: 'properties' must be a list of {{'pid', 'v'}} objects")
    filters = []
    for item in value:
        if not isinstance(item, dict) or "pid" not in item or "v" not in item:
            abort(400, f"Query {key!r}: each property needs 'pid' and 'v', not {item!r}")
        pid = item["pid"]
        if pid not in PROPERTIES:
            supported = ", ".join(f"{p} ({name})" for p, name in PROPERTIES.items())
            abort(400, f"Query {key!r}: property {pid!r} is not supported; use {supported}")
        values = item["v"] if isinstance(item["v"], list) else [item["v"]]
        if not values or not all(_is_property_value(v) for v in values):
            abort(400, f"Query {key!r}: values of {pid} must be strings, numbers or {{'id'}} objects")
        filters.append(PropertyFilter(pid, tuple(values)))
    return tuple(filters)


def _is_property_value(value: Any) -> bool:
    if isinstance(value, dict):
        return isinstance(value.get("id"), str)
    return isinstance(value, str | int | float | bool)


# ---------------------------------------------------------------------------------------------------------
# Candidates and scores
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Candidate:
    qid: str
    name: str
    type: str | None
    score: float
    exact: bool
    entry: GazEntry | None = None
    description: str | None = None
    features: list[dict[str, Any]] = field(default_factory=list)
    fits: bool = True

    def to_json(self, *, match: bool) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.qid,
            "name": self.name,
            "type": [{"id": self.type, "name": type_name(self.type)}] if self.type else [],
            "score": round(self.score, 1),
            "match": match,
            "features": self.features,
        }
        if self.description:
            data["description"] = self.description
        return data


def reconcile_query(query: Query, gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """The candidates of one query, best first; `match` only for the one exact name that fits everything."""
    candidates = [c for c in _candidates(query, gazetteer) if not query.types or c.type in query.types]
    for candidate in candidates:
        _apply_properties(candidate, query.properties, gazetteer)
    if query.text is None:
        candidates = [c for c in candidates if c.fits]
    candidates.sort(key=lambda c: (-c.score, c.name.casefold(), c.qid))
    sure = [c for c in candidates if c.exact and c.fits]
    shown = candidates[: query.limit]
    for candidate in shown:
        candidate.description = describe(candidate.entry, gazetteer) if candidate.entry else None
    return [c.to_json(match=len(sure) == 1 and c is sure[0]) for c in shown]


def _candidates(query: Query, gazetteer: Gazetteer) -> list[Candidate]:
    if query.text is None:
        # Properties alone work like a WHERE clause: every entry that has them is a sure candidate.
        return [_from_entry(entry, 100.0, exact=True) for entry in _qid_entries(gazetteer)]
    if QID_RE.match(query.text):
        return _by_qid(query.text, gazetteer)
    found = {c.qid: c for c in _gazetteer_candidates(query.text, gazetteer)}
    for candidate in _store_candidates(query.text):
        if gazetteer.by_qid(candidate.qid) is None and candidate.qid not in found:
            found[candidate.qid] = candidate
    return list(found.values())


def _qid_entries(gazetteer: Gazetteer) -> list[GazEntry]:
    return [entry for entry in gazetteer.entries() if entry.qid]


def _from_entry(entry: GazEntry, score: float, *, exact: bool) -> Candidate:
    return Candidate(str(entry.qid), entry.label, entry.type, score, exact, entry=entry)


def _by_qid(qid: str, gazetteer: Gazetteer) -> list[Candidate]:
    """A QID as the query: that entity, sure (the spec expects ids to find their entity)."""
    entry = gazetteer.by_qid(qid)
    if entry is not None and entry.qid:
        return [_from_entry(entry, 100.0, exact=True)]
    rows = _store_rows(f"FILTER(?wd = <{WD}{qid}>)")
    return [_store_candidate(row, 100.0, exact=True) for row in rows[:1]]


@dataclass(frozen=True)
class NameIndex:
    """Every name of every gazetteer entry with a QID, folded for fuzzy matching."""

    keys: list[str]
    owners: list[GazEntry]


@functools.lru_cache(maxsize=4)
def name_index(gazetteer: Gazetteer) -> NameIndex:
    keys, owners = [], []
    for entry in _qid_entries(gazetteer):
        for name in entry.names:
            keys.append(fold_name(name))
            owners.append(entry)
    return NameIndex(keys, owners)


def name_scores(text: str, keys: list[str]) -> dict[int, float]:
    """Key position -> score 0..100 (`kg.names.name_score`) of the keys scoring at least MIN_SCORE."""
    key = fold_name(text)
    scores = {position: name_score(key, name) for position, name in enumerate(keys)}
    # The scores are fractions in floating point: 90% of a word-set similarity of 2/3 is 60.
    return {position: score for position, score in scores.items() if score >= MIN_SCORE - 1e-9}


def _gazetteer_candidates(text: str, gazetteer: Gazetteer) -> list[Candidate]:
    index = name_index(gazetteer)
    best: dict[str, Candidate] = {}
    for position, score in name_scores(text, index.keys).items():
        entry = index.owners[position]
        if entry.extended:
            # The wider reference files' 20,000 names ("Republic", a party; "Bas-Congo") are less likely meant
            # than a curated name that fits as well: they rank below it.
            score *= EXTENDED_WEIGHT
            if score < MIN_SCORE:
                continue
        # Only exact names (below) score 100: a fuzzy hit never outranks them.
        candidate = _from_entry(entry, min(score, 99.0), exact=False)
        if entry.id not in best or best[entry.id].score < candidate.score:
            best[entry.id] = candidate
    for entry in gazetteer.lookup(text):
        if entry.qid:
            best[entry.id] = _from_entry(entry, 100.0, exact=True)
    return list(best.values())


def _store_candidates(text: str) -> list[Candidate]:
    """Store entities with a QID whose label holds a word of `text`, scored like gazetteer names."""
    printable = "".join(ch for ch in text if ch.isprintable())
    found = {w for w in (*printable.lower().split(), *fold_name(printable).split()) if len(w) >= 3}
    # The longest words say the most; a handful keeps the filter cheap.
    words = sorted(sorted(found, key=lambda w: (-len(w), w))[:STORE_WORDS]) or [printable.lower()]
    contains = " || ".join(f"CONTAINS(LCASE(STR(?label)), {string_literal(w)})" for w in words)
    rows = _store_rows(f"FILTER({contains})")
    candidates = []
    key = fold_name(text)
    for row in rows:
        score = name_scores(text, [fold_name(row["label"])]).get(0)
        if score is not None:
            exact = fold_name(row["label"]) == key
            candidates.append(_store_candidate(row, 100.0 if exact else min(score, 99.0), exact=exact))
    return candidates


def _store_rows(condition: str) -> list[dict[str, Any]]:
    return select(
        f"""SELECT ?wd (MIN(STR(?label)) AS ?label) (GROUP_CONCAT(DISTINCT STR(?t); separator=" ") AS ?types)
        WHERE {{
          ?e rdfs:label ?label ; owl:sameAs ?wd .
          FILTER(STRSTARTS(STR(?wd), "{WD}Q"))
          {condition}
          OPTIONAL {{ ?e a ?t }}
        }} GROUP BY ?wd ORDER BY ?wd LIMIT {STORE_CANDIDATES}"""
    )


def _store_candidate(row: Mapping[str, Any], score: float, *, exact: bool) -> Candidate:
    qid = str(row["wd"]).removeprefix(WD)
    return Candidate(qid, str(row["label"]), pick_type((row.get("types") or "").split()), score, exact)


# ---------------------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------------------


def _apply_properties(candidate: Candidate, filters: Iterable[PropertyFilter], gazetteer: Gazetteer) -> None:
    """Record each property as a matching feature; a failed one lowers the score and rules out `match`."""
    candidate.features = [{"id": "name", "value": round(candidate.score, 1)}]
    for prop in filters:
        ok = candidate.entry is not None and _has_property(candidate.entry, prop, gazetteer)
        candidate.features.append({"id": prop.pid, "value": ok})
        if not ok:
            candidate.fits = False
            candidate.score = max(0.0, candidate.score - PROPERTY_PENALTY)


def _value_qids(values: Iterable[Any], gazetteer: Gazetteer) -> set[str]:
    """QIDs that property values name: QIDs themselves, reconciled {'id'} objects, or gazetteer names."""
    qids = set()
    for value in values:
        text = str(value["id"] if isinstance(value, dict) else value).strip()
        if QID_RE.match(text):
            qids.add(text)
        else:
            qids |= {entry.qid for entry in gazetteer.lookup(text) if entry.qid}
    return qids


def _has_property(entry: GazEntry, prop: PropertyFilter, gazetteer: Gazetteer) -> bool:
    qids = _value_qids(prop.values, gazetteer)
    qid = str(entry.qid)
    if prop.pid == "P463":
        return any(row.organization_qid in qids for row in gazetteer.memberships_of(qid))
    if prop.pid == "P36":
        return entry.capital_qid in qids
    if prop.pid == "P17":
        places = {entry.country_qid, *entry.capital_of, qid if entry.type in subtypes("State") else None}
        posts = {post.organization_or_state_qid for post in gazetteer.posts_of(qid)}
        return bool(qids & (places | posts))
    titles = {fold_name(str(v["id"] if isinstance(v, dict) else v)) for v in prop.values}
    return any(
        post.position_qid in qids or fold_name(post.position) in titles for post in gazetteer.posts_of(qid)
    )


def describe(entry: GazEntry, gazetteer: Gazetteer) -> str | None:
    """A short description: the latest post of a person, the state of a city or region, a state's capital."""
    if entry.type == "Person":
        posts = sorted(gazetteer.posts_of(str(entry.qid)), key=lambda post: post.start or "")
        return posts[-1].position if posts else None
    country = gazetteer.by_qid(entry.country_qid) if entry.country_qid else None
    if country is not None:
        return f"{type_name(entry.type)} in {country.label}"
    capital = gazetteer.by_qid(entry.capital_qid) if entry.capital_qid else None
    if capital is not None:
        return f"{type_name(entry.type)}, capital {capital.label}"
    return type_name(entry.type)


# ---------------------------------------------------------------------------------------------------------
# Preview
# ---------------------------------------------------------------------------------------------------------


@bp.route("/preview", methods=["GET"])
@bp.doc(
    parameters=[{"name": "id", "in": "query", "required": True, "schema": {"type": "string"}}],
    responses={"200": {"description": "A small HTML card of the entity.", "content": {"text/html": {}}}},
)
@documents_errors(bp, 400, 404)
def preview() -> Response:
    """A small HTML card of one entity, for OpenRefine's preview pane (`id` is a QID)."""
    qid = request.args.get("id", "")
    if not QID_RE.match(qid):
        abort(400, f"Not a Wikidata QID: {qid[:40]!r} (expected Q followed by digits, like Q403)")
    gazetteer = _gazetteer()
    entry = gazetteer.by_qid(qid)
    if entry is not None:
        return _card(qid, entry.label, entry.type, describe(entry, gazetteer), _facts(entry, gazetteer))
    rows = _store_rows(f"FILTER(?wd = <{WD}{qid}>)")
    if not rows:
        abort(404, f"No entity with QID {qid}")
    found = _store_candidate(rows[0], 100.0, exact=True)
    return _card(qid, found.name, found.type, None, [])


def _facts(entry: GazEntry, gazetteer: Gazetteer) -> list[str]:
    """Current memberships and posts, as short lines."""
    facts = []
    for row in gazetteer.memberships_of(str(entry.qid)):
        org = gazetteer.by_qid(row.organization_qid)
        if row.end is None and org is not None:
            facts.append(f"Member of {org.label}" + (f" since {row.start}" if row.start else ""))
    for post in gazetteer.posts_of(str(entry.qid)):
        facts.append(f"{post.position}: {post.start or '?'} – {post.end or 'now'}")
    return facts


def _card(qid: str, name: str, type_: str | None, description: str | None, facts: list[str]) -> Response:
    items = "".join(f"<li>{escape(fact)}</li>" for fact in facts[:6])
    html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(name)}</title><style>body{{font:13px sans-serif;margin:4px}}"
        "h1{font-size:15px;margin:0}p,ul{margin:2px 0}</style></head><body>"
        f'<h1><a href="https://www.wikidata.org/wiki/{qid}" target="_blank" rel="noopener">'
        f"{escape(name)}</a> <small>{qid}</small></h1>"
        f"<p>{escape(description or (type_name(type_) if type_ else 'Entity'))}</p>"
        f"{'<ul>' + items + '</ul>' if items else ''}</body></html>"
    )
    return Response(html, mimetype="text/html")
