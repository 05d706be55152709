"""Atom feeds of events: every filter of `/api/events` as a feed, newest first, for any feed reader.

`GET /api/events.atom?type=Clash&place=Q1246` is the feed of "new clashes in Kosovo"; `GET /api/events` with
`Accept: application/atom+xml` answers the same feed. Each entry links to the event (its page and its JSON) and
to every sentence that reports it, in the article view of the web page.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any, cast
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

from flask import Flask, Response, current_app, request
from flask_smorest import Blueprint

from api.events import EventArgs, event_pattern, load_events
from api.graph import entity_iri_from_arg, select

ATOM = "application/atom+xml"
ATOM_NS = "http://www.w3.org/2005/Atom"
# Feeds default to the newest fifty events; `limit` (up to the API's maximum) asks for more.
FEED_SIZE = 50
# An Atom date needs a time; a date of any precision stands for its first instant.
_EPOCH = "1970-01-01T00:00:00Z"

bp = Blueprint("feeds", __name__, description="Atom feeds of events.")


class FeedArgs(EventArgs):
    """The filters of `/api/events`; `limit` is the number of entries (the newest), 50 by default."""


@bp.route("/api/events.atom")
@bp.arguments(FeedArgs, location="query")
@bp.doc(
    responses={
        "200": {"description": "An Atom 1.0 feed (RFC 4287), newest event first.", "content": {ATOM: {}}}
    }
)
def events_feed(args: dict[str, Any]) -> Response:
    """The events of a filter as an Atom feed, newest first: `?type=Clash&place=Q1246` follows new clashes
    there. The same feed answers `GET /api/events` with `Accept: application/atom+xml`."""
    limit = args["limit"] if "limit" in request.args else FEED_SIZE
    criteria: dict[str, Any] = {
        "type_": args.get("type"),
        "actor": entity_iri_from_arg(args["actor"]) if args.get("actor") else None,
        "place": entity_iri_from_arg(args["place"]) if args.get("place") else None,
        "date_from": args.get("from_"),
        "date_to": args.get("to"),
        "merged": args.get("merged"),
    }
    events = load_events(newest_events(event_pattern(**criteria), limit=limit, offset=args["offset"]))
    response = Response(atom_feed(events, args), mimetype=ATOM)
    response.vary.add("Accept")
    return response


def init_app(app: Flask) -> None:
    """`GET /api/events` answers the feed to clients that prefer Atom."""
    app.before_request(_events_as_atom)


def _events_as_atom() -> Response | None:
    if request.endpoint != "events.Events" or request.method not in ("GET", "HEAD"):
        return None
    accept = request.accept_mimetypes
    if accept.quality(ATOM) <= 0 or accept.best_match(["application/json", ATOM]) != ATOM:
        return None
    return cast(Response, current_app.view_functions["feeds.events_feed"]())


def newest_events(pattern: str, *, limit: int, offset: int = 0) -> list[str]:
    """IRIs of the events `pattern` binds to ?event, newest first: by event date, then by the newest date of
    the articles that report them (undated last)."""
    rows = select(
        f"""SELECT ?event (MAX(COALESCE(STR(?date), "")) AS ?when) (MAX(COALESCE(STR(?issued), "")) AS ?told)
        WHERE {{
          {pattern}
          OPTIONAL {{ ?event gk:date ?date }}
          OPTIONAL {{ ?event gk:evidence/gk:article ?article .
                     GRAPH ?article {{ ?article dcterms:issued ?issued }} }}
        }} GROUP BY ?event ORDER BY DESC(?when) DESC(?told) ?event LIMIT {limit} OFFSET {offset}"""
    )
    return [row["event"] for row in rows]


def atom_feed(events: list[dict[str, Any]], args: dict[str, Any]) -> bytes:
    """The Atom document of `events` (already newest first)."""
    ET.register_namespace("", ATOM_NS)
    root = request.url_root
    filters = _filters(args)
    feed = ET.Element(_q("feed"))
    _text(feed, "id", f"{root}api/events.atom" + (f"?{urlencode(filters)}" if filters else ""))
    _text(feed, "title", feed_title(args))
    _text(feed, "subtitle", "Events GeoKG extracted from the news, each with the sentences that report it.")
    entries = [_entry(event, root) for event in events]
    _text(feed, "updated", max((updated for updated, _ in entries), default=_EPOCH))
    author = ET.SubElement(feed, _q("author"))
    _text(author, "name", "GeoKG")
    _text(feed, "generator", "GeoKG")
    _link(feed, request.url, rel="self", type_=ATOM)
    page = urlencode({"view": "events", **filters})
    _link(feed, f"{root}#{page}", rel="alternate", type_="text/html")
    for _, entry in entries:
        feed.append(entry)
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True))


def feed_title(args: dict[str, Any]) -> str:
    """The title for the filters given: "GeoKG events: Clash, actor Q403, from 2023-01"."""
    parts = [args["type"]] if args.get("type") else []
    parts += [f"{name} {args[key]}" for key, name in _FILTER_WORDS if args.get(key)]
    if args.get("merged") is not None:
        parts.append("reported by several articles" if args["merged"] else "reported once")
    return "GeoKG events" + (f": {', '.join(parts)}" if parts else "")


_FILTER_WORDS = (("actor", "actor"), ("place", "in"), ("from_", "from"), ("to", "to"))


def _filters(args: dict[str, Any]) -> dict[str, str]:
    """The filters as the URL gives them (for the feed's id and the page's address)."""
    names = {"type": "type", "actor": "actor", "place": "place", "from_": "from", "to": "to"}
    given = {names[key]: str(args[key]) for key in names if args.get(key)}
    if args.get("merged") is not None:
        given["merged"] = "true" if args["merged"] else "false"
    return given


def _entry(event: dict[str, Any], root: str) -> tuple[str, ET.Element]:
    entry = ET.Element(_q("entry"))
    _text(entry, "id", event["iri"])
    _text(entry, "title", entry_title(event))
    reported = [source["published"] for source in event.get("sources") or [] if source.get("published")]
    published = atom_date(event.get("date")) or atom_date(min(reported, default=None))
    updated = max([d for d in (published, atom_date(max(reported, default=None))) if d], default=_EPOCH)
    _text(entry, "updated", updated)
    if published:
        _text(entry, "published", published)
    _link(entry, f"{root}#{urlencode({'event': event['id']})}", rel="alternate", type_="text/html")
    _link(entry, f"{root}api/events/{event['id']}", rel="related", type_="application/json")
    for evidence in event["evidence"]:
        if evidence.get("article_id"):
            where = {"article": evidence["article_id"], "start": evidence["start"], "end": evidence["end"]}
            _link(entry, f"{root}#{urlencode(where)}", rel="via", type_="text/html", title=evidence["text"])
    ET.SubElement(entry, _q("category"), term=event["type"])
    content = ET.SubElement(entry, _q("content"), type="html")
    content.text = entry_html(event, root)
    return updated, entry


def entry_title(event: dict[str, Any]) -> str:
    """A title such as "Clash: Serbia, Kosovo Police — Zvečan (2023-09)"."""
    who = _names([*event["actors"], *event["targets"]])
    where = _names(event["places"])
    title = event["type"] + (f": {who}" if who else "")
    title += f" — {where}" if where else ""
    return title + (f" ({event['date']})" if event.get("date") else "")


def entry_html(event: dict[str, Any], root: str) -> str:
    """The entry's content: facts, then each sentence that reports the event with a link to it."""
    facts = [("Date", event.get("date")), ("Status", event.get("status"))]
    facts += [(role.title(), _names(event[f"{role}s"])) for role in ("actor", "target", "place", "mediator")]
    facts += [("Killed", event.get("killed")), ("Injured", event.get("injured"))]
    rows = "".join(
        f"<li>{html.escape(name)}: {html.escape(str(value))}</li>"
        for name, value in facts
        if value not in (None, "")
    )
    quotes = []
    for evidence in event["evidence"]:
        where = {
            "article": evidence.get("article_id") or "",
            "start": evidence["start"],
            "end": evidence["end"],
        }
        href = html.escape(f"{root}#{urlencode(where)}")
        quotes.append(
            f'<blockquote>{html.escape(evidence["text"] or "")}</blockquote><p><a href="{href}">In the article</a></p>'
        )
    return f"<ul>{rows}</ul>{''.join(quotes)}"


def atom_date(value: str | None) -> str | None:
    """An RFC 3339 instant for a date of any precision (its first instant, UTC); None for no date."""
    if not value:
        return None
    year, month, day = [*value[:10].split("-"), "01", "01"][:3]
    return f"{year}-{month}-{day}T00:00:00Z"


def _names(refs: Iterable[dict[str, Any]]) -> str:
    return ", ".join(ref.get("label") or ref.get("id") or "?" for ref in refs)


def _q(tag: str) -> str:
    return f"{{{ATOM_NS}}}{tag}"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, _q(tag))
    element.text = text
    return element


def _link(parent: ET.Element, href: str, *, rel: str, type_: str, title: str | None = None) -> None:
    attrs = {"href": href, "rel": rel, "type": type_}
    if title:
        attrs["title"] = title
    ET.SubElement(parent, _q("link"), attrs)
