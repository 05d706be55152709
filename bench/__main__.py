"""Run every benchmark in this folder (`make bench`); each prints its own figures."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> None:
    folder = Path(__file__).resolve().parent
    for module in sorted(m.name for m in pkgutil.iter_modules([str(folder)]) if not m.name.startswith("_")):
        print(f"== bench.{module}")
        sys.argv = [f"bench.{module}"]
        importlib.import_module(f"bench.{module}").main()


if __name__ == "__main__":
    main()
