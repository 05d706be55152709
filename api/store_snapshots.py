"""Read-only snapshots of an embedded store, for the query workers.

Each worker opens a snapshot (a RocksDB checkpoint, hard links: about a millisecond to make) rather than the
store, which admits one opener. A new snapshot is made when the store has been written since the last one
(`EmbeddedStore.generation`); an old one is deleted once no query uses it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast
from uuid import uuid4

from flask import Flask, current_app, g, request

from api.store import get_store
from kg.graph.store import EmbeddedStore


class Snapshots:
    """Read-only copies of one embedded store for the workers: the current one, and those still in use.

    A copy is made outside the lock. While a write request is under way (`writing`), queries keep using the
    snapshot from before it: the write is not acknowledged yet, so no client can expect to see it. The write
    request makes the new snapshot itself before it answers, so the queries after it see the write and none of
    them waits for the copy.
    """

    def __init__(self, root: Path) -> None:
        self._root = root
        self._lock = threading.Condition()
        self._current: tuple[int, Path] | None = None
        self._leases: Counter[Path] = Counter()
        self._writes = 0  # write requests under way
        self._copying = False

    @contextmanager
    def lease(self, store: EmbeddedStore) -> Iterator[str]:
        """The folder of a snapshot with every acknowledged write, kept until the block ends."""
        _, path = self.take(store)
        try:
            yield path
        finally:
            self.give_back(path)

    def take(self, store: EmbeddedStore) -> tuple[int, str]:
        """The generation and folder of a snapshot with every acknowledged write, kept until `give_back`."""
        with self._lock:
            generation, path = self._usable(store)
            self._leases[path] += 1
        return generation, str(path)

    @contextmanager
    def fresh(self, store: EmbeddedStore) -> Iterator[tuple[int, str]]:
        """The generation and folder of a snapshot of the store as it is now, acknowledged or not (for figures
        such as its size, which no reader compares with its own reads), kept until the block ends."""
        with self._lock:
            generation, path = self._current_or_new(store)
            self._leases[path] += 1
        try:
            yield generation, str(path)
        finally:
            self.give_back(str(path))

    def give_back(self, path: str) -> None:
        with self._lock:
            self._leases[Path(path)] -= 1
            self._prune()

    @contextmanager
    def writing(
        self, store: EmbeddedStore, *, before_publish: Callable[[tuple[int, str]], None] | None = None
    ) -> Iterator[None]:
        """A write request: queries use the snapshot from before it until its own is made, at the block's end.

        `before_publish(snapshot)` runs once the new snapshot is made and before queries are given it: the
        write is not acknowledged yet, so the queries meanwhile may still read the snapshot before it.
        """
        with self._lock:
            self._writes += 1
        made: tuple[int, Path] | None = None
        try:
            yield
        finally:
            try:
                with self._lock:
                    made = self._current_or_new(store)
                    self._leases[made[1]] += 1
                    wrote = made != self._current
                if before_publish is not None and wrote:  # a refused or failed write changed nothing
                    before_publish((made[0], str(made[1])))
            finally:
                with self._lock:
                    if made is not None:
                        self._leases[made[1]] -= 1
                        if self._current is None or made[0] > self._current[0]:
                            self._current = made
                    self._writes -= 1
                    self._prune()

    def _current_or_new(self, store: EmbeddedStore) -> tuple[int, Path]:
        """(Under the lock.) A snapshot of the store as it is now: the current one when it is, else a new one
        (made as the current snapshot once the write request that asks for it publishes it)."""
        while True:
            if self._current is not None and self._current[0] == store.generation:
                return self._current
            if not self._copying:
                return self._make(store)
            self._lock.wait()

    def _usable(self, store: EmbeddedStore) -> tuple[int, Path]:
        """(Under the lock.) The current snapshot when it is fresh or a write is under way, else a new one."""
        while True:
            if self._current is not None and (self._current[0] == store.generation or self._writes):
                return self._current
            if not self._copying:
                self._current = self._make(store)
                self._prune()
                return self._current
            self._lock.wait()

    def _make(self, store: EmbeddedStore) -> tuple[int, Path]:
        """(Under the lock, released while copying.) A new snapshot, not yet given to anyone."""
        # Read before copying: a write that races with the copy makes it newer than its label, never older.
        generation = store.generation
        path = self._root / f"g{generation}-{uuid4().hex[:8]}"
        self._copying = True
        self._lock.release()
        try:
            store.snapshot(path)
        finally:
            self._lock.acquire()
            self._copying = False
            self._lock.notify_all()
        self._leases[path] += 0  # known, so that _prune deletes it once it is neither current nor used
        return generation, path

    def _prune(self) -> None:
        """Delete the snapshots nobody queries; a worker that still has one open reads it no more."""
        current = self._current[1] if self._current else None
        for path in [path for path, count in self._leases.items() if count == 0 and path != current]:
            shutil.rmtree(path, ignore_errors=True)
            del self._leases[path]


_SNAPSHOTS: weakref.WeakKeyDictionary[EmbeddedStore, Snapshots] = weakref.WeakKeyDictionary()
_SNAPSHOTS_LOCK = threading.Lock()


def snapshots_of(store: EmbeddedStore, root: Path) -> Snapshots:
    """The snapshots of `store`, in a new folder under `root` removed with the store (or at exit)."""
    with _SNAPSHOTS_LOCK:
        snapshots = _SNAPSHOTS.get(store)
        if snapshots is None:
            root.mkdir(parents=True, exist_ok=True)
            remove_stale_snapshots(root)
            folder = Path(tempfile.mkdtemp(prefix=f"snapshots-{os.getpid()}-", dir=root))
            snapshots = _SNAPSHOTS[store] = Snapshots(folder)
            weakref.finalize(store, shutil.rmtree, folder, True)
        return snapshots


def init_app(app: Flask) -> None:
    """Write requests on an embedded store make its next snapshot before they answer (`Snapshots.writing`); a
    request's queries all read the snapshot its first one read (`request_snapshot`)."""
    app.before_request(_write_begins)
    app.teardown_request(_write_ends)
    app.teardown_request(_give_back_request_snapshot)


