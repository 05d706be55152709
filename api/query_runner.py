"""Runs a /sparql query within its limits, the way its store allows: an embedded store's query in a worker
process that is killed at the deadline, a remote store's over HTTP with a deadline and a row count."""

from __future__ import annotations

from api.query_limits import QueryJob, QueryLimits
from api.query_workers import run_in_worker
from api.remote_queries import run_remote
from kg.graph.store import EmbeddedStore, SparqlStore, Store


def run_query(store: Store, job: QueryJob, limits: QueryLimits, *, location: str) -> bytes:
    """The answer to `job` in its format, within `limits`; `location` is the store's folder or URL.

    :raises QueryLimitExceeded: when the query runs too long or gives too many rows.
    :raises QuerySyntaxError: when the store's parser refuses the query.
    :raises StoreError: when the store fails.
    """
    if isinstance(store, EmbeddedStore):
        return run_in_worker(store, job, limits, location=location)
    if isinstance(store, SparqlStore):
        return run_remote(store, job, limits)
    raise TypeError(f"No query limits for a store of type {type(store).__name__}")
