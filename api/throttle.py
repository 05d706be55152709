"""A request rate per client and route class: a token bucket each, and 429 with Retry-After for a client over
its rate. Settings: GEOKG_RATE_LIMIT_PER_MINUTE (reads; 0 turns throttling off), GEOKG_RATE_LIMIT_SPARQL_PER_MINUTE
and GEOKG_RATE_LIMIT_WRITES_PER_MINUTE (default: the reads' rate), GEOKG_RATE_LIMIT_BURST, and
GEOKG_TRUSTED_PROXIES: behind that many proxies the client is the address they add to X-Forwarded-For."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from flask import Flask, Response, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

from api.problems import problem

# Liveness probes are not throttled; neither are CORS preflights, which carry no work.
_UNLIMITED_PATHS = ("/health",)
# The web page and its files: a page load fetches several at once, and the API calls it makes count anyway.
_UNLIMITED_BLUEPRINTS = ("web",)
_EXTENSION = "geokg.throttle"
# Route classes with a rate of their own; unset, they take the reads' rate.
_CLASS_SETTINGS = {
    "sparql": "GEOKG_RATE_LIMIT_SPARQL_PER_MINUTE",
    "write": "GEOKG_RATE_LIMIT_WRITES_PER_MINUTE",
}


class RateLimiter:
    """A token bucket per client: `burst` requests at once, refilled at `per_minute`."""

    MAX_CLIENTS = 10_000

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, at)
        self._lock = threading.Lock()

    def wait(self, client: str, *, per_minute: float, burst: int, now: float) -> float:
        """Take a token for `client`: 0.0 when there was one, else the seconds until there is one."""
        rate = per_minute / 60.0
        with self._lock:
            tokens, at = self._buckets.get(client, (float(burst), now))
            tokens = min(float(burst), tokens + (now - at) * rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                return 0.0
            self._buckets[client] = (tokens, now)
            if len(self._buckets) > self.MAX_CLIENTS:
                self._forget_idle(now, rate, burst)
            return (1.0 - tokens) / rate

    def _forget_idle(self, now: float, rate: float, burst: int) -> None:
        # A client whose bucket has refilled is indistinguishable from a new one.
        refill_s = burst / rate
        self._buckets = {c: (t, at) for c, (t, at) in self._buckets.items() if now - at < refill_s}


@dataclass(frozen=True)
class _Throttle:
    limiter: RateLimiter
    per_minute: dict[str, float]  # route class -> rate; 0 leaves the class unthrottled
    burst: int


def init_app(app: Flask) -> None:
    """Throttle every client of `app` to its settings' rates; nothing to do when the reads' rate is 0 or unset."""
    proxies = int(app.config.get("GEOKG_TRUSTED_PROXIES") or 0)
    if proxies < 0:
        raise ValueError(f"GEOKG_TRUSTED_PROXIES must be 0 or more, not {proxies}")
    if proxies:
        # Only the addresses the trusted proxies added count: a client cannot forge its way to a new bucket.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies)  # type: ignore[method-assign]
    reads = float(app.config.get("GEOKG_RATE_LIMIT_PER_MINUTE") or 0)
    if reads <= 0:
        return
    per_minute = {"read": reads}
    for kind, setting in _CLASS_SETTINGS.items():
        value = app.config.get(setting)
        per_minute[kind] = reads if value in (None, "") else float(value)
    burst = max(1, int(app.config["GEOKG_RATE_LIMIT_BURST"]))
    app.extensions[_EXTENSION] = _Throttle(RateLimiter(), per_minute, burst)
    app.before_request(_throttle)


def route_class(method: str, path: str) -> str:
    """ "sparql" for /sparql, "write" for changes, "read" for the rest."""
    if path.rstrip("/") == "/sparql":
        return "sparql"
    return "read" if method in ("GET", "HEAD") or path.rstrip("/") == "/reconcile" else "write"


def _throttle() -> Response | None:
    if request.method == "OPTIONS" or request.path in _UNLIMITED_PATHS:
        return None
    if request.endpoint == "static" or request.blueprint in _UNLIMITED_BLUEPRINTS:
        return None
    throttle: _Throttle = current_app.extensions[_EXTENSION]
    client = request.remote_addr or "unknown"
    kind = route_class(request.method, request.path)
    per_minute = throttle.per_minute[kind]
    if per_minute <= 0:
        return None
    wait = throttle.limiter.wait(
        f"{kind} {client}", per_minute=per_minute, burst=throttle.burst, now=time.monotonic()
    )
    if wait <= 0:
        return None
    retry_after = max(1, math.ceil(wait))
    detail = (
        f"Too many {kind} requests from {client}: at most {per_minute:g} a minute, {throttle.burst} at once; "
        f"retry in {retry_after} s"
    )
    return problem(429, detail, headers={"Retry-After": str(retry_after)})
