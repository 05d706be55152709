"""The row cap, counted as the answer streams: both stores give results as TSV (solutions) or N-Triples (graphs),
one line per row, so a sink counts lines as the bytes come and stops the writer at the first row over the cap.
The capped answer is then converted to the negotiated format, which also checks that it is complete.
"""

from __future__ import annotations

from typing import cast

import pyoxigraph as ox

from kg.graph.store import OX_RDF_FORMATS, OX_RESULTS_FORMATS, StoreError


class RowCapExceeded(Exception):
    """Raised inside `CappedBuffer.write`, which stops the serializer (or the download) that writes."""


class CappedBuffer:
    """A binary sink that keeps what it is written and refuses more than `max_lines` lines."""

    def __init__(self, max_lines: int) -> None:
        self._chunks: list[bytes] = []
        self._lines = 0
        self._max_lines = max_lines

    def write(self, data: bytes) -> int:
        # TSV and N-Triples escape line breaks inside terms: every newline ends a row.
        self._lines += data.count(b"\n")
        if self._lines > self._max_lines:
            raise RowCapExceeded
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush; serializers call it."""

    def getvalue(self) -> bytes:
        return b"".join(self._chunks)


def line_cap(kind: str, max_rows: int) -> int:
    """The lines an answer of `kind` with `max_rows` rows takes."""
    # TSV has a header line; N-Triples has none.
    return max_rows + 1 if kind == "select" else max_rows


def converted(data: bytes, kind: str, result_format: str) -> bytes:
    """Capped TSV (solutions) or N-Triples (graphs) in the requested format; refuses an incomplete answer."""
    try:
        if kind == "select":
            return _solutions_as(data, result_format)
        return _graph_as(data, result_format)
    except SyntaxError as e:
        # A server that hits its own time limit may end a 200 with an error message instead of rows.
        raise StoreError(f"The store's answer is not complete: {e}") from e


def _solutions_as(tsv: bytes, result_format: str) -> bytes:
    solutions = cast(ox.QuerySolutions, ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV))
    try:
        if result_format == "tsv":
            for _ in solutions:  # rows parse as they are read: reading them all checks the answer is whole
                pass
            return tsv
        return cast(bytes, solutions.serialize(format=OX_RESULTS_FORMATS[result_format]))
    finally:
        del solutions  # freed by the thread that made it (pyoxigraph results are not sendable)


def _graph_as(ntriples: bytes, result_format: str) -> bytes:
    triples = [quad.triple for quad in ox.parse(ntriples, ox.RdfFormat.N_TRIPLES)]
    if result_format == "ntriples":
        return ntriples
    return cast(bytes, ox.serialize(triples, format=OX_RDF_FORMATS[result_format]))
