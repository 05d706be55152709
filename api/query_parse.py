"""What /sparql needs to know of a query before running it (its form, its FROM clauses, whether it is refused),
read by rdflib's parser in a query worker process.

rdflib's parser (pyparsing) is slow on huge inputs and not thread-safe, so in the server it ran under a
process-wide lock with no time limit: one 200 KB query held every other query for tens of seconds. Parsing in a
worker (`api.query_workers`) needs no lock (a worker is one thread) and runs under the query's time limit: a
worker still parsing at the deadline is killed like one still running a query. Nothing here imports Flask.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.algebra import translatePrologue
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

_KINDS = {
    "SelectQuery": "select",
    "AskQuery": "ask",
    "ConstructQuery": "construct",
    "DescribeQuery": "describe",
}
UPDATE_REFUSED = "This endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, …) is refused"


@dataclass(frozen=True)
class ParsedQuery:
    """A query /sparql may run: its form and the IRIs of its FROM and FROM NAMED clauses."""

    kind: str  # select | ask | construct | describe
    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()


@dataclass(frozen=True)
class Refusal:
    """A query /sparql refuses, with the status and message of its problem+json answer."""

    status: int
    detail: str


def parse_query(query: str) -> ParsedQuery | Refusal:
    """`query` read by rdflib's grammar: what it is, or why it is refused (syntax, update, SERVICE, nesting)."""
    try:
        tree = parseQuery(query)
    except ParseBaseException as e:
        if _is_update(query):
            return Refusal(403, UPDATE_REFUSED)
        return Refusal(400, f"SPARQL syntax error: {e}")
    except RecursionError:  # a shape the nesting count cannot see still gets a 400, never a 500
        return Refusal(400, "The query nests too deeply to parse")
    if any(node.name == "ServiceGraphPattern" for node in _walk(tree)):
        return Refusal(400, "SERVICE is refused: this endpoint never sends queries to other endpoints")
    default, named = _dataset(tree)
    return ParsedQuery(kind=_KINDS[tree[1].name], default=default, named=named)


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except (ParseBaseException, RecursionError):
        return False
    return True


def _walk(node: Any) -> Iterator[CompValue]:
    """Every node of an rdflib parse tree, depth first (subqueries, EXISTS and MINUS included)."""
    if isinstance(node, CompValue):
        yield node
        for child in node.values():
            yield from _walk(child)
    elif isinstance(node, list | tuple | ParseResults):
        for child in node:
            yield from _walk(child)


def _dataset(tree: ParseResults) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The IRIs of the query's FROM and FROM NAMED clauses, prefixes resolved."""
    clauses = tree[1].get("datasetClause")
    if not isinstance(clauses, list | ParseResults):
        return (), ()
    prologue = translatePrologue(tree[0], None)
    default, named = [], []
    for clause in clauses:
        if "default" in clause:
            default.append(str(prologue.absolutize(clause["default"])))
        if "named" in clause:
            named.append(str(prologue.absolutize(clause["named"])))
    return tuple(default), tuple(named)
