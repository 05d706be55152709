"""How many /sparql queries one client may have running at once (GEOKG_SPARQL_QUERIES_PER_CLIENT; 0: no cap).

A runaway query holds a query worker and a request thread until its time limit: a client sending ten of them
would hold every worker, and everyone else's queries would wait behind them. With the cap, a client's query over
it is refused at once with 429 and Retry-After (the time limit, by when one of its running queries has ended),
so one client's runaways take only their own slots. The client is the one the rate limiter sees (the connecting
address, or the address trusted proxies name: GEOKG_TRUSTED_PROXIES).
"""

from __future__ import annotations

import math
import threading
from collections import Counter

from flask import Flask, Response, current_app, g, request

from api.problems import problem
from api.query_limits import current_limits
from api.throttle import route_class
from kg.settings import whole_number

_EXTENSION = "geokg.query_slots"


class ClientSlots:
    """Counts each client's running queries, up to `per_client`."""

    def __init__(self, per_client: int) -> None:
        self.per_client = per_client
        self._running: Counter[str] = Counter()
        self._lock = threading.Lock()

    def take(self, client: str) -> bool:
        """A slot for `client`; False when it has `per_client` queries running already."""
        with self._lock:
            if self._running[client] >= self.per_client:
                return False
            self._running[client] += 1
            return True

    def give_back(self, client: str) -> None:
        with self._lock:
            self._running[client] -= 1
            if self._running[client] <= 0:
                del self._running[client]  # the counter holds only clients with queries running


def init_app(app: Flask) -> None:
    """Cap each client's running /sparql queries at GEOKG_SPARQL_QUERIES_PER_CLIENT (0 turns the cap off)."""
    per_client = whole_number(
        "GEOKG_SPARQL_QUERIES_PER_CLIENT", app.config.get("GEOKG_SPARQL_QUERIES_PER_CLIENT")
    )
    if per_client == 0:
        return
    app.extensions[_EXTENSION] = ClientSlots(per_client)
    app.before_request(_take_slot)
    app.teardown_request(_give_back_slot)


def _take_slot() -> Response | None:
    if request.method == "OPTIONS" or route_class(request.method, request.path) != "sparql":
        return None
    slots: ClientSlots = current_app.extensions[_EXTENSION]
    client = request.remote_addr or "unknown"
    if slots.take(client):
        g.query_slot = client
        return None
    retry_after = max(1, math.ceil(current_limits().timeout_s))
    detail = (
        f"{client} has {slots.per_client} queries running already (GEOKG_SPARQL_QUERIES_PER_CLIENT): "
        f"send the next one when one of them has answered"
    )
    return problem(429, detail, headers={"Retry-After": str(retry_after)})


def _give_back_slot(_error: BaseException | None) -> None:
    client = g.pop("query_slot", None)
    if client is not None:
        current_app.extensions[_EXTENSION].give_back(client)
