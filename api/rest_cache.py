"""The answers of the REST routes' queries, kept until the store is next written.

Sixteen clients asking for the same entity card would otherwise each run the card's queries, and a popular
entity's queries cost as much as the entity is popular (every statement and event that names it is read). An
embedded store counts its writes (`EmbeddedStore.generation`), so an answer read at one count holds until the
next write: every write empties the cache. While one thread reads a query's answer, the others asking for it
wait for that answer instead of running the query again.

A remote store can be written by other clients, unseen by this process, so its answers are never kept.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from kg.graph.store import EmbeddedStore, Store

Rows = list[dict[str, Any]]

# At most this many rows are kept in all (the least recently used answers go first): a few thousand cards'
# worth, tens of MB. An answer is at most GEOKG_MAX_ROWS rows (10,000 by default).
MAX_CACHED_ROWS = 200_000


class QueryCache:
    """Answers by query text, all of one store generation; an answer in the making is shared by its askers."""

    def __init__(self, max_rows: int = MAX_CACHED_ROWS) -> None:
        self._max_rows = max_rows
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._answers: OrderedDict[str, Rows] = OrderedDict()
        self._rows = 0
        self._pending: dict[tuple[int, str], Future[Rows]] = {}

    def rows(self, store: Store, query: str, read: Callable[[], Rows]) -> Rows:
        """The answer to `query`: kept from earlier at the store's current generation, or `read()` (once,
        however many threads ask at the same time). Each caller gets its own copy of the rows."""
        if not isinstance(store, EmbeddedStore):
            return read()
        generation = store.generation
        key = (generation, query)
        with self._lock:
            if self._generation is None or generation > self._generation:
                self._answers.clear()
                self._rows = 0
                self._generation = generation
            answer = self._answers.get(query) if generation == self._generation else None
            if answer is not None:
                self._answers.move_to_end(query)
                return _copy(answer)
            pending = self._pending.get(key)
            if pending is None:
                mine: Future[Rows] = Future()
                self._pending[key] = mine
        if pending is not None:
            return _copy(pending.result())  # the reader's answer, or its exception (a 503 for everyone)
        try:
            answer = read()
        except BaseException as e:
            mine.set_exception(e)
            raise
        finally:
            with self._lock:
                self._pending.pop(key, None)
        mine.set_result(answer)
        with self._lock:
            self._keep(generation, query, answer)
        return _copy(answer)

    def _keep(self, generation: int, query: str, answer: Rows) -> None:
        # Read at an older generation (a write came meanwhile): never kept, the next ask reads it again.
        if self._generation != generation or len(answer) > self._max_rows or query in self._answers:
            return
        self._answers[query] = answer
        self._rows += len(answer)
        while self._rows > self._max_rows:
            _, dropped = self._answers.popitem(last=False)
            self._rows -= len(dropped)


def _copy(rows: Rows) -> Rows:
    # Callers may change the rows they get; the kept ones must stay as read.
    return [dict(row) for row in rows]


_CACHES: weakref.WeakKeyDictionary[Store, QueryCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def cached_rows(store: Store, query: str, read: Callable[[], Rows]) -> Rows:
    """`QueryCache.rows` with the cache of `store` (made on first use, gone with the store)."""
    with _CACHES_LOCK:
        cache = _CACHES.get(store)
        if cache is None:
            cache = _CACHES[store] = QueryCache()
    return cache.rows(store, query, read)
