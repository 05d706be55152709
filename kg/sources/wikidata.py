"""Optional online Wikidata: a polite API client (off by default) and the gazetteer builder over SPARQL.

The client answers only for names the offline gazetteer lacks and never overrides it. It is on only when the
setting GEOKG_WIKIDATA_ONLINE holds a base URL (e.g. https://www.wikidata.org); it sends a descriptive
User-Agent, uses timeouts, retries 429 and 503 with exponential back-off (honouring Retry-After) and keeps
every answer in an on-disk JSON cache.

Response shapes, as documented by Wikibase (not recalled):
- wbsearchentities: `{"searchinfo": {"search": …}, "search": [{"id", "title", "pageid", "display",
  "repository", "url", "concepturi", "label", "description", "match": {"type", "language", "text"},
  "aliases"}], "search-continue": n, "success": 1}`; built in Wikibase `repo/includes/Api/SearchEntities.php`
  (github wikimedia/mediawiki-extensions-Wikibase); API errors come as `{"error": {"code", "info"}}`.
- Special:EntityData/Q….json: `{"entities": {"Q…": {"id", "type", "labels", "descriptions", "aliases",
  "claims", "sitelinks", …}}}`, the canonical entity JSON of https://www.mediawiki.org/wiki/Wikibase/DataModel/JSON
  (Wikibase `docs/topics/json.md`): claims map a property id to statements with a `mainsnak` whose
  `datavalue.value.id` is the item, and a `rank` of preferred, normal or deprecated.
- SPARQL: the Wikidata RDF binding, https://www.mediawiki.org/wiki/Wikibase/Indexing/RDF_Dump_Format (prefixes
  wd/wdt/p/ps/pq/pqv, `wikibase:rank`, `wikibase:timeValue`, `wikibase:timePrecision`).

Property and class ids are only those of GeoKG's reference list of Wikidata terms.
"""

from __future__ import annotations

import email.utils
import functools
import hashlib
import json
import logging
import os
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from kg.facts import Entity, Facts, entity_iri
from kg.gazetteer import Gazetteer, ascii_fold, is_abbreviation, normalise_name, qid_sort_key
from kg.settings import get_setting

logger = logging.getLogger(__name__)

VERSION = "0.1.0"
# Wikimedia's User-Agent policy asks for a tool name, version and a way to reach its makers.
USER_AGENT = (
    f"GeoKG/{VERSION} (https://w3id.org/geokg; geopolitical news knowledge graph) "
    f"python-requests/{requests.__version__}"
)
DEFAULT_CACHE_DIR = Path("data") / "wikidata-cache"
QID_RE = re.compile(r"^Q[1-9][0-9]*$")
RETRY_STATUSES = frozenset({429, 503})
# wbsearchentities accepts 1..50 results per call (SearchEntities.php, LIMIT_SML1).
MAX_SEARCH_LIMIT = 50

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

# Classes (P31 values) from the reference list, most specific first; an item takes the first that fits.
# Q6256 (country) is left out: it also covers constituent countries and historical ones.
CLASS_TYPES: dict[str, str] = {
    "Q15634554": "PartiallyRecognizedState",
    "Q3624078": "State",
    "Q1127126": "Alliance",
    "Q245065": "InternationalOrganization",
    "Q484652": "InternationalOrganization",
}
CLASS_KINDS = {
    "Q15634554": "limited_recognition",
    "Q3624078": "sovereign_state",
    "Q1127126": "military_alliance",
    "Q245065": "intergovernmental_organization",
    "Q484652": "international_organization",
}
STATE_TYPES = ("State", "PartiallyRecognizedState")
ORGANIZATION_TYPES = ("Alliance", "InternationalOrganization")
# Heads of state (P35) and of government (P6): the people whose posts (P39) the builder keeps.
LEADER_PROPERTIES = ("P35", "P6")
# Wikibase time precision: 9 year, 10 month, 11 day.
_PRECISION_CHARS = {9: 4, 10: 7, 11: 10}
_VALUES_BATCH = 200


class WikidataError(OSError):
    """Wikidata (or a SPARQL endpoint) failed, refused or answered something unexpected."""


class WikidataOffline(WikidataError):
    """Online look-ups are off: GEOKG_WIKIDATA_ONLINE is not set."""


