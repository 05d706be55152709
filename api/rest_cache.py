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
import logging
import threading
import time
import weakref
from collections import Counter, OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Generic, TypeVar

from flask import Flask, Response, has_request_context, request
from flask.typing import ResponseReturnValue

from api.store import get_store
from api.store_snapshots import read_at, request_snapshot
from kg.graph.store import EmbeddedStore, Store

log = logging.getLogger(__name__)

Rows = list[dict[str, Any]]
T = TypeVar("T")

# At most this many rows are kept in all (the least recently used answers go first): a few thousand cards'
# worth, tens of MB. An answer is at most GEOKG_MAX_ROWS rows (10,000 by default).
MAX_CACHED_ROWS = 200_000
# At most this many bytes of whole answers (a popular entity's card is ~40 KB).
MAX_CACHED_BYTES = 64 * 1024 * 1024


class WriteCache(Generic[T]):
    """Values by key, each read at one store generation, within a budget of `size` units (least recently used
    out first); a value in the making is shared by its askers. `copy` gives each asker its own value.

    The values of the two newest generations are kept: while a write request makes the next generation's answers
    (`rewarm_answers`), the requests it has not answered yet still read the generation before it, from memory.
    """

    def __init__(self, budget: int, size: Callable[[T], int], copy: Callable[[T], T] = lambda value: value):
        self._budget = budget
        self._size = size
        self._copy = copy
        self._lock = threading.Lock()
        # Generation -> its values, oldest generation first; at most _GENERATIONS of them.
        self._values: OrderedDict[int, OrderedDict[str, T]] = OrderedDict()
        self._hits: Counter[tuple[int, str]] = Counter()
        self._used = 0
        self._pending: dict[tuple[int, str], Future[T]] = {}

    def get(self, store: Store, key: str, read: Callable[[], T], *, generation: int | None = None) -> T:
        """The value of `key`: kept from earlier at `generation` (by default the store's current one), or
        `read()` (once, however many threads ask at the same time)."""
        if not isinstance(store, EmbeddedStore):
            return read()
        if generation is None:
            generation = store.generation
        with self._lock:
            values = self._values_at(generation)
            value = values.get(key) if values is not None else None
            if values is not None and len(self._hits) < _MAX_COUNTED:
                self._hits[(generation, key)] += 1
            if values is not None and value is not None:
                values.move_to_end(key)
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

    def most_asked(self, *, before: int, count: int) -> list[str]:
        """Up to `count` keys asked for more than once at the newest generation kept older than `before`, most
        asked first."""
        with self._lock:
            generation = max((g for g in self._values if g < before), default=None)
            kept: dict[str, T] = self._values.get(generation, {}) if generation is not None else {}
            asked = [
                (n, key) for (g, key), n in self._hits.items() if g == generation and n > 1 and key in kept
            ]
        return [key for _, key in sorted(asked, key=lambda hit: -hit[0])[:count]]

    def _values_at(self, generation: int) -> OrderedDict[str, T] | None:
        """(Under the lock.) The values kept at `generation`, made when it is new; None for one older than
        those kept (its values are never kept: nobody will ask for them again)."""
        if generation in self._values:
            return self._values[generation]
        if self._values and generation < next(reversed(self._values)):
            return None
        self._values[generation] = OrderedDict()
        while len(self._values) > _GENERATIONS:
            old, dropped = self._values.popitem(last=False)
            self._used -= sum(self._size(value) for value in dropped.values())
            self._hits = Counter({hit: n for hit, n in self._hits.items() if hit[0] != old})
        return self._values[generation]

    def _keep(self, generation: int, key: str, value: T) -> None:
        size = self._size(value)
        values = self._values.get(generation)
        if values is None or size > self._budget or key in values:
            return
        values[key] = value
        self._used += size
        while self._used > self._budget:
            # The oldest generation's least recently used value first.
            oldest = next(v for v in self._values.values() if v)
            _, dropped = oldest.popitem(last=False)
            self._used -= self._size(dropped)


# The current generation and the one before it (see WriteCache).
_GENERATIONS = 2
# Keys counted for `most_asked`, at most: a crawler asking for a million cards once each must not grow it.
_MAX_COUNTED = 100_000


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
    """The rows of `query`, from `read()` or kept from an earlier read at the generation the request reads."""
    return _caches_of(store).rows.get(store, query, read, generation=_generation_read(store))


def _generation_read(store: Store) -> int | None:
    """The generation of the snapshot the current request reads (None outside a request: the store's own)."""
    if isinstance(store, EmbeddedStore) and has_request_context():
        return request_snapshot(store)[0]
    return None


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
            # The weak ETag api.meta would compute for every copy (a hash of the body) is kept with the answer.
            response.add_etag(weak=True)
            return response.status_code, list(response.headers.items()), response.get_data()

        store = get_store()
        try:
            status, headers, body = _caches_of(store).answers.get(
                store, request.full_path, read, generation=_generation_read(store)
            )
        except _NotKept:
            if kept:  # this thread's own answer
                return kept[0]
            return wrapper(*args, **kwargs)  # another thread's answer was not a 200: answer for ourselves
        return Response(body, status=status, headers=headers)

    return wrapper


class _NotKept(Exception):
    """An answer that is not kept (not a 200): its asker answers it, the others ask again."""


# A write request makes at most this many of the most asked answers at its new snapshot before it answers, within
# about this many seconds: the time the writer waits, so that its readers find them made.
REWARM_ANSWERS = 16
REWARM_BUDGET_S = 1.0


def rewarm_answers(app: Flask, store: Store, snapshot: tuple[int, str]) -> None:
    """Make the answers most asked since the last write again at `snapshot`, the one a write request is about
    to publish (`api.store_snapshots.Snapshots.writing`).

    Every write makes every kept answer out of date; without this, the readers' first requests after it would
    each wait for an answer made from cold (the snapshot opened by the query workers, every query run again):
    hundreds of ms on a busy machine, where a kept answer takes about one. The write request is not acknowledged
    yet, so its readers meanwhile still get the answers of the snapshot before it; each answer is made once here,
    as the first reader after the write would have made it.
    """
    caches = _caches_of(store)
    deadline = time.monotonic() + REWARM_BUDGET_S
    for path in caches.answers.most_asked(before=snapshot[0], count=REWARM_ANSWERS):
        if time.monotonic() > deadline:
            return
        # A fresh app context: the write request's own `g` (its write window) stays apart from the replay's.
        with app.app_context(), app.test_request_context(path):
            read_at(snapshot)
            try:
                app.dispatch_request()
            except Exception:  # an answer that is not a 200 now (a 404, a 503): its askers will find out
                log.debug("No answer to keep for %s", path, exc_info=True)
