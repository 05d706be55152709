"""Extraction speed against bare spaCy: the same model and texts, `nlp.pipe` in one process, in one run.

Prints words/s of the bare spaCy pipeline, of GeoKG extraction (pipeline, gazetteer, linking, events,
relations and facts) and their ratio; the target of issue #11 is a ratio of at least 0.8. Rounds alternate
between the two and the best round of each counts, so a busy machine slows both alike; the ratio of CPU time
(this process's) is printed as well, as other processes on a shared machine disturb it less. Asserts nothing.

Run: `python -m bench.extraction_speed [--rounds N] [--profile]`.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from kg.extract import ArticleText, Extractor
from kg.extract.nlp import DEFAULT_MODEL, load_model

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
FOLDERS = ("dev", "heldout", "realtext")
TARGET = 0.8


def load_texts(folders: tuple[str, ...] = FOLDERS) -> list[ArticleText]:
    """The gold texts of the test folders, with their publication dates."""
    items = []
    for folder in folders:
        for path in sorted((DATA / folder).glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(gold, dict) or "text_file" not in gold:
                continue
            text = (DATA / folder / gold["text_file"]).read_text(encoding="utf-8")
            published = date.fromisoformat(gold["published"]) if gold.get("published") else None
            items.append(ArticleText(text, published=published))
    return items


def best_of(rounds: int, runs: dict[str, Callable[[], object]]) -> dict[str, tuple[float, float]]:
    """The fastest of `rounds` timings of each run (wall-clock and CPU seconds), the runs taking turns."""
    best = dict.fromkeys(runs, (float("inf"), float("inf")))
    for _ in range(rounds):
        for name, run in runs.items():
            wall, cpu = time.perf_counter(), time.process_time()
            run()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--profile", action="store_true", help="print the top functions of one GeoKG run")
    args = parser.parse_args()
    items = load_texts()
    texts = [item.text for item in items]
    words = sum(len(text.split()) for text in texts)

    started = time.perf_counter()
    bare = load_model(args.model)
    bare_load_s = time.perf_counter() - started
    started = time.perf_counter()
    extractor = Extractor()
    geokg_load_s = time.perf_counter() - started

    def run_bare() -> None:
        for _ in bare.pipe(texts):
            pass

    def run_geokg() -> None:
        for _ in extractor.extract_many(items):
            pass

    run_bare(), run_geokg()  # warm-up: lazy tables, caches
    best = best_of(args.rounds, {"bare spaCy": run_bare, "GeoKG": run_geokg})
    print(f"texts: {len(texts)} ({', '.join(FOLDERS)}), {words} words; best of {args.rounds} rounds")
    print(f"load: bare spaCy {bare_load_s:.2f} s, GeoKG pipeline and gazetteer {geokg_load_s:.2f} s")
    for name, (wall, cpu) in best.items():
        print(
            f"{name:<11} {wall:6.2f} s  {words / wall:7.0f} words/s   (CPU {cpu:6.2f} s, {words / cpu:7.0f} words/s)"
        )
    (bare_wall, bare_cpu), (geokg_wall, geokg_cpu) = best["bare spaCy"], best["GeoKG"]
    print(
        f"ratio GeoKG / bare spaCy: {bare_wall / geokg_wall:.2f} "
        f"(CPU time: {bare_cpu / geokg_cpu:.2f}); target >= {TARGET}"
    )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(run_geokg)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