@dataclass(frozen=True)
class Candidate:
    """One wbsearchentities hit; `type` is the GeoKG type when the entity data was read."""

    qid: str
    label: str
    description: str | None = None
    match_type: str | None = None  # "label", "alias" or "entityId"
    match_text: str | None = None
    type: str | None = None

    @classmethod
    def from_search(cls, hit: Mapping[str, Any]) -> Candidate:
        match = hit.get("match") or {}
        qid = str(hit.get("id", ""))
        if not QID_RE.match(qid):
            raise WikidataError(f"wbsearchentities returned an item without a QID: {hit!r}")
        return cls(
            qid=qid,
            label=str(hit.get("label") or match.get("text") or qid),
            description=hit.get("description"),
            match_type=match.get("type"),
            match_text=match.get("text"),
        )


def check_base_url(url: str, *, setting: str = "GEOKG_WIKIDATA_ONLINE") -> str:
    """The URL without a trailing slash; anything but http(s)://host is refused."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{setting} must be an http(s) URL such as https://www.wikidata.org, not {url!r}")
    return url.strip().rstrip("/")


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


@dataclass
class HttpPolicy:
    """How to talk to Wikimedia servers: timeout, retries with exponential back-off, and a wait cap."""

    timeout: float = 10.0
    retries: int = 4
    backoff_s: float = 1.0
    max_wait_s: float = 60.0
    sleep: Callable[[float], None] = time.sleep

    def send(self, session: requests.Session, method: str, url: str, **kwargs: Any) -> requests.Response:
        """One request, retried on 429, 503 and timeouts; other failures raise at once."""
        headers = {"User-Agent": USER_AGENT, **kwargs.pop("headers", {})}
        for attempt in range(self.retries + 1):
            try:
                response = session.request(method, url, headers=headers, timeout=self.timeout, **kwargs)
            except requests.Timeout as e:
                if attempt == self.retries:
                    raise WikidataError(f"{url} did not answer within {self.timeout} s") from e
                self._wait(url, None, attempt)
                continue
            except requests.RequestException as e:
                # A refused connection or a bad URL does not get better by waiting.
                raise WikidataError(f"{url} could not be reached: {e}") from e
            if response.status_code in RETRY_STATUSES and attempt < self.retries:
                self._wait(url, response.headers.get("Retry-After"), attempt)
                continue
            if response.status_code >= 400:
                raise WikidataError(f"{url} answered HTTP {response.status_code}")
            return response
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _wait(self, url: str, retry_after: str | None, attempt: int) -> None:
        asked = retry_after_seconds(retry_after)
        if asked is not None and asked > self.max_wait_s:
            raise WikidataError(
                f"{url} asked to retry after {asked:.0f} s, over the {self.max_wait_s:.0f} s limit"
            )
        delay = asked if asked is not None else self.backoff_s * 2**attempt
        logger.info("retrying %s in %.2f s (attempt %d)", url, delay, attempt + 1)
        self.sleep(min(delay, self.max_wait_s))


class JsonCache:
    """Answers on disk, one JSON file per request, written atomically; a folder of None turns it off."""

    def __init__(self, folder: str | Path | None) -> None:
        self.folder = Path(folder) if folder is not None else None

    def _path(self, url: str, params: Mapping[str, str]) -> Path | None:
        if self.folder is None:
            return None
        key = json.dumps([url, sorted(params.items())], ensure_ascii=False)
        return self.folder / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}.json"

    def get(self, url: str, params: Mapping[str, str]) -> Any | None:
        path = self._path(url, params)
        if path is None or not path.is_file():
            return None
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            logger.warning("unreadable cache file %s (%s): fetching again", path, e)
            return None
        return record.get("data")

    def put(self, url: str, params: Mapping[str, str], data: Any) -> None:
        path = self._path(url, params)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        record = {"url": url, "params": dict(params), "fetched": datetime.now(UTC).isoformat(), "data": data}
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)


class WikidataClient:
    """wbsearchentities and Special:EntityData of one Wikibase site, cached on disk."""

    def __init__(
        self,
        base_url: str,
        *,
        cache_dir: str | Path | None = DEFAULT_CACHE_DIR,
        session: requests.Session | None = None,
        policy: HttpPolicy | None = None,
    ) -> None:
        self.base_url = check_base_url(base_url)
        self.cache = JsonCache(cache_dir)
        self.policy = policy or HttpPolicy()
        self._session = session if session is not None else requests.Session()

    def search_entities(self, name: str, *, limit: int = 7) -> list[Candidate]:
        """Items whose English label or alias matches `name` (wbsearchentities, type=item)."""
        if not name.strip():
            raise ValueError("Cannot search Wikidata for an empty name")
        if not 1 <= limit <= MAX_SEARCH_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_SEARCH_LIMIT}, not {limit}")
        params = {
            "action": "wbsearchentities",
            "search": name.strip(),
            "language": "en",
            "format": "json",
            "type": "item",
            "limit": str(limit),
        }
        data = self._get_json(f"{self.base_url}/w/api.php", params)
        if "error" in data:
            error = data["error"]
            raise WikidataError(
                f"wbsearchentities refused {name!r}: {error.get('code')}: {error.get('info')}"
            )
        return [Candidate.from_search(hit) for hit in data.get("search", [])]

    def entity_data(self, qid: str) -> dict[str, Any]:
        """The canonical JSON of one item (Special:EntityData/{qid}.json)."""
        if not QID_RE.match(qid):
            raise ValueError(f"Not a Wikidata QID: {qid!r} (expected Q followed by digits, like Q403)")
        data = self._get_json(f"{self.base_url}/wiki/Special:EntityData/{qid}.json", {})
        entities = data.get("entities") or {}
        if qid in entities:
            return dict(entities[qid])
        if len(entities) == 1:
            # A redirected item comes back under the QID it was merged into.
            (target, entity), *_ = entities.items()
            logger.info("Wikidata %s redirects to %s", qid, target)
            return dict(entity)
        raise WikidataError(f"Special:EntityData answered no entity for {qid}")

    def _get_json(self, url: str, params: Mapping[str, str]) -> dict[str, Any]:
        cached = self.cache.get(url, params)
        if cached is not None:
            return dict(cached)
        response = self.policy.send(self._session, "GET", url, params=dict(params))
        try:
            data = response.json()
        except ValueError as e:
            raise WikidataError(f"{url} did not answer JSON") from e
        if not isinstance(data, dict):
            raise WikidataError(f"{url} answered JSON that is not an object")
        if "error" not in data:
            self.cache.put(url, params, data)
        return data


def online_client(overrides: Mapping[str, object] | None = None) -> WikidataClient | None:
    """The client GEOKG_WIKIDATA_ONLINE asks for, or None when online look-ups are off (the default)."""
    base = get_setting("GEOKG_WIKIDATA_ONLINE", overrides)
    if not base:
        return None
    return _client_for(check_base_url(base))


@functools.lru_cache(maxsize=4)
def _client_for(base_url: str) -> WikidataClient:
    return WikidataClient(base_url)


def _required_client() -> WikidataClient:
    client = online_client()
    if client is None:
        raise WikidataOffline(
            "Online Wikidata look-ups are off: set GEOKG_WIKIDATA_ONLINE to a base URL such as "
            "https://www.wikidata.org"
        )
    return client


def search_entities(name: str, *, limit: int = 7) -> list[Candidate]:
    """wbsearchentities through the configured client; raises WikidataOffline when look-ups are off."""
    return _required_client().search_entities(name, limit=limit)


def entity_data(qid: str) -> dict[str, Any]:
    """Special:EntityData through the configured client; raises WikidataOffline when look-ups are off."""
    return _required_client().entity_data(qid)


def claim_values(entity: Mapping[str, Any], pid: str) -> list[str]:
    """Item ids of an entity's best-ranked statements for `pid` (preferred if any, else normal)."""
    statements = [s for s in entity.get("claims", {}).get(pid, []) if s.get("rank") != "deprecated"]
    preferred = [s for s in statements if s.get("rank") == "preferred"]
    values = []
    for statement in preferred or statements:
        value = ((statement.get("mainsnak") or {}).get("datavalue") or {}).get("value")
        if isinstance(value, dict) and value.get("id"):
            values.append(str(value["id"]))
    return values


