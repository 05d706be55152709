"""The REST routes' answers kept until the next write (api/rest_cache.py), and timeline pages read day by day."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from flask import Flask

from api.rest_cache import query_cache
from kg.graph.store import EmbeddedStore


def test_a_card_read_before_a_delete_shows_the_delete(loaded, auth) -> None:
    before = loaded.get("/api/entities/Q7184").get_json()
    assert loaded.get("/api/entities/Q7184").get_json() == before
    assert loaded.delete("/api/articles/b2b2b2b2b2b2b2b2", headers=auth).status_code == 204
    after = loaded.get("/api/entities/Q7184").get_json()
    articles = {e["article_id"] for event in after["events"] for e in event["evidence"]}
    assert "b2b2b2b2b2b2b2b2" not in articles
    assert after["events_total"] < before["events_total"]


@pytest.mark.parametrize("limit", [1, 2])
def test_timeline_pages_put_together_are_the_whole_timeline(loaded, limit: int) -> None:
    whole = loaded.get("/api/entities/Q7184/events?limit=100").get_json()
    assert whole["total"] == len(whole["items"]) >= 3
    pages = [
        loaded.get(f"/api/entities/Q7184/events?limit={limit}&offset={offset}").get_json()
        for offset in range(0, whole["total"], limit)
    ]
    assert {page["total"] for page in pages} == {whole["total"]}
    assert [e["id"] for page in pages for e in page["items"]] == [e["id"] for e in whole["items"]]
    beyond = loaded.get(f"/api/entities/Q7184/events?limit={limit}&offset={whole['total']}").get_json()
    assert beyond["items"] == [] and beyond["total"] == whole["total"]


@pytest.fixture
def embedded(tmp_path: Path) -> EmbeddedStore:
    return EmbeddedStore(ox.Store(str(tmp_path / "store")))


def test_askers_at_the_same_time_share_one_read(embedded: EmbeddedStore) -> None:
    cache, reads, answers = query_cache(), [], []

    def read() -> list[dict[str, object]]:
        reads.append(1)
        time.sleep(0.2)  # long enough for every thread to ask while it runs
        return [{"n": 1}]

    def ask() -> None:
        answers.append(cache.get(embedded, "SELECT 1", read))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reads) == 1
    assert answers == [[{"n": 1}]] * 8
    answers[0][0]["n"] = 2  # each asker has its own rows
    assert cache.get(embedded, "SELECT 1", read) == [{"n": 1}] and len(reads) == 1


def test_a_write_makes_the_next_ask_read_again(embedded: EmbeddedStore) -> None:
    cache, reads = query_cache(), []

    def read() -> list[dict[str, object]]:
        reads.append(1)
        return [{"n": len(reads)}]

    assert cache.get(embedded, "q", read) == [{"n": 1}]
    assert cache.get(embedded, "q", read) == [{"n": 1}]
    embedded.update("INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> <urn:o> } }")
    assert cache.get(embedded, "q", read) == [{"n": 2}]


def test_a_failed_read_reaches_its_askers_and_is_not_kept(embedded: EmbeddedStore) -> None:
    cache = query_cache()

    def fail() -> list[dict[str, object]]:
        raise TimeoutError("too long")

    with pytest.raises(TimeoutError):
        cache.get(embedded, "q", fail)
    assert cache.get(embedded, "q", lambda: [{"n": 3}]) == [{"n": 3}]


def test_answers_over_the_row_budget_go_least_recently_used_first(embedded: EmbeddedStore) -> None:
    cache, reads = query_cache(max_rows=4), []

    def read(n: int) -> list[dict[str, object]]:
        reads.append(n)
        return [{"i": i} for i in range(n)]

    cache.get(embedded, "two", lambda: read(2))
    cache.get(embedded, "one", lambda: read(1))
    cache.get(embedded, "two", lambda: read(2))  # kept: used again, so "one" is now the oldest
    cache.get(embedded, "three", lambda: read(3))  # 6 rows > 4: "one", then "two" go
    cache.get(embedded, "three", lambda: read(3))
    cache.get(embedded, "two", lambda: read(2))
    assert reads == [2, 1, 3, 2]


def test_search_reads_every_label_past_the_row_cap(app, app_config, loaded) -> None:
    from api import create_app
    from api.store import close_store

    cap = 5  # rows of one query; the search reads more labels than that, a page of one entity fewer rows
    everything = loaded.get("/api/entities?limit=100").get_json()
    assert everything["total"] > 2 * cap
    close_store(app)  # the same store, opened by an app with the small row cap
    small = create_app({**app_config, "GEOKG_MAX_ROWS": cap})
    try:
        client = small.test_client()
        pages = [client.get(f"/api/entities?limit=1&offset={n}") for n in range(everything["total"])]
    finally:
        close_store(small)
    assert {page.status_code for page in pages} == {200}
    assert {page.get_json()["total"] for page in pages} == {everything["total"]}
    assert [page.get_json()["items"][0]["id"] for page in pages] == [e["id"] for e in everything["items"]]


def _write_window(app: Flask) -> tuple[EmbeddedStore, Any]:
    """The app's store and the window of a write request on it, as `api.store_snapshots` opens one."""
    from api.rest_cache import rewarm_answers
    from api.store import get_store
    from api.store_snapshots import snapshot_root, snapshots_of

    with app.app_context():
        store = get_store()
    assert isinstance(store, EmbeddedStore)
    snapshots = snapshots_of(store, snapshot_root(app.config["GEOKG_STORE"]))
    return store, snapshots.writing(
        store, before_publish=lambda snapshot: rewarm_answers(app, store, snapshot)
    )


# Snapshots and write windows are the embedded store's (a remote store's answers are never kept).
@pytest.mark.parametrize("backend", ["embedded"])
def test_an_answer_read_while_a_write_is_under_way_is_not_kept_for_after_it(app: Flask, loaded) -> None:
    from kg.sources.ingest import delete_article

    client = loaded
    before = client.get("/api/articles").get_json()["total"]
    store, window = _write_window(app)
    with window:
        assert delete_article(store, "b2b2b2b2b2b2b2b2")
        # Not acknowledged yet: the readers still see the article, and that answer is the snapshot's before it.
        assert client.get("/api/articles").get_json()["total"] == before
    after = client.get("/api/articles").get_json()
    assert after["total"] == before - 1
    assert "b2b2b2b2b2b2b2b2" not in {item["id"] for item in after["items"]}


@pytest.mark.parametrize("backend", ["embedded"])
def test_a_write_makes_the_most_asked_answers_before_it_is_acknowledged(app: Flask, loaded) -> None:
    from api.rest_cache import _caches_of
    from kg.sources.ingest import delete_article

    client = loaded
    asked, once = "/api/entities/Q7184", "/api/entities?q=ukr"
    for path in (asked, asked, once):
        assert client.get(path).status_code == 200
    store, window = _write_window(app)
    with window:
        assert delete_article(store, "b2b2b2b2b2b2b2b2")
    answers = _caches_of(store).answers

    def not_made(path: str) -> Any:
        def read() -> Any:
            raise LookupError(f"{path} was not made by the write")

        return read

    # The card asked twice was made at the new generation (with the delete), the search asked once was not.
    status, _, body = answers.get(store, "/api/entities/Q7184?", not_made(asked), generation=store.generation)
    articles = {e["article_id"] for event in json.loads(body)["events"] for e in event["evidence"]}
    assert status == 200 and "b2b2b2b2b2b2b2b2" not in articles
    with pytest.raises(LookupError):
        answers.get(store, "/api/entities?q=ukr", not_made(once), generation=store.generation)
    assert client.get(asked).get_data() == body
