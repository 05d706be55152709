"""A lease that lets one writer at a time change the derived graphs of a remote store.

An article graph is keyed by its content hash, so two processes writing the same text write the same graph.
The entities and merged-events graphs are derived: a write reads them, computes the change and applies it in
one update, and two writers doing so at once on one server could each miss the other's article (a merged
event listing one report of two). So writers to a remote store (several `geokg ingest` on several machines,
the API) take this lease around each article's write. It lives in the store itself, in a graph of its own,
empty when no one writes: a writer adds itself as holder unless someone holds an unexpired lease, then
reads the holders back and goes on only if it is the only one (two that raced both see two, both step back
and try again after a random pause), so it holds under any isolation level the server gives an update.
A holder killed mid-write keeps the lease until it expires (`seconds`, measured by the writers' clocks).
The embedded store needs none: its folder takes one writing process at a time.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime, timedelta

from kg.facts import DEFAULT_BASE_IRI
from kg.graph.store import SparqlStore, Store, StoreError

_HELD_BY = "<urn:geokg:write-lease:heldBy>"
_UNTIL = "<urn:geokg:write-lease:until>"
_DATETIME = "<http://www.w3.org/2001/XMLSchema#dateTime>"
LEASE_SECONDS = 15.0


def exclusive_writes(store: Store, *, base_iri: str | None = None) -> AbstractContextManager[None]:
    """The lease of a remote store around a write; nothing for an embedded one."""
    if isinstance(store, SparqlStore):
        return WriteLease(store, base_iri=base_iri).held()
    return nullcontext()


class WriteLease:
    def __init__(self, store: Store, *, base_iri: str | None = None, seconds: float = LEASE_SECONDS) -> None:
        self.store = store
        self.seconds = seconds
        self.graph = f"<{base_iri or DEFAULT_BASE_IRI}graph/write-lease>"
        self.lock = f"<{base_iri or DEFAULT_BASE_IRI}graph/write-lease#lock>"
        self.holder = f"<urn:uuid:{uuid.uuid4()}>"

    @contextmanager
    def held(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()

    def acquire(self) -> None:
        """Wait until this writer is the only holder; StoreError after several lease times without."""
        deadline = time.monotonic() + 4 * self.seconds
        while True:
            self._try()
            holders = self._holders()
            if holders == {self.holder}:
                return
            if self.holder in holders:
                self.release()  # another writer raced us in: both step back
            if time.monotonic() > deadline:
                raise StoreError(
                    f"no write lease on the store after {4 * self.seconds:.0f} s: another writer holds it"
                )
            time.sleep(random.uniform(0.01, 0.1))

    def release(self) -> None:
        self.store.update(f"DELETE WHERE {{ GRAPH {self.graph} {{ {self._entry('?u')} }} }}")

    def _try(self) -> None:
        now = datetime.now(UTC)
        until = now + timedelta(seconds=self.seconds)
        self.store.update(
            f"""DELETE {{ GRAPH {self.graph} {{ {self.lock} {_HELD_BY} ?h . ?h {_UNTIL} ?u }} }}
            WHERE {{ GRAPH {self.graph} {{ {self.lock} {_HELD_BY} ?h . ?h {_UNTIL} ?u }}
                     FILTER(?u <= {_stamp(now)}) }} ;
            INSERT {{ GRAPH {self.graph} {{ {self._entry(_stamp(until))} }} }}
            WHERE {{ FILTER NOT EXISTS {{ GRAPH {self.graph} {{ {self.lock} {_HELD_BY} ?any }} }} }}"""
        )

    def _entry(self, until: str) -> str:
        return f"{self.lock} {_HELD_BY} {self.holder} . {self.holder} {_UNTIL} {until}"

    def _holders(self) -> set[str]:
        rows = self.store.select_built(
            f"SELECT ?h WHERE {{ GRAPH {self.graph} {{ {self.lock} {_HELD_BY} ?h }} }}"
        )
        return {f"<{row['h']}>" for row in rows}


def _stamp(moment: datetime) -> str:
    return f'"{moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")}"^^{_DATETIME}'
