"""`POST /api/preview`: the facts an article would give, with the token, and nothing stored."""

from __future__ import annotations

TEXT = "Serbia does not recognize Kosovo. NATO Secretary General Jens Stoltenberg visited Belgrade on Monday."


def test_preview_extracts_without_storing(loaded, auth) -> None:
    before = loaded.get("/api/articles").get_json()["total"]
    response = loaded.post("/api/preview", json={"text": TEXT, "published": "2023-11-21"}, headers=auth)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["text"] == TEXT
    facts = body["facts"]
    assert facts["article"]["published"] == "2023-11-21"
    qids = {entity["wikidata"] for entity in facts["entities"]}
    assert {"Q403", "Q1246"} <= qids  # Serbia, Kosovo (kg/data/gazetteer.json)
    for entity in facts["entities"]:
        for mention in entity["mentions"]:
            assert TEXT[mention["start"] : mention["end"]] == mention["text"]
    assert any(r["type"] == "doesNotRecognize" for r in facts["relations"])
    assert loaded.get("/api/articles").get_json()["total"] == before


def test_preview_needs_the_token(loaded, problem) -> None:
    response = loaded.post("/api/preview", json={"text": TEXT})
    assert response.status_code == 401
    assert problem(response)["status"] == 401


def test_preview_validates_like_ingest(loaded, auth) -> None:
    assert loaded.post("/api/preview", json={"text": "  "}, headers=auth).status_code == 422
    assert loaded.post("/api/preview", json={}, headers=auth).status_code == 422
