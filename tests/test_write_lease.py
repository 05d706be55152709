"""The write lease of a remote store: one holder at a time, handed over on release, taken over on expiry."""

from __future__ import annotations

import threading
import time

import pytest

from kg.graph.store import SparqlStore
from kg.graph.write_lease import WriteLease

pytestmark = pytest.mark.remote


def test_a_second_writer_waits_until_the_first_releases(clean_remote_store: SparqlStore) -> None:
    first, second = WriteLease(clean_remote_store), WriteLease(clean_remote_store)
    first.acquire()
    got = threading.Event()

    def take() -> None:
        second.acquire()
        got.set()

    waiter = threading.Thread(target=take)
    waiter.start()
    assert not got.wait(1.0)  # held by the first
    first.release()
    assert got.wait(10.0)
    waiter.join()
    second.release()
    assert clean_remote_store.export("nquads") == b""  # no lease left in the store


def test_a_lease_whose_holder_died_expires(clean_remote_store: SparqlStore) -> None:
    WriteLease(clean_remote_store, seconds=0.5).acquire()  # never released, as by a killed process
    started = time.monotonic()
    later = WriteLease(clean_remote_store)
    later.acquire()
    assert 0.2 < time.monotonic() - started < 10
    later.release()
    assert clean_remote_store.export("nquads") == b""


def test_writers_racing_for_the_lease_hold_it_one_at_a_time(clean_remote_store: SparqlStore) -> None:
    inside, overlaps = [0], []
    guard = threading.Lock()

    def write() -> None:
        lease = WriteLease(clean_remote_store)
        for _ in range(5):
            with lease.held():
                with guard:
                    inside[0] += 1
                    overlaps.append(inside[0])
                time.sleep(0.01)
                with guard:
                    inside[0] -= 1

    writers = [threading.Thread(target=write) for _ in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert len(overlaps) == 20 and max(overlaps) == 1
