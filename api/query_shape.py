"""The shape of a SPARQL query, checked before any parser sees it: its size (413 over
GEOKG_MAX_QUERY_BYTES) and how deeply its groups nest (400 over GEOKG_MAX_QUERY_NESTING).

rdflib's parser is recursive and slow on huge inputs; these limits keep one request from holding it for
long or from running out of stack.
"""

from __future__ import annotations

import re

from flask import Flask, abort, current_app

from kg.settings import positive_int

_EXTENSION = "geokg.query_shape"

# What may contain brackets without nesting anything: string literals, IRIs and comments.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*"
)


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = (
        positive_int("GEOKG_MAX_QUERY_BYTES", app.config["GEOKG_MAX_QUERY_BYTES"]),
        positive_int("GEOKG_MAX_QUERY_NESTING", app.config["GEOKG_MAX_QUERY_NESTING"]),
    )


def nesting_depth(query: str) -> int:
    """The deepest nesting of { } and ( ) in `query`, outside literals, IRIs and comments."""
    depth = deepest = 0
    for char in _OPAQUE.sub(" ", query):
        if char in "{(":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})":
            depth = max(depth - 1, 0)
    return deepest


def check_query_shape(query: str) -> None:
    """Abort with 413 or 400 when `query` is over the app's size or nesting limit."""
    max_bytes, max_nesting = current_app.extensions[_EXTENSION]
    size = len(query.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        abort(413, f"The query is {size} bytes, over the limit of {max_bytes} (GEOKG_MAX_QUERY_BYTES)")
    depth = nesting_depth(query)
    if depth > max_nesting:
        abort(
            400,
            f"The query nests groups {depth} deep, over the limit of {max_nesting} (GEOKG_MAX_QUERY_NESTING)",
        )
