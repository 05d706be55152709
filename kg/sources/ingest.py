"""Text, files, folders, JSONL, URLs and feeds -> facts -> the store; idempotent per article."""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlparse

from kg.facts import DEFAULT_BASE_IRI, Facts
from kg.graph.article_writes import remove_article, write_article
from kg.graph.merged_events import merged_graph_iri, refresh_merged_events
from kg.graph.store import Store
from kg.graph.write_lease import exclusive_writes

if TYPE_CHECKING:
    from kg.extract import Extractor

log = logging.getLogger(__name__)

USER_AGENT = "GeoKG/0.1 (+https://w3id.org/geokg)"
MAX_DOWNLOAD_BYTES = 5_000_000


class IngestError(ValueError):
    """Bad input: the message names the offending value."""


@dataclass(frozen=True)
class ArticleInput:
    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None


def check_text(text: str | None, *, where: str = "article") -> str:
    """The text, when it is some and valid Unicode: a lone surrogate (a JSON "\\ud800") cannot be stored."""
    if not text or not text.strip():
        raise IngestError(f"{where}: the text is empty")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise IngestError(f"{where}: not valid Unicode (a lone surrogate at character {e.start})") from e
    return text


def one_line(error: BaseException) -> str:
    """The first line of an error's message (its type when it has none), for one-line reports."""
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]


