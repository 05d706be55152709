"""The entities graph in the store: one description per entity, kept while some article refers to it.

An article graph says which entities it refers to (`<article> dcterms:references <entity>`); the entities
graph `id:graph/entities` holds each one's label, type, QID, sector and country once. When two articles
describe an entity differently (a name linked online in one and by the gazetteer in another, a group whose
country only one names), the fuller description wins, then the one whose sorted N-Triples come first: the
same description whatever order the articles arrive in. The gazetteer gives every entity it links its own
label and type, so articles linked by one gazetteer agree.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph

from kg.graph._converter import to_ox
from kg.graph.steps import Step, modify
from kg.graph.store import Store

_DCTERMS = "http://purl.org/dc/terms/"


def description_key(lines: Iterable[str]) -> tuple[int, str]:
    """Sort key of a description (its N-Triples lines): the fuller first, then by text."""
    ordered = sorted(lines)
    return (-len(ordered), "\n".join(ordered))


def descriptions_by_entity(graph: Graph) -> dict[str, frozenset[str]]:
    """The N-Triples lines of each entity's description in `graph`."""
    found: dict[str, set[str]] = {}
    for s, p, o in graph:
        found.setdefault(str(s), set()).add(str(to_ox((s, p, o))))
    return {iri: frozenset(lines) for iri, lines in found.items()}


def referenced_entities(store: Store, article: str) -> set[str]:
    """The entities the stored graph of `article` refers to."""
    rows = store.select_built(
        f"SELECT ?e WHERE {{ GRAPH <{article}> {{ <{article}> <{_DCTERMS}references> ?e }} }}"
    )
    return {str(row["e"]) for row in rows}


def orphans(store: Store, entities: set[str], *, besides: str) -> set[str]:
    """Those of `entities` that no article graph but `besides` refers to."""
    if not entities:
        return set()
    rows = store.select_built(
        f"""SELECT DISTINCT ?e WHERE {{ VALUES ?e {{ {_values(entities)} }}
              GRAPH ?g {{ ?g <{_DCTERMS}references> ?e }} FILTER(?g != <{besides}>) }}"""
    )
    return entities - {str(row["e"]) for row in rows}


def stored_descriptions(
    store: Store, entities: Iterable[str], *, graph_iri: str
) -> dict[str, frozenset[str]]:
    """The N-Triples lines of the stored description of each of `entities` that has one."""
    wanted = set(entities)
    if not wanted:
        return {}
    rows = store.select_built(
        f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {_values(wanted)} }} GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
    )
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(str(row["s"]), set()).add(str(to_ox((row["s"], row["p"], row["o"]))))
    return {iri: frozenset(lines) for iri, lines in found.items()}


def description_changes(
    store: Store, *, article: str, descriptions: dict[str, frozenset[str]], graph_iri: str
) -> tuple[set[str], list[str]]:
    """What writing (or, with no `descriptions`, deleting) `article` does to the entities graph: the
    entities whose stored description goes, and the N-Triples lines to add to it. `descriptions` holds each
    entity's lines (descriptions_by_entity)."""
    new = descriptions
    stored = stored_descriptions(store, new, graph_iri=graph_iri)
    drop = orphans(store, referenced_entities(store, article) - set(new), besides=article)
    lines: list[str] = []
    for iri, description in new.items():
        old = stored.get(iri)
        if old is not None and (old == description or description_key(old) <= description_key(description)):
            continue
        if old is not None:
            drop.add(iri)
        lines.extend(description)
    return drop, lines


def drop_descriptions(entities: set[str], *, graph_iri: str) -> Step:
    """An update step that removes the descriptions of `entities`."""
    described = f"GRAPH <{graph_iri}> {{ ?s ?p ?o }}"
    return modify(delete=described, where=f"VALUES ?s {{ {_values(entities)} }} {described}")


def _values(iris: Iterable[str]) -> str:
    return " ".join(str(ox.NamedNode(iri)) for iri in sorted(iris))
