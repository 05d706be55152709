"""GET|POST /reconcile: the W3C Entity Reconciliation API (v0.2) as OpenRefine uses it, per the spec examples.

Spec: https://www.w3.org/community/reports/reconciliation/CG-FINAL-specs-0.2-20230410/ (manifest, query batch
and result batch schemas in github reconciliation-api/specs, 0.2/schemas). QIDs are those of the shipped
gazetteer and of tests/api/data/graphs.trig, all from ../shared/reference.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from rdflib import Graph

from api import create_app
from api.store import close_store, get_store
from kg.facts import ENTITY_TYPES
from kg.gazetteer.loader import DEFAULT_PATH

# The small gazetteer of the store tests keeps these; Russia (Q159) and Vučić (Q222031) are left to the store.
SMALL = {"Q403", "Q1246", "Q7184", "Q33", "Q57665", "Q3711", "Q1065", "Q25270", "Q20"}


def _reconcile(client: FlaskClient, batch: dict[str, Any], *, method: str = "POST") -> dict[str, Any]:
    if method == "POST":
        response = client.post("/reconcile", data={"queries": json.dumps(batch)})
    else:
        response = client.get("/reconcile", query_string={"queries": json.dumps(batch)})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == set(batch)
    for result in body.values():
        _check_result_shape(result)
    return body


def _check_result_shape(result: dict[str, Any]) -> None:
    """What the 0.2 result batch schema asks of each candidate, and the order the spec recommends."""
    candidates = result["result"]
    for candidate in candidates:
        assert re.fullmatch(r"Q[1-9]\d*", candidate["id"])
        assert isinstance(candidate["name"], str) and candidate["name"]
        assert isinstance(candidate["score"], int | float)
        assert isinstance(candidate["match"], bool)
        assert all(set(t) == {"id", "name"} and t["id"] in ENTITY_TYPES for t in candidate["type"])
        assert all(
            isinstance(f["id"], str) and isinstance(f["value"], bool | int | float)
            for f in candidate["features"]
        )
    scores = [candidate["score"] for candidate in candidates]
    assert scores == sorted(scores, reverse=True)
    assert sum(candidate["match"] for candidate in candidates) <= 1


def _top(body: dict[str, Any], key: str) -> dict[str, Any]:
    return body[key]["result"][0]


# --- the service manifest -------------------------------------------------------------------------------


def test_manifest(client: FlaskClient) -> None:
    response = client.get("/reconcile")
    assert response.status_code == 200 and response.mimetype == "application/json"
    manifest = response.get_json()
    assert "0.2" in manifest["versions"]
    assert manifest["name"] == "GeoKG"
    assert manifest["identifierSpace"] == "http://www.wikidata.org/entity/"
    assert manifest["schemaSpace"] == "http://www.wikidata.org/prop/direct/"
    types = {t["id"]: t for t in manifest["defaultTypes"]}
    assert {"State", "Person", "InternationalOrganization", "City"} <= set(types) <= set(ENTITY_TYPES)
    assert all(t["name"] for t in types.values())
    assert types["PartiallyRecognizedState"]["broader"] == [{"id": "State", "name": "State"}]
    assert "{{id}}" in manifest["view"]["url"]
    preview = manifest["preview"]
    assert (
        "{{id}}" in preview["url"]
        and isinstance(preview["width"], int)
        and isinstance(preview["height"], int)
    )
    # The preview template resolves, once the id is put in.
    page = client.get(preview["url"].replace("{{id}}", "Q403").removeprefix("http://localhost"))
    assert page.status_code == 200 and "Serbia" in page.get_data(as_text=True)


def test_every_response_allows_cross_origin_access(
    client: FlaskClient, problem: Callable[[Any], Any]
) -> None:
    assert client.get("/reconcile").headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/reconcile/preview?id=Q403").headers["Access-Control-Allow-Origin"] == "*"
    error = client.post("/reconcile", data={"queries": "{"})
    problem(error)
    assert error.headers["Access-Control-Allow-Origin"] == "*"


def test_jsonp_callback_on_get(client: FlaskClient) -> None:
    response = client.get("/reconcile?callback=jQuery1234_5678")
    assert response.status_code == 200 and response.mimetype == "application/javascript"
    text = response.get_data(as_text=True)
    match = re.fullmatch(r"/\*\*/jQuery1234_5678\((.*)\);", text, flags=re.S)
    assert match and json.loads(match.group(1)) == client.get("/reconcile").get_json()
    queries = json.dumps({"q0": {"query": "Serbia"}})
    batch = client.get("/reconcile", query_string={"queries": queries, "callback": "cb"}).get_data(
        as_text=True
    )
    assert batch.startswith('/**/cb({"q0": {"result": [{"id": "Q403"')


@pytest.mark.parametrize("callback", ["alert(1)//", "a b", "x" * 300, "1abc"])
def test_jsonp_refuses_callbacks_that_are_not_names(
    client: FlaskClient, problem: Callable[[Any], Any], callback: str
) -> None:
    response = client.get("/reconcile", query_string={"callback": callback})
    assert response.status_code == 400
    assert "callback" in problem(response)["detail"]


# --- queries --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_single_query(client: FlaskClient, method: str) -> None:
    body = _reconcile(client, {"q0": {"query": "Serbia"}}, method=method)
    top = _top(body, "q0")
    assert (top["id"], top["name"], top["type"], top["score"], top["match"]) == (
        "Q403",
        "Serbia",
        [{"id": "State", "name": "State"}],
        100,
        True,
    )
    assert top["description"] == "State, capital Belgrade"
    assert all(not c["match"] for c in body["q0"]["result"][1:])


def test_batch_of_queries(client: FlaskClient) -> None:
    # As the spec's batch examples: several keyed queries, each with its own limit.
    body = _reconcile(
        client,
        {
            "q0": {"query": "Kosovo", "limit": 3},
            "q1": {"query": "North Atlantic Treaty Organisation", "limit": 1},
            "q2": {"query": "Aleksandar Vucic", "type": "Person"},
            "q3": {"query": "NATO"},
        },
    )
    assert _top(body, "q0")["id"] == "Q1246" and len(body["q0"]["result"]) <= 3
    assert [c["id"] for c in body["q1"]["result"]] == ["Q7184"]
    assert _top(body, "q2")["id"] == "Q222031" and _top(body, "q2")["description"] == "President of Serbia"
    assert _top(body, "q3")["id"] == "Q7184" and _top(body, "q3")["match"]


def test_aliases_and_diacritics_match_exactly(client: FlaskClient) -> None:
    body = _reconcile(client, {"a": {"query": "Republic of Kosovo"}, "b": {"query": "aleksandar vučić"}})
    assert (_top(body, "a")["id"], _top(body, "a")["match"]) == ("Q1246", True)
    assert (_top(body, "b")["id"], _top(body, "b")["match"]) == ("Q222031", True)


def test_misspelt_names_are_candidates_but_not_matches(client: FlaskClient) -> None:
    body = _reconcile(client, {"q0": {"query": "Serbija Republic"}, "q1": {"query": "Stoltenberg"}})
    assert _top(body, "q0")["id"] == "Q403" and 60 <= _top(body, "q0")["score"] < 100
    assert not _top(body, "q0")["match"]
    assert _top(body, "q1")["id"] == "Q57665" and not _top(body, "q1")["match"]


def test_a_name_two_entities_share_is_no_match(client: FlaskClient) -> None:
    body = _reconcile(client, {"q0": {"query": "Luxembourg"}})
    top_two = {c["id"] for c in body["q0"]["result"][:2]}
    assert top_two == {"Q32", "Q1842"}  # the state and its capital
    assert not any(c["match"] for c in body["q0"]["result"])


@pytest.mark.parametrize(
    "type_, expected",
    [
        ("City", "Q1842"),
        ("State", "Q32"),
        (["City", "Region"], "Q1842"),
        ("https://w3id.org/geokg/ontology#State", "Q32"),
    ],
)
def test_type_filter(client: FlaskClient, type_: Any, expected: str) -> None:
    body = _reconcile(client, {"q0": {"query": "Luxembourg", "type": type_, "type_strict": "any"}})
    result = body["q0"]["result"]
    assert result[0]["id"] == expected and result[0]["match"]
    wanted = {"City", "Region"} if type_ == ["City", "Region"] else {type_.rsplit("#")[-1]}
    assert all(c["type"][0]["id"] in wanted for c in result)


def test_a_type_includes_its_subtypes(client: FlaskClient) -> None:
    body = _reconcile(
        client, {"q0": {"query": "Kosovo", "type": "State"}, "q1": {"query": "NATO", "type": "Organization"}}
    )
    assert _top(body, "q0")["type"] == [
        {"id": "PartiallyRecognizedState", "name": "Partially recognized state"}
    ]
    assert _top(body, "q1")["id"] == "Q7184"
    nothing = _reconcile(client, {"q0": {"query": "Kosovo", "type": "Person"}})
    assert "Q1246" not in {c["id"] for c in nothing["q0"]["result"]}


def test_a_qid_as_query_finds_its_entity(client: FlaskClient) -> None:
    body = _reconcile(client, {"q0": {"query": "Q1246"}})
    assert [(c["id"], c["match"]) for c in body["q0"]["result"]] == [("Q1246", True)]


def test_limit_caps_the_candidates(client: FlaskClient) -> None:
    body = _reconcile(client, {"q0": {"query": "Congo", "limit": 1}, "q1": {"query": "Congo"}})
    assert len(body["q0"]["result"]) == 1
    assert {c["id"] for c in body["q1"]["result"][:2]} == {"Q971", "Q974"}


# --- properties -----------------------------------------------------------------------------------------


def test_property_that_holds_keeps_the_match(client: FlaskClient) -> None:
    body = _reconcile(client, {"q0": {"query": "Belgrade", "properties": [{"pid": "P17", "v": "Serbia"}]}})
    top = _top(body, "q0")
    assert (top["id"], top["match"], top["score"]) == ("Q3711", True, 100)
    assert {"id": "P17", "value": True} in top["features"]


def test_property_that_fails_lowers_the_score_and_the_match(client: FlaskClient) -> None:
    body = _reconcile(client, {"q0": {"query": "Belgrade", "properties": [{"pid": "P17", "v": "Q1246"}]}})
    top = _top(body, "q0")
    assert (top["id"], top["match"]) == ("Q3711", False)
    assert top["score"] < 100 and {"id": "P17", "value": False} in top["features"]


def test_property_values_as_reconciled_entities_and_lists(client: FlaskClient) -> None:
    # As the spec's multi-values example: a string and a reconciled {"id", "name"} for the same property.
    body = _reconcile(
        client,
        {
            "q0": {
                "query": "Finland",
                "properties": [{"pid": "P463", "v": ["Council of Europe", {"id": "Q7184", "name": "NATO"}]}],
            },
            "q1": {"query": "Stoltenberg", "properties": [{"pid": "P39", "v": "Secretary General of NATO"}]},
            "q2": {"query": "Serbia", "properties": [{"pid": "P36", "v": {"id": "Q3711"}}]},
        },
    )
    assert _top(body, "q0")["id"] == "Q33" and _top(body, "q0")["match"]
    assert {"id": "P39", "value": True} in _top(body, "q1")["features"]
    assert _top(body, "q2")["match"] and {"id": "P36", "value": True} in _top(body, "q2")["features"]


def test_properties_without_a_query_filter_like_a_where_clause(client: FlaskClient) -> None:
    body = _reconcile(
        client,
        {
            "capital": {"properties": [{"pid": "P36", "v": "Q3711"}]},
            "members": {"properties": [{"pid": "P463", "v": "Q7184"}], "type": "State", "limit": 50},
        },
    )
    assert [(c["id"], c["match"]) for c in body["capital"]["result"]] == [("Q403", True)]
    members = {c["id"] for c in body["members"]["result"]}
    assert {"Q33", "Q20", "Q30"} <= members and "Q403" not in members


# --- the store's entities -------------------------------------------------------------------------------


@pytest.fixture
def small_gazetteer_path(tmp_path: Path) -> Path:
    """The shipped gazetteer cut down to a few entries, so that some store entities are not in it."""
    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["entities"] = [e for e in data["entities"] if e["id"] in SMALL]
    data["memberships"] = [
        m for m in data["memberships"] if {m["member_qid"], m["organization_qid"]} <= SMALL
    ]
    data["posts"] = [p for p in data["posts"] if {p["person_qid"], p["organization_or_state_qid"]} <= SMALL]
    path = tmp_path / "small-gazetteer.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def store_client(
    app_config: dict[str, Any], small_gazetteer_path: Path, sample_graphs: dict[str, Graph]
) -> Iterator[FlaskClient]:
    """A client whose store holds the sample articles and whose gazetteer lacks Russia and Vučić."""
    app = create_app({**app_config, "GEOKG_RECONCILE_GAZETTEER": str(small_gazetteer_path)})
    with app.app_context():
        store = get_store()
        for iri, graph in sample_graphs.items():
            store.put_graph(iri, graph)
    yield app.test_client()
    close_store(app)


def test_store_entities_the_gazetteer_lacks_are_candidates(store_client: FlaskClient) -> None:
    body = _reconcile(
        store_client,
        {
            "q0": {"query": "Russia"},
            "q1": {"query": "Aleksandar Vučić", "type": "Person"},
            "q2": {"query": "Q159"},
        },
    )
    assert (_top(body, "q0")["id"], _top(body, "q0")["type"][0]["id"], _top(body, "q0")["match"]) == (
        "Q159",
        "State",
        True,
    )
    assert (_top(body, "q1")["id"], _top(body, "q1")["name"]) == ("Q222031", "Aleksandar Vučić")
    assert [c["id"] for c in body["q2"]["result"]] == ["Q159"]


def test_store_entities_do_not_repeat_the_gazetteer_nor_lack_a_qid(store_client: FlaskClient) -> None:
    body = _reconcile(store_client, {"q0": {"query": "Serbia"}, "q1": {"query": "Serb demonstrators"}})
    assert [c["id"] for c in body["q0"]["result"]].count("Q403") == 1
    # Entities without a QID (ethnic groups, places by slug) are outside the identifier space.
    assert all(re.fullmatch(r"Q\d+", c["id"]) for c in body["q1"]["result"])


def test_preview_of_a_store_entity(store_client: FlaskClient) -> None:
    page = store_client.get("/reconcile/preview?id=Q159")
    assert page.status_code == 200 and "Russia" in page.get_data(as_text=True)


# --- preview --------------------------------------------------------------------------------------------


def test_preview_is_a_small_html_card(client: FlaskClient) -> None:
    response = client.get("/reconcile/preview?id=Q33")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "<h1>" in html and "Finland" in html and "https://www.wikidata.org/wiki/Q33" in html
    assert "Member of North Atlantic Treaty Organization since 2023-04-04" in html


def test_preview_of_a_person_lists_posts(client: FlaskClient) -> None:
    html = client.get("/reconcile/preview?id=Q57665").get_data(as_text=True)
    assert "Jens Stoltenberg" in html and "Secretary General of NATO: 2014-10-01" in html


@pytest.mark.parametrize(
    "query, status", [("", 400), ("?id=403", 400), ("?id=%3Cscript%3E", 400), ("?id=Q999999999", 404)]
)
def test_preview_errors(client: FlaskClient, problem: Callable[[Any], Any], query: str, status: int) -> None:
    response = client.get(f"/reconcile/preview{query}")
    assert response.status_code == status
    # JSON, not HTML: the bad id named in the detail cannot run as markup.
    assert "QID" in problem(response)["detail"]


# --- errors ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "queries, fragment",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object of queries, not list"),
        ('{"q0": "Serbia"}', "Query 'q0' must be a JSON object, not str"),
        (
            '{"q1": {"limit": 1}}',
            "needs a 'query' string or at least one property",
        ),  # the spec's invalid example
        ('{"q0": {"query": "  "}}', "'query' must be a non-empty string"),
        ('{"q0": {"query": "Serbia", "type": "Unicorn"}}', "unknown type 'Unicorn'"),
        ('{"q0": {"query": "Serbia", "type": [1]}}', "'type' must be a type id"),
        ('{"q0": {"query": "Serbia", "limit": 0}}', "'limit' must be a positive integer, not 0"),
        ('{"q0": {"query": "Serbia", "limit": "5"}}', "'limit' must be a positive integer, not '5'"),
        ('{"q0": {"query": "Serbia", "limit": true}}', "'limit' must be a positive integer"),
        (
            '{"q0": {"query": "Serbia", "properties": [{"pid": "P999", "v": "x"}]}}',
            "property 'P999' is not supported",
        ),
        ('{"q0": {"query": "Serbia", "properties": [{"pid": "P17"}]}}', "needs 'pid' and 'v'"),
        ('{"q0": {"query": "Serbia", "properties": [{"pid": "P17", "v": [[1]]}]}}', "values of P17"),
        ('{"q0": {"query": "Serbia", "properties": {"P17": "x"}}}', "'properties' must be a list"),
        ('{"q0": {"query": "Serbia", "type_strict": "maybe"}}', "type_strict must be one of"),
        ('{"q0": {"query": "Serbia", "props": []}}', "unknown fields: props"),
        (json.dumps({"q0": {"query": "x" * 501}}), "'query' is 501 characters long"),
    ],
)
def test_bad_batches_are_400_problem_json(
    client: FlaskClient, problem: Callable[[Any], Any], queries: str, fragment: str
) -> None:
    for response in (
        client.post("/reconcile", data={"queries": queries}),
        client.get("/reconcile", query_string={"queries": queries}),
    ):
        assert response.status_code == 400, response.get_data(as_text=True)
        assert fragment in problem(response)["detail"]


def test_post_without_queries_is_400(client: FlaskClient, problem: Callable[[Any], Any]) -> None:
    response = client.post("/reconcile", data={"query": "Serbia"})
    assert response.status_code == 400
    assert "'queries'" in problem(response)["detail"]


def test_batch_over_the_announced_size_is_413(client: FlaskClient, problem: Callable[[Any], Any]) -> None:
    size = client.get("/reconcile").get_json()["batchSize"]
    batch = {f"q{i}": {"query": "Serbia"} for i in range(size + 1)}
    response = client.post("/reconcile", data={"queries": json.dumps(batch)})
    assert response.status_code == 413
    assert str(size) in problem(response)["detail"]


def test_an_empty_batch_has_no_results(client: FlaskClient) -> None:
    assert _reconcile(client, {}) == {}


@pytest.mark.parametrize("path", ["/reconcile", "/reconcile/preview"])
def test_other_methods_are_405(client: FlaskClient, problem: Callable[[Any], Any], path: str) -> None:
    response = client.delete(path)
    assert response.status_code == 405
    assert "DELETE" in problem(response)["detail"]