def request_snapshot(store: EmbeddedStore) -> tuple[int, str]:
    """The generation and folder of the snapshot the current request reads: taken when it first reads, given
    back when it ends. Every query of one answer then reads the same generation, and what the REST caches keep
    is labelled with the generation it was read at (`api.rest_cache`)."""
    pinned = g.get("snapshot")
    if pinned is None:
        # Known already but for the first request: snapshot_root resolves the path (syscalls, 7% of a request).
        snapshots = _SNAPSHOTS.get(store) or snapshots_of(
            store, snapshot_root(str(current_app.config["GEOKG_STORE"]))
        )
        pinned = g.snapshot = snapshots.take(store)
        g.snapshot_taken_from = snapshots
    return cast(tuple[int, str], pinned)


def read_at(snapshot: tuple[int, str]) -> None:
    """Make the current request read `snapshot` (leased by the caller), as a write request does when it makes
    the answers of the snapshot it is about to publish."""
    g.snapshot = snapshot


def _give_back_request_snapshot(error: BaseException | None) -> None:
    snapshots = g.pop("snapshot_taken_from", None)
    if snapshots is not None:
        snapshots.give_back(g.pop("snapshot")[1])


_WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def _write_begins() -> None:
    if request.method not in _WRITE_METHODS or request.path.rstrip("/") in _READS_BY_POST:
        return
    store = get_store()
    if isinstance(store, EmbeddedStore):
        # Here, not at the top: api.rest_cache reads snapshots through this module.
        from api.rest_cache import rewarm_answers

        app = current_app._get_current_object()  # type: ignore[attr-defined]
        window = snapshots_of(store, snapshot_root(str(current_app.config["GEOKG_STORE"]))).writing(
            store, before_publish=lambda snapshot: rewarm_answers(app, store, snapshot)
        )
        window.__enter__()
        g.snapshot_write = window


def _write_ends(error: BaseException | None) -> None:
    window = g.pop("snapshot_write", None)
    if window is not None:
        window.__exit__(None, None, None)


# POSTs that only read: they need no new snapshot.
_READS_BY_POST = ("/sparql", "/reconcile")


def remove_stale_snapshots(root: Path) -> list[Path]:
    """Delete the snapshot folders under `root` left by processes that are gone (a server killed with -9
    never ran its clean-up); the folders of live processes stay. Returns what was deleted."""
    stale = [
        folder
        for folder in root.glob("snapshots-*")
        if folder.is_dir() and not _process_alive(_owner_pid(folder))
    ]
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return stale


def _owner_pid(folder: Path) -> int | None:
    # "snapshots-<pid>-<random>"; folders of older versions name no pid and count as stale.
    parts = folder.name.split("-")
    return int(parts[1]) if len(parts) >= 3 and parts[1].isdigit() else None


def _process_alive(pid: int | None) -> bool:
    if pid is None:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def snapshot_root(store_location: str) -> Path:
    """Where the snapshots of the embedded store at `store_location` go: beside it, on the same file system
    (so that they are hard links, not copies)."""
    location = Path(store_location).resolve()
    return location.parent / f".{location.name}-snapshots"
