"""Run every benchmark in this folder (`make bench`); each prints its own figures.

Each module runs at its default size (what `make bench` can afford in 40 minutes on 2 cores) and its time is
printed after it; one that fails is reported and the others still run (the exit status says so).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
import traceback
from pathlib import Path


def main() -> None:
    folder = Path(__file__).resolve().parent
    failed = []
    started = time.perf_counter()
    for module in sorted(m.name for m in pkgutil.iter_modules([str(folder)]) if not m.name.startswith("_")):
        print(f"== bench.{module}", flush=True)
        sys.argv = [f"bench.{module}"]
        began = time.perf_counter()
        try:
            importlib.import_module(f"bench.{module}").main()
        except Exception:  # a broken benchmark must not hide the others' figures
            traceback.print_exc()
            failed.append(module)
        print(f"== bench.{module}: {time.perf_counter() - began:.0f} s", flush=True)
    print(
        f"all benchmarks: {(time.perf_counter() - started) / 60:.1f} min; failed: {', '.join(failed) or 'none'}"
    )
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
