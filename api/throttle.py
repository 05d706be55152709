"""A request rate per client: a token bucket each, and 429 with Retry-After for a client over its rate
(settings GEOKG_RATE_LIMIT_PER_MINUTE and GEOKG_RATE_LIMIT_BURST; a rate of 0 turns throttling off)."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from flask import Flask, Response, current_app, request

from api.problems import problem

# Liveness probes are not throttled; neither are CORS preflights, which carry no work.
_UNLIMITED_PATHS = ("/health",)
# The web page and its files: a page load fetches several at once, and the API calls it makes count anyway.
_UNLIMITED_BLUEPRINTS = ("web",)
_EXTENSION = "geokg.throttle"


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
    per_minute: float
    burst: int


def init_app(app: Flask) -> None:
    """Throttle every client of `app` to its settings' rate; nothing to do when the rate is 0 or unset."""
    per_minute = float(app.config.get("GEOKG_RATE_LIMIT_PER_MINUTE") or 0)
    if per_minute <= 0:
        return
    burst = max(1, int(app.config["GEOKG_RATE_LIMIT_BURST"]))
    app.extensions[_EXTENSION] = _Throttle(RateLimiter(), per_minute, burst)
    app.before_request(_throttle)


def _throttle() -> Response | None:
    if request.method == "OPTIONS" or request.path in _UNLIMITED_PATHS:
        return None
    if request.endpoint == "static" or request.blueprint in _UNLIMITED_BLUEPRINTS:
        return None
    throttle: _Throttle = current_app.extensions[_EXTENSION]
    client = request.remote_addr or "unknown"
    wait = throttle.limiter.wait(
        client, per_minute=throttle.per_minute, burst=throttle.burst, now=time.monotonic()
    )
    if wait <= 0:
        return None
    retry_after = max(1, math.ceil(wait))
    detail = (
        f"Too many requests from {client}: at most {throttle.per_minute:g} a minute, {throttle.burst} at once; "
        f"retry in {retry_after} s"
    )
    return problem(429, detail, headers={"Retry-After": str(retry_after)})
