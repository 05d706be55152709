"""/api/articles: list, read with facts, delete (token), and ingest through the real extractor (token)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, Response
from werkzeug.serving import make_server

from api import create_app
from api.store import close_store
from kg.facts import DEFAULT_BASE_IRI, article_id

# Written for these tests; the QIDs the extractor should give come from ../shared/reference (Q403 Serbia).
NEWS = (
    "BELGRADE, Serbia -- NATO Secretary General Jens Stoltenberg met Serbia's President Aleksandar Vucic "
    "in Belgrade on Tuesday. Serbia does not recognize Kosovo's 2008 declaration of independence."
)


def test_list_newest_first_with_counts(loaded) -> None:
    body = loaded.get("/api/articles").get_json()
    assert body["total"] == 2
    assert [(a["id"], a["published"]) for a in body["items"]] == [
        ("a1a1a1a1a1a1a1a1", "2023-11-21"),
        ("b2b2b2b2b2b2b2b2", "2023-04-05"),
    ]
    first, second = body["items"]
    assert first["counts"] == {"entities": 11, "events": 4, "relations": 5}
    assert second["counts"] == {"entities": 4, "events": 1, "relations": 2}
    assert first["source"] == "https://news.example.org/nato-kosovo" and second["source"] is None


def test_read_one_with_its_facts(loaded) -> None:
    article = loaded.get("/api/articles/b2b2b2b2b2b2b2b2").get_json()
    assert article["title"] == "Finland joins NATO"
    assert article["text"].startswith("Finland joined NATO")
    facts = article["facts"]
    assert [e["label"] for e in facts["entities"]] == [
        "Finland",
        "Kosovo",
        "North Atlantic Treaty Organization",
        "Serbia",
    ]
    assert [e["type"] for e in facts["events"]] == ["Accession"]
    assert sorted(r["type"] for r in facts["relations"]) == ["doesNotRecognize", "memberOf"]
    # Facts of an article carry only that article's evidence.
    assert {e["article_id"] for r in facts["relations"] for e in r["evidence"]} == {"b2b2b2b2b2b2b2b2"}


def test_entities_of_an_article_carry_their_mentions(loaded) -> None:
    facts = loaded.get("/api/articles/a1a1a1a1a1a1a1a1").get_json()["facts"]
    serbia = next(e for e in facts["entities"] if e["wikidata"] == "Q403")
    assert serbia["mentions"] == [{"text": "Serbia", "start": 10, "end": 16}]


def test_unknown_article_is_404(loaded, problem) -> None:
    response = loaded.get("/api/articles/ffffffffffffffff")
    assert response.status_code == 404
    assert "ffffffffffffffff" in problem(response)["detail"]


def test_delete_removes_the_article_and_its_facts(loaded, auth) -> None:
    response = loaded.delete("/api/articles/b2b2b2b2b2b2b2b2", headers=auth)
    assert response.status_code == 204 and response.data == b""
    assert loaded.get("/api/articles/b2b2b2b2b2b2b2b2").status_code == 404
    # Finland was only in that article; Serbia is still in the other one.
    assert loaded.get("/api/entities/Q33").status_code == 404
    assert loaded.get("/api/entities/Q403").status_code == 200
    assert loaded.get("/api/stats").get_json()["articles"] == 1
    assert loaded.delete("/api/articles/b2b2b2b2b2b2b2b2", headers=auth).status_code == 404


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Basic czNjcmV0"},
        {"Authorization": "Bearer "},
    ],
)
def test_writes_need_the_token(loaded, problem, headers: dict[str, str]) -> None:
    deleted = loaded.delete("/api/articles/b2b2b2b2b2b2b2b2", headers=headers)
    posted = loaded.post("/api/articles", json={"text": NEWS}, headers=headers)
    for response in (deleted, posted):
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        problem(response)
    assert loaded.get("/api/articles/b2b2b2b2b2b2b2b2").status_code == 200


@pytest.fixture
def app_without_token(app_config: dict[str, Any]) -> Flask:
    app = create_app({**app_config, "GEOKG_API_TOKEN": None})
    yield app
    close_store(app)


def test_without_a_configured_token_writes_are_refused(app_without_token, auth, problem) -> None:
    client = app_without_token.test_client()
    response = client.post("/api/articles", json={"text": NEWS}, headers=auth)
    assert response.status_code == 403
    assert "GEOKG_API_TOKEN" in problem(response)["detail"]
    assert client.delete("/api/articles/a1a1a1a1a1a1a1a1", headers=auth).status_code == 403
    assert client.get("/api/articles").status_code == 200


@pytest.mark.parametrize(
    "body, field",
    [
        ({"text": ""}, "text"),
        ({"text": "   \n "}, "text"),
        ({}, "text"),
        ({"text": 42}, "text"),
        ({"text": NEWS, "published": "21/11/2023"}, "published"),
        ({"text": NEWS, "published": "2023-02-30"}, "published"),
        ({"text": NEWS, "source": "not a url"}, "source"),
        ({"text": NEWS, "colour": "blue"}, "colour"),
    ],
)
def test_bad_article_bodies_are_422(client, auth, problem, body: dict, field: str) -> None:
    response = client.post("/api/articles", json=body, headers=auth)
    assert response.status_code == 422
    assert field in problem(response)["errors"]["json"]


def test_post_ingests_with_the_real_extractor(client, auth) -> None:
    response = client.post(
        "/api/articles",
        json={"text": NEWS, "title": "Stoltenberg in Belgrade", "published": "2023-11-21"},
        headers=auth,
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    created = response.get_json()
    assert created["id"] == article_id(NEWS)
    assert created["iri"] == f"{DEFAULT_BASE_IRI}article/{article_id(NEWS)}"
    assert response.headers["Location"].endswith(f"/api/articles/{created['id']}")
    assert created["published"] == "2023-11-21"

    article = client.get(response.headers["Location"]).get_json()
    facts = article["facts"]
    assert article["title"] == "Stoltenberg in Belgrade"
    assert created["counts"] == {k: len(facts[k]) for k in ("entities", "events", "relations")}
    assert "Q403" in {e["wikidata"] for e in facts["entities"]}
    listed = client.get("/api/articles").get_json()["items"]
    assert [(a["id"], a["counts"]) for a in listed] == [(created["id"], created["counts"])]

    # The same text again replaces the article's graph rather than adding a second one.
    again = client.post("/api/articles", json={"text": NEWS, "published": "2023-11-21"}, headers=auth)
    assert again.status_code == 201 and again.get_json()["id"] == created["id"]
    assert client.get("/api/stats").get_json()["articles"] == 1


PAGE = """<!doctype html><html><head><title>{title}</title>
<meta property="article:published_time" content="2023-11-21"></head><body><article>
<h1>{title}</h1><p>{text}</p><p>{text}</p></article></body></html>"""
# Written for these tests, like NEWS.
OTHER_NEWS = (
    "HELSINKI -- Finland's President Sauli Niinisto said on Monday that Finland joined NATO in April "
    "after decades of military non-alignment. Russia condemned the accession."
)


def _feed(base: str) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>{base}/{path}</link><pubDate>Tue, 21 Nov 2023 10:00:00 GMT</pubDate></item>"
        for title, path in (("Stoltenberg in Belgrade", "article"), ("Finland in NATO", "other"))
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>World</title>{items}</channel></rss>'


@pytest.fixture(scope="module")
def news_site() -> Iterator[str]:
    """A news site on a real local server: two article pages and an RSS feed of both."""
    site = Flask("news")
    base: dict[str, str] = {}
    site.add_url_rule("/article", "article", lambda: PAGE.format(title="Stoltenberg in Belgrade", text=NEWS))
    site.add_url_rule("/other", "other", lambda: PAGE.format(title="Finland in NATO", text=OTHER_NEWS))
    site.add_url_rule(
        "/feed.xml", "feed", lambda: Response(_feed(base["url"]), mimetype="application/rss+xml")
    )
    server = make_server("127.0.0.1", 0, site, threaded=True)
    base["url"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base["url"]
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture
def private_urls_allowed(app: Flask) -> None:
    # The news site is on loopback; views read the setting from the app's config on every request.
    app.config["GEOKG_ALLOW_PRIVATE_URLS"] = "1"


def test_post_a_url_fetches_and_ingests_the_page(client, auth, news_site, private_urls_allowed) -> None:
    url = f"{news_site}/article"
    response = client.post("/api/articles", json={"url": url}, headers=auth)
    assert response.status_code == 201, response.get_data(as_text=True)
    created = response.get_json()
    assert (created["source"], created["title"]) == (url, "Stoltenberg in Belgrade")
    assert [a["id"] for a in created["articles"]] == [created["id"]]
    article = client.get(created["url"]).get_json()
    assert NEWS[:40] in article["text"]
    assert "Q403" in {e["wikidata"] for e in article["facts"]["entities"]}


def test_post_a_feed_url_ingests_every_item(client, auth, news_site, private_urls_allowed) -> None:
    response = client.post("/api/articles", json={"url": f"{news_site}/feed.xml"}, headers=auth)
    assert response.status_code == 201, response.get_data(as_text=True)
    created = response.get_json()["articles"]
    assert [a["source"] for a in created] == [f"{news_site}/article", f"{news_site}/other"]
    assert [a["published"] for a in created] == ["2023-11-21", "2023-11-21"]
    assert client.get("/api/articles").get_json()["total"] == 2


def test_a_loopback_url_is_refused_by_default(client, auth, news_site, problem) -> None:
    response = client.post("/api/articles", json={"url": f"{news_site}/article"}, headers=auth)
    assert response.status_code == 422
    assert "private or loopback" in problem(response)["detail"]
    assert client.get("/api/articles").get_json()["total"] == 0


def test_a_page_that_is_not_there_is_422(client, auth, news_site, problem, private_urls_allowed) -> None:
    response = client.post("/api/articles", json={"url": f"{news_site}/gone"}, headers=auth)
    assert response.status_code == 422
    assert "404" in problem(response)["detail"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"url": "ftp://example.org/news.txt"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"text": NEWS, "url": "https://example.org/news"}, "url"),
        ({"title": "Only a title"}, "text"),
    ],
)
def test_bad_url_bodies_are_422(client, auth, problem, body: dict, field: str) -> None:
    response = client.post("/api/articles", json=body, headers=auth)
    assert response.status_code == 422
    assert field in problem(response)["errors"]["json"]
