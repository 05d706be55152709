"""Ingest from files, JSONL, URLs and RSS feeds, served by a real local HTTP server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, Response
from werkzeug.serving import make_server

from kg.graph.store import EmbeddedStore, open_store
from kg.sources.ingest import IngestError, ingest_many, ingest_text, read_inputs

ARTICLE_HTML = """<!doctype html><html><head><title>Serbia and Kosovo resume talks</title>
<meta property="article:published_time" content="2024-02-06"></head><body><article>
<h1>Serbia and Kosovo resume talks</h1>
<p>BRUSSELS -- Negotiators from Serbia and Kosovo met in Brussels on Monday for the first time in months,
the European Union said, and agreed to meet again in March.</p>
<p>The European Union urged both sides to implement the agreements they had already signed and to refrain
from steps that could raise tensions in northern Kosovo, where clashes injured dozens of people last year.</p>
</article></body></html>"""


def _feed(base: str) -> str:
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>World</title>
<item><title>Serbia and Kosovo resume talks</title><link>{base}/article</link>
<pubDate>Tue, 06 Feb 2024 10:00:00 GMT</pubDate></item></channel></rss>"""


@pytest.fixture(scope="module")
def news_server() -> Iterator[str]:
    app = Flask("news")
    base: dict[str, str] = {}

    @app.get("/article")
    def article() -> Response:
        return Response(ARTICLE_HTML, mimetype="text/html")

    @app.get("/feed.xml")
    def feed() -> Response:
        return Response(_feed(base["url"]), mimetype="application/rss+xml")

    server = make_server("127.0.0.1", 0, app, threaded=True)
    base["url"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base["url"]
    server.shutdown()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    opened = open_store(str(tmp_path / "store"))
    assert isinstance(opened, EmbeddedStore)
    yield opened
    opened.close()


def test_loopback_urls_are_refused_by_default(news_server: str) -> None:
    with pytest.raises(IngestError, match="private or loopback"):
        list(read_inputs(f"{news_server}/article"))


def test_url_schemes_are_case_insensitive(news_server: str) -> None:
    """ "HTTP://..." is a URL (RFC 3986), not a file name: it meets the URL checks and is fetched."""
    upper = news_server.replace("http://", "HTTP://", 1)
    with pytest.raises(IngestError, match="private or loopback"):
        list(read_inputs(f"{upper}/article"))
    (item,) = list(read_inputs(f"{upper}/article", allow_private_urls=True))
    assert "Negotiators from Serbia and Kosovo" in item.text


@pytest.mark.parametrize(
    "text, title, words",
    [
        ("Serbia \ud800 said.", None, "lone surrogate at character 7"),
        ("Serbia said.", "Belgrade \udfff", "title: not valid Unicode"),
        ("   ", None, "the text is empty"),
    ],
)
def test_text_that_cannot_be_stored_is_bad_input(
    store: EmbeddedStore, text: str, title: str | None, words: str
) -> None:
    with pytest.raises(IngestError, match=words):
        ingest_text(store, text, title=title)
    assert store.graphs() == []


def test_article_url(news_server: str, store: EmbeddedStore) -> None:
    (item,) = list(read_inputs(f"{news_server}/article", allow_private_urls=True))
    assert "Negotiators from Serbia and Kosovo" in item.text
    assert item.source == f"{news_server}/article"
    (facts,) = ingest_many(store, [item])
    assert {"Q403", "Q1246", "Q458"} <= {e.wikidata for e in facts.entities}
    assert store.has_graph(facts.article.iri)


def test_rss_feed(news_server: str) -> None:
    (item,) = list(read_inputs(f"{news_server}/feed.xml", allow_private_urls=True))
    assert item.published == "2024-02-06"
    assert item.title == "Serbia and Kosovo resume talks"


def test_reingest_replaces(tmp_path: Path, store: EmbeddedStore) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Serbia condemned the attack on Tuesday.", encoding="utf-8")
    ingest_many(store, list(read_inputs(str(path))), published="2024-01-05")
    before = store.count()
    ingest_many(store, list(read_inputs(str(path))), published="2024-01-05")
    assert store.count() == before


def test_a_failing_article_leaves_nothing_half_written(tmp_path: Path, store: EmbeddedStore) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(
        '{"text": "Serbia condemned the attack."}\n{"text": "x", "published": "not a date"}\n', "utf-8"
    )
    with pytest.raises(IngestError):
        ingest_many(store, list(read_inputs(str(path))))
    assert [
        g for g in store.graphs() if "/article/" in g
    ] == []  # inputs are checked before anything is written


def test_a_redirect_to_a_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first hop is checked like the URL itself: here the loopback server is the 'public' site that
    bounces to another loopback address, and with private addresses refused nothing is fetched."""
    app = Flask("bouncer")

    @app.get("/go")
    def go() -> Response:
        return Response(status=302, headers={"Location": "http://127.0.0.2:9/secret"})

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        from kg.sources import ingest

        checked: list[str] = []
        real_check = ingest.check_public_url

        def check(url: str, *, allow_private_urls: bool) -> None:
            checked.append(url)
            if "127.0.0.2" in url:
                real_check(url, allow_private_urls=allow_private_urls)  # the redirect target: refused

        monkeypatch.setattr(ingest, "check_public_url", check)
        with pytest.raises(IngestError, match="private or loopback"):
            ingest.fetch_url(f"http://127.0.0.1:{server.server_port}/go")
        assert checked == [f"http://127.0.0.1:{server.server_port}/go", "http://127.0.0.2:9/secret"]
    finally:
        server.shutdown()
