"""Synthetic volume: the example articles' facts repeated N times, each copy its own articles, events and
statements (the entities stay shared, so a popular entity is mentioned by N times as many articles).

Used by the REST and SPARQL benchmarks; on its own it writes the N-Quads to a file:
`python -m bench._volume --copies 380 --out /tmp/volume.nq` (380 copies of the 10 examples ≈ 1.1M quads).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.graph.store import EmbeddedStore
from kg.graph.summaries import refresh_summaries, summaries_graph_iri

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles.jsonl"
# Article, event and statement ids are 16 hex digits; each copy replaces the last four with its number.
_COPYABLE = re.compile(rb"(/id/(?:article|event|statement)/[0-9a-f]{12})[0-9a-f]{4}")


def example_quads() -> bytes:
    """The N-Quads export of a fresh store holding the example articles, without the summaries graph: its
    counts would not count the copies (`geokg migrate` builds it for the loaded store)."""
    with tempfile.TemporaryDirectory() as folder:
        store = str(Path(folder) / "store")
        geokg = [sys.executable, "-m", "kg.cli", "--store", store]
        subprocess.run([*geokg, "ingest", str(EXAMPLES)], check=True, capture_output=True)
        quads = subprocess.run([*geokg, "export"], check=True, capture_output=True).stdout
    summaries = f"<{summaries_graph_iri()}> .".encode()
    return b"".join(line for line in quads.splitlines(keepends=True) if not line.rstrip().endswith(summaries))


def repeated(quads: bytes, copies: int) -> bytes:
    """`quads` `copies` times, the n-th copy's article, event and statement IRIs renumbered n."""
    return b"".join(_COPYABLE.sub(rb"\g<1>" + b"%04x" % n, quads) for n in range(copies))


def summarise(store: Path) -> None:
    """Build the summaries of a loaded store, as ingest keeps them. Not `geokg migrate`, which would also
    recompute the merged events: every copy of an example report agrees with the others, so they would merge
    into events of hundreds of reports each, which no real store holds."""
    with EmbeddedStore(ox.Store(str(store))) as loaded:
        refresh_summaries(loaded)


def volume_quads(copies: int, data: Path | None) -> bytes:
    """The N-Quads file `data` when given (made by this module earlier), else `copies` fresh copies."""
    return data.read_bytes() if data else repeated(example_quads(), copies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=380)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    data = repeated(example_quads(), args.copies)
    args.out.write_bytes(data)
    lines = data.count(b"\n")
    print(f"{lines} quads in {args.out}")


if __name__ == "__main__":
    main()
