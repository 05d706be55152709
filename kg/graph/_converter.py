"""Pure term conversion between rdflib and pyoxigraph (as oxrdflib's `_converter.py`)."""

from __future__ import annotations

from typing import TypeAlias, overload

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.term import Node

OxNode: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph
OxTerm: TypeAlias = OxNode | ox.Triple | ox.Quad
RdflibTerm: TypeAlias = "Node | tuple[RdflibTerm, ...]"


@overload
def to_ox(term: Node | Graph) -> OxNode: ...
@overload
def to_ox(term: tuple[Node, Node, Node]) -> ox.Triple: ...
@overload
def to_ox(term: tuple[Node, Node, Node, Node | None]) -> ox.Quad: ...
def to_ox(term: object) -> OxTerm:
    """The Oxigraph term for an rdflib term, triple `(s, p, o)` or quad `(s, p, o, g)`.

    A graph stands for its name; `None` as the graph of a quad is the default graph.
    """
    # Checked before URIRef because rdflib spells the default graph as a URIRef.
    if term == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    if isinstance(term, BNode):
        return ox.BlankNode(term)
    if isinstance(term, Literal):
        return _literal_to_ox(term)
    if isinstance(term, Graph):
        return to_ox(term.identifier)
    if isinstance(term, tuple) and len(term) in (3, 4):
        return _statement_to_ox(term)
    raise ValueError(f"Unexpected rdflib term: {term!r}")


def _statement_to_ox(statement: tuple[object, ...]) -> ox.Triple | ox.Quad:
    """The Oxigraph triple or quad for an rdflib one; a term in the wrong position raises ValueError."""
    subject, predicate, object_ = (to_ox(term) for term in statement[:3])  # type: ignore[call-overload]
    graph = statement[3] if len(statement) == 4 else None
    graph_name = ox.DefaultGraph() if graph is None else to_ox(graph)  # type: ignore[call-overload]
    try:
        # pyoxigraph checks the positions (a literal subject is a TypeError); the stubs cannot see that.
        if len(statement) == 3:
            return ox.Triple(subject, predicate, object_)
        return ox.Quad(subject, predicate, object_, graph_name)
    except TypeError as e:
        raise ValueError(f"Unexpected rdflib term: {statement!r}") from e


def _literal_to_ox(term: Literal) -> ox.Literal:
    """The Oxigraph literal for an rdflib literal, keeping its lexical form."""
    datatype = ox.NamedNode(term.datatype) if term.datatype else None
    return ox.Literal(str(term), language=term.language, datatype=datatype)


@overload
def from_ox(term: OxNode) -> Node: ...
@overload
def from_ox(term: ox.Triple) -> tuple[RdflibTerm, RdflibTerm, RdflibTerm]: ...
@overload
def from_ox(term: ox.Quad) -> tuple[RdflibTerm, RdflibTerm, RdflibTerm, RdflibTerm]: ...
def from_ox(term: object) -> RdflibTerm:
    """The rdflib term for an Oxigraph term; triples and quads become tuples."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return _literal_from_ox(term)
    if isinstance(term, ox.DefaultGraph):
        return DATASET_DEFAULT_GRAPH_ID
    if isinstance(term, ox.Triple):
        return from_ox(term.subject), from_ox(term.predicate), from_ox(term.object)
    if isinstance(term, ox.Quad):
        return from_ox(term.subject), from_ox(term.predicate), from_ox(term.object), from_ox(term.graph_name)
    raise ValueError(f"Unexpected Oxigraph term: {term!r}")


def _literal_from_ox(term: ox.Literal) -> Literal:
    """The rdflib literal for an Oxigraph literal; xsd:string becomes a plain literal, as rdflib writes it."""
    if term.direction is not None:
        # rdflib has no base direction (RDF 1.2): dropping it would change the literal.
        raise ValueError(f"Unexpected Oxigraph term (base direction): {term!r}")
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))
