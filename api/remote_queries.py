"""Queries to a remote store within the limits: the HTTP read timeout and a deadline checked while the answer
streams in stop our side, the server's own time limit (`oxigraph serve --timeout-s`) stops its side, and rows
are counted as they arrive (`api.row_cap`).
"""

from __future__ import annotations

import time
from typing import cast

import pyoxigraph as ox
import requests

from api.query_limits import QueryJob, QueryLimits, QueryTimeout, TooManyRows
from api.row_cap import CappedBuffer, RowCapExceeded, converted, line_cap
from kg.graph.store import OX_RESULTS_FORMATS, QuerySyntaxError, SparqlStore, StoreError

# What a remote store is asked for: one line per row, or a boolean.
_REMOTE_ACCEPT = {
    "select": "text/tab-separated-values",
    "ask": "application/sparql-results+json",
    "construct": "application/n-triples",
    "describe": "application/n-triples",
}
_CONNECT_TIMEOUT_S = 5.0


def run_remote(store: SparqlStore, job: QueryJob, limits: QueryLimits) -> bytes:
    """POST the query (SPARQL 1.1 Protocol) and read the answer until the deadline or the row cap."""
    deadline = time.monotonic() + limits.timeout_s
    params = [("default-graph-uri", iri) for iri in job.default_graphs]
    params += [("named-graph-uri", iri) for iri in job.named_graphs]
    headers = {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": _REMOTE_ACCEPT[job.kind]}
    sink = CappedBuffer(line_cap(job.kind, limits.max_rows))
    try:
        with requests.post(
            store.query_url,
            params=params,
            data=job.query.encode(),
            headers=headers,
            timeout=(min(_CONNECT_TIMEOUT_S, limits.timeout_s), limits.timeout_s),
            stream=True,
        ) as response:
            _check_remote_status(response)
            for chunk in response.iter_content(chunk_size=65536):
                sink.write(chunk)
                if time.monotonic() > deadline:
                    raise QueryTimeout(limits.timeout_s)
    except RowCapExceeded:
        raise TooManyRows(limits.max_rows) from None
    except requests.Timeout as e:
        raise QueryTimeout(limits.timeout_s) from e
    except requests.RequestException as e:
        raise StoreError(f"POST {store.query_url} failed: {e}") from e
    if job.kind == "ask":
        return _boolean_as(sink.getvalue(), job.result_format)
    return converted(sink.getvalue(), job.kind, job.result_format)


def _check_remote_status(response: requests.Response) -> None:
    if response.status_code == 400:
        # The protocol answers a malformed query with 400; the body is the server parser's message.
        raise QuerySyntaxError(response.text[:500], status=400)
    if not response.ok:
        message = f"POST {response.url} answered {response.status_code}: {response.text[:500]}"
        raise StoreError(message, status=response.status_code)


def _boolean_as(body: bytes, result_format: str) -> bytes:
    try:
        answer = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    except SyntaxError as e:
        raise StoreError(f"The store's answer is not complete: {e}") from e
    if not isinstance(answer, ox.QueryBoolean):
        raise StoreError("The store answered an ASK query with solutions")
    return cast(bytes, answer.serialize(format=OX_RESULTS_FORMATS[result_format]))
