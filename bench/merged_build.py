"""Building the merged-events graph of a loaded store (issue #10: `geokg migrate` ends by recomputing it whole):
N synthetic articles (bench/generate.py) bulk-loaded into a fresh embedded store, then `refresh_merged_events`
timed in a child process, whose peak RSS is its own high-water mark (so the generator and the load are not
counted; the peak is reset once the store is open). Prints the seconds, the peak RSS and its growth over the
child's RSS before the build, the same from /proc/self/status (VmHWM, which the reset does restart, over VmRSS:
the build's own peak even when it stays under the opening's), the merged events and the graph's triples, a ratio
line (build time over load time) and writes JSON to bench/results/merged_build.json; asserts nothing.
bench/summaries_build.py is the same for the summaries graph.

`--nquads FILE` keeps the generated N-Quads in FILE (or reads them from it when it exists), so runs of two
versions of the code time the same data.

Run: `python -m bench.merged_build [--articles 2000] [--seed 0] [--jobs 1] [--nquads FILE]`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from bench.summaries_build import _reset_peak, _rss_mb, load
from kg.graph.store import EmbeddedStore

RESULTS = Path(__file__).resolve().parent / "results"


def _status_mb(field: str) -> float:
    """A memory figure of /proc/self/status in MB (0 elsewhere). VmHWM, unlike getrusage's peak, restarts at
    the current RSS with `_reset_peak`, so it shows the build's own peak even under the opened store's."""
    try:
        lines = Path("/proc/self/status").read_text().splitlines()
    except OSError:
        return 0.0
    found = [line.split()[1] for line in lines if line.startswith(f"{field}:")]
    return int(found[0]) / 1024 if found else 0.0


def build(store_path: Path) -> dict[str, float]:
    """Refresh the merged events of the store at `store_path` (run in the child): seconds, merged events,
    triples of the graph and RSS."""
    # Imported before the RSS baseline is read.
    from kg.graph.merged_events import merged_graph_iri, refresh_merged_events

    with EmbeddedStore(ox.Store(str(store_path))) as store:
        store.count()  # opened and read once, as a store that serves is
        _reset_peak()
        before = _rss_mb()
        rss_before = _status_mb("VmRSS")
        started = time.perf_counter()
        merged = refresh_merged_events(store)
        seconds = time.perf_counter() - started
        peak = _rss_mb()
        hwm = _status_mb("VmHWM")
        triples = store.count(merged_graph_iri())
    return {
        "seconds": seconds,
        "merged": merged,
        "triples": triples,
        "rss_before_mb": before,
        "peak_rss_mb": peak,
        "vm_rss_before_mb": rss_before,
        "vm_hwm_mb": hwm,
    }


def in_child(store_path: Path) -> dict[str, float]:
    """`build` in a fresh interpreter, so its peak RSS is the build's alone."""
    command = [sys.executable, "-m", "bench.merged_build", "--child", str(store_path)]
    run = subprocess.run(command, capture_output=True, text=True, cwd=Path.cwd())
    if run.returncode != 0:
        raise SystemExit(f"the build failed: {run.stderr.strip()[-2000:]}")
    figures: dict[str, float] = json.loads(run.stdout.strip().splitlines()[-1])
    return figures


def _nquads(articles: int, seed: int, jobs: int, kept: Path | None, work: Path) -> Path:
    """The N-Quads of the synthetic articles: `kept` when it exists, else generated (into `kept`, if given)."""
    if kept is not None and kept.exists():
        print(f"reading {kept} (not generated again)")
        return kept
    # Imported here, not by the child: the generator's gazetteer would be most of the child's RSS.
    from bench.generate import generate

    out = kept or work / "articles.nq"
    written = generate(articles, out, seed=seed, jobs=jobs)
    print(f"generated {written.articles} articles")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1, help="generator processes (the output is the same)")
    parser.add_argument("--nquads", type=Path, help="keep the generated N-Quads here, or read them if there")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(build(args.child)))
        return
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        nquads = _nquads(args.articles, args.seed, args.jobs, args.nquads, work)
        load_seconds, quads = load(work / "store", nquads)
        print(f"loaded {quads} quads in {load_seconds:.1f} s")
        figures = in_child(work / "store")
    growth = figures["peak_rss_mb"] - figures["rss_before_mb"]
    print(
        f"refresh_merged_events: {figures['seconds']:.1f} s, peak RSS {figures['peak_rss_mb']:.0f} MB "
        f"(+{growth:.0f} MB over {figures['rss_before_mb']:.0f} MB before), {figures['merged']:.0f} merged events, "
        f"{figures['triples']:.0f} triples"
    )
    hwm_growth = figures["vm_hwm_mb"] - figures["vm_rss_before_mb"]
    print(
        f"VmHWM since the store was open: {figures['vm_hwm_mb']:.0f} MB "
        f"(+{hwm_growth:.0f} MB over VmRSS {figures['vm_rss_before_mb']:.0f} MB before the build)"
    )
    ratio = figures["seconds"] / load_seconds
    print(f"ratio: merged-events build seconds / bulk load seconds = {ratio:.2f}")
    result = {
        "articles": args.articles,
        "quads": quads,
        "load_seconds": round(load_seconds, 2),
        "build_seconds": round(figures["seconds"], 2),
        "peak_rss_mb": round(figures["peak_rss_mb"]),
        "rss_growth_mb": round(growth),
        "vm_hwm_mb": round(figures["vm_hwm_mb"]),
        "vm_hwm_growth_mb": round(hwm_growth),
        "merged_events": int(figures["merged"]),
        "merged_triples": int(figures["triples"]),
        "ratio": round(ratio, 3),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "merged_build.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
