"""Gazetteer size and load time (issue #14: under 2 s), and the time to compile its names into the pipeline's
PhraseMatchers. Prints figures, asserts nothing.

Run: `python -m bench.gazetteer_load [--rounds N]`.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter

from kg.extract.gazetteer_matcher import GazetteerMatcher
from kg.extract.nlp import load_model
from kg.gazetteer import gazetteer_from_json
from kg.gazetteer.loader import DEFAULT_PATH

TARGET_S = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    load_s = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        gazetteer = gazetteer_from_json(json.loads(DEFAULT_PATH.read_text(encoding="utf-8")))
        load_s = min(load_s, time.perf_counter() - started)
    size = len(DEFAULT_PATH.read_bytes())
    types = Counter(entry.type for entry in gazetteer.entries())
    extended = sum(entry.extended for entry in gazetteer.entries())
    print(
        f"gazetteer: {len(gazetteer.entries())} entries ({extended} from the wider reference files), "
        f"{len(gazetteer.posts)} posts, {size / 1e6:.1f} MB; {dict(sorted(types.items()))}"
    )
    print(f"load (best of {rounds}): {load_s:.2f} s (target < {TARGET_S} s)")
    nlp = load_model()
    started = time.perf_counter()
    phrases = len(gazetteer.phrases())
    GazetteerMatcher(nlp, gazetteer)
    print(f"phrases and PhraseMatchers: {phrases} names in {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
