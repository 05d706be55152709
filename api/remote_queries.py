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
# What a store whose own serializations are off (kg/graph/dialects.py, relay_formats) is asked for instead.
_RELAY_ACCEPT = {**_REMOTE_ACCEPT, "select": "application/sparql-results+json"}
# Lines of a JSON results document around its rows (Virtuoso writes one row a line): the streaming cap's margin.
_JSON_FRAME_LINES = 4
_CONNECT_TIMEOUT_S = 5.0


def run_remote(store: SparqlStore, job: QueryJob, limits: QueryLimits) -> bytes:
    """POST the query (SPARQL 1.1 Protocol) and read the answer until the deadline or the row cap."""
    deadline = time.monotonic() + limits.timeout_s
    relay = store.dialect.relay_formats
    params, data, headers = store.dialect.query_request(job.query, job.default_graphs, job.named_graphs)
    headers["Accept"] = (_RELAY_ACCEPT if relay else _REMOTE_ACCEPT)[job.kind]
    margin = _JSON_FRAME_LINES if relay and job.kind == "select" else 0
    sink = CappedBuffer(line_cap(job.kind, limits.max_rows) + margin)
    try:
        with requests.post(
            store.query_url,
            params=params,
            data=data,
            headers=headers,
            auth=store.auth,
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
    if relay and job.kind in ("select", "ask"):
        return _relayed(store, sink.getvalue(), job, limits.max_rows)
    if job.kind == "ask":
        return _boolean_as(sink.getvalue(), job.result_format)
    return converted(sink.getvalue(), job.kind, job.result_format)


def _relayed(store: SparqlStore, body: bytes, job: QueryJob, max_rows: int) -> bytes:
    """A JSON results answer, counted exactly, as TSV for `converted` (which also checks it is whole)."""
    try:
        answer = store.dialect.ask_answer(body) if job.kind == "ask" else store.dialect.solutions(body)
        if job.kind == "ask":
            return cast(bytes, answer.serialize(format=OX_RESULTS_FORMATS[job.result_format]))
        tsv = cast(bytes, answer.serialize(format=ox.QueryResultsFormat.TSV))
    except (SyntaxError, ValueError) as e:
        raise StoreError(f"The store's answer is not complete: {e}") from e
    if tsv.count(b"\n") > line_cap("select", max_rows):
        raise TooManyRows(max_rows)
    return converted(tsv, "select", job.result_format)


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
