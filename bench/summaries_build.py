"""Building the summaries graph of a loaded store (issue #10: `geokg migrate` at 40k articles took 28 minutes and
18.3 GB): N synthetic articles (bench/generate.py) bulk-loaded into a fresh embedded store, then
`refresh_summaries` timed in a child process, whose peak RSS is its own high-water mark (so the generator and
the load are not counted; the peak is reset once the store is open). Prints the seconds, the peak RSS and its
growth over the child's RSS before the build, the summary triples, a ratio line (build time over load time)
and writes JSON to bench/results/summaries_build.json; asserts nothing.

With `--migrate` it times all of `geokg migrate` instead (descriptions moved, merged events and summaries
recomputed), what the scaling run's "summaries built" row measures.

Run: `python -m bench.summaries_build [--articles 2000] [--seed 0] [--jobs 1] [--migrate]`.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.graph.store import EmbeddedStore

RESULTS = Path(__file__).resolve().parent / "results"


def _rss_mb() -> float:
    """This process's peak RSS so far, in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> None:
    """Start the peak RSS again from the current RSS (Linux: `5` to clear_refs), so that the transient of
    opening the store (RocksDB reading a fresh bulk load, some 0.8 GB at 2000 articles) is not the peak."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass  # elsewhere the peak keeps the store's opening


def build(store_path: Path, *, whole_migrate: bool = False) -> dict[str, float]:
    """Refresh the summaries of the store at `store_path` (run in the child), or run all of `geokg migrate`
    (descriptions moved, merged events and summaries recomputed): seconds, summary triples and RSS."""
    # Imported before the RSS baseline is read.
    from kg.graph.migrate import migrate
    from kg.graph.summaries import refresh_summaries

    with EmbeddedStore(ox.Store(str(store_path))) as store:
        store.count()  # opened and read once, as a store that serves is
        _reset_peak()
        before = _rss_mb()
        started = time.perf_counter()
        triples = migrate(store).summaries if whole_migrate else refresh_summaries(store)
        seconds = time.perf_counter() - started
    peak = _rss_mb()
    return {"seconds": seconds, "triples": triples, "rss_before_mb": before, "peak_rss_mb": peak}


def load(store_path: Path, nquads: Path) -> tuple[float, int]:
    """Bulk-load the N-Quads as `geokg load` does: seconds and quads in the store."""
    started = time.perf_counter()
    with EmbeddedStore(ox.Store(str(store_path))) as store:
        store.load_file(nquads, format="nquads")
        took = time.perf_counter() - started
        return took, store.count()


def in_child(store_path: Path, *, whole_migrate: bool) -> dict[str, float]:
    """`build` in a fresh interpreter, so its peak RSS is the build's alone."""
    command = [sys.executable, "-m", "bench.summaries_build", "--child", str(store_path)]
    command += ["--migrate"] if whole_migrate else []
    run = subprocess.run(command, capture_output=True, text=True, cwd=Path.cwd())
    if run.returncode != 0:
        raise SystemExit(f"the build failed: {run.stderr.strip()[-2000:]}")
    figures: dict[str, float] = json.loads(run.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1, help="generator processes (the output is the same)")
    parser.add_argument(
        "--migrate", action="store_true", help="time all of `geokg migrate`, not the summaries"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(build(args.child, whole_migrate=args.migrate)))
        return
    # Imported here, not by the child: the generator's gazetteer would be most of the child's RSS.
    from bench.generate import generate

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        nquads = work / "articles.nq"
        written = generate(args.articles, nquads, seed=args.seed, jobs=args.jobs)
        load_seconds, quads = load(work / "store", nquads)
        print(f"loaded {written.articles} articles: {quads} quads in {load_seconds:.1f} s")
        figures = in_child(work / "store", whole_migrate=args.migrate)
    growth = figures["peak_rss_mb"] - figures["rss_before_mb"]
    timed = "migrate" if args.migrate else "refresh_summaries"
    print(
        f"{timed}: {figures['seconds']:.1f} s, peak RSS {figures['peak_rss_mb']:.0f} MB "
        f"(+{growth:.0f} MB over {figures['rss_before_mb']:.0f} MB before), {figures['triples']:.0f} summary triples"
    )
    ratio = figures["seconds"] / load_seconds
    print(f"ratio: summaries build seconds / bulk load seconds = {ratio:.2f}")
    result = {
        "articles": written.articles,
        "timed": timed,
        "quads": quads,
        "load_seconds": round(load_seconds, 2),
        "build_seconds": round(figures["seconds"], 2),
        "peak_rss_mb": round(figures["peak_rss_mb"]),
        "rss_growth_mb": round(growth),
        "summary_triples": int(figures["triples"]),
        "ratio": round(ratio, 3),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "summaries_build.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
