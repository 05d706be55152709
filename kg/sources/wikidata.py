"""Optional online Wikidata: a polite API client for names the offline gazetteer lacks (off by default).

The client answers only for names the offline gazetteer lacks and never overrides it. Callers turn it on by
passing a base URL (the setting GEOKG_WIKIDATA_ONLINE, e.g. https://www.wikidata.org) to `online_client`; it
sends a descriptive User-Agent, uses timeouts, retries 429 and 503 with exponential back-off (honouring
Retry-After) and keeps every answer in an on-disk JSON cache. `HttpPolicy` is shared with the gazetteer's
SPARQL reader (kg.gazetteer.from_sparql).

Response shapes, as documented by Wikibase (not recalled):
- wbsearchentities: `{"searchinfo": {"search": …}, "search": [{"id", "title", "pageid", "display",
  "repository", "url", "concepturi", "label", "description", "match": {"type", "language", "text"},
  "aliases"}], "search-continue": n, "success": 1}`; built in Wikibase `repo/includes/Api/SearchEntities.php`
  (github wikimedia/mediawiki-extensions-Wikibase); API errors come as `{"error": {"code", "info"}}`.
- Special:EntityData/Q….json: `{"entities": {"Q…": {"id", "type", "labels", "descriptions", "aliases",
  "claims", "sitelinks", …}}}`, the canonical entity JSON of https://www.mediawiki.org/wiki/Wikibase/DataModel/JSON
  (Wikibase `docs/topics/json.md`): claims map a property id to statements with a `mainsnak` whose
  `datavalue.value.id` is the item, and a `rank` of preferred, normal or deprecated.

Property and class ids are only those of GeoKG's reference list of Wikidata terms
(kg/data/reference/wikidata_terms.csv).
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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from kg.facts import Entity, Facts, entity_iri
from kg.gazetteer import Gazetteer, is_abbreviation, normalise_name

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

# Classes (P31 values) from the reference list, most specific first; an item takes the first that fits.
# Q6256 (country) is left out: it also covers constituent countries and historical ones.
CLASS_TYPES: dict[str, str] = {
    "Q15634554": "PartiallyRecognizedState",
    "Q3624078": "State",
    "Q1127126": "Alliance",
    "Q245065": "InternationalOrganization",
    "Q484652": "InternationalOrganization",
}


class WikidataError(OSError):
    """Wikidata (or a SPARQL endpoint) failed, refused or answered something unexpected."""


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


def online_client(base_url: str | None = None) -> WikidataClient | None:
    """The client for `base_url` (the setting GEOKG_WIKIDATA_ONLINE), or None when it is unset: look-ups off."""
    if not base_url:
        return None
    return _client_for(check_base_url(base_url))


@functools.lru_cache(maxsize=4)
def _client_for(base_url: str) -> WikidataClient:
    return WikidataClient(base_url)


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
    if client is None or gazetteer.lookup(name):
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