def parse_published(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise IngestError(f"published must be an ISO date (YYYY-MM-DD), not {value!r}") from e


def ingest_text(
    store: Store,
    text: str,
    *,
    title: str | None = None,
    published: str | date | None = None,
    source: str | None = None,
    base_iri: str | None = None,
    extractor: Extractor | None = None,
    wikidata_online: str | None = None,
) -> Facts:
    """Extract one article and replace its named graph; the same text always lands in the same graph.

    `extractor` defaults to the shared one for `base_iri`; `wikidata_online` (the setting
    GEOKG_WIKIDATA_ONLINE) is the base URL of a Wikidata API for names the gazetteer lacks.
    """
    check_text(text)
    for field, value in (("title", title), ("source", source)):
        if value:
            check_text(value, where=field)
    day = parse_published(published)
    extractor = extractor or _extractor(base_iri)
    facts = extractor.extract(text, title=title, published=day, source=source)
    link_online(facts, extractor, wikidata_online)
    # The graph is built completely before the store is touched, and written in one update with the entities
    # and merged events it changes, so a failure never leaves half an article.
    with exclusive_writes(store, base_iri=extractor.base_iri):
        write_article(store, facts, base_iri=extractor.base_iri)
    return facts


def link_online(facts: Facts, extractor: Extractor, wikidata_online: str | None) -> None:
    """With a Wikidata base URL, look up names the gazetteer lacks (never overriding it)."""
    if not wikidata_online:
        return
    from kg.sources.wikidata import link_unlinked, online_client

    client = online_client(wikidata_online)
    if client is not None:
        link_unlinked(facts, extractor.gazetteer, client=client, base_iri=extractor.base_iri)


def delete_article(store: Store, article: str, *, base_iri: str | None = None) -> bool:
    """Delete an article's graph, given its IRI or its 16-hex id, with the descriptions of the entities no
    other article refers to; the merged events of its buckets are updated in the same write."""
    iri = (
        article if article.startswith(("http://", "https://")) else f"{_base_iri(base_iri)}article/{article}"
    )
    with exclusive_writes(store, base_iri=_base_iri(base_iri)):
        return remove_article(store, iri, base_iri=_base_iri(base_iri))


def ingest_many(
    store: Store,
    inputs: Iterable[ArticleInput],
    *,
    published: str | None = None,
    progress: bool = False,
    extractor: Extractor | None = None,
    wikidata_online: str | None = None,
) -> list[Facts]:
    """Ingest a stream of articles in pipeline batches; `published` is the fallback date for inputs without
    one. Every input is checked before anything is written, so bad input writes nothing. `extractor` and
    `wikidata_online` as for `ingest_text`."""
    from kg.extract import ArticleText

    items = list(inputs)
    texts = []
    for item in items:
        check_text(item.text, where=f"article {item.source or item.title or 'without a title'}")
        day = parse_published(item.published or published)
        texts.append(ArticleText(item.text, day, item.title, item.source))
    extractor = extractor or _extractor(None)
    results = extractor.extract_many(texts)
    if progress:
        from tqdm import tqdm

        results = tqdm(results, total=len(texts), unit="article")
    ingested = []
    for facts in results:
        link_online(facts, extractor, wikidata_online)
        # One update per article: a run killed between two articles leaves every merged event consistent.
        with exclusive_writes(store, base_iri=extractor.base_iri):
            write_article(store, facts, base_iri=extractor.base_iri)
        ingested.append(facts)
    return ingested


def read_inputs(location: str, *, allow_private_urls: bool = False) -> Iterator[ArticleInput]:
    """Articles from a file (.txt, .jsonl, .json), a folder of them, an article URL or an RSS/Atom feed URL.

    URLs on loopback and private addresses are refused unless `allow_private_urls` (the setting
    GEOKG_ALLOW_PRIVATE_URLS).
    """
    # URL schemes are case-insensitive (RFC 3986, 3.1): "HTTP://..." is a URL, not a file name.
    if location.lower().startswith(("http://", "https://")):
        yield from _read_url(location, allow_private_urls=allow_private_urls)
        return
    path = Path(location)
    if path.is_dir():
        for child in sorted(path.iterdir()):
            if child.suffix in {".txt", ".jsonl"}:
                yield from read_inputs(str(child))
        return
    if not path.is_file():
        raise IngestError(f"no such file or folder: {location}")
    if path.suffix == ".jsonl":
        yield from _read_jsonl(path)
    else:
        yield ArticleInput(text=_read_text(path), source=None)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise IngestError(f"{path} is not UTF-8 text") from e


def _read_jsonl(path: Path) -> Iterator[ArticleInput]:
    yield from read_jsonl_lines(_read_text(path).splitlines(), name=str(path))


def read_jsonl_lines(lines: Iterable[str], *, name: str) -> Iterator[ArticleInput]:
    """Articles from JSONL lines, one `{"text", "title", "published", "source"}` object a line, read lazily;
    `name` names the input in errors ("articles.jsonl:3: not JSON")."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield parse_jsonl_line(line, where=f"{name}:{number}")


def parse_jsonl_line(line: str, *, where: str) -> ArticleInput:
    """One article from one JSONL line; `where` ("articles.jsonl:3") starts the message of an IngestError."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise IngestError(f"{where}: not JSON ({e.msg})") from e
    if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
        raise IngestError(f'{where}: a line needs a JSON object with a non-empty "text" string')
    for key in ("title", "published", "source"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise IngestError(f"{where}: {key} must be a string, not {record[key]!r}")
    return ArticleInput(record["text"], record.get("title"), record.get("published"), record.get("source"))


def _read_url(url: str, *, allow_private_urls: bool) -> Iterator[ArticleInput]:
    body, content_type = fetch_url(url, allow_private_urls=allow_private_urls)
    if "xml" in content_type or body.lstrip().startswith((b"<?xml", b"<rss", b"<feed")):
        yield from _read_feed(body, allow_private_urls=allow_private_urls)
        return
    yield _article_from_html(body, url)


def _read_feed(body: bytes, *, allow_private_urls: bool) -> Iterator[ArticleInput]:
    import feedparser

    feed = feedparser.parse(body)
    for entry in feed.entries:
        link = entry.get("link")
        if not link:
            continue
        html, _ = fetch_url(link, allow_private_urls=allow_private_urls)
        article = _article_from_html(html, link)
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        day = date(*published[:3]).isoformat() if published else article.published
        yield ArticleInput(article.text, article.title or entry.get("title"), day, link)


def _article_from_html(html: bytes, url: str) -> ArticleInput:
    import trafilatura

    extracted = trafilatura.bare_extraction(html.decode("utf-8", "replace"), url=url, with_metadata=True)
    # A trafilatura Document (its fields read alike whatever the version types them as).
    text = getattr(extracted, "text", None)
    if not text:
        raise IngestError(f"no article text found at {url}")
    return ArticleInput(text, getattr(extracted, "title", None), getattr(extracted, "date", None), url)


def fetch_url(url: str, *, allow_private_urls: bool = False, max_redirects: int = 5) -> tuple[bytes, str]:
    """Download a URL with a size cap, refusing loopback and private addresses unless allowed; every
    redirect target is checked again, so a public URL cannot bounce the fetch to a private one."""
    import requests

    for _ in range(max_redirects + 1):
        check_public_url(url, allow_private_urls=allow_private_urls)
        with requests.get(
            url, headers={"User-Agent": USER_AGENT}, timeout=20, stream=True, allow_redirects=False
        ) as response:
            if response.is_redirect and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                continue
            if response.status_code >= 400:
                raise IngestError(f"{url} answered HTTP {response.status_code}")
            return _read_capped(response, url), response.headers.get("Content-Type", "")
    raise IngestError(f"{url}: more than {max_redirects} redirects")


def _read_capped(response, url: str) -> bytes:  # type: ignore[no-untyped-def]
    chunks, size = [], 0
    for chunk in response.iter_content(65536):
        size += len(chunk)
        if size > MAX_DOWNLOAD_BYTES:
            raise IngestError(f"{url} is larger than {MAX_DOWNLOAD_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def check_public_url(url: str, *, allow_private_urls: bool = False) -> None:
    """Refuse anything but an http(s) URL, and one on a loopback or private address unless allowed."""
    parsed = urlparse(url)
    if parsed.scheme not in {"http", "https"} or not parsed.hostname:
        raise IngestError(f"not an http(s) URL: {url!r}")
    if allow_private_urls:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parsed.hostname, None)}
    except socket.gaierror as e:
        raise IngestError(f"cannot resolve {parsed.hostname!r}") from e
    for address in addresses:
        ip = ipaddress.ip_address(str(address).split("%")[0])  # an IPv6 address may carry a %scope
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast:
            raise IngestError(f"refusing to fetch {url}: {parsed.hostname} is a private or loopback address")


def _base_iri(base_iri: str | None) -> str:
    return base_iri or DEFAULT_BASE_IRI


def _extractor(base_iri: str | None) -> Extractor:
    from kg.extract import default_extractor

    return default_extractor(base_iri=_base_iri(base_iri))


__all__ = [
    "ingest_text",
    "ingest_many",
    "delete_article",
    "read_inputs",
    "refresh_merged_events",
    "merged_graph_iri",
    "IngestError",
]
