"""What the REST routes read, kept until the store is next written: each query's rows, and each answer whole.

Sixteen clients asking for the same entity card would otherwise each run the card's queries, and a popular
entity's queries cost as much as the entity is popular (every statement and event that names it is read); even
with its rows at hand, building and serialising a card takes ~9 ms of Python, which sixteen clients queue for.
An embedded store counts its writes (`EmbeddedStore.generation`), so what was read at one count holds until the
next write: every write empties both caches. While one thread reads something, the others asking for it wait for
that instead of reading it again.

A remote store can be written by other clients, unseen by this process, so nothing read from it is kept.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Generic, TypeVar

from flask import Response, request
from flask.typing import ResponseReturnValue

from api.store import get_store
from kg.graph.store import EmbeddedStore, Store

Rows = list[dict[str, Any]]
T = TypeVar("T")

# At most this many rows are kept in all (the least recently used answers go first): a few thousand cards'
# worth, tens of MB. An answer is at most GEOKG_MAX_ROWS rows (10,000 by default).
MAX_CACHED_ROWS = 200_000
# At most this many bytes of whole answers (a popular entity's card is ~40 KB).
MAX_CACHED_BYTES = 64 * 1024 * 1024


class WriteCache(Generic[T]):
    """Values by key, all read at one store generation, within a budget of `size` units (least recently used
    out first); a value in the making is shared by its askers. `copy` gives each asker its own value."""

    def __init__(self, budget: int, size: Callable[[T], int], copy: Callable[[T], T] = lambda value: value):
        self._budget = budget
        self._size = size
        self._copy = copy
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._values: OrderedDict[str, T] = OrderedDict()
        self._used = 0
        self._pending: dict[tuple[int, str], Future[T]] = {}

    def get(self, store: Store, key: str, read: Callable[[], T]) -> T:
        """The value of `key`: kept from earlier at the store's current generation, or `read()` (once,
        however many threads ask at the same time)."""
        if not isinstance(store, EmbeddedStore):
            return read()
        generation = store.generation
        with self._lock:
            if self._generation is None or generation > self._generation:
                self._values.clear()
                self._used = 0
                self._generation = generation
            value = self._values.get(key) if generation == self._generation else None
            if value is not None:
                self._values.move_to_end(key)
                return self._copy(value)
            pending = self._pending.get((generation, key))
            if pending is None:
                mine: Future[T] = Future()
                self._pending[(generation, key)] = mine
        if pending is not None:
            return self._copy(pending.result())  # the reader's value, or its exception (a 503 for everyone)
        try:
            value = read()
        except BaseException as e:
            mine.set_exception(e)
            raise
        finally:
            with self._lock:
                self._pending.pop((generation, key), None)
        mine.set_result(value)
        with self._lock:
            self._keep(generation, key, value)
        return self._copy(value)

    def _keep(self, generation: int, key: str, value: T) -> None:
        # Read at an older generation (a write came meanwhile): never kept, the next ask reads it again.
        size = self._size(value)
        if self._generation != generation or size > self._budget or key in self._values:
            return
        self._values[key] = value
        self._used += size
        while self._used > self._budget:
            _, dropped = self._values.popitem(last=False)
            self._used -= self._size(dropped)


def _copy_rows(rows: Rows) -> Rows:
    # Callers may change the rows they get; the kept ones must stay as read.
    return [dict(row) for row in rows]


def query_cache(max_rows: int = MAX_CACHED_ROWS) -> WriteCache[Rows]:
    """A cache of query answers (rows), within `max_rows` rows."""
    return WriteCache(max_rows, len, _copy_rows)


# A kept answer: status, headers (those the route set: type, paging links) and body.
Answer = tuple[int, list[tuple[str, str]], bytes]


def answer_cache(max_bytes: int = MAX_CACHED_BYTES) -> WriteCache[Answer]:
    """A cache of whole answers, within `max_bytes` bytes of bodies."""
    return WriteCache(max_bytes, lambda answer: len(answer[2]))


class _Caches:
    def __init__(self) -> None:
        self.rows = query_cache()
        self.answers = answer_cache()


_CACHES: weakref.WeakKeyDictionary[Store, _Caches] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def _caches_of(store: Store) -> _Caches:
    """The caches of `store` (made on first use, gone with the store)."""
    with _CACHES_LOCK:
        caches = _CACHES.get(store)
        if caches is None:
            caches = _CACHES[store] = _Caches()
        return caches


def cached_rows(store: Store, query: str, read: Callable[[], Rows]) -> Rows:
    """The rows of `query`, from `read()` or kept from an earlier read at the store's generation."""
    return _caches_of(store).rows.get(store, query, read)


def cached_answer(view: Callable[..., ResponseReturnValue]) -> Callable[..., Response]:
    """A GET view whose 200 answers are kept by URL (path and query string) until the store's next write.

    Put it above flask-smorest's decorators, so the kept answer is the one they made (checked arguments, dumped
    schema); the app's after-request hooks (request id, security headers) still run on each answer.
    """

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        kept: list[Response] = []

        def read() -> Answer:
            response = view(*args, **kwargs)
            if not isinstance(response, Response):
                raise TypeError(f"{view.__qualname__} gave no Response: put @cached_answer above the others")
            kept.append(response)
            if response.status_code != 200 or response.is_streamed:
                raise _NotKept()
            return response.status_code, list(response.headers.items()), response.get_data()

        store = get_store()
        try:
            status, headers, body = _caches_of(store).answers.get(store, request.full_path, read)
        except _NotKept:
            if kept:  # this thread's own answer
                return kept[0]
            return wrapper(*args, **kwargs)  # another thread's answer was not a 200: answer for ourselves
        return Response(body, status=status, headers=headers)

    return wrapper


class _NotKept(Exception):
    """An answer that is not kept (not a 200): its asker answers it, the others ask again."""
