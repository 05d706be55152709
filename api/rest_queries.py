"""The queries REST routes run, under the same limits as /sparql: the time limit and the row cap.

A REST route's query goes through `api.query_runner` like a /sparql query (a killable worker process over a
snapshot for the embedded store, HTTP with a deadline for a remote one), so a query that would take too long
answers 503 and frees its request thread instead of holding it until it ends. Our own queries need no
checking: they skip the parse /sparql does and go straight to the runner.
"""

from __future__ import annotations

from typing import cast

import pyoxigraph as ox
from flask import current_app
from rdflib import Graph
from rdflib.term import Node

from api.query_limits import QueryJob, current_limits
from api.query_runner import run_query
from api.store import get_store
from kg.graph._converter import from_ox

Row = dict[str, Node]


def select_rows(query: str) -> list[Row]:
    """The rows of a SELECT as rdflib terms by variable name (unbound variables absent), within the limits.

    :raises QueryLimitExceeded: when the query runs too long or gives too many rows (a 503).
    """
    tsv = _run(QueryJob(query, "select", "tsv"))
    solutions = cast(ox.QuerySolutions, ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV))
    try:
        names = [variable.value for variable in solutions.variables]
        return [
            {name: from_ox(term) for name in names if (term := solution[name]) is not None}
            for solution in solutions
        ]
    finally:
        del solutions  # freed by the thread that made it (pyoxigraph results are not sendable)


def construct_graph(query: str) -> Graph:
    """The triples of a CONSTRUCT, within the limits."""
    ntriples = _run(QueryJob(query, "construct", "ntriples"))
    graph = Graph()
    graph.parse(data=ntriples, format="nt")
    return graph


def _run(job: QueryJob) -> bytes:
    location = str(current_app.config["GEOKG_STORE"])
    return run_query(get_store(), job, current_limits(), location=location)
