"""The eight SPARQL shapes on rdflib's in-memory Dataset against our embedded store, at about 100k triples.

Both hold the same synthetic articles' quads (bench/generate.py) and query the union of the named graphs, as
`/sparql` does; each run serialises its results (SPARQL JSON, or N-Triples for DESCRIBE) so both do the whole
job. Prints the median of `--runs` runs per shape, the ratio rdflib / ours and their geometric mean (target of
issue #10: ours at least 20x faster), and writes bench/results/rdflib_compare.json. A shape that takes rdflib
over `--slow-s` seconds runs once. Asserts nothing.

Run: `python -m bench.rdflib_compare [--articles 320] [--runs 5]`.
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from statistics import median
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset

from bench._shapes import kind, shapes
from bench.generate import generate
from kg.gazetteer import load_gazetteer
from kg.graph.store import EmbeddedStore

RESULTS = Path(__file__).resolve().parent / "results"
TARGET = 20.0


def timed_runs(run: Callable[[], object], runs: int, slow_s: float) -> float:
    """Median ms of `runs` runs; a single run when the first is over `slow_s`."""
    times: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
        if times[0] > slow_s * 1000:
            break
    return median(times)


def rdflib_run(dataset: Dataset, query: str) -> Callable[[], object]:
    result_format = "json" if kind(query) == "rows" else "nt"
    return lambda: dataset.query(query).serialize(format=result_format)


def ours_run(store: EmbeddedStore, query: str) -> Callable[[], object]:
    result_format = "json" if kind(query) == "rows" else "ntriples"
    return lambda: store.sparql(query, result_format=result_format)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=320, help="synthetic articles (about 315 quads each)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--slow-s", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        nquads = folder / "articles.nq"
        written = generate(args.articles, nquads, seed=args.seed)
        popular = written.articles_by_qid.most_common(1)[0][0]
        entry = load_gazetteer().by_qid(popular)
        queries = shapes(popular, label_prefix=(entry.label if entry else popular)[:4].lower())

        started = time.perf_counter()
        dataset = Dataset(default_union=True)
        dataset.parse(str(nquads), format="nquads")
        rdflib_load_s = time.perf_counter() - started
        started = time.perf_counter()
        store = EmbeddedStore(ox.Store(str(folder / "store")))
        store.load(nquads.read_bytes(), format="nquads")
        ours_load_s = time.perf_counter() - started
        quads = store.count()

        figures: dict[str, dict[str, Any]] = {}
        for shape, query in queries.items():
            ours_run(store, query)()  # warm up both: parsing caches, lazy indexes
            rdflib_run(dataset, query)()
            ours = timed_runs(ours_run(store, query), args.runs, args.slow_s)
            theirs = timed_runs(rdflib_run(dataset, query), args.runs, args.slow_s)
            figures[shape] = {
                "ours_ms": round(ours, 2),
                "rdflib_ms": round(theirs, 2),
                "ratio": theirs / ours,
            }
        store.close()

    print(
        f"{args.articles} synthetic articles, {quads} quads (popular entity {popular}); load: rdflib "
        f"{rdflib_load_s:.1f} s, ours (Store.load) {ours_load_s:.1f} s"
    )
    print(f"{'shape':<24} {'ours ms':>9} {'rdflib ms':>11} {'rdflib/ours':>12}")
    for shape, row in figures.items():
        print(f"{shape:<24} {row['ours_ms']:>9.2f} {row['rdflib_ms']:>11.2f} {row['ratio']:>11.1f}x")
    ratios = [row["ratio"] for row in figures.values()]
    geomean = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
    verdict = "met" if min(ratios) >= TARGET else "NOT met"
    print(
        f"ratio rdflib/ours: geometric mean {geomean:.0f}x, lowest {min(ratios):.1f}x "
        f"({min(figures, key=lambda s: figures[s]['ratio'])}); target >= {TARGET:.0f}x on every shape: {verdict}"
    )
    RESULTS.mkdir(exist_ok=True)
    document = {
        "benchmark": "rdflib_compare",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "data": "synthetic (bench/generate.py)",
        "articles": args.articles,
        "quads": quads,
        "load_s": {"rdflib": round(rdflib_load_s, 2), "ours": round(ours_load_s, 2)},
        "shapes": {shape: {**row, "ratio": round(row["ratio"], 1)} for shape, row in figures.items()},
        "geometric_mean_ratio": round(geomean, 1),
        "target": TARGET,
    }
    (RESULTS / "rdflib_compare.json").write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print("wrote bench/results/rdflib_compare.json")


if __name__ == "__main__":
    main()
