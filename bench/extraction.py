"""Extraction and ingest throughput on the example articles: prints figures, asserts nothing.

Run: `python -m bench.extraction [--rounds N]`.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import date
from pathlib import Path

from kg.extract import Extractor
from kg.graph.store import open_store
from kg.sources.ingest import ingest_many, read_inputs

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    articles = [
        json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    words = sum(len(a["text"].split()) for a in articles)

    started = time.perf_counter()
    extractor = Extractor()
    load_s = time.perf_counter() - started

    started = time.perf_counter()
    for _ in range(rounds):
        for article in articles:
            extractor.extract(article["text"], published=date.fromisoformat(article["published"]))
    extract_s = (time.perf_counter() - started) / rounds

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(str(Path(folder) / "store"))
        started = time.perf_counter()
        ingest_many(store, list(read_inputs(str(EXAMPLES))))
        ingest_s = time.perf_counter() - started
        quads = store.count()
        store.close()

    print(f"pipeline load: {load_s:.2f} s")
    print(
        f"extract: {len(articles)} articles, {words} words in {extract_s:.2f} s "
        f"= {len(articles) / extract_s:.1f} articles/s, {words / extract_s:.0f} words/s"
    )
    print(
        f"ingest into embedded Oxigraph: {ingest_s:.2f} s for {len(articles)} articles, {quads} quads "
        f"({ingest_s / len(articles) * 1000:.0f} ms/article; ratio ingest/extract {ingest_s / extract_s:.2f})"
    )


if __name__ == "__main__":
    main()
