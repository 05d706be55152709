"""Extraction for batches, in this process or in worker processes: each worker loads the pipeline once.

The work unit is a chunk of numbered texts; the answer is, for each number, its facts rendered for the store
(kg.graph.article_writes.RenderedArticle: rendering costs about as much as writing, so it runs here, beside the
extraction, not in the one process that writes) or the one-line reason it failed. A chunk runs through
`nlp.pipe`; when one of its texts fails, the chunk runs again text by text, so one bad article costs only
itself. The same functions run in a local process pool and on Dask workers.
"""

from __future__ import annotations

import copy
import functools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.long_texts import TextTooLong
from kg.facts import Facts
from kg.graph.article_writes import RenderedArticle, render_article
from kg.settings import one_blas_thread_per_process
from kg.sources.ingest import link_online, one_line

if TYPE_CHECKING:
    from kg.extract import ArticleText, Extractor

Chunk = list[tuple[int, "ArticleText"]]


@dataclass(frozen=True)
class Failed:
    """Why an article gave no facts; `bad_input` when the article itself is at fault (a text over the cap)."""

    reason: str
    bad_input: bool = False


Outcome = tuple[int, "RenderedArticle | Failed"]
# Takes the chunks to extract and yields each chunk's outcomes, in any order.
Runner = Callable[[Iterable[Chunk]], Iterator[list[Outcome]]]


@dataclass(frozen=True)
class ExtractorConfig:
    """What a worker needs to build the extractor the command would: small and picklable."""

    model: str
    base_iri: str
    max_text_chars: int | None = None
    time_budget_s: float | None = None
    wikidata_online: str | None = None  # GEOKG_WIKIDATA_ONLINE: look up names the gazetteer lacks


def build_extractor(config: ExtractorConfig) -> Extractor:
    """The shared extractor of this process for the config's model and base IRI, with its limits."""
    from kg.extract import default_extractor

    shared = default_extractor(model=config.model, base_iri=config.base_iri)
    # A copy shares the loaded model; the limits stay this caller's, not every later user's of the shared one.
    extractor = copy.copy(shared)
    extractor.max_text_chars = config.max_text_chars
    extractor.time_budget_s = config.time_budget_s
    return extractor


# This process's extractor for each config (a worker has one; a process that runs several commands, such as a
# test session, must not reuse one command's limits for another's).
_WORKER: dict[ExtractorConfig, Extractor] = {}


def start_worker(config: ExtractorConfig) -> None:
    """Load the pipeline in a worker process, once (the pool's initializer)."""
    one_blas_thread_per_process()
    _WORKER[config] = build_extractor(config)


def worker_extractor(config: ExtractorConfig) -> Extractor:
    """This worker's extractor, loaded on first use (a Dask worker keeps it for its life)."""
    if config not in _WORKER:
        start_worker(config)
    return _WORKER[config]


def extract_chunk(chunk: Chunk, config: ExtractorConfig) -> list[Outcome]:
    """Facts or a failure reason for each numbered text of `chunk`, on this worker's extractor."""
    return extract_with(worker_extractor(config), chunk, wikidata_online=config.wikidata_online)


def extract_with(extractor: Extractor, chunk: Chunk, *, wikidata_online: str | None = None) -> list[Outcome]:
    try:
        facts = extractor.extract_many([item for _, item in chunk], batch_size=len(chunk))
        found: list[tuple[int, Facts | Failed]] = list(zip([n for n, _ in chunk], facts, strict=True))
    except Exception:  # some text of the chunk failed: find which, one by one
        found = [_extract_one(extractor, number, item) for number, item in chunk]
    return [
        (number, _rendered(_linked(extractor, facts, wikidata_online), extractor.base_iri))
        for number, facts in found
    ]


def _rendered(facts: Facts | Failed, base_iri: str) -> RenderedArticle | Failed:
    if isinstance(facts, Failed):
        return facts
    try:
        return render_article(facts, base_iri=base_iri)
    except ValueError as e:  # facts the graph cannot hold: this article is at fault
        return Failed(f"not stored: {one_line(e)}", bad_input=True)


def _linked(extractor: Extractor, facts: Facts | Failed, wikidata_online: str | None) -> Facts | Failed:
    if isinstance(facts, Failed) or not wikidata_online:
        return facts
    try:
        link_online(facts, extractor, wikidata_online)
    except Exception as e:  # the online service failing fails this article, not the batch
        return Failed(f"online linking failed: {one_line(e)}")
    return facts


def _extract_one(extractor: Extractor, number: int, item: ArticleText) -> tuple[int, Facts | Failed]:
    try:
        return number, extractor.extract(
            item.text, title=item.title, published=item.published, source=item.source
        )
    except TextTooLong as e:
        return number, Failed(f"extraction failed: {one_line(e)}", bad_input=True)
    except Exception as e:  # one bad article never stops a batch; its reason is reported
        return number, Failed(f"extraction failed: {one_line(e)}")


def chunks(items: Iterable[tuple[int, ArticleText]], size: int) -> Iterator[Chunk]:
    chunk: Chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def in_process(config: ExtractorConfig) -> Runner:
    """Extraction in this process, chunk after chunk (`--jobs 1`)."""

    def run(work: Iterable[Chunk]) -> Iterator[list[Outcome]]:
        for chunk in work:
            yield extract_chunk(chunk, config)

    return run


def process_pool(config: ExtractorConfig, jobs: int) -> Runner:
    """Extraction in `jobs` worker processes that each load the pipeline once (`--jobs N`)."""

    def run(work: Iterable[Chunk]) -> Iterator[list[Outcome]]:
        # Spawned, not forked: the parent holds an open store and threads that a fork would copy mid-state.
        context = multiprocessing.get_context("spawn")
        with context.Pool(jobs, initializer=start_worker, initargs=(config,)) as pool:
            yield from pool.imap_unordered(functools.partial(extract_chunk, config=config), work)

    return run
