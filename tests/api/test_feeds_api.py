"""Atom feeds of events: `/api/events.atom?…` and `Accept: application/atom+xml` on `/api/events`."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import feedparser
import pytest

from kg.facts import DEFAULT_BASE_IRI

ATOM = "application/atom+xml"
NEWEST_FIRST = ["Condemnation", "Attack", "Clash", "Accession", "Deployment"]


def _feed(client, path: str = "/api/events.atom", **args: str) -> feedparser.FeedParserDict:
    response = client.get(path + ("?" + urlencode(args) if args else ""))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == ATOM
    parsed = feedparser.parse(response.get_data())
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def test_the_feed_lists_every_event_newest_first(loaded) -> None:
    feed = _feed(loaded)
    assert feed.version == "atom10"
    assert [entry.tags[0].term for entry in feed.entries] == NEWEST_FIRST
    assert feed.feed.title == "GeoKG events"
    # The feed is as new as its newest entry.
    assert feed.feed.updated == "2023-11-21T00:00:00Z"
    assert [entry.published for entry in feed.entries[:4]] == [
        "2023-11-21T00:00:00Z",
        "2023-09-01T00:00:00Z",
        "2023-05-01T00:00:00Z",
        "2023-04-04T00:00:00Z",
    ]


def test_each_entry_links_to_the_event_and_its_evidence(loaded) -> None:
    events = {e["iri"]: e for e in loaded.get("/api/events?limit=100").get_json()["items"]}
    for entry in _feed(loaded).entries:
        event = events[entry.id]
        links = {link.rel: link for link in entry.links if link.rel != "via"}
        assert links["alternate"].href == f"http://localhost/#event={event['id']}"
        assert links["related"].href == f"http://localhost/api/events/{event['id']}"
        assert loaded.get(urlsplit(links["related"].href).path).get_json()["iri"] == event["iri"]
        via = [link for link in entry.links if link.rel == "via"]
        assert [link.title for link in via] == [e["text"] for e in event["evidence"]]
        for link, evidence in zip(via, event["evidence"], strict=True):
            where = parse_qs(urlsplit(link.href).fragment)
            assert where == {
                "article": [evidence["article_id"]],
                "start": [str(evidence["start"])],
                "end": [str(evidence["end"])],
            }
            assert evidence["text"] in entry.summary


@pytest.mark.parametrize(
    "args, expected",
    [
        ({"type": "Clash"}, ["Clash"]),
        ({"place": "place-northern-kosovo"}, ["Attack", "Clash"]),
        ({"actor": "Q57665"}, ["Condemnation"]),
        ({"from": "2023-06", "to": "2023-10"}, ["Attack"]),
        ({"limit": "2"}, NEWEST_FIRST[:2]),
    ],
)
def test_every_events_filter_is_a_feed(loaded, args: dict[str, str], expected: list[str]) -> None:
    feed = _feed(loaded, **args)
    assert [entry.tags[0].term for entry in feed.entries] == expected
    self_link = next(link.href for link in feed.feed.links if link.rel == "self")
    assert parse_qs(urlsplit(self_link).query) == {key: [value] for key, value in args.items()}


def test_the_feed_title_names_the_filter(loaded) -> None:
    feed = _feed(loaded, type="Clash", place="place-northern-kosovo", **{"from": "2023"})
    assert feed.feed.title == "GeoKG events: Clash, in place-northern-kosovo, from 2023"
    page = next(link.href for link in feed.feed.links if link.rel == "alternate")
    assert parse_qs(urlsplit(page).fragment) == {
        "view": ["events"],
        "type": ["Clash"],
        "place": ["place-northern-kosovo"],
        "from": ["2023"],
    }


def test_accept_atom_on_the_events_route_gives_the_same_feed(loaded) -> None:
    response = loaded.get("/api/events?type=Attack", headers={"Accept": ATOM})
    assert response.status_code == 200
    assert response.mimetype == ATOM
    assert "Accept" in response.vary
    assert [entry.tags[0].term for entry in feedparser.parse(response.get_data()).entries] == ["Attack"]
    # JSON stays the answer for everyone else.
    for accept in ("application/json", "*/*", f"application/json, {ATOM};q=0.5"):
        assert loaded.get("/api/events", headers={"Accept": accept}).mimetype == "application/json"


def test_a_bad_filter_is_a_problem_not_a_feed(loaded, problem) -> None:
    for response in (
        loaded.get("/api/events.atom?from=2023-13"),
        loaded.get("/api/events?from=2023-13", headers={"Accept": ATOM}),
    ):
        assert response.status_code == 422
        assert "from" in problem(response)["detail"]


def test_markup_in_the_data_is_escaped(loaded) -> None:
    body = loaded.get("/api/events.atom").get_data(as_text=True)
    assert "<script" not in body
    assert DEFAULT_BASE_IRI in body
