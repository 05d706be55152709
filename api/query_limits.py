"""The limits of one /sparql query: a time limit and a row cap (settings GEOKG_QUERY_TIMEOUT_S, GEOKG_MAX_ROWS).

A query over a limit is answered 503 (problem+json), never with a truncated 200, and it stops running:
`api.query_runner` runs it within the limits, in a worker process (embedded store) or over HTTP (remote).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

from kg.settings import positive_int, positive_number

_EXTENSION = "geokg.query_limits"


class QueryLimitExceeded(Exception):
    """A query went over a limit; the message says which, for the 503's detail."""


class QueryTimeout(QueryLimitExceeded):
    def __init__(self, timeout_s: float) -> None:
        super().__init__(
            f"The query ran past the time limit of {timeout_s:g} s (GEOKG_QUERY_TIMEOUT_S) and was stopped; "
            "narrow it down or add a LIMIT"
        )


class TooManyRows(QueryLimitExceeded):
    def __init__(self, max_rows: int) -> None:
        super().__init__(
            f"The query gives more than {max_rows} rows (GEOKG_MAX_ROWS) and was stopped; "
            "narrow it down or add a LIMIT"
        )


@dataclass(frozen=True)
class QueryLimits:
    timeout_s: float
    max_rows: int
    workers: int = 8  # most query worker processes (embedded store)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> QueryLimits:
        """The limits of an app's config (GEOKG_QUERY_TIMEOUT_S, GEOKG_MAX_ROWS, GEOKG_QUERY_WORKERS).

        :raises ValueError: naming the setting, when one is not a positive number.
        """
        timeout_s = positive_number("GEOKG_QUERY_TIMEOUT_S", config.get("GEOKG_QUERY_TIMEOUT_S"))
        max_rows = positive_int("GEOKG_MAX_ROWS", config.get("GEOKG_MAX_ROWS"))
        workers = positive_int("GEOKG_QUERY_WORKERS", config.get("GEOKG_QUERY_WORKERS"))
        return cls(timeout_s=timeout_s, max_rows=max_rows, workers=workers)


@dataclass(frozen=True)
class QueryJob:
    """One query as a worker or a remote store runs it (the dataset already checked by the endpoint)."""

    query: str
    kind: str  # select | ask | construct | describe
    result_format: str  # a key of kg.graph.store.OX_RESULTS_FORMATS or OX_RDF_FORMATS
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def init_app(app: Flask) -> None:
    """Read the app's query limits once; a setting that is not a positive number stops the app from starting."""
    app.extensions[_EXTENSION] = QueryLimits.from_config(app.config)


def current_limits() -> QueryLimits:
    """The current app's query limits."""
    limits: QueryLimits = current_app.extensions[_EXTENSION]
    return limits
