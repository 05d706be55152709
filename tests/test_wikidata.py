"""The online Wikidata client and the gazetteer builder's SPARQL input, against local servers speaking
Wikidata's protocols.

Wikidata cannot be reached from the build machines, so (a) a small Flask app replays wbsearchentities and
Special:EntityData JSON in their documented shapes, and (b) an `oxigraph serve` holds Wikidata-shaped triples
(wd:/wdt:/p:/ps:/pq:/pqv: and labels) for a few entities. Every QID below is in the reference files
(kg/data/reference): states.csv (Serbia Q403, Kosovo Q1246, Finland Q33, DR Congo Q974, Republic of the Congo
Q971, Belgrade Q3711, Pristina Q25270, Helsinki Q1757), organizations.csv (NATO Q7184, UN Q1065, Council of
Europe Q8908), persons.csv (Vjosa Osmani Q13047644 and President of Kosovo Q886947, Albin Kurti Q441633 and
Prime Minister of Kosovo Q116102, Ban Ki-moon Q1253 and Secretary-General of the UN Q81066) and places.csv
(Fushë Kosovë Municipality Q2447449).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner
from flask import Flask, Response, request
from werkzeug.serving import make_server

from kg.cli import main
from kg.facts import Entity, Facts
from kg.gazetteer import Gazetteer, gazetteer_from_json, load_gazetteer
from kg.gazetteer.build import build_document
from kg.gazetteer.from_sparql import read_endpoint, wikidata_date
from kg.sources import wikidata
from kg.sources.wikidata import (
    Candidate,
    HttpPolicy,
    WikidataClient,
    WikidataError,
    entity_type,
    link_unlinked,
    lookup_online,
    online_client,
)

# ---------------------------------------------------------------------------------------------------------
# (a) A replay of the Wikidata action API and Special:EntityData
# ---------------------------------------------------------------------------------------------------------


def _hit(qid: str, label: str, description: str, match_type: str, match_text: str) -> dict[str, Any]:
    """One wbsearchentities result, in the shape Wikibase's SearchEntities.php builds."""
    hit = {
        "id": qid,
        "title": qid,
        "pageid": int(qid[1:]) + 1000,
        "display": {
            "label": {"value": label, "language": "en"},
            "description": {"value": description, "language": "en"},
        },
        "repository": "wikidata",
        "url": f"//www.wikidata.org/wiki/{qid}",
        "concepturi": f"http://www.wikidata.org/entity/{qid}",
        "label": label,
        "description": description,
        "match": {"type": match_type, "language": "en", "text": match_text},
    }
    if match_text != label:
        hit["aliases"] = [match_text]
    return hit


SEARCH_HITS: dict[str, list[dict[str, Any]]] = {
    "Kosovo": [
        _hit("Q1246", "Kosovo", "partially recognised state in Southeast Europe", "label", "Kosovo"),
        _hit("Q2447449", "Fushë Kosovë Municipality", "municipality of Kosovo", "alias", "Kosovo Polje"),
    ],
    "Congo": [
        _hit("Q974", "Democratic Republic of the Congo", "country in Central Africa", "alias", "Congo"),
        _hit("Q971", "Republic of the Congo", "country in Central Africa", "alias", "Congo"),
    ],
    "Fushe Kosove": [
        _hit("Q2447449", "Fushë Kosovë Municipality", "municipality of Kosovo", "alias", "Fushe Kosove"),
    ],
}


def _statement(pid: str, qid: str, *, rank: str = "normal") -> dict[str, Any]:
    """A statement in the canonical JSON (Wikibase docs/topics/json.md): mainsnak, type, rank."""
    return {
        "mainsnak": {
            "snaktype": "value",
            "property": pid,
            "datatype": "wikibase-item",
            "datavalue": {
                "value": {"entity-type": "item", "id": qid, "numeric-id": int(qid[1:])},
                "type": "wikibase-entityid",
            },
        },
        "type": "statement",
        "id": f"{qid}$test-{pid}",
        "rank": rank,
    }


