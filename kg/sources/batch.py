"""A batch of articles into the store: checked, skipped when stored unchanged, extracted by a runner (this
process, a local process pool or a Dask cluster), written one whole article at a time from this process.

One bad article never stops a batch: bad input, a failed extraction or a write the store refuses becomes a
failure with its reason, and the batch goes on. Only a store that stops answering stops it. Every article is
written in one update with the entities and merged events it changes, so a batch killed at any point leaves
whole articles only, and running it again finishes the job (see kg.sources.resume).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.extract import ArticleText
from kg.facts import article_iri
from kg.graph.article_writes import RenderedArticle, remove_article, write_rendered
from kg.graph.store import Store, StoreError
from kg.graph.write_lease import exclusive_writes
from kg.sources.batch_inputs import BatchItem, Failure, input_failure
from kg.sources.extraction_jobs import Failed, Runner, chunks
from kg.sources.ingest import IngestError, check_text, one_line, parse_published
from kg.sources.resume import Stamp, articles_from, stamp_of, stored_stamps

log = logging.getLogger(__name__)


@dataclass
class BatchSummary:
    """What a batch did, for the summary line and the exit code."""

    articles: int = 0
    stored: int = 0
    unchanged: int = 0
    replaced: int = 0
    duplicates: int = 0
    events: int = 0
    relations: int = 0
    triples: int = 0
    failures: list[Failure] = field(default_factory=list)
    stopped: str | None = None  # why the batch stopped early: the store stopped answering

    @property
    def all_failed(self) -> bool:
        return bool(self.failures) and self.stored + self.unchanged + self.duplicates == 0

    def lines(self, *, shown_failures: int = 10) -> list[str]:
        lines = [
            f"{self.articles} articles: {self.stored} stored ({self.replaced} replacing an older version), "
            f"{self.unchanged} unchanged and skipped, {self.duplicates} duplicates in the batch, "
            f"{len(self.failures)} failed",
            f"{self.events} events, {self.relations} relations, {self.triples} triples written",
        ]
        lines += [f"failed: {f.source}: {f.reason}" for f in self.failures[:shown_failures]]
        if len(self.failures) > shown_failures:
            lines.append(f"... and {len(self.failures) - shown_failures} more failures")
        return lines


@dataclass(frozen=True)
class _Planned:
    item: BatchItem
    text: ArticleText
    iri: str
    stamp: Stamp


@dataclass
class _Batch:
    """The state of one run: the store, the summary, and the callbacks it reports to."""

    store: Store
    base_iri: str
    summary: BatchSummary
    on_failure: Callable[[Failure], None]
    tick: Callable[[int], None]
    stale: dict[str, set[str]] = field(default_factory=dict)
    # Stored with another title, date, source or extractor version: writing them again replaces them.
    restamped: set[str] = field(default_factory=set)

    def fail(self, failure: Failure) -> None:
        self.summary.failures.append(failure)
        self.on_failure(failure)


def ingest_batch(
    store: Store,
    entries: Iterable[BatchItem | Failure],
    *,
    runner: Runner,
    base_iri: str,
    published: str | None = None,
    chunk_size: int = 8,
    progress: bool = False,
    on_failure: Callable[[Failure], None] = lambda failure: None,
) -> BatchSummary:
    """Ingest a batch; `published` is the date of inputs that carry none. Returns what happened."""
    from tqdm import tqdm

    entries = list(entries)
    summary = BatchSummary(articles=len(entries))
    with tqdm(total=len(entries), unit="article", disable=not progress, smoothing=0.1) as bar:
        batch = _Batch(store, base_iri, summary, on_failure, bar.update)
        for entry in entries:
            if isinstance(entry, Failure):
                batch.fail(entry)
                bar.update(1)
        todo = _plan(batch, [e for e in entries if isinstance(e, BatchItem)], published)
        by_number = dict(enumerate(todo))
        try:
            for outcomes in runner(chunks(((n, p.text) for n, p in by_number.items()), chunk_size)):
                for number, outcome in outcomes:
                    _store_outcome(batch, by_number[number], outcome)
                    bar.update(1)
        except _StoreUnusable as e:
            summary.stopped = str(e)
    return summary


class _StoreUnusable(Exception):
    pass


def _plan(batch: _Batch, items: Sequence[BatchItem], published: str | None) -> list[_Planned]:
    """The articles to extract: checked, without duplicates (the last of a text or of a source URL wins, as
    it would have replaced the others), without those stored unchanged."""
    planned = []
    for item in items:
        try:
            planned.append(_check(item, published, batch.base_iri))
        except IngestError as e:
            batch.fail(input_failure(item.origin, e))
            batch.tick(1)
    kept = _last_of_each(planned)
    batch.summary.duplicates = len(planned) - len(kept)
    batch.tick(len(planned) - len(kept))
    try:
        stamps = stored_stamps(batch.store, (p.iri for p in kept))
        sources = articles_from(batch.store, {p.stamp.source for p in kept if p.stamp.source})
    except StoreError as e:
        raise StoreError(f"the store cannot be read: {one_line(e)}") from e
    todo = []
    for planned_item in kept:
        batch.stale[planned_item.iri] = sources.get(planned_item.stamp.source or "", set()) - {
            planned_item.iri
        }
        stamp = stamps.get(planned_item.iri)
        if stamp != planned_item.stamp:
            if stamp is not None:
                batch.restamped.add(planned_item.iri)
            todo.append(planned_item)
            continue
        batch.summary.unchanged += 1
        if batch.stale[planned_item.iri]:  # a run killed between writing and removing left one behind
            with exclusive_writes(batch.store, base_iri=batch.base_iri):
                _remove_stale(batch, planned_item)
        batch.tick(1)
    return todo


def _check(item: BatchItem, published: str | None, base_iri: str) -> _Planned:
    article = item.article
    text = check_text(article.text, where=item.origin)
    for name, value in (("title", article.title), ("source", article.source)):
        if value:
            check_text(value, where=f"{item.origin}: {name}")
    if article.source:
        try:
            ox.NamedNode(article.source)
        except ValueError as e:
            raise IngestError(f"{item.origin}: the source is not an IRI: {article.source!r}") from e
    day = parse_published(article.published or published)
    stamp = stamp_of(
        title=article.title,
        published=day.isoformat() if day else None,
        source=article.source,
        base_iri=base_iri,
    )
    iri = article_iri(text, base_iri=base_iri)
    return _Planned(item, ArticleText(text, day, article.title, article.source), iri, stamp)


def _last_of_each(planned: list[_Planned]) -> list[_Planned]:
    seen_iris: set[str] = set()
    seen_sources: set[str] = set()
    kept = []
    for item in reversed(planned):
        source = item.stamp.source
        if item.iri in seen_iris or (source and source in seen_sources):
            continue
        seen_iris.add(item.iri)
        if source:
            seen_sources.add(source)
        kept.append(item)
    return kept[::-1]


def _store_outcome(batch: _Batch, planned: _Planned, outcome: RenderedArticle | Failed) -> None:
    if isinstance(outcome, Failed):
        batch.fail(Failure(planned.item.origin, outcome.reason, bad_input=outcome.bad_input))
        return
    try:
        with exclusive_writes(batch.store, base_iri=batch.base_iri):
            triples = write_rendered(batch.store, outcome)
            _remove_stale(batch, planned)
    except ValueError as e:
        batch.fail(Failure(planned.item.origin, f"not stored: {one_line(e)}", bad_input=True))
        return
    except StoreError as e:
        if e.status is None or e.status >= 500:
            raise _StoreUnusable(f"the store failed: {one_line(e)}") from e
        batch.fail(Failure(planned.item.origin, f"the store refused it: {one_line(e)}"))
        return
    summary = batch.summary
    summary.stored += 1
    summary.events += len(outcome.facts.events)
    summary.relations += len(outcome.facts.relations)
    summary.triples += triples
    log.info("stored %s (%s)", planned.iri, planned.item.origin)


def _remove_stale(batch: _Batch, planned: _Planned) -> None:
    """Remove the older versions of an article (its source URL's other texts), after the new one is in."""
    stale = batch.stale.get(planned.iri, set())
    for old in sorted(stale):
        remove_article(batch.store, old, base_iri=batch.base_iri)
    if stale or planned.iri in batch.restamped:
        batch.summary.replaced += 1
