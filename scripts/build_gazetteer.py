"""Build kg/data/gazetteer.json, GeoKG's offline gazetteer, from the reference CSVs shipped in kg/data/reference.

Usage: python scripts/build_gazetteer.py [--reference DIR] [--output FILE] [--quiet]

A thin command over kg.gazetteer: `from_csv` reads the files, `build` assembles the document (the same builder
that `geokg gazetteer build --endpoint URL` runs over a SPARQL endpoint). The output is sorted, so rebuilding
from the same files gives the same bytes.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from kg.gazetteer.build import build_document, summary, write_gazetteer
from kg.gazetteer.from_csv import DEFAULT_REFERENCE, read_reference
from kg.resources import data_file

DEFAULT_OUTPUT = Path(str(data_file("gazetteer.json")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--reference",
        type=Path,
        default=Path(str(DEFAULT_REFERENCE)),
        help="folder of the reference CSVs (default: kg/data/reference)",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="gazetteer JSON to write")
    parser.add_argument("--quiet", action="store_true", help="do not log each dropped alias")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s")
    if not (args.reference / "states.csv").is_file():
        print(f"error: no reference data at {args.reference}", file=sys.stderr)
        return 2
    document = build_document(read_reference(args.reference))
    write_gazetteer(document, args.output)
    print(f"wrote {args.output}: {summary(document)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
