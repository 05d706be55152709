"""Cost of a long text against its length: the example articles repeated to each length, extracted once each.

Prints seconds, CPU seconds and microseconds per character for each length, and the ratio of the longest's cost
per character to the shortest's (1.0 is linear; texts over 50,000 characters are extracted in parts). Synthetic
volume (our own example articles, repeated). Asserts nothing.

Run: `python -m bench.long_texts [--lengths 20000,100000,200000]`.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from kg.extract import default_extractor

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles.jsonl"


def text_of_length(chars: int) -> str:
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    base = "\n\n".join(json.loads(line)["text"] for line in lines if line.strip())
    return (base * (chars // len(base) + 1))[:chars]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lengths", default="20000,100000,200000")
    lengths = [int(n) for n in parser.parse_args().lengths.split(",")]
    extractor = default_extractor()
    extractor.extract(text_of_length(2_000))  # the model and gazetteer load outside the figures
    per_char = []
    for chars in lengths:
        text = text_of_length(chars)
        wall, cpu = time.perf_counter(), time.process_time()
        facts = extractor.extract(text)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        per_char.append(cpu / chars * 1e6)
        print(
            f"{chars:>9,} chars: {wall:7.1f} s, CPU {cpu:7.1f} s, {per_char[-1]:6.1f} µs/char (CPU), "
            f"{len(facts.events)} events"
        )
    print(f"cost per character, longest / shortest: {per_char[-1] / per_char[0]:.2f} (1.0 is linear)")


if __name__ == "__main__":
    main()
