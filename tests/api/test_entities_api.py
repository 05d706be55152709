"""GET /api/entities (search), /api/entities/{id} (card), /api/entities/{id}/events (timeline)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from kg.facts import DEFAULT_BASE_IRI


def _labels(response) -> list[str]:
    return [item["label"] for item in response.get_json()["items"]]


def test_search_ranks_prefix_matches_first(loaded) -> None:
    labels = _labels(loaded.get("/api/entities?q=serb"))
    assert sorted(labels[:2]) == ["Serb demonstrators", "Serbia"]
    assert labels[2:] == ["Kosovo Serbs"]


@pytest.mark.parametrize("q", ["SERB", "Serb", "sErB"])
def test_search_ignores_case(loaded, q: str) -> None:
    assert _labels(loaded.get(f"/api/entities?q={q}")) == _labels(loaded.get("/api/entities?q=serb"))


def test_search_by_type(loaded) -> None:
    response = loaded.get("/api/entities?q=serb&type=State")
    assert [(item["label"], item["wikidata"]) for item in response.get_json()["items"]] == [
        ("Serbia", "Q403")
    ]


def test_search_items_carry_type_and_qid(loaded) -> None:
    items = {item["label"]: item for item in loaded.get("/api/entities?q=kosovo").get_json()["items"]}
    assert items["Kosovo"]["type"] == "PartiallyRecognizedState"
    assert items["Kosovo"]["wikidata"] == "Q1246"
    assert items["northern Kosovo"]["wikidata"] is None
    assert items["northern Kosovo"]["id"] == "place-northern-kosovo"


def test_search_pages_follow_next_links(loaded) -> None:
    first = loaded.get("/api/entities?limit=5")
    body = first.get_json()
    assert body["total"] == 12 and len(body["items"]) == 5
    assert first.headers["Link"] == f'<{body["next"]}>; rel="next"'
    seen = [item["iri"] for item in body["items"]]
    while body["next"]:
        body = loaded.get(body["next"]).get_json()
        seen += [item["iri"] for item in body["items"]]
    assert len(seen) == len(set(seen)) == 12


@pytest.mark.parametrize("q", ["zzz", '"} } DROP ALL ; #', "\\", "q"])
def test_search_without_match_or_with_odd_characters_is_empty(loaded, q: str) -> None:
    response = loaded.get(f"/api/entities?q={quote(q)}")
    assert response.status_code == 200
    assert response.get_json()["items"] == [] and response.get_json()["total"] == 0


@pytest.mark.parametrize("q", ["serb\u0000", "  SERB ", "serb\t"])
def test_search_ignores_control_characters_and_spaces(loaded, q: str) -> None:
    assert _labels(loaded.get(f"/api/entities?q={quote(q)}")) == _labels(loaded.get("/api/entities?q=serb"))


@pytest.mark.parametrize(
    "q, first, match",
    [
        ("Serbia", "Serbia", "exact"),
        ("vucic", "Aleksandar Vučić", "word"),
        ("VUČIĆ", "Aleksandar Vučić", "word"),
        ("stoltenburg", "Jens Stoltenberg", "fuzzy"),
        ("finlnd", "Finland", "fuzzy"),
        ("kosvo", "Kosovo", "fuzzy"),
        ("atlantic", "North Atlantic Treaty Organization", "word"),
        ("treaty org", "North Atlantic Treaty Organization", "substring"),
    ],
)
def test_search_finds_names_without_accents_and_near_spellings(
    loaded, q: str, first: str, match: str
) -> None:
    items = loaded.get(f"/api/entities?q={quote(q)}").get_json()["items"]
    assert (items[0]["label"], items[0]["match"]) == (first, match)
    assert 0 < items[0]["score"] <= 100


def test_search_ranks_exact_then_prefix_then_word_then_fuzzy(loaded) -> None:
    items = loaded.get("/api/entities?q=kosovo").get_json()["items"]
    assert [(item["label"], item["match"]) for item in items] == [
        ("Kosovo", "exact"),
        ("Kosovo Serbs", "prefix"),
        ("northern Kosovo", "word"),
    ]


def test_search_of_a_short_query_has_no_fuzzy_matches(loaded) -> None:
    assert {item["match"] for item in loaded.get("/api/entities?q=ru").get_json()["items"]} <= {
        "prefix",
        "word",
        "substring",
    }


def test_without_q_every_entity_comes_in_name_order(loaded) -> None:
    items = loaded.get("/api/entities?limit=50").get_json()["items"]
    assert len(items) == 12 and {item["match"] for item in items} == {None}
    assert [item["label"].casefold() for item in items] == sorted(item["label"].casefold() for item in items)


def test_card_of_serbia(loaded) -> None:
    card = loaded.get("/api/entities/Q403").get_json()
    assert (card["label"], card["type"], card["wikidata"]) == ("Serbia", "State", "Q403")
    assert card["wikidata_url"] == "https://www.wikidata.org/wiki/Q403"
    relations = {(r["type"], r["subject"]["id"], r["object"]["id"]): r for r in card["relations"]}
    assert set(relations) == {
        ("doesNotRecognize", "Q403", "Q1246"),
        ("friendlyRelationsWith", "Q403", "Q159"),
        ("hasPolicy", "Q403", "policy-military-neutrality"),
        ("holdsPosition", "Q222031", "Q403"),
    }
    # Two articles state the non-recognition: both sources stay.
    non_recognition = relations[("doesNotRecognize", "Q403", "Q1246")]
    assert [e["article_id"] for e in non_recognition["evidence"]] == ["a1a1a1a1a1a1a1a1", "b2b2b2b2b2b2b2b2"]
    assert non_recognition["confidence"] == 0.9
    assert card["events"] == []


def test_card_of_a_person_lists_posts(loaded) -> None:
    card = loaded.get("/api/entities/Q57665").get_json()
    assert [(p["organization"]["label"], p["role"]) for p in card["posts"]] == [
        ("North Atlantic Treaty Organization", "Secretary General")
    ]
    assert "Stoltenberg" in card["posts"][0]["evidence"][0]["text"]
    assert [(e["type"], e["date"], e["roles"]) for e in card["events"]] == [
        ("Condemnation", "2023-11-21", ["actor"])
    ]


def test_card_of_an_alliance_lists_members_and_memberships(loaded) -> None:
    nato = loaded.get("/api/entities/Q7184").get_json()
    assert [member["label"] for member in nato["members"]] == ["Finland"]
    finland = loaded.get("/api/entities/Q33").get_json()
    assert [(m["organization"]["id"], m["since"]) for m in finland["memberships"]] == [
        ("Q7184", "2023-04-04")
    ]


def test_card_by_slug_has_a_dated_timeline(loaded) -> None:
    card = loaded.get("/api/entities/place-northern-kosovo").get_json()
    assert card["wikidata"] is None and card["wikidata_url"] is None
    assert [(e["type"], e["date"], e["roles"]) for e in card["events"]] == [
        ("Clash", "2023-05", ["place"]),
        ("Attack", "2023-09", ["place"]),
    ]


def test_entity_events_sorted_by_date_undated_last(loaded) -> None:
    body = loaded.get("/api/entities/Q7184/events").get_json()
    assert body["entity"]["label"] == "North Atlantic Treaty Organization"
    assert [(e["type"], e["date"], e["roles"]) for e in body["items"]] == [
        ("Accession", "2023-04-04", ["target"]),
        ("Clash", "2023-05", ["target"]),
        ("Deployment", None, ["actor"]),
    ]
    assert body["total"] == 3


def test_entity_events_paginate(loaded) -> None:
    body = loaded.get("/api/entities/Q7184/events?limit=2&offset=1").get_json()
    assert [e["type"] for e in body["items"]] == ["Clash", "Deployment"]
    assert body["next"] is None


@pytest.mark.parametrize("entity_id", ["Q999999", "state-atlantis", "Q403x"])
@pytest.mark.parametrize("suffix", ["", "/events"])
def test_unknown_entity_is_404(loaded, problem, entity_id: str, suffix: str) -> None:
    response = loaded.get(f"/api/entities/{entity_id}{suffix}")
    assert response.status_code == 404
    assert entity_id in problem(response)["detail"]


def test_only_entities_have_cards(loaded, problem) -> None:
    # An article id is a valid slug, but the article is not an entity.
    response = loaded.get("/api/entities/a1a1a1a1a1a1a1a1")
    assert response.status_code == 404
    problem(response)
    assert loaded.get(f"/api/entities/{quote(DEFAULT_BASE_IRI, safe='')}").status_code == 404
