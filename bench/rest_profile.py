"""The REST routes of `bench.rest_load` one request at a time with nothing cached: each route's time and each
query it runs (time and rows), in process, over the example articles' facts repeated `--copies` times.

`bench.rest_load` measures the routes under load, where `api.rest_cache` answers a route's queries from memory
after the first request; this measures that first request, what every request costs after a write. Each route is
asked twice in a fresh app: the first answer is the cold one (the query workers start with the first query, so
the first route also pays for that), the second the cached one.

Run: `python -m bench.rest_profile [--copies 380] [--data volume.nq] [--store folder]`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import api.graph
from api import create_app
from api.store import close_store
from bench._volume import summarise, volume_quads
from bench.rest_load import RESULTS, entities_by_mentions

Timed = list[tuple[float, int, str]]


def _timing(log: Timed) -> None:
    """Make api.graph time each query it runs through the store, into `log`."""
    read = api.graph.select_rows

    def timed(query: str) -> Any:
        start = time.perf_counter()
        rows = read(query)
        log.append((time.perf_counter() - start, len(rows), query))
        return rows

    api.graph.select_rows = timed


def _first_words(query: str) -> str:
    body = query.removeprefix(api.graph.PREFIXES)
    return " ".join(body.split())[:110]


def profile(store: Path) -> dict[str, Any]:
    popular, rare = entities_by_mentions(store)
    log: Timed = []
    _timing(log)
    app = create_app({"GEOKG_STORE": str(store), "GEOKG_QUERY_TIMEOUT_S": 60})
    client = app.test_client()
    try:
        routes = {
            "card_popular": f"/api/entities/{popular}",
            "card_rare": f"/api/entities/{rare}",
            "events_filter": f"/api/events?actor={popular}&from=2020&limit=20",
            "events_type": "/api/events?type=Clash&limit=20",
            "search": "/api/entities?q=serb",
            "relations": f"/api/relations?object={popular}",
        }
        figures: dict[str, Any] = {}
        for name, path in routes.items():
            took = []
            for _ in range(2):
                log.clear()
                start = time.perf_counter()
                status = client.get(path).status_code
                took.append((time.perf_counter() - start) * 1000)
                if len(took) == 1:
                    queries = [
                        {"ms": round(s * 1000, 1), "rows": n, "query": _first_words(q)} for s, n, q in log
                    ]
            figures[name] = {"path": path, "status": status, "cold_ms": took[0], "cached_ms": took[1]}
            figures[name]["queries"] = queries
            print(f"{name:14} {path}: {status}, cold {took[0]:8.1f} ms, cached {took[1]:6.1f} ms")
            for query in queries:
                print(f"    {query['ms']:8.1f} ms {query['rows']:6d} rows  {query['query']}")
    finally:
        close_store(app)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=380)
    parser.add_argument("--data", type=Path, help="N-Quads from `python -m bench._volume` (else made afresh)")
    parser.add_argument(
        "--store", type=Path, help="an embedded store already loaded, with its summaries (else one is made)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = args.store
        if store is None:
            data = args.data or Path(folder) / "volume.nq"
            if not args.data:
                data.write_bytes(volume_quads(args.copies, None))
            store = Path(folder) / "store"
            geokg = [sys.executable, "-m", "kg.cli", "--store", str(store)]
            subprocess.run([*geokg, "load", str(data)], check=True, capture_output=True)
            summarise(store)  # as ingest keeps them (a bulk load writes none: the API would read the old way)
        figures = profile(store)
    card = figures["card_popular"]
    print(
        f"ratio: popular card cold {card['cold_ms']:.0f} ms vs 200 ms target ({card['cold_ms'] / 200:.2f}x)"
    )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "rest_profile.json"
    out.write_text(json.dumps({"copies": args.copies, "routes": figures}, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