def entity_type(entity: Mapping[str, Any]) -> str | None:
    """The GeoKG type of an item from its classes (P31), or Person for a holder of positions (P39)."""
    classes = set(claim_values(entity, "P31"))
    found = next((type_ for qid, type_ in CLASS_TYPES.items() if qid in classes), None)
    if found is None and claim_values(entity, "P39"):
        return "Person"
    return found


def lookup_online(
    name: str, gazetteer: Gazetteer, *, client: WikidataClient | None = None, limit: int = 7
) -> Candidate | None:
    """The one Wikidata item called exactly `name`, for names the gazetteer lacks.

    None when the gazetteer knows the name (it always wins), when look-ups are off, and when no hit or
    several hits carry the name (linking prefers no answer to a wrong one).
    """
    if gazetteer.lookup(name):
        return None
    client = client if client is not None else online_client()
    if client is None:
        return None
    exact = {hit.qid: hit for hit in client.search_entities(name, limit=limit) if _names_match(hit, name)}
    if len(exact) != 1:
        logger.info("Wikidata has %d items called %r: no answer", len(exact), name)
        return None
    (hit,) = exact.values()
    known = gazetteer.by_qid(hit.qid)
    return replace(hit, type=known.type if known else entity_type(client.entity_data(hit.qid)))