ENTITIES: dict[str, dict[str, Any]] = {
    "Q1246": {
        "id": "Q1246",
        "type": "item",
        "labels": {"en": {"language": "en", "value": "Kosovo"}, "sq": {"language": "sq", "value": "Kosova"}},
        "descriptions": {"en": {"language": "en", "value": "partially recognised state in Southeast Europe"}},
        "aliases": {"en": [{"language": "en", "value": "Republic of Kosovo"}]},
        "claims": {
            # A deprecated class must not count: a military alliance Kosovo is not.
            "P31": [_statement("P31", "Q15634554"), _statement("P31", "Q1127126", rank="deprecated")],
            "P36": [_statement("P36", "Q25270")],
        },
        "sitelinks": {},
        "lastrevid": 1,
        "modified": "2024-01-01T00:00:00Z",
    },
    "Q2447449": {
        "id": "Q2447449",
        "type": "item",
        "labels": {"en": {"language": "en", "value": "Fushë Kosovë Municipality"}},
        "descriptions": {},
        "aliases": {
            "en": [{"language": "en", "value": "Kosovo Polje"}, {"language": "en", "value": "Fushe Kosove"}]
        },
        # A municipality: no class of the reference list, so no GeoKG type.
        "claims": {"P17": [_statement("P17", "Q1246")]},
        "sitelinks": {},
    },
}


