"""GET /api/events (filters, date ranges of any precision) and /api/events/{id}."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from kg.facts import DEFAULT_BASE_IRI

ALL_IN_ORDER = ["Accession", "Clash", "Attack", "Condemnation", "Deployment"]


def _types(client, **args: str) -> list[str]:
    response = client.get("/api/events?" + urlencode(args))
    assert response.status_code == 200, response.get_data(as_text=True)
    return [event["type"] for event in response.get_json()["items"]]


def test_all_events_by_date_undated_last(loaded) -> None:
    body = loaded.get("/api/events").get_json()
    assert [e["type"] for e in body["items"]] == ALL_IN_ORDER
    assert body["total"] == 5
    assert [e["date"] for e in body["items"]] == ["2023-04-04", "2023-05", "2023-09", "2023-11-21", None]


def test_filter_by_type(loaded) -> None:
    assert _types(loaded, type="Clash") == ["Clash"]


@pytest.mark.parametrize("actor", ["Q57665", f"{DEFAULT_BASE_IRI}entity/Q57665"])
def test_filter_by_actor_qid_or_iri(loaded, actor: str) -> None:
    assert _types(loaded, actor=actor) == ["Condemnation"]


@pytest.mark.parametrize(
    "place", ["place-northern-kosovo", f"{DEFAULT_BASE_IRI}entity/place-northern-kosovo"]
)
def test_filter_by_place(loaded, place: str) -> None:
    assert _types(loaded, place=place) == ["Clash", "Attack"]


def test_filters_combine(loaded) -> None:
    assert _types(loaded, place="place-northern-kosovo", type="Attack") == ["Attack"]
    assert _types(loaded, actor="Q57665", type="Clash") == []


@pytest.mark.parametrize(
    "args, expected",
    [
        # A month overlaps a range that starts inside it.
        ({"from": "2023-05-15"}, ["Clash", "Attack", "Condemnation"]),
        ({"from": "2023-06", "to": "2023-10"}, ["Attack"]),
        ({"to": "2023-04"}, ["Accession"]),
        ({"to": "2023-04-03"}, []),
        ({"from": "2023", "to": "2023"}, ["Accession", "Clash", "Attack", "Condemnation"]),
        ({"from": "2023-05-31", "to": "2023-05-31"}, ["Clash"]),
        ({"from": "2023-11-21"}, ["Condemnation"]),
        ({"from": "2023-11-22"}, []),
        ({"from": "2024"}, []),
    ],
)
def test_date_ranges_compare_any_precision(loaded, args: dict[str, str], expected: list[str]) -> None:
    assert _types(loaded, **args) == expected


def test_pages(loaded) -> None:
    first = loaded.get("/api/events?limit=2").get_json()
    second = loaded.get(first["next"]).get_json()
    third = loaded.get(second["next"]).get_json()
    assert [e["type"] for e in first["items"] + second["items"] + third["items"]] == ALL_IN_ORDER
    assert third["next"] is None


def test_event_detail(loaded) -> None:
    event = loaded.get("/api/events/a77ac4a77ac4a77a").get_json()
    assert (event["type"], event["plover"], event["mode"], event["date"]) == (
        "Attack",
        "ASSAULT",
        "firearms",
        "2023-09",
    )
    assert (event["killed"], event["injured"], event["status"], event["confidence"]) == (
        4,
        None,
        "asserted",
        0.7,
    )
    assert event["casualties"] == [
        {"kind": "killed", "group": "gunmen", "count": 3},
        {"kind": "killed", "group": "police", "count": 1},
    ]
    assert [p["label"] for p in event["places"]] == ["northern Kosovo"]
    [evidence] = event["evidence"]
    assert evidence["article"] == f"{DEFAULT_BASE_IRI}article/a1a1a1a1a1a1a1a1"
    assert (evidence["start"], evidence["end"]) == (300, 380)
    assert "shootout" in evidence["text"]


def test_event_detail_labels_participants(loaded) -> None:
    event = loaded.get("/api/events/c1a5c1a5c1a5c1a5").get_json()
    assert [a["label"] for a in event["actors"]] == ["Serb demonstrators"]
    assert [(t["label"], t["wikidata"]) for t in event["targets"]] == [
        ("North Atlantic Treaty Organization", "Q7184")
    ]
    assert event["injured"] == 93 and event["killed"] is None


@pytest.mark.parametrize("event_id", ["0000000000000000", "not-an-event", "c1a5c1a5c1a5c1a5x"])
def test_unknown_event_is_404(loaded, problem, event_id: str) -> None:
    response = loaded.get(f"/api/events/{event_id}")
    assert response.status_code == 404
    assert event_id in problem(response)["detail"]


@pytest.mark.parametrize(
    "args, field",
    [
        ({"type": "Picnic"}, "type"),
        ({"from": "2023-13"}, "from"),
        ({"to": "May 2023"}, "to"),
        ({"from": "2023-02-30"}, "from"),
        ({"from": "2024", "to": "2023"}, "from"),
        ({"actor": "not an iri <>"}, "actor"),
        ({"limit": "many"}, "limit"),
    ],
)
def test_bad_arguments_are_422(loaded, problem, args: dict[str, str], field: str) -> None:
    response = loaded.get("/api/events?" + urlencode(args))
    assert response.status_code == 422
    body = problem(response)
    assert field in body["errors"]["query"]
    assert field in body["detail"]