def _names_match(hit: Candidate, name: str) -> bool:
    """Whether the hit's label or matched term is `name` (abbreviations case-exactly, as in the gazetteer)."""
    texts = [text for text in (hit.label, hit.match_text) if text]
    if is_abbreviation(name.strip()):
        return name.strip() in texts
    key = normalise_name(name)
    return bool(key) and any(normalise_name(text) == key for text in texts)


# ---------------------------------------------------------------------------------------------------------
# The gazetteer builder: SPARQL over a Wikidata-compatible endpoint -> the JSON of kg/data/gazetteer.json
# ---------------------------------------------------------------------------------------------------------


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


def build_gazetteer_from_endpoint(
    url: str, *, session: requests.Session | None = None, policy: HttpPolicy | None = None
) -> dict[str, Any]:
    """A gazetteer document (the JSON structure of kg/data/gazetteer.json) from a Wikidata SPARQL endpoint.

    States, partially recognised states, alliances and international organisations come from their classes
    (P31), capitals from P36, memberships from P463 and the posts of heads of state and government from P39,
    each with start and end (P580/P582); names from English rdfs:label and skos:altLabel.
    """
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
    posts = _titled_posts(posts, names, entities, source)
    memberships = [
        row for row in memberships if {row["member_qid"], row["organization_qid"]} <= set(entities)
    ]
    dropped = _drop_ambiguous(entities.values())
    return _document(sparql.endpoint, entities, memberships, posts, dropped)


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
) -> list[dict[str, Any]]:
    dates = _statement_dates(rows)
    records = {}
    for row in rows:
        member, org = _qid(row.get("member")), _qid(row.get("org"))
        if not member or not org or classes.get(org, ("", ""))[0] not in ORGANIZATION_TYPES:
            continue
        start, end = dates[row["st"]]
        record = {"member_qid": member, "organization_qid": org, "start": start, "end": end, "source": source}
        records[(member, org, start, end)] = record
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
) -> dict[str, dict[str, Any]]:
    """Gazetteer entries by QID; items without an English label are left out (and logged)."""
    capital_of_state = {state: capital for capital, states in sorted(capitals.items()) for state in states}
    drafts: dict[str, dict[str, Any]] = {}
    for qid, (type_, kind) in classes.items():
        drafts[qid] = {"type": type_, "kind": kind if type_ not in STATE_TYPES else None}
        if type_ in STATE_TYPES:
            drafts[qid]["capital_qid"] = capital_of_state.get(qid)
            drafts[qid]["status"] = "limited_recognition" if type_ == "PartiallyRecognizedState" else None
    for capital, states in capitals.items():
        # City-states are their own capital: the state entry covers the city.
        if capital not in classes:
            drafts[capital] = {
                "type": "City",
                "kind": "capital",
                "country_qid": states[0],
                "capital_of": states,
            }
    for person in people:
        drafts[person] = {"type": "Person"}
    entities = {}
    for qid, fields in drafts.items():
        found = names.get(qid)
        if found is None or not found.label:
            logger.info("%s has no English label: left out", qid)
            continue
        aliases = _clean_aliases(found.label, found.aliases or set())
        entities[qid] = {
            "id": qid,
            "qid": qid,
            "label": found.label,
            "source": source,
            "aliases": aliases,
            **fields,
        }
    return entities


def _clean_aliases(label: str, aliases: Iterable[str]) -> set[str]:
    """Aliases plus ASCII spellings (spaCy patterns match letters as written); never the label itself."""
    listed = {" ".join(alias.split()) for alias in aliases if alias.strip()}
    names = listed | {ascii_fold(name) for name in listed | {label}}
    return {name for name in names if name != label and len(name) >= 2 and any(ch.isalpha() for ch in name)}


def _alias_key(name: str) -> str:
    """Abbreviations compare case-exactly, other names folded (as kg.gazetteer looks them up)."""
    return f"={name}" if is_abbreviation(name) else f"~{normalise_name(name)}"