@dataclass
class Replay:
    """The replay server's state: what it received, and failures planned for the next requests."""

    base_url: str
    received: list[dict[str, Any]] = field(default_factory=list)
    # (path, key) -> responses to give first, each (status, headers); then the real answer.
    planned: dict[tuple[str, str], list[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    delay_s: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, path: str, key: str | None = None) -> int:
        return sum(1 for r in self.received if r["path"] == path and (key is None or r["key"] == key))

    def reset(self) -> None:
        with self.lock:
            self.received.clear()
            self.planned.clear()
            self.delay_s.clear()


def _replay_app(replay: Replay) -> Flask:
    app = Flask("wikidata_replay")

    def planned(path: str, key: str) -> Response | None:
        with replay.lock:
            replay.received.append(
                {"path": path, "key": key, "user_agent": request.headers.get("User-Agent")}
            )
            queue = replay.planned.get((path, key)) or []
            failure = queue.pop(0) if queue else None
        if key in replay.delay_s:
            time.sleep(replay.delay_s[key])
        if failure is None:
            return None
        status, headers = failure
        return Response("busy", status=status, headers=headers, mimetype="text/plain")

    @app.get("/w/api.php")
    def api() -> Any:
        search = request.args.get("search", "")
        failure = planned("api", search)
        if failure is not None:
            return failure
        if request.args.get("action") != "wbsearchentities" or request.args.get("format") != "json":
            return {"error": {"code": "badvalue", "info": 'Unrecognized value for parameter "action".'}}
        if search == "Maxlag":
            return {"error": {"code": "maxlag", "info": "Waiting for a database server: 7 seconds lagged."}}
        limit = int(request.args.get("limit", "7"))
        hits = SEARCH_HITS.get(search, [])
        return {"searchinfo": {"search": search}, "search": hits[:limit], "success": 1}

    @app.get("/wiki/Special:EntityData/<name>")
    def entity(name: str) -> Any:
        qid = name.removesuffix(".json")
        failure = planned("entity", qid)
        if failure is not None:
            return failure
        if qid not in ENTITIES:
            return Response("Not Found: no such entity", status=404, mimetype="text/plain")
        return {"entities": {qid: ENTITIES[qid]}}

    return app


@pytest.fixture(scope="module")
def replay_server() -> Iterator[Replay]:
    """The replay app, served by werkzeug on a free loopback port in a thread."""
    replay = Replay(base_url="")
    server = make_server("127.0.0.1", 0, _replay_app(replay), threaded=True)
    replay.base_url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield replay
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def replay(replay_server: Replay) -> Replay:
    replay_server.reset()
    return replay_server


@dataclass
class RecordedSleep:
    """time.sleep that also records how long each wait was."""

    waits: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        time.sleep(seconds)


@pytest.fixture
def sleep() -> RecordedSleep:
    return RecordedSleep()


@pytest.fixture
def client(replay: Replay, tmp_path: Path, sleep: RecordedSleep) -> WikidataClient:
    return WikidataClient(
        replay.base_url, cache_dir=tmp_path / "cache", policy=HttpPolicy(backoff_s=0.05, sleep=sleep)
    )


@pytest.fixture
def small_gazetteer() -> Gazetteer:
    """A gazetteer that knows Serbia and NATO but not Kosovo."""
    return gazetteer_from_json(
        {
            "entities": [
                {"id": "Q403", "qid": "Q403", "label": "Serbia", "type": "State", "source": "test"},
                {
                    "id": "Q7184",
                    "qid": "Q7184",
                    "label": "North Atlantic Treaty Organization",
                    "type": "Alliance",
                    "source": "test",
                    "aliases": ["NATO"],
                },
            ],
            "memberships": [],
            "posts": [],
        }
    )


@pytest.fixture(autouse=True)
def _fresh_clients() -> Iterator[None]:
    wikidata._client_for.cache_clear()
    yield
    wikidata._client_for.cache_clear()


def test_search_reads_documented_shape(client: WikidataClient, replay: Replay) -> None:
    hits = client.search_entities("Kosovo", limit=5)
    assert hits[0] == Candidate(
        qid="Q1246",
        label="Kosovo",
        description="partially recognised state in Southeast Europe",
        match_type="label",
        match_text="Kosovo",
    )
    assert [hit.qid for hit in hits] == ["Q1246", "Q2447449"]
    assert hits[1].match_type == "alias" and hits[1].match_text == "Kosovo Polje"


def test_requests_carry_a_descriptive_user_agent(client: WikidataClient, replay: Replay) -> None:
    client.search_entities("Congo")
    agent = replay.received[0]["user_agent"]
    assert agent.startswith("GeoKG/") and "https://w3id.org/geokg" in agent


def test_limit_is_sent_and_checked(client: WikidataClient) -> None:
    assert len(client.search_entities("Kosovo", limit=1)) == 1
    with pytest.raises(ValueError, match="between 1 and 50, not 51"):
        client.search_entities("Kosovo", limit=51)


def test_answers_are_cached_on_disk(client: WikidataClient, replay: Replay, tmp_path: Path) -> None:
    first = client.search_entities("Kosovo")
    assert client.search_entities("Kosovo") == first
    assert replay.count("api", "Kosovo") == 1
    # A new client on the same folder (a new process) still needs no request.
    again = WikidataClient(replay.base_url, cache_dir=tmp_path / "cache")
    assert again.search_entities("Kosovo") == first
    assert again.entity_data("Q1246")["id"] == again.entity_data("Q1246")["id"] == "Q1246"
    assert replay.count("api", "Kosovo") == 1 and replay.count("entity", "Q1246") == 1
    # Other parameters are another request.
    client.search_entities("Kosovo", limit=1)
    assert replay.count("api", "Kosovo") == 2
    assert len(list((tmp_path / "cache").glob("*.json"))) == 3


def test_without_a_cache_folder_every_call_is_a_request(replay: Replay) -> None:
    uncached = WikidataClient(replay.base_url, cache_dir=None)
    uncached.search_entities("Kosovo")
    uncached.search_entities("Kosovo")
    assert replay.count("api", "Kosovo") == 2


def test_429_waits_as_long_as_retry_after_says(
    client: WikidataClient, replay: Replay, sleep: RecordedSleep
) -> None:
    replay.planned[("api", "Congo")] = [(429, {"Retry-After": "1"})]
    started = time.monotonic()
    hits = client.search_entities("Congo")
    assert time.monotonic() - started >= 1.0
    assert [hit.qid for hit in hits] == ["Q974", "Q971"]
    assert sleep.waits == [1.0]
    assert replay.count("api", "Congo") == 2


def test_503_backs_off_exponentially(client: WikidataClient, replay: Replay, sleep: RecordedSleep) -> None:
    replay.planned[("entity", "Q1246")] = [(503, {}), (503, {}), (503, {})]
    assert client.entity_data("Q1246")["labels"]["en"]["value"] == "Kosovo"
    assert sleep.waits == pytest.approx([0.05, 0.1, 0.2])
    assert replay.count("entity", "Q1246") == 4


def test_retries_give_up_with_the_url(replay: Replay, tmp_path: Path, sleep: RecordedSleep) -> None:
    replay.planned[("api", "Congo")] = [(503, {})] * 3
    client = WikidataClient(
        replay.base_url, cache_dir=tmp_path, policy=HttpPolicy(retries=2, backoff_s=0.01, sleep=sleep)
    )
    with pytest.raises(WikidataError, match=r"/w/api\.php answered HTTP 503"):
        client.search_entities("Congo")
    assert replay.count("api", "Congo") == 3
    assert not list(tmp_path.glob("*.json"))  # failures are not cached


def test_retry_after_beyond_the_cap_is_an_error_not_a_long_sleep(
    client: WikidataClient, replay: Replay, sleep: RecordedSleep
) -> None:
    replay.planned[("api", "Congo")] = [(429, {"Retry-After": "3600"})]
    with pytest.raises(WikidataError, match="retry after 3600 s"):
        client.search_entities("Congo")
    assert sleep.waits == []


def test_a_slow_server_times_out_and_is_retried(replay: Replay, tmp_path: Path, sleep: RecordedSleep) -> None:
    replay.delay_s["Kosovo"] = 0.5
    client = WikidataClient(
        replay.base_url,
        cache_dir=tmp_path,
        policy=HttpPolicy(timeout=0.1, retries=1, backoff_s=0.01, sleep=sleep),
    )
    with pytest.raises(WikidataError, match="did not answer"):
        client.search_entities("Kosovo")
    assert len(sleep.waits) == 1


def test_api_errors_raise_and_are_not_cached(client: WikidataClient, replay: Replay, tmp_path: Path) -> None:
    for _ in range(2):
        with pytest.raises(WikidataError, match="maxlag: Waiting for a database server"):
            client.search_entities("Maxlag")
    assert replay.count("api", "Maxlag") == 2


def test_entity_data_and_its_type(client: WikidataClient) -> None:
    entity = client.entity_data("Q1246")
    assert entity["aliases"]["en"][0]["value"] == "Republic of Kosovo"
    assert entity_type(entity) == "PartiallyRecognizedState"


def test_entity_data_refuses_bad_and_unknown_qids(client: WikidataClient, replay: Replay) -> None:
    with pytest.raises(ValueError, match="'Q1246/../x'"):
        client.entity_data("Q1246/../x")
    assert replay.received == []
    with pytest.raises(WikidataError, match="HTTP 404"):
        client.entity_data("Q974")


@pytest.mark.parametrize(
    "claims, expected",
    [
        ({"P31": [_statement("P31", "Q3624078")]}, "State"),
        (
            {"P31": [_statement("P31", "Q3624078"), _statement("P31", "Q15634554")]},
            "PartiallyRecognizedState",
        ),
        ({"P31": [_statement("P31", "Q245065"), _statement("P31", "Q1127126")]}, "Alliance"),
        ({"P31": [_statement("P31", "Q484652")]}, "InternationalOrganization"),
        ({"P39": [_statement("P39", "Q81066")]}, "Person"),
        ({"P31": [_statement("P31", "Q3624078", rank="deprecated")]}, None),
        # A preferred statement outranks the normal ones.
        (
            {"P31": [_statement("P31", "Q3624078"), _statement("P31", "Q245065", rank="preferred")]},
            "InternationalOrganization",
        ),
        ({}, None),
    ],
)
def test_entity_type_from_classes(claims: dict[str, Any], expected: str | None) -> None:
    assert entity_type({"claims": claims}) == expected


def test_lookup_online_answers_for_a_name_the_gazetteer_lacks(
    client: WikidataClient, replay: Replay, small_gazetteer: Gazetteer
) -> None:
    found = lookup_online("Kosovo", small_gazetteer, client=client)
    assert found is not None
    assert (found.qid, found.label, found.type) == ("Q1246", "Kosovo", "PartiallyRecognizedState")
    assert replay.count("entity", "Q1246") == 1


def test_lookup_online_never_asks_about_a_name_the_gazetteer_knows(
    client: WikidataClient, replay: Replay, small_gazetteer: Gazetteer
) -> None:
    assert lookup_online("Serbia", small_gazetteer, client=client) is None
    assert lookup_online("NATO", small_gazetteer, client=client) is None
    # The shipped gazetteer knows Kosovo: no request either.
    assert lookup_online("Kosovo", load_gazetteer(), client=client) is None
    assert replay.received == []


def test_lookup_online_gives_no_answer_when_ambiguous(
    client: WikidataClient, replay: Replay, small_gazetteer: Gazetteer
) -> None:
    # Both Congos carry the alias "Congo" (which the shipped gazetteer leaves out for that reason).
    assert load_gazetteer().lookup("Congo") == []
    assert lookup_online("Congo", load_gazetteer(), client=client) is None
    assert replay.count("api", "Congo") == 1
    assert replay.count("entity") == 0


def test_lookup_online_matches_alias_and_ignores_prefix_hits(
    client: WikidataClient, replay: Replay, small_gazetteer: Gazetteer
) -> None:
    # "Kosovo Polje" is only a prefix hit of "Kosovo": it must not make the answer ambiguous, and a search
    # for the municipality's ASCII alias finds it through the matched alias.
    found = lookup_online("Fushe Kosove", small_gazetteer, client=client)
    assert found is not None and (found.qid, found.type) == ("Q2447449", None)
    assert lookup_online("Kosovo Pol", small_gazetteer, client=client) is None


@pytest.mark.parametrize("value", [None, ""])
def test_online_lookups_are_off_by_default(
    monkeypatch: pytest.MonkeyPatch, replay: Replay, small_gazetteer: Gazetteer, value: str | None
) -> None:
    # The client reads no setting itself: the environment does not turn it on.
    monkeypatch.setenv("GEOKG_WIKIDATA_ONLINE", replay.base_url)
    assert online_client(value) is None
    assert lookup_online("Kosovo", small_gazetteer, client=online_client(value)) is None
    assert replay.received == []


def test_a_base_url_turns_lookups_on(
    monkeypatch: pytest.MonkeyPatch, replay: Replay, small_gazetteer: Gazetteer, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # the default cache is ./data/wikidata-cache
    client = online_client(replay.base_url + "/")
    assert client is not None and client is online_client(replay.base_url)
    assert lookup_online("Kosovo", small_gazetteer, client=client).qid == "Q1246"
    assert [hit.qid for hit in client.search_entities("Congo")] == ["Q974", "Q971"]
    assert client.entity_data("Q1246")["id"] == "Q1246"
    assert list((tmp_path / "data" / "wikidata-cache").glob("*.json"))


@pytest.mark.parametrize("value", ["yes", "1", "ftp://www.wikidata.org", "https://"])
def test_the_setting_must_be_a_base_url(value: str) -> None:
    with pytest.raises(ValueError, match="GEOKG_WIKIDATA_ONLINE must be an http"):
        online_client(value)


@pytest.mark.parametrize(
    "value, precision, expected",
    [
        ("2014-10-01T00:00:00Z", "11", "2014-10-01"),
        ("+2014-10-01T00:00:00Z", "10", "2014-10"),
        ("2003-01-01T00:00:00Z", "9", "2003"),
        ("2000-01-01T00:00:00Z", "8", None),  # a decade is no date
        ("2021-03-22T00:00:00Z", None, "2021-03-22"),
        ("http://www.wikidata.org/.well-known/genid/x", None, None),  # an unknown value
        (None, "11", None),
    ],
)
def test_wikidata_dates_keep_their_precision(
    value: str | None, precision: str | None, expected: str | None
) -> None:
    assert wikidata_date(value, precision) == expected


# ---------------------------------------------------------------------------------------------------------
# (b) The gazetteer builder against an `oxigraph serve` holding Wikidata-shaped triples
# ---------------------------------------------------------------------------------------------------------

WIKIDATA_TURTLE = """
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix wds: <http://www.wikidata.org/entity/statement/> .
@prefix wdv: <http://www.wikidata.org/value/> .
@prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix p: <http://www.wikidata.org/prop/> .
@prefix ps: <http://www.wikidata.org/prop/statement/> .
@prefix pq: <http://www.wikidata.org/prop/qualifier/> .
@prefix pqv: <http://www.wikidata.org/prop/qualifier/value/> .
@prefix wikibase: <http://wikiba.se/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

# States
wd:Q403 rdfs:label "Serbia"@en, "Srbija"@sr ; skos:altLabel "Republic of Serbia"@en, "Republika Srbija"@sr ;
    wdt:P31 wd:Q3624078 ; p:P31 wds:Q403-P31 ;
    wdt:P36 wd:Q3711 ;
    p:P463 wds:Q403-un, wds:Q403-coe .
wds:Q403-P31 ps:P31 wd:Q3624078 ; wikibase:rank wikibase:NormalRank .
wds:Q403-un ps:P463 wd:Q1065 ; wikibase:rank wikibase:NormalRank .
wds:Q403-coe ps:P463 wd:Q8908 ; wikibase:rank wikibase:NormalRank ;
    pq:P580 "2003-01-01T00:00:00Z"^^xsd:dateTime ; pqv:P580 wdv:coe-start .
wdv:coe-start wikibase:timeValue "2003-01-01T00:00:00Z"^^xsd:dateTime ; wikibase:timePrecision 9 .

wd:Q1246 rdfs:label "Kosovo"@en, "Kosova"@sq ; skos:altLabel "Republic of Kosovo"@en ;
    wdt:P31 wd:Q15634554, wd:Q3624078 ; p:P31 wds:Q1246-P31a, wds:Q1246-P31b ;
    wdt:P36 wd:Q25270 ;
    p:P463 wds:Q1246-un ;
    p:P35 wds:Q1246-P35 ; p:P6 wds:Q1246-P6 .
wds:Q1246-P31a ps:P31 wd:Q15634554 ; wikibase:rank wikibase:NormalRank .
wds:Q1246-P31b ps:P31 wd:Q3624078 ; wikibase:rank wikibase:NormalRank .
# A deprecated claim: Kosovo is not a UN member.
wds:Q1246-un ps:P463 wd:Q1065 ; wikibase:rank wikibase:DeprecatedRank .
wds:Q1246-P35 ps:P35 wd:Q13047644 ; wikibase:rank wikibase:NormalRank .
wds:Q1246-P6 ps:P6 wd:Q441633 ; wikibase:rank wikibase:NormalRank .

wd:Q33 rdfs:label "Finland"@en ; skos:altLabel "Republic of Finland"@en, "Suomi"@en ;
    wdt:P31 wd:Q3624078 ; p:P31 wds:Q33-P31 ;
    wdt:P36 wd:Q1757 ;
    p:P463 wds:Q33-nato .
wds:Q33-P31 ps:P31 wd:Q3624078 ; wikibase:rank wikibase:NormalRank .
wds:Q33-nato ps:P463 wd:Q7184 ; wikibase:rank wikibase:NormalRank ;
    pq:P580 "2023-04-04T00:00:00Z"^^xsd:dateTime ; pqv:P580 wdv:nato-fi .
wdv:nato-fi wikibase:timeValue "2023-04-04T00:00:00Z"^^xsd:dateTime ; wikibase:timePrecision 11 .

# Capitals
wd:Q3711 rdfs:label "Belgrade"@en ; skos:altLabel "Beograd"@en .
wd:Q25270 rdfs:label "Pristina"@en ; skos:altLabel "Prishtina"@en, "Priština"@en .
wd:Q1757 rdfs:label "Helsinki"@en .

# Organisations
wd:Q7184 rdfs:label "North Atlantic Treaty Organization"@en ; skos:altLabel "NATO"@en, "OTAN"@en ;
    wdt:P31 wd:Q1127126, wd:Q245065 .
wd:Q1065 rdfs:label "United Nations"@en ; skos:altLabel "UN"@en ; wdt:P31 wd:Q245065 .
wd:Q8908 rdfs:label "Council of Europe"@en ; skos:altLabel "CoE"@en ; wdt:P31 wd:Q245065 .

# People and their posts
wd:Q13047644 rdfs:label "Vjosa Osmani"@en ; skos:altLabel "Vjosa Osmani-Sadriu"@en ;
    p:P39 wds:Q13047644-P39 .
wds:Q13047644-P39 ps:P39 wd:Q886947 ; wikibase:rank wikibase:NormalRank ;
    pq:P580 "2021-04-04T00:00:00Z"^^xsd:dateTime ; pqv:P580 wdv:osmani-start ;
    pq:P582 "2026-04-04T00:00:00Z"^^xsd:dateTime ; pqv:P582 wdv:osmani-end .
wdv:osmani-start wikibase:timeValue "2021-04-04T00:00:00Z"^^xsd:dateTime ; wikibase:timePrecision 11 .
wdv:osmani-end wikibase:timeValue "2026-04-04T00:00:00Z"^^xsd:dateTime ; wikibase:timePrecision 11 .
wd:Q886947 rdfs:label "President of Kosovo"@en ; wdt:P17 wd:Q1246 .

wd:Q441633 rdfs:label "Albin Kurti"@en ; p:P39 wds:Q441633-P39 .
wds:Q441633-P39 ps:P39 wd:Q116102 ; wikibase:rank wikibase:NormalRank ;
    pq:P580 "2021-03-22T00:00:00Z"^^xsd:dateTime ; pqv:P580 wdv:kurti-start .
wdv:kurti-start wikibase:timeValue "2021-03-22T00:00:00Z"^^xsd:dateTime ; wikibase:timePrecision 11 .
wd:Q116102 rdfs:label "Prime Minister of Kosovo"@en ; wdt:P17 wd:Q1246 .

# Not a head of state or government: the builder keeps no post of his.
wd:Q1253 rdfs:label "Ban Ki-moon"@en ; p:P39 wds:Q1253-P39 .
wds:Q1253-P39 ps:P39 wd:Q81066 ; wikibase:rank wikibase:NormalRank .
wd:Q81066 rdfs:label "Secretary-General of the United Nations"@en .
"""


@pytest.fixture(scope="module")
def wikidata_endpoint(start_oxigraph_server: Callable[..., Any]) -> str:
    """The query URL of an `oxigraph serve` loaded with the Wikidata-shaped triples."""
    server = start_oxigraph_server()
    response = requests.put(
        f"{server.gsp_url}?default",
        data=WIKIDATA_TURTLE.encode("utf-8"),
        headers={"Content-Type": "text/turtle"},
        timeout=30,
    )
    response.raise_for_status()
    return str(server.query_url)


@pytest.fixture(scope="module")
def built(wikidata_endpoint: str) -> dict[str, Any]:
    return build_document(read_endpoint(wikidata_endpoint))


def _by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entity["id"]: entity for entity in document["entities"]}


def test_build_types_and_labels(built: dict[str, Any], wikidata_endpoint: str) -> None:
    entities = _by_id(built)
    assert {qid: e["type"] for qid, e in entities.items()} == {
        "Q33": "State",
        "Q403": "State",
        "Q1246": "PartiallyRecognizedState",
        "Q7184": "Alliance",
        "Q1065": "InternationalOrganization",
        "Q8908": "InternationalOrganization",
        "Q3711": "City",
        "Q25270": "City",
        "Q1757": "City",
        "Q13047644": "Person",
        "Q441633": "Person",
    }
    serbia = entities["Q403"]
    assert serbia["label"] == "Serbia" and serbia["qid"] == "Q403"
    assert serbia["aliases"] == ["Republic of Serbia"]  # English only
    assert serbia["capital_qid"] == "Q3711"
    assert serbia["source"] == f"wikidata-sparql:{wikidata_endpoint}"
    assert entities["Q1246"]["status"] == "limited_recognition"
    assert entities["Q7184"]["kind"] == "military_alliance"
    # ASCII spellings join the aliases (spaCy patterns match letters as written).
    assert entities["Q25270"]["aliases"] == ["Prishtina", "Priština"]
    assert entities["Q25270"]["capital_of"] == ["Q1246"] and entities["Q25270"]["country_qid"] == "Q1246"
    assert "Q1253" not in entities  # no post kept, so not a gazetteer person


def test_build_memberships_with_dates(built: dict[str, Any]) -> None:
    rows = {(m["member_qid"], m["organization_qid"]): (m["start"], m["end"]) for m in built["memberships"]}
    assert rows == {
        ("Q403", "Q1065"): (None, None),
        ("Q403", "Q8908"): ("2003", None),  # year precision stays a year
        ("Q33", "Q7184"): ("2023-04-04", None),
    }
    assert ("Q1246", "Q1065") not in rows  # the deprecated claim


def test_build_dated_posts(built: dict[str, Any]) -> None:
    posts = [
        (
            p["person_qid"],
            p["position"],
            p["position_qid"],
            p["organization_or_state_qid"],
            p["start"],
            p["end"],
        )
        for p in built["posts"]
    ]
    assert posts == [
        ("Q441633", "Prime Minister of Kosovo", "Q116102", "Q1246", "2021-03-22", None),
        ("Q13047644", "President of Kosovo", "Q886947", "Q1246", "2021-04-04", "2026-04-04"),
    ]


def test_built_document_loads_as_a_gazetteer(built: dict[str, Any]) -> None:
    gazetteer = gazetteer_from_json(built)
    assert [e.id for e in gazetteer.lookup("NATO")] == ["Q7184"]
    assert [e.id for e in gazetteer.lookup("Republic of Kosovo")] == ["Q1246"]
    assert gazetteer.capital("Q403") == "Q3711" and gazetteer.capital_of("Q25270") == "Q1246"
    assert gazetteer.is_member("Q33", "Q7184", at=date(2023, 5, 1)) is True
    assert gazetteer.is_member("Q33", "Q7184", at=date(2022, 5, 1)) is False
    president = gazetteer.holders(org_qid="Q1246", title="President")
    assert [post.person_qid for post in president] == ["Q13047644"]
    assert built["counts"]["entities"] == {
        "Alliance": 1,
        "City": 3,
        "InternationalOrganization": 2,
        "PartiallyRecognizedState": 1,
        "Person": 2,
        "State": 2,
    }
    assert built["counts"]["posts"] == 2 and built["counts"]["memberships"] == 3


def test_cli_gazetteer_build_writes_the_document(
    wikidata_endpoint: str, built: dict[str, Any], tmp_path: Path
) -> None:
    output = tmp_path / "out" / "gazetteer.json"
    result = CliRunner().invoke(
        main, ["gazetteer", "build", "--endpoint", wikidata_endpoint, "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert "11 entities" in result.output and "3 memberships, 2 posts" in result.output
    assert json.loads(output.read_text(encoding="utf-8")) == built
    again = CliRunner().invoke(main, ["gazetteer", "build", "--endpoint", wikidata_endpoint, "--output", "-"])
    assert again.exit_code == 0
    assert again.output == output.read_text(encoding="utf-8")  # rebuilds are byte-identical


def test_cli_gazetteer_build_errors_are_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(main, ["gazetteer", "build", "--endpoint", "query.wikidata.org/sparql"])
    assert bad.exit_code == 2
    assert bad.output.strip().splitlines() == [
        "Error: --endpoint must be an http(s) URL such as https://www.wikidata.org, "
        "not 'query.wikidata.org/sparql'"
    ]
    # Nothing listens on port 9 (discard) of loopback: a failure, exit 1, still one line.
    down = runner.invoke(
        main,
        [
            "gazetteer",
            "build",
            "--endpoint",
            "http://127.0.0.1:9/sparql",
            "--output",
            str(tmp_path / "g.json"),
        ],
    )
    assert down.exit_code == 1
    assert len(down.output.strip().splitlines()) == 1 and "127.0.0.1:9" in down.output
    assert not (tmp_path / "g.json").exists()


def test_cli_gazetteer_needs_an_endpoint() -> None:
    result = CliRunner().invoke(main, ["gazetteer", "build"])
    assert result.exit_code == 2 and "--endpoint" in result.output


def _facts_with(label: str, type_: str) -> Facts:
    from kg.facts import Article, Event, Evidence, Mention

    entity = Entity(
        iri=f"https://w3id.org/geokg/id/entity/place-{label.lower()}",
        label=label,
        type=type_,
        mentions=[Mention(label, 0, len(label))],
    )
    event = Event(
        iri="https://w3id.org/geokg/id/event/1",
        type="Protest",
        plover="PROTEST",
        mode=None,
        actors=[],
        targets=[],
        places=[entity.iri],
        date=None,
        killed=None,
        injured=None,
        status="asserted",
        evidence=Evidence(label, 0, len(label)),
        confidence=0.7,
    )
    return Facts(Article(iri="https://w3id.org/geokg/id/article/1", text=label), [entity], [event], [])


def test_unlinked_names_get_a_qid_online_and_every_reference_follows(
    client: WikidataClient, small_gazetteer: Gazetteer
) -> None:
    facts = _facts_with("Kosovo", "Place")
    assert link_unlinked(facts, small_gazetteer, client=client, base_iri="https://w3id.org/geokg/id/") == 1
    (entity,) = facts.entities
    assert entity.wikidata == "Q1246" and entity.link_rule.startswith("wikidata-online:")
    assert facts.events[0].places == [entity.iri]


def test_online_linking_never_overrides_the_gazetteer(
    client: WikidataClient, replay: Replay, small_gazetteer: Gazetteer
) -> None:
    facts = _facts_with("Serbia", "Place")
    assert link_unlinked(facts, small_gazetteer, client=client, base_iri="https://w3id.org/geokg/id/") == 0
    assert replay.count("api") == 0


def test_online_linking_refuses_a_type_that_does_not_fit(
    client: WikidataClient, small_gazetteer: Gazetteer
) -> None:
    facts = _facts_with("Kosovo", "Person")
    assert link_unlinked(facts, small_gazetteer, client=client, base_iri="https://w3id.org/geokg/id/") == 0
    assert facts.entities[0].wikidata is None
