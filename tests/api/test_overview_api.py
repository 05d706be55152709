"""`/api/overview/countries` and `/api/overview/months`: what the page's map and charts draw."""

from __future__ import annotations

from kg.facts import DEFAULT_BASE_IRI

SERBIA = "Q403"


def test_events_per_month_by_class_with_casualties(loaded) -> None:
    body = loaded.get("/api/overview/months").get_json()
    assert body["months"] == [f"2023-{month:02d}" for month in range(4, 12)]
    by_type = {series["type"]: series["counts"] for series in body["series"]}
    assert set(by_type) == {"Accession", "Clash", "Attack", "Condemnation"}
    assert by_type["Clash"] == [0, 1, 0, 0, 0, 0, 0, 0]
    assert body["injured"][1] == 93 and body["killed"][5] == 4
    assert body["undated"] == 1  # the Deployment


def test_months_follow_the_filters(loaded) -> None:
    body = loaded.get("/api/overview/months?type=Attack").get_json()
    assert body["months"] == ["2023-09"]
    assert body["series"] == [{"type": "Attack", "counts": [1]}]
    empty = loaded.get("/api/overview/months?from=2030").get_json()
    assert empty == {"months": [], "series": [], "killed": [], "injured": [], "undated": 0}


def test_events_by_country(loaded) -> None:
    body = loaded.get("/api/overview/countries").get_json()
    events = loaded.get("/api/events?limit=100").get_json()
    assert body["total"] == events["total"]
    assert sum(item["count"] for item in body["items"]) + body["unplaced"] >= body["total"]
    # The condemnation happens in Belgrade (Q3711, a city of Serbia), the deployment in Kosovo (Q1246); northern
    # Kosovo, a place without a QID, is in no known country.
    countries = {item["qid"]: item for item in body["items"]}
    assert set(countries) == {SERBIA, "Q1246"}
    assert countries[SERBIA]["atlas_name"] == "Serbia" and countries["Q1246"]["atlas_name"] == "Kosovo"
    assert [e["type"] for e in countries[SERBIA]["events"]] == ["Condemnation"]
    assert body["unplaced"] == 3


def test_involving_narrows_to_an_entity(loaded) -> None:
    involving = loaded.get(f"/api/overview/months?involving={SERBIA}").get_json()
    timeline = loaded.get(f"/api/entities/{SERBIA}").get_json()["events"]
    dated = [e for e in timeline if e["date"] and len(e["date"]) >= 7]
    assert sum(sum(series["counts"]) for series in involving["series"]) == len(dated)
    iri = f"{DEFAULT_BASE_IRI}entity/{SERBIA}"
    assert loaded.get(f"/api/overview/countries?involving={iri}").status_code == 200


def test_bad_filters_are_problems(loaded, problem) -> None:
    response = loaded.get("/api/overview/months?involving=<bad>")
    assert response.status_code == 422
    assert "involving" in problem(response)["detail"]


def test_places_with_coordinates_are_points(app) -> None:
    """Cities with coordinates in the reference data (kg/data/reference/places_ne.csv) become map points."""
    from api.overview import _points, place_coordinates
    from kg.gazetteer import load_gazetteer

    coordinates = place_coordinates()
    assert coordinates["Q56064"] == (-34.48, -57.84)  # Colonia del Sacramento, the file's first row
    event = {"id": "e1", "type": "Protest", "date": "2023-05", "places": {f"{DEFAULT_BASE_IRI}entity/Q56064"}}
    with app.app_context():
        (point,) = _points([event], load_gazetteer())
    assert (point["qid"], point["lat"], point["lon"], point["count"]) == ("Q56064", -34.48, -57.84, 1)
    assert point["events"] == [event]
