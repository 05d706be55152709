"""Extraction of POSTed articles in worker processes, off the request threads.

Extraction is CPU work in Python: run on a request thread it holds the GIL, and every read waits behind it. Here
it runs in a process pool of GEOKG_EXTRACT_WORKERS processes (each loads the spaCy model once); the request
thread only waits on the result, so the synchronous contract of `POST /api/articles` (201 with the facts' counts)
is unchanged. At most GEOKG_EXTRACT_WORKERS + GEOKG_EXTRACT_BACKLOG articles are admitted at once: one more is
refused with 503 and Retry-After (`PoolFull`). An article that runs over GEOKG_EXTRACT_TIMEOUT_S has its worker
killed (`OverTimeBudget`, answered 413): a runaway text must not hold a worker for the next ones.

The store is written by the request thread, as before: the embedded store admits one process.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Flask, current_app
from flask_smorest import abort as api_abort

from kg.extract.long_texts import OverTimeBudget, TextTooLong, check_length
from kg.facts import Facts
from kg.settings import positive_int, positive_number, whole_number

_EXTENSION = "geokg.extraction_pool"
# A worker past its budget is given this much more before it is killed: a long text's budget is checked between
# its parts, and the worker's own answer (the parts it reached) reads better than a kill.
_GRACE_S = 5.0
# Of the extraction workers (0 is normal, 19 the lowest priority).
_NICENESS = 10
# A news article takes seconds to extract: a refused client may try again after as long.
_RETRY_AFTER_S = 5


class PoolFull(RuntimeError):
    """Every worker is busy and the backlog is full: come back in `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("Every extraction worker is busy and the backlog is full: try again shortly")
        self.retry_after = retry_after


class WorkerLost(RuntimeError):
    """A worker died (killed for another article, or out of memory): the article was not extracted."""


@dataclass(frozen=True)
class PoolSettings:
    model: str
    base_iri: str
    workers: int
    backlog: int
    timeout_s: float
    max_text_chars: int


def init_app(app: Flask) -> None:
    """Read the pool's settings (a bad value fails here, at start); the processes start at the first write."""
    config = app.config
    app.extensions[_EXTENSION] = PoolSettings(
        model=str(config["GEOKG_SPACY_MODEL"]),
        base_iri=str(config["GEOKG_BASE_IRI"]),
        workers=positive_int("GEOKG_EXTRACT_WORKERS", config["GEOKG_EXTRACT_WORKERS"]),
        backlog=whole_number("GEOKG_EXTRACT_BACKLOG", config["GEOKG_EXTRACT_BACKLOG"]),
        timeout_s=positive_number("GEOKG_EXTRACT_TIMEOUT_S", config["GEOKG_EXTRACT_TIMEOUT_S"]),
        max_text_chars=positive_int("GEOKG_MAX_TEXT_CHARS", config["GEOKG_MAX_TEXT_CHARS"]),
    )


@contextmanager
def extraction_problems() -> Iterator[None]:
    """The pool's refusals as problems: full is 503 with Retry-After, over the text cap or time budget 413."""
    try:
        yield
    except PoolFull as e:
        api_abort(503, message=str(e), headers={"Retry-After": str(e.retry_after)})
    except WorkerLost as e:
        api_abort(503, message=str(e), headers={"Retry-After": "5"})
    except (OverTimeBudget, TextTooLong) as e:
        api_abort(413, message=str(e))


def pooled_extractor() -> PooledExtractor:
    """An extractor for the current app whose `extract` runs in the app's worker pool."""
    return PooledExtractor(_pool(current_app.extensions[_EXTENSION]))


class PooledExtractor:
    """Stands in for `kg.extract.Extractor` where ingest needs one (`extract`, `base_iri`, `gazetteer`)."""

    def __init__(self, pool: ExtractionPool) -> None:
        self._pool = pool
        self.base_iri = pool.settings.base_iri

    @property
    def gazetteer(self) -> Any:
        # Only online Wikidata linking asks for it; loaded once per process.
        from kg.gazetteer import load_gazetteer

        return load_gazetteer()

    def extract(
        self, text: str, *, title: str | None = None, published: date | None = None, source: str | None = None
    ) -> Facts:
        return self._pool.extract(text, title=title, published=published, source=source)


class ExtractionPool:
    def __init__(self, settings: PoolSettings) -> None:
        self.settings = settings
        # Admits the running articles and the backlog; acquired without waiting, so a full pool answers at once.
        self._admitted = threading.BoundedSemaphore(settings.workers + settings.backlog)
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None

    def extract(self, text: str, *, title: str | None, published: date | None, source: str | None) -> Facts:
        check_length(text, self.settings.max_text_chars)  # refused before it costs a worker
        if not self._admitted.acquire(blocking=False):
            raise PoolFull(retry_after=_RETRY_AFTER_S)
        try:
            executor = self._running()
            future = executor.submit(_extract, self.settings, text, title, published, source)
            try:
                facts: Facts = future.result(timeout=self.settings.timeout_s + _GRACE_S)
            except FutureTimeout:
                self._restart(executor)
                raise OverTimeBudget(
                    f"Extraction took over the budget of {self.settings.timeout_s:g} s "
                    "(GEOKG_EXTRACT_TIMEOUT_S): send a shorter text"
                ) from None
            except BrokenProcessPool as e:
                self._restart(executor)
                raise WorkerLost("The extraction worker stopped before it finished: try again") from e
            return facts
        finally:
            self._admitted.release()

    def _running(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                # spawn, not fork: the server process has threads and an open store that a fork would copy.
                self._executor = ProcessPoolExecutor(
                    max_workers=self.settings.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_warm_up,
                    initargs=(self.settings,),
                )
            return self._executor

    def _restart(self, executor: ProcessPoolExecutor) -> None:
        """Kill the workers of `executor` (a runaway keeps its process busy) so the next article gets new ones."""
        with self._lock:
            if self._executor is executor:
                self._executor = None
        _kill(executor)

    def shutdown(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            _kill(executor)


def _kill(executor: ProcessPoolExecutor) -> None:
    # ProcessPoolExecutor cannot cancel a running call: its processes are terminated instead.
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        process.kill()
    executor.shutdown(wait=False, cancel_futures=True)


# One pool per process: tests build many apps, and each worker holds a loaded model (hundreds of MB).
_POOLS: dict[PoolSettings, ExtractionPool] = {}
_POOLS_LOCK = threading.Lock()


def _pool(settings: PoolSettings) -> ExtractionPool:
    with _POOLS_LOCK:
        if settings not in _POOLS:
            for other in _POOLS.values():
                other.shutdown()
            _POOLS.clear()
            _POOLS[settings] = ExtractionPool(settings)
        return _POOLS[settings]


@atexit.register
def _shutdown_pools() -> None:
    for pool in list(_POOLS.values()):
        pool.shutdown()


# In the worker processes.


def _worker_extractor(settings: PoolSettings) -> Any:
    from kg.extract import default_extractor

    extractor = default_extractor(model=settings.model, base_iri=settings.base_iri)
    extractor.max_text_chars = settings.max_text_chars
    extractor.time_budget_s = settings.timeout_s
    return extractor


def _warm_up(settings: PoolSettings) -> None:
    """Lower the worker's CPU priority, and load the model when the worker starts, not in the first article's
    time. Extraction is throughput work and reads are latency work: on a busy machine the server and the query
    workers get the CPU first, and an article takes a little longer."""
    os.nice(_NICENESS)
    _worker_extractor(settings)


def _extract(
    settings: PoolSettings, text: str, title: str | None, published: date | None, source: str | None
) -> Facts:
    facts: Facts = _worker_extractor(settings).extract(text, title=title, published=published, source=source)
    return facts
