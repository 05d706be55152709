"""The store's side of ingest at volume (issue #10): the time to write one article when the store holds few or
many, with incremental merging (one update per article: its graph, its entities, its merged buckets) against
the former way (the article graph with its own entity descriptions, then every merged event recomputed); and
how many rows `?s owl:sameAs wd:Q403` answers in each shape. Synthetic volume: the example articles' facts,
extracted once, repeated under new article IRIs (so Serbia is named by every repeat). Prints figures and writes
JSON to bench/results/ingest_writes.json; asserts nothing.

Run: `python -m bench.ingest_writes [--small 10] [--large 500] [--repeats 100] [--probe 10]`; the defaults
take about 10 minutes on 2 shared cores (`--repeats 380`, the issue's 1M triples, adds about 5 more for
migrating them).
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from kg.extract import ArticleText, default_extractor
from kg.facts import Facts, stable_hash
from kg.graph.article_writes import write_article
from kg.graph.merged_events import refresh_merged_events
from kg.graph.migrate import migrate
from kg.graph.rdf import to_graph
from kg.graph.store import EmbeddedStore, Store
from kg.sources.ingest import read_inputs

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles.jsonl"
RESULTS = Path(__file__).resolve().parent / "results"
SAME_AS = (
    "SELECT ?s WHERE { ?s <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q403> }"
)


def example_facts() -> list[Facts]:
    """The example articles' facts, extracted once."""
    items = list(read_inputs(str(EXAMPLES)))
    texts = [
        ArticleText(i.text, None if not i.published else _day(i.published), i.title, i.source) for i in items
    ]
    return list(default_extractor().extract_many(texts))


def _day(value: str) -> date:
    return date.fromisoformat(value)


def repeat(facts: Facts, number: int) -> Facts:
    """The same facts under a new article IRI (and new event IRIs): another article saying the same."""
    copied = copy.deepcopy(facts)
    old = copied.article.iri
    copied.article.iri = f"{old.rsplit('/', 1)[0]}/{stable_hash(number, old)}"
    for event in copied.events:
        event.iri = f"{event.iri}-{number}"
    return copied


def write_incremental(store: Store, facts: Facts) -> None:
    write_article(store, facts)


def write_former(store: Store, facts: Facts) -> None:
    """The write before issue #10: the self-contained article graph, then every merged event recomputed."""
    store.put_graph(facts.article.iri, to_graph(facts))
    refresh_merged_events(store)


def fill_former(store: Store, examples: list[Facts], count: int) -> None:
    """`count` articles in the former shape, with their merged events computed once."""
    for n in range(count):
        facts = repeat(examples[n % len(examples)], n)
        store.put_graph(facts.article.iri, to_graph(facts))
    refresh_merged_events(store)


def fill_incremental(store: Store, examples: list[Facts], count: int) -> None:
    for n in range(count):
        write_article(store, repeat(examples[n % len(examples)], n))


def time_writes(
    examples: list[Facts],
    fill: Callable[[Store, list[Facts], int], None],
    write: Callable[[Store, Facts], None],
    *,
    stored: int,
    probe: int,
) -> list[float]:
    """Seconds to write each of `probe` articles into a store already holding `stored`."""
    with tempfile.TemporaryDirectory() as folder, EmbeddedStore(ox.Store(folder)) as store:
        fill(store, examples, stored)
        times = []
        for n in range(stored, stored + probe):
            facts = repeat(examples[n % len(examples)], n)
            started = time.perf_counter()
            write(store, facts)
            times.append(time.perf_counter() - started)
        return times


def same_as_rows(examples: list[Facts], *, repeats: int) -> tuple[int, int, float]:
    """Rows of the sameAs query over the repeats written in the former shape, then after `migrate`, and the
    seconds the migration took."""
    with tempfile.TemporaryDirectory() as folder, EmbeddedStore(ox.Store(folder)) as store:
        for r in range(repeats):
            for i, facts in enumerate(examples):
                copied = repeat(facts, r * len(examples) + i)
                store.put_graph(copied.article.iri, to_graph(copied))
        former = len(store.select(SAME_AS))
        started = time.perf_counter()
        migrate(store)
        return former, len(store.select(SAME_AS)), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10, help="articles stored before the small probe")
    parser.add_argument("--large", type=int, default=500, help="articles stored before the large probe")
    parser.add_argument("--probe", type=int, default=10, help="articles timed at each size")
    parser.add_argument(
        "--repeats", type=int, default=100, help="repeats of the examples for the sameAs rows"
    )
    args = parser.parse_args()
    examples = example_facts()
    result: dict[str, object] = {"examples": len(examples), "probe": args.probe}
    ways = (("former", fill_former, write_former), ("incremental", fill_incremental, write_incremental))
    for name, fill, write in ways:
        for size in (args.small, args.large):
            median = statistics.median(time_writes(examples, fill, write, stored=size, probe=args.probe))
            result[f"{name}_ms_at_{size}"] = round(median * 1000, 2)
            print(
                f"{name}: {median * 1000:.1f} ms per article with {size} articles stored (median of {args.probe})"
            )
        growth = float(result[f"{name}_ms_at_{args.large}"]) / float(result[f"{name}_ms_at_{args.small}"])  # type: ignore[arg-type]
        result[f"{name}_growth"] = round(growth, 2)
        print(f"{name}: {args.large} stored / {args.small} stored = {growth:.2f}x")
    former, migrated, seconds = same_as_rows(examples, repeats=args.repeats)
    result.update(same_as_rows_former=former, same_as_rows_entities=migrated, migrate_s=round(seconds, 1))
    print(
        f"sameAs wd:Q403 rows, {args.repeats} repeats of the examples: former shape {former}, entities graph "
        f"{migrated} (geokg migrate took {seconds:.1f} s)"
    )
    ratio = float(result[f"former_ms_at_{args.large}"]) / float(result[f"incremental_ms_at_{args.large}"])  # type: ignore[arg-type]
    print(f"ratio: former / incremental write at {args.large} stored = {ratio:.1f}x")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ingest_writes.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
