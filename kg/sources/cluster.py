"""Extraction on a Dask distributed cluster (`geokg ingest --cluster tcp://HOST:PORT`).

Each worker process loads the spaCy pipeline once, on its first chunk, and keeps it (a cached global of
kg.sources.extraction_jobs); the `geokg` process sends chunks of texts and writes the facts that come back to
the store, one whole article at a time, like a local batch. A bounded number of chunks is in flight, so an
archive of any size streams through. A chunk whose task fails (a worker lost) fails its articles, with the
reason, and the batch goes on. Needs the optional extra `cluster` (dask, distributed) here and on the workers,
with GeoKG installed on every worker.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from kg.sources.extraction_jobs import Chunk, ExtractorConfig, Failed, Outcome, Runner, extract_chunk
from kg.sources.ingest import one_line

CONNECT_TIMEOUT_S = 30
# Chunks in flight per worker thread: enough to keep every worker busy while results stream back.
IN_FLIGHT_PER_THREAD = 4


def on_cluster(address: str, config: ExtractorConfig) -> Runner:
    """A runner that extracts on the Dask scheduler at `address`."""

    def run(work: Iterable[Chunk]) -> Iterator[list[Outcome]]:
        from distributed import Client

        with Client(address, timeout=CONNECT_TIMEOUT_S) as client:
            threads = sum(client.nthreads().values()) or 1
            yield from _stream(client, iter(work), config, limit=threads * IN_FLIGHT_PER_THREAD)

    return run


def _stream(
    client: Any, work: Iterator[Chunk], config: ExtractorConfig, *, limit: int
) -> Iterator[list[Outcome]]:
    from distributed import as_completed

    pending: dict[Any, Chunk] = {}

    def submit(count: int) -> None:
        for chunk in _take(work, count):
            pending[client.submit(extract_chunk, chunk, config, pure=False)] = chunk

    submit(limit)
    done = as_completed(list(pending))
    for future in done:
        chunk = pending.pop(future)
        yield _outcomes(future, chunk)
        before = set(pending)
        submit(1)
        for new in set(pending) - before:
            done.add(new)


def _outcomes(future: Any, chunk: Chunk) -> list[Outcome]:
    try:
        return list(future.result())
    except Exception as e:  # a worker lost or a task killed: these articles failed, the batch goes on
        return [(number, Failed(f"cluster task failed: {one_line(e)}")) for number, _ in chunk]


def _take(work: Iterator[Chunk], count: int) -> Iterator[Chunk]:
    for _ in range(count):
        chunk = next(work, None)
        if chunk is None:
            return
        yield chunk
