"""GET /api/relations?subject=&object=&type=."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from kg.facts import DEFAULT_BASE_IRI


def _relations(client, **args: str) -> list[dict]:
    response = client.get("/api/relations?" + urlencode(args))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["items"]


def _keys(relations: list[dict]) -> list[tuple[str, str, str]]:
    return [(r["type"], r["subject"]["id"], r["object"]["id"]) for r in relations]


def test_by_type_groups_the_sources(loaded) -> None:
    [relation] = _relations(loaded, type="doesNotRecognize")
    assert _keys([relation]) == [("doesNotRecognize", "Q403", "Q1246")]
    assert len(relation["statements"]) == 2
    assert {e["article_id"] for e in relation["evidence"]} == {"a1a1a1a1a1a1a1a1", "b2b2b2b2b2b2b2b2"}


@pytest.mark.parametrize("subject", ["Q33", f"{DEFAULT_BASE_IRI}entity/Q33"])
def test_by_subject(loaded, subject: str) -> None:
    [membership] = _relations(loaded, subject=subject)
    assert _keys([membership]) == [("memberOf", "Q33", "Q7184")]
    assert (membership["since"], membership["until"]) == ("2023-04-04", None)


def test_by_object(loaded) -> None:
    assert sorted(_keys(_relations(loaded, object="Q7184"))) == [
        ("holdsPosition", "Q57665", "Q7184"),
        ("memberOf", "Q33", "Q7184"),
    ]


def test_by_subject_object_and_type(loaded) -> None:
    relations = _relations(loaded, subject="Q57665", object="Q7184", type="holdsPosition")
    assert [(r["role"], r["confidence"]) for r in relations] == [("Secretary General", 0.95)]
    assert _relations(loaded, subject="Q57665", type="memberOf") == []


def test_all_relations_page(loaded) -> None:
    body = loaded.get("/api/relations?limit=4").get_json()
    assert body["total"] == 6 and len(body["items"]) == 4
    rest = loaded.get(body["next"]).get_json()
    assert len(rest["items"]) == 2 and rest["next"] is None


@pytest.mark.parametrize(
    "args, field",
    [({"type": "hates"}, "type"), ({"subject": "<bad>"}, "subject"), ({"object": "a b"}, "object")],
)
def test_bad_arguments_are_422(loaded, problem, args: dict[str, str], field: str) -> None:
    response = loaded.get("/api/relations?" + urlencode(args))
    assert response.status_code == 422
    assert field in problem(response)["errors"]["query"]
