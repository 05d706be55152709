"""Check kg/data/gazetteer.json against the reference files shipped in kg/data/reference, QID by QID.

Usage: python scripts/verify_gazetteer.py [--reference DIR] [--gazetteer FILE]

A thin command over kg.gazetteer.verify. Prints "verified N QIDs, 0 problems" and exits 0, or lists the
problems and exits 1. Exits 2 when the reference folder is missing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kg.gazetteer.from_csv import DEFAULT_REFERENCE
from kg.gazetteer.verify import check_document, has_reference, load_reference
from kg.resources import data_file

DEFAULT_GAZETTEER = Path(str(data_file("gazetteer.json")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reference",
        type=Path,
        default=Path(str(DEFAULT_REFERENCE)),
        help="folder of the reference CSVs (default: kg/data/reference)",
    )
    parser.add_argument("--gazetteer", type=Path, default=DEFAULT_GAZETTEER, help="gazetteer JSON to check")
    args = parser.parse_args(argv)
    if not has_reference(args.reference):
        print(f"error: reference data not found at {args.reference}", file=sys.stderr)
        return 2
    document = json.loads(args.gazetteer.read_text(encoding="utf-8"))
    verified, problems = check_document(document, load_reference(args.reference))
    for problem in problems:
        print(f"problem: {problem}")
    print(f"verified {len(verified)} QIDs, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
