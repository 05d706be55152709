"""A batch of N synthetic articles (bench/article_texts) killed with SIGKILL half-way and run again, against one
uninterrupted run of the same batch: `geokg ingest --jobs 2` into fresh embedded stores, each store exported as
sorted N-Quads and compared. tests/test_batch_resume.py proves the same on 36 articles and both store kinds; this
is the issue's size, with the times.

Prints the time of each run, how many articles were stored when the kill came and were skipped as unchanged on the
second run, and whether the exports are equal (exit 1 when they are not); writes bench/results/ingest_resume.json.

Run: `python -m bench.ingest_resume [--articles 2000] [--jobs 2] [--seed 0]`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.article_texts import generate_articles, write_articles

RESULTS = Path(__file__).parent / "results" / "ingest_resume.json"
_ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}


def _ingest(store: Path, batch: Path, jobs: int) -> tuple[float, str]:
    """One whole run: its seconds and the summary's first line."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "--store", str(store), "ingest", str(batch), "--jobs", str(jobs)],
        capture_output=True,
        text=True,
        env=_ENV,
        check=True,
    )
    return time.perf_counter() - started, done.stdout.splitlines()[0]


def kill_after_stored(command: list[str], *, after: int, env: dict[str, str]) -> int:
    """Run a `geokg -v ... ingest` command and SIGKILL its process group (the worker processes too) once its
    log says `after` articles are stored; how many were. tests/test_batch_resume.py kills its batches so too."""
    with subprocess.Popen(
        command,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
        start_new_session=True,  # its own process group: the kill takes the workers too
    ) as process:
        assert process.stderr is not None
        stored = 0
        for line in process.stderr:
            stored += line.startswith("INFO stored ")
            if stored >= after:
                os.killpg(process.pid, signal.SIGKILL)
                break
        process.wait(timeout=120)
    if process.returncode != -signal.SIGKILL:
        raise RuntimeError(f"the run ended (exit {process.returncode}) before {after} articles were stored")
    return stored


def _ingest_and_kill(store: Path, batch: Path, jobs: int, *, after: int) -> tuple[float, int]:
    started = time.perf_counter()
    command = [sys.executable, "-m", "kg.cli", "-v", "--store", str(store), "ingest", str(batch)]
    stored = kill_after_stored([*command, "--jobs", str(jobs)], after=after, env=_ENV)
    return time.perf_counter() - started, stored


def _export(store: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "--store", str(store), "export", "--format", "nquads"],
        capture_output=True,
        text=True,
        env=_ENV,
        check=True,
    )
    return sorted(done.stdout.splitlines())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="geokg-ingest-resume-") as folder:
        batch = Path(folder) / "articles.jsonl"
        write_articles(generate_articles(args.articles, seed=args.seed), batch)
        whole_s, whole_summary = _ingest(Path(folder) / "whole", batch, args.jobs)
        print(f"uninterrupted: {whole_s:.1f} s; {whole_summary}", flush=True)
        killed = Path(folder) / "killed"
        killed_s, stored = _ingest_and_kill(killed, batch, args.jobs, after=args.articles // 2)
        print(f"killed with SIGKILL after {stored} articles stored ({killed_s:.1f} s)", flush=True)
        again_s, again_summary = _ingest(killed, batch, args.jobs)
        print(f"run again: {again_s:.1f} s; {again_summary}", flush=True)
        whole, resumed = _export(Path(folder) / "whole"), _export(killed)
    skipped = re.search(r"(\d+) unchanged and skipped", again_summary)
    equal = whole == resumed
    print(
        f"exports: {len(whole)} quads uninterrupted, {len(resumed)} killed and run again; "
        f"{'equal' if equal else 'DIFFERENT'}"
    )
    figures = {
        "articles": args.articles,
        "jobs": args.jobs,
        "data": "synthetic (bench/article_texts)",
        "uninterrupted_s": round(whole_s, 1),
        "killed_after_stored": stored,
        "killed_after_s": round(killed_s, 1),
        "run_again_s": round(again_s, 1),
        "skipped_as_unchanged": int(skipped.group(1)) if skipped else None,
        "quads": len(whole),
        "exports_equal": equal,
    }
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if not equal:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
