"""`geokg load` against `oxigraph load` on the same N-Quads file, each into a fresh store (issue #10: at least
0.8x its speed, memory bounded): seconds, quads a second and peak RSS of each, and the ratio. Without `--file`
the file is synthetic volume: the example articles' graphs (as ingest writes them now) repeated under new
article, event and statement IRIs until it holds about `--quads` quads, plus their entities graph. Prints figures
and writes JSON to bench/results/bulk_load.json; asserts nothing.

Run: `python -m bench.bulk_load [--quads 1000000] [--file FILE.nq] [--rounds 1]`.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from bench.ingest_writes import RESULTS, example_facts
from kg.facts import stable_hash
from kg.graph._converter import to_ox
from kg.graph.rdf import to_graphs

TARGET = 0.8
# Per-article IRIs that a repeat must change: the article id, and the hashes of its events and statements.
_PER_ARTICLE = re.compile(r"/(article|event|statement)/([0-9a-f]{16})")


def write_quads(path: Path, quads: int) -> int:
    """A file of about `quads` quads: the examples' article graphs repeated, and one entities graph."""
    templates, entities = [], set()
    for facts in example_facts():
        graph, descriptions = to_graphs(facts)
        lines = [str(to_ox((s, p, o, graph.identifier))) + " .\n" for s, p, o in graph]
        templates.append("".join(lines))
        entities |= {str(to_ox((s, p, o, descriptions.identifier))) + " .\n" for s, p, o in descriptions}
    per_round = sum(template.count("\n") for template in templates)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        out.writelines(sorted(entities))
        written += len(entities)
        for number in range(max(1, (quads - written) // per_round)):
            renamed = _renamer(number)
            out.writelines(_PER_ARTICLE.sub(renamed, template) for template in templates)
            written += per_round
    return written


def _renamer(number: int):  # type: ignore[no-untyped-def]
    return lambda match: f"/{match[1]}/{stable_hash(number, match[2])}"


def measure(command: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of a command, from GNU time."""
    started = time.perf_counter()
    run = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {run.stderr.strip()[-500:]}")
    return seconds, int(run.stderr.strip().splitlines()[-1]) / 1024


def count_quads(location: Path) -> int:
    store = ox.Store.read_only(str(location))
    return len(store)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quads", type=int, default=1_000_000, help="size of the synthetic file")
    parser.add_argument("--file", type=Path, help="an N-Quads file to load instead of the synthetic one")
    parser.add_argument("--rounds", type=int, default=1, help="loads of each (best taken)")
    args = parser.parse_args()
    binaries = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        data = args.file
        if data is None:
            data = work / "facts.nq"
            print(f"wrote {write_quads(data, args.quads)} quads to a synthetic N-Quads file")
        commands = {
            "geokg load": lambda at: [str(binaries / "geokg"), "--store", str(at), "load", str(data)],
            "oxigraph load": lambda at: [
                str(binaries / "oxigraph"),
                "load",
                "--location",
                str(at),
                "--file",
                str(data),
            ],
        }
        result: dict[str, object] = {"file_bytes": data.stat().st_size}
        for name, command in commands.items():
            best = (float("inf"), 0.0)
            for round_ in range(args.rounds):
                location = work / f"{name.split()[0]}-{round_}"
                best = min(best, measure(command(location)))
                quads = count_quads(location)
                shutil.rmtree(location)
            seconds, rss = best
            result[name] = {"seconds": round(seconds, 2), "peak_rss_mb": round(rss), "quads": quads}
            print(
                f"{name}: {seconds:.1f} s, {quads / seconds:,.0f} quads/s, peak RSS {rss:.0f} MB ({quads} quads)"
            )
    ratio = result["oxigraph load"]["seconds"] / result["geokg load"]["seconds"]  # type: ignore[index]
    result["ratio"] = round(ratio, 3)
    print(f"ratio: geokg load speed / oxigraph load speed = {ratio:.2f} (target >= {TARGET})")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bulk_load.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
