"""POSTed articles are extracted in worker processes: a bounded backlog (503 + Retry-After when full), a time
budget (413, and the worker restarted), and the request thread never running spaCy itself."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from api import create_app
from api.store import close_store

# Written for these tests: a paragraph that names states and leaders, repeated to make extraction take seconds.
PARAGRAPH = (
    "BELGRADE -- Serbia's President Aleksandar Vucic met NATO Secretary General Jens Stoltenberg in Brussels on "
    "Tuesday, a day after Kosovo police clashed with protesters in the north. Serbia does not recognize "
    "Kosovo's 2008 declaration of independence.\n\n"
)


TOKEN = "pool-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _app(tmp_path: Path, config: dict[str, Any], **settings: str) -> Flask:
    return create_app({**config, "GEOKG_STORE": str(tmp_path / "store"), **settings})


@pytest.fixture
def embedded_config() -> dict[str, Any]:
    """The pool is the same for both stores: the embedded one suffices."""
    return {"TESTING": True, "GEOKG_API_TOKEN": TOKEN, "GEOKG_WIKIDATA_ONLINE": None}


def test_extraction_runs_in_a_worker_process(tmp_path, embedded_config) -> None:
    app = _app(tmp_path, embedded_config)
    seen: list[set[str]] = []
    posted = threading.Event()

    def watch() -> None:
        # The worker is a child of the server process, alive while the article is extracted.
        while not posted.is_set():
            seen.append({child.name for child in multiprocessing.active_children()})
            posted.wait(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        response = app.test_client().post("/api/articles", json={"text": PARAGRAPH * 3}, headers=AUTH)
    finally:
        posted.set()
        watcher.join()
        close_store(app)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["counts"]["entities"] >= 4
    assert any(names for names in seen), "no worker process was alive during the POST"


def test_a_full_backlog_is_503_with_retry_after(tmp_path, embedded_config, problem) -> None:
    app = _app(tmp_path, embedded_config, GEOKG_EXTRACT_WORKERS="1", GEOKG_EXTRACT_BACKLOG="0")
    client = app.test_client()
    client.post("/api/preview", json={"text": PARAGRAPH}, headers=AUTH)  # starts the worker
    long_post: dict[str, Any] = {}

    def post_long() -> None:
        long_post["response"] = app.test_client().post(
            "/api/articles", json={"text": PARAGRAPH * 300}, headers=AUTH
        )

    writer = threading.Thread(target=post_long)
    writer.start()
    try:
        # The long article is admitted within milliseconds and takes seconds in the worker (300 paragraphs: the
        # extractor got fast enough that 60 were done within the second this test used to wait).
        writer.join(timeout=0.3)
        refused = client.post("/api/preview", json={"text": PARAGRAPH}, headers=AUTH)
    finally:
        writer.join()
        close_store(app)
    assert long_post["response"].status_code == 201
    assert problem(refused)["status"] == 503
    assert int(refused.headers["Retry-After"]) >= 1


def test_an_article_over_the_time_budget_is_413_and_the_next_one_works(
    tmp_path, embedded_config, problem
) -> None:
    app = _app(tmp_path, embedded_config, GEOKG_EXTRACT_TIMEOUT_S="0.01")
    client = app.test_client()
    try:
        slow = client.post("/api/articles", json={"text": PARAGRAPH * 200}, headers=AUTH)
        assert "GEOKG_EXTRACT_TIMEOUT_S" in problem(slow)["detail"]
        assert slow.status_code == 413
        # Nothing half-stored: the article is absent.
        assert client.get("/api/articles").get_json()["total"] == 0
    finally:
        close_store(app)
    app = _app(tmp_path, embedded_config)
    try:
        assert (
            app.test_client().post("/api/articles", json={"text": PARAGRAPH}, headers=AUTH).status_code == 201
        )
    finally:
        close_store(app)


@pytest.mark.parametrize(
    "name, value",
    [("GEOKG_EXTRACT_WORKERS", "0"), ("GEOKG_EXTRACT_BACKLOG", "-1"), ("GEOKG_EXTRACT_TIMEOUT_S", "soon")],
)
def test_bad_pool_settings_are_refused_at_start(tmp_path, embedded_config, name: str, value: str) -> None:
    with pytest.raises(ValueError, match=name):
        _app(tmp_path, embedded_config, **{name: value})


@pytest.mark.parametrize("route", ["/api/articles", "/api/preview"])
def test_a_text_over_the_cap_is_413(tmp_path, embedded_config, problem, route: str) -> None:
    app = _app(tmp_path, embedded_config, GEOKG_MAX_TEXT_CHARS="1000")
    try:
        response = app.test_client().post(route, json={"text": PARAGRAPH * 5}, headers=AUTH)
        assert response.status_code == 413
        assert "GEOKG_MAX_TEXT_CHARS" in problem(response)["detail"]
        assert app.test_client().get("/api/articles").get_json()["total"] == 0
    finally:
        close_store(app)
