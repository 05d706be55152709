"""/health, /api/stats, /api/wikidata/{qid}, /openapi.json and /docs."""

from __future__ import annotations

import re
import time

import pytest

from api.store import get_store


def test_health_names_the_backend_and_counts(app, loaded, backend: str) -> None:
    body = loaded.get("/health").get_json()
    with app.app_context():
        count = get_store().count()
    # /health names the kind of store, not the server: Virtuoso is a remote store like any other.
    kind = "embedded" if backend == "embedded" else "remote"
    assert body == {"status": "ok", "store": kind, "triples": count}
    assert count > 100


def test_health_counts_again_after_a_write(app, loaded, auth, backend: str) -> None:
    before = loaded.get("/health").get_json()["triples"]
    assert loaded.delete("/api/articles/b2b2b2b2b2b2b2b2", headers=auth).status_code == 204
    with app.app_context():
        count = get_store().count()
    assert count < before
    # Recounted in the background (a remote store once its count is REMOTE_COUNT_TTL_S old): the last count
    # meanwhile, never a wait.
    deadline = time.monotonic() + 60
    while (answered := loaded.get("/health").get_json()["triples"]) != count and time.monotonic() < deadline:
        assert answered in (before, count)
        time.sleep(0.2)
    assert answered == count


def test_health_of_an_empty_store(client) -> None:
    assert client.get("/health").get_json()["triples"] == 0


def test_stats(loaded) -> None:
    stats = loaded.get("/api/stats").get_json()
    assert {k: stats[k] for k in ("articles", "entities", "events", "relations")} == {
        "articles": 2,
        "entities": 12,
        "events": 5,
        "relations": 7,
    }
    assert stats["triples"] == loaded.get("/health").get_json()["triples"]


def test_wikidata_lookup_gives_the_entity_card(loaded) -> None:
    card = loaded.get("/api/wikidata/Q403").get_json()
    assert card == loaded.get("/api/entities/Q403").get_json()
    assert card["label"] == "Serbia"


def test_wikidata_unknown_qid_is_404(loaded, problem) -> None:
    response = loaded.get("/api/wikidata/Q999999")
    assert response.status_code == 404
    assert problem(response)["detail"] == "No entity with QID Q999999"


@pytest.mark.parametrize("qid", ["403", "q403", "Qabc", "Q0", "Q403-x"])
def test_wikidata_not_a_qid_is_400(loaded, problem, qid: str) -> None:
    response = loaded.get(f"/api/wikidata/{qid}")
    assert response.status_code == 400
    assert qid in problem(response)["detail"]


def test_openapi_document(client) -> None:
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    assert {
        "/health",
        "/sparql",
        "/api/stats",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/entities/{entity_id}/events",
        "/api/events",
        "/api/events/{event_id}",
        "/api/relations",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/wikidata/{qid}",
    } <= set(spec["paths"])
    parameters = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"type", "actor", "place", "from", "to", "limit", "offset"} <= parameters
    # Errors are documented as what they are.
    assert set(spec["components"]["responses"]["NOT_FOUND"]["content"]) == {"application/problem+json"}
    assert spec["paths"]["/api/articles"]["post"]["security"] == [{"bearerAuth": []}]


def test_docs_page(client) -> None:
    response = client.get("/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "openapi.json" in response.get_data(as_text=True)


def test_docs_work_offline(client) -> None:
    page = client.get("/docs").get_data(as_text=True)
    # Nothing is loaded from elsewhere: no script or stylesheet by URL, no CDN.
    assert re.findall(r"<(?:script|link)[^>]*(?:src|href)=", page) == []
    assert "cdn" not in page.lower() and "//" not in re.sub(r"<script>.*?</script>", "", page, flags=re.S)
    assert 'fetch("openapi.json")' in page


def test_the_reconcile_manifest_still_links_the_docs(client) -> None:
    manifest = client.get("/reconcile").get_json()
    assert manifest["documentation"] == "http://localhost/docs"
