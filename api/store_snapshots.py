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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import uuid4

from kg.graph.store import EmbeddedStore


class Snapshots:
    """Read-only copies of one embedded store for the workers: the current one, and those still in use."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._lock = threading.Lock()
        self._current: tuple[int, Path] | None = None
        self._leases: Counter[Path] = Counter()

    @contextmanager
    def lease(self, store: EmbeddedStore) -> Iterator[str]:
        """The folder of a snapshot with every write made so far, kept until the block ends."""
        with self._lock:
            path = self._fresh(store)
            self._leases[path] += 1
        try:
            yield str(path)
        finally:
            with self._lock:
                self._leases[path] -= 1
                self._prune()

    def _fresh(self, store: EmbeddedStore) -> Path:
        # Read before copying: a write that races with the copy makes it newer than its label, never older.
        generation = store.generation
        if self._current is None or self._current[0] != generation:
            path = self._root / f"g{generation}-{uuid4().hex[:8]}"
            store.snapshot(path)
            self._current = (generation, path)
            self._leases[path] += 0  # known, so that _prune deletes it once it is neither current nor used
            self._prune()
        return self._current[1]

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
