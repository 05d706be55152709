"""Events reported by several articles: one merged event with every source, in /api/events and its items."""

from __future__ import annotations

import pytest
from rdflib import Graph

from api.store import get_store
from kg.facts import DEFAULT_BASE_IRI

# Two reports of one clash, written for these tests: same type, day and town, in other words.
FIRST = (
    "MITROVICA -- Serb demonstrators clashed with Kosovo police in the northern town of Leposavic on Friday. "
    "Twelve officers were injured, police said."
)
SECOND = (
    "Kosovo police officers and Serb protesters clashed in Leposavic on Friday, leaving a dozen officers "
    "wounded, officials in Pristina said on Saturday."
)
MERGED_GRAPH = f"{DEFAULT_BASE_IRI}graph/merged-events"


def _post(client, auth, text: str, published: str) -> str:
    response = client.post("/api/articles", json={"text": text, "published": published}, headers=auth)
    assert response.status_code == 201, response.get_data(as_text=True)
    return str(response.get_json()["id"])


def _merged(client) -> dict:
    return client.get("/api/events?merged=true").get_json()


def test_two_reports_become_one_merged_event_and_part_again(client, auth) -> None:
    first = _post(client, auth, FIRST, "2023-06-02")
    second = _post(client, auth, SECOND, "2023-06-03")

    listed = _merged(client)
    assert listed["total"] == 1 and len(listed["items"]) == 1
    event = listed["items"][0]
    assert event["type"] == "Clash"
    assert [source["id"] for source in event["sources"]] == sorted([first, second])
    assert {source["published"] for source in event["sources"]} == {"2023-06-02", "2023-06-03"}
    assert len(event["merged_with"]) == 1 and event["merged_event"]
    assert {"type", "date", "place"} <= set(event["merge_reasons"])

    # Each report shows the other and both sources.
    other = client.get(f"/api/events/{event['merged_with'][0]['id']}").get_json()
    assert other["merged_event"] == event["merged_event"]
    assert [e["id"] for e in other["merged_with"]] == [event["id"]]
    assert other["sources"] == event["sources"]
    # Unfiltered, both reports are there; none is unmerged.
    assert client.get("/api/events?type=Clash").get_json()["total"] == 2
    assert client.get("/api/events?merged=false&type=Clash").get_json()["total"] == 0

    assert client.delete(f"/api/articles/{second}", headers=auth).status_code == 204
    assert _merged(client)["total"] == 0
    (left,) = client.get("/api/events?type=Clash").get_json()["items"]
    assert [source["id"] for source in left["sources"]] == [first]
    assert (left["merged_event"], left["merged_with"], left["merge_reasons"]) == (None, [], [])


# A hand-written merged graph over the sample articles: the Clash of article a1 and one of a new article c3.
C3 = f"{DEFAULT_BASE_IRI}article/c3c3c3c3c3c3c3c3"
CLASH_A = f"{DEFAULT_BASE_IRI}event/c1a5c1a5c1a5c1a5"
CLASH_C = f"{DEFAULT_BASE_IRI}event/0c0c0c0c0c0c0c0c"
REPORT = f"""
@prefix gk: <https://w3id.org/geokg/ontology#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{C3}> a gk:Article ; dcterms:title "Clashes in the north" ; dcterms:issued "2023-05-30"^^xsd:date .
<{CLASH_C}> a gk:Clash ; gk:date "2023-05"^^xsd:gYearMonth ; gk:status "asserted" ;
    gk:place <{DEFAULT_BASE_IRI}entity/place-northern-kosovo> ; gk:evidence <{C3}/evidence/0-40> .
<{C3}/evidence/0-40> a gk:Evidence ; gk:article <{C3}> ; gk:sentence "Clashes in the north." ;
    gk:start 0 ; gk:end 40 .
"""
MERGED = f"""
@prefix gk: <https://w3id.org/geokg/ontology#> .
<{DEFAULT_BASE_IRI}merged-event/m1> a gk:MergedEvent ; gk:mergedEvent <{CLASH_A}>, <{CLASH_C}> ;
    gk:source <{DEFAULT_BASE_IRI}article/a1a1a1a1a1a1a1a1>, <{C3}> ; gk:mergeReason "type", "place" .
"""


@pytest.fixture
def merged(app, loaded):
    with app.app_context():
        get_store().put_graph(C3, Graph().parse(data=REPORT, format="turtle"))
        get_store().put_graph(MERGED_GRAPH, Graph().parse(data=MERGED, format="turtle"))
    return loaded


def test_merged_events_are_listed_once_by_their_first_report(merged) -> None:
    body = _merged(merged)
    assert body["total"] == 1
    (event,) = body["items"]
    # c1a5… sorts after 0c0c…: the listing shows the first IRI, as kg.sources.ingest names merged events.
    assert event["iri"] == CLASH_C
    assert [e["iri"] for e in event["merged_with"]] == [CLASH_A]
    assert [(s["id"], s["title"]) for s in event["sources"]] == [
        ("a1a1a1a1a1a1a1a1", "NATO chief condemns violence in Kosovo"),
        ("c3c3c3c3c3c3c3c3", "Clashes in the north"),
    ]
    assert event["merge_reasons"] == ["place", "type"]


def test_the_merged_filter_combines_with_the_others(merged) -> None:
    assert _merged(merged)["total"] == 1
    assert merged.get("/api/events?merged=true&type=Attack").get_json()["total"] == 0
    assert merged.get("/api/events?merged=true&from=2023-05&to=2023-05").get_json()["total"] == 1
    unmerged = merged.get("/api/events?merged=false&limit=50").get_json()["items"]
    assert CLASH_A not in {e["iri"] for e in unmerged} and CLASH_C not in {e["iri"] for e in unmerged}
    everything = merged.get("/api/events?limit=50").get_json()
    assert everything["total"] == len(unmerged) + 2


def test_an_unmerged_event_has_its_own_article_as_source(merged) -> None:
    event = merged.get("/api/events/a77ac4a77ac4a77a").get_json()
    assert [s["id"] for s in event["sources"]] == ["a1a1a1a1a1a1a1a1"]
    assert event["merged_with"] == [] and event["merged_event"] is None


def test_an_entity_timeline_shows_the_merge_too(merged) -> None:
    events = merged.get("/api/entities/place-northern-kosovo/events").get_json()["items"]
    clash = next(e for e in events if e["iri"] == CLASH_A)
    assert [s["id"] for s in clash["sources"]] == ["a1a1a1a1a1a1a1a1", "c3c3c3c3c3c3c3c3"]


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_merged_must_be_a_boolean(loaded, problem, value: str) -> None:
    response = loaded.get(f"/api/events?merged={value}")
    assert response.status_code == 422
    assert "merged" in problem(response)["errors"]["query"]
