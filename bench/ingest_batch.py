"""Batch ingest on 1 and 2 extraction processes: `geokg ingest` of N synthetic articles (bench/article_texts)
into a fresh embedded store with `--jobs 1`, then `--jobs 2`, timed end to end (process start and model
loading included), with the CPU seconds it used and the machine's load average beside each figure: the 2 cores
are shared, and with Linux's autogroup scheduling on, a session's processes share one session's slice of them.

Prints articles/s for each and the ratio jobs 2 / jobs 1 (the target is >= 1.6x), and writes
bench/results/ingest_batch.json.

Run: `python -m bench.ingest_batch [--articles 2000] [--jobs 1,2] [--seed 0]`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.article_texts import generate_articles, write_articles

RESULTS = Path(__file__).parent / "results" / "ingest_batch.json"


def time_ingest(batch: Path, store: Path, jobs: int) -> dict[str, float | str]:
    """Run `geokg ingest --jobs N` once; its wall time, the summary's first line and the load around it."""
    command = [
        sys.executable,
        "-m",
        "kg.cli",
        "--store",
        str(store),
        "ingest",
        str(batch),
        "--jobs",
        str(jobs),
    ]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    load_before = os.getloadavg()[0]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    seconds = time.perf_counter() - started
    return {
        "jobs": jobs,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(_children_cpu() - cpu_before, 1),
        "summary": done.stdout.splitlines()[0],
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }


def _children_cpu() -> float:
    """User + system CPU seconds of the finished child processes (the command and its workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _autogroup() -> str:
    """Linux's autogroup scheduling shares the CPU between sessions, not processes: under contention a
    session's N processes get one session's share, so --jobs N cannot gain there."""
    try:
        enabled = Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1"
    except OSError:
        return "unknown"
    return "on" if enabled else "off"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument(
        "--jobs", default="1,2", help="Comma-separated process counts, the first the baseline."
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory(prefix="geokg-ingest-batch-") as folder:
        batch = Path(folder) / "articles.jsonl"
        write_articles(generate_articles(args.articles, seed=args.seed), batch)
        for jobs in (int(j) for j in args.jobs.split(",")):
            run = time_ingest(batch, Path(folder) / f"store-{jobs}", jobs)
            run["articles_per_s"] = round(args.articles / float(run["seconds"]), 2)
            runs.append(run)
            print(
                f"--jobs {jobs}: {args.articles} articles in {run['seconds']} s = {run['articles_per_s']} "
                f"articles/s, {run['cpu_seconds']} CPU s (load average {run['load_before']} before, "
                f"{run['load_after']} after); "
                f"{run['summary']}",
                flush=True,
            )
    print(f"{os.cpu_count()} CPUs; autogroup scheduling {_autogroup()}")
    base = float(runs[0]["articles_per_s"])
    for run in runs[1:]:
        print(
            f"ratio --jobs {run['jobs']} / --jobs {runs[0]['jobs']}: {float(run['articles_per_s']) / base:.2f}x"
        )
    figures = {
        "articles": args.articles,
        "cpus": os.cpu_count(),
        "data": "synthetic (bench/article_texts)",
        "runs": runs,
    }
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
