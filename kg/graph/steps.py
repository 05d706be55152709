"""The steps of one atomic update (an article's write, `geokg migrate`'s moves), in two forms.

A SPARQL 1.1 store runs the steps as the operations of one update request, which Oxigraph applies in one
transaction. Virtuoso applies the operations of a request one by one (an operation that fails keeps the work
of those before it) but computes one operation's solutions whole before it writes, so there the steps become
one `DELETE { … } INSERT { … } WHERE { { step 1 } UNION { step 2 } … }` operation: each step a branch of its
own variables, its quads as VALUES rows (see kg/graph/dialects.py for what Virtuoso refuses on the way).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One operation: its SPARQL 1.1 text, and its parts in the one-operation form (templates over the
    solutions of `where`); a step without parts (`CREATE SILENT GRAPH`) has no effect on a store that keeps
    no empty graphs."""

    text: str
    delete: str = ""
    insert: str = ""
    where: str = ""


def create_graph(graph_iri: str) -> Step:
    return Step(f"CREATE SILENT GRAPH <{graph_iri}>")


def drop_graph(graph_iri: str) -> Step:
    template = f"GRAPH <{graph_iri}> {{ ?s ?p ?o }}"
    return Step(f"DROP SILENT GRAPH <{graph_iri}>", delete=template, where=template)


def modify(*, where: str, delete: str = "", insert: str = "") -> Step:
    """`DELETE { delete } INSERT { insert } WHERE { where }` (either template may be left out)."""
    clauses = [f"DELETE {{ {delete} }}" if delete else "", f"INSERT {{ {insert} }}" if insert else ""]
    text = " ".join(filter(None, clauses)) + f" WHERE {{ {where} }}"
    return Step(text, delete=delete, insert=insert, where=where)


def data(verb: str, graph_iri: str, lines: Iterable[str]) -> Step:
    """`INSERT DATA` or `DELETE DATA` of N-Triples lines (without blank nodes) in one graph."""
    ordered = sorted(lines)
    body = " .\n".join(ordered)
    text = f"{verb} DATA {{ GRAPH <{graph_iri}> {{\n{body} .\n}} }}"
    template = f"GRAPH <{graph_iri}> {{ ?s ?p ?o }}"
    # An N-Triples line is three terms, which is a VALUES row as it is.
    where = "VALUES (?s ?p ?o) {\n" + "\n".join(f"({line})" for line in ordered) + "\n}"
    if verb == "INSERT":
        return Step(text, insert=template, where=where)
    return Step(text, delete=template, where=where)


def as_operations(steps: Sequence[Step]) -> str:
    """The steps as the operations of one SPARQL 1.1 Update request."""
    return " ;\n".join(step.text for step in steps)


def as_one_operation(steps: Sequence[Step]) -> str | None:
    """The steps as one DELETE/INSERT operation, each step's variables renamed apart; None when no step
    changes anything."""
    parts = [step for step in steps if step.where]
    if not parts:
        return None
    renamed = [
        tuple(_renamed(text, index) for text in (step.delete, step.insert, step.where))
        for index, step in enumerate(parts)
    ]
    deletes = " ".join(delete for delete, _, _ in renamed if delete)
    inserts = " ".join(insert for _, insert, _ in renamed if insert)
    # Each branch a sub-select: Virtuoso 7.2 finds no solutions in a VALUES block that is a UNION's branch
    # (or that an OPTIONAL follows), and says nothing of it; inside a sub-select it does.
    branches = " UNION\n".join(f"{{ SELECT * WHERE {{ {where} }} }}" for _, _, where in renamed)
    return f"DELETE {{ {deletes} }}\nINSERT {{ {inserts} }}\nWHERE {{\n{branches}\n}}"


# IRIs and string literals are skipped whole, so that a `?` inside them is never taken for a variable.
_TOKENS = re.compile(r'<[^<>"{}|^`\\\s]*>|"(?:[^"\\\n]|\\.)*"|[?$]([A-Za-z_][A-Za-z0-9_]*)')


def _renamed(text: str, index: int) -> str:
    """`text` with each variable `?x` made `?x_<index>`."""
    return _TOKENS.sub(lambda m: f"?{m.group(1)}_{index}" if m.group(1) else m.group(0), text)