def _drop_ambiguous(entities: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop aliases that name two entries, except where the alias is that entry's own label."""
    entities = list(entities)
    owners: dict[str, set[str]] = defaultdict(set)
    for entity in entities:
        for name in [entity["label"], *entity["aliases"]]:
            owners[_alias_key(name)].add(entity["id"])
    dropped = []
    for entity in entities:
        for alias in sorted(entity["aliases"]):
            key = _alias_key(alias)
            if len(owners[key]) > 1 and key != _alias_key(entity["label"]):
                entity["aliases"].discard(alias)
                others = sorted(owners[key] - {entity["id"]}, key=qid_sort_key)
                dropped.append({"alias": alias, "from": entity["id"], "also": others})
                logger.info(
                    "ambiguous alias %r dropped from %s (also %s)", alias, entity["id"], ", ".join(others)
                )
    return sorted(
        dropped, key=lambda item: (item["alias"].casefold(), item["alias"], qid_sort_key(item["from"]))
    )


def _titled_posts(
    posts: list[dict[str, Any]], names: Mapping[str, _Names], entities: Mapping[str, Any], source: str
) -> list[dict[str, Any]]:
    """Posts with the position's English label as title; posts of people or states left out are dropped."""
    titled = []
    for post in posts:
        title = names.get(post["position_qid"], _Names()).label
        if not title or not {post["person_qid"], post["organization_or_state_qid"]} <= set(entities):
            logger.info(
                "post %s of %s left out (no title or unknown holder)",
                post["position_qid"],
                post["person_qid"],
            )
            continue
        titled.append({**post, "position": title, "source": source})
    return titled


def _entity_json(entity: Mapping[str, Any]) -> dict[str, Any]:
    data = {key: value for key, value in entity.items() if value not in (None, "", [], set())}
    data["qid"] = entity["qid"]
    if "aliases" in data:
        data["aliases"] = sorted(data["aliases"], key=lambda alias: (alias.casefold(), alias))
    return data


def _document(
    endpoint: str,
    entities: Mapping[str, Mapping[str, Any]],
    memberships: list[dict[str, Any]],
    posts: list[dict[str, Any]],
    dropped: list[dict[str, Any]],
) -> dict[str, Any]:
    ordered = sorted(entities.values(), key=lambda entity: qid_sort_key(entity["id"]))
    memberships = sorted(
        memberships,
        key=lambda r: (qid_sort_key(r["organization_qid"]), qid_sort_key(r["member_qid"]), r["start"] or ""),
    )
    posts = sorted(posts, key=lambda r: (qid_sort_key(r["person_qid"]), r["start"] or "", r["position"]))
    return {
        "format": 1,
        "about": f"GeoKG gazetteer built by `geokg gazetteer build` from the Wikidata-compatible SPARQL "
        f"endpoint {endpoint}. Do not edit by hand.",
        "attribution": "Wikidata data is CC0; names and statements as the endpoint served them.",
        "counts": {
            "entities": dict(sorted(Counter(entity["type"] for entity in ordered).items())),
            "memberships": len(memberships),
            "posts": len(posts),
            "dropped_aliases": len(dropped),
        },
        "entities": [_entity_json(entity) for entity in ordered],
        "memberships": memberships,
        "posts": posts,
        "dropped_aliases": dropped,
    }


# Types of unlinked entities worth a look-up, and the Wikidata-derived types each may take.
ONLINE_TYPES = {
    "Person": {"Person"},
    "Organization": {"Organization", "InternationalOrganization", "Alliance"},
    "ArmedGroup": {"ArmedGroup", "Organization"},
    "Place": {"City", "Region", "Place", "State", "PartiallyRecognizedState"},
    "Region": {"Region", "Place"},
}


def link_unlinked(facts: Facts, gazetteer: Gazetteer, *, client: WikidataClient, base_iri: str) -> int:
    """Give unlinked names a QID from Wikidata when exactly one item carries the name and its type fits;
    the gazetteer always wins. Returns how many entities were linked."""
    linked = 0
    for entity in list(facts.entities):
        allowed = ONLINE_TYPES.get(entity.type)
        if entity.wikidata or allowed is None or not entity.mentions:
            continue
        candidate = lookup_online(entity.label, gazetteer, client=client)
        if candidate is None or candidate.type not in allowed:
            continue
        new = Entity(
            iri=entity_iri(type_=candidate.type, label=entity.label, qid=candidate.qid, base_iri=base_iri),
            label=entity.label,
            type=candidate.type,
            wikidata=candidate.qid,
            link_rule=f"wikidata-online:{client.base_url}",
            link_confidence=0.75,
        )
        facts.relink(entity.iri, new)
        linked += 1
    return linked
