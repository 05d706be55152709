"""What a batch finds in the store already: which articles are stored unchanged, and which older versions
of an article (the same source URL, another text) its new version replaces.

An article's key is its content hash (its IRI is the SHA-256 of its text), so a text is stored once whatever
runs it. It is "unchanged" when its graph is there with the same title, date and source, written by the same
extractor version: a re-run skips it. Anything else is written again, replacing the graph whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from kg.graph.rdf import extractor_iri
from kg.graph.store import Store

_PREFIXES = """PREFIX gk: <https://w3id.org/geokg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
# VALUES lists of this many IRIs keep each query small on any store.
_PER_QUERY = 200


@dataclass(frozen=True)
class Stamp:
    """What makes a stored article graph the one a run would write for the same text."""

    title: str | None
    published: str | None
    source: str | None
    extractor: str | None


def stamp_of(*, title: str | None, published: str | None, source: str | None, base_iri: str) -> Stamp:
    """The stamp this run writes for an article with these fields (the extractor is this version's)."""
    return Stamp(title or None, published, source or None, str(extractor_iri(base_iri)))


def stored_stamps(store: Store, articles: Iterable[str]) -> dict[str, Stamp]:
    """The stamp of each of `articles` whose graph is in the store."""
    found: dict[str, Stamp] = {}
    for group in _groups(sorted(set(articles))):
        rows = store.select_built(
            f"""{_PREFIXES}SELECT ?g ?title ?issued ?source ?by WHERE {{
              VALUES ?g {{ {" ".join(_iri(iri) for iri in group)} }}
              GRAPH ?g {{ ?g a gk:Article .
                OPTIONAL {{ ?g dcterms:title ?title }} OPTIONAL {{ ?g dcterms:issued ?issued }}
                OPTIONAL {{ ?g dcterms:source ?source }} OPTIONAL {{ ?g prov:wasGeneratedBy ?by }} }} }}"""
        )
        for row in rows:
            values = [
                None if row.get(k) is None else str(row[k]) for k in ("title", "issued", "source", "by")
            ]
            found[str(row["g"])] = Stamp(*values)
    return found


def articles_from(store: Store, sources: Iterable[str]) -> dict[str, set[str]]:
    """The stored articles of each source URL."""
    found: dict[str, set[str]] = {}
    for group in _groups(sorted(set(sources))):
        rows = store.select_built(
            f"""{_PREFIXES}SELECT ?g ?source WHERE {{
              VALUES ?source {{ {" ".join(_iri(iri) for iri in group)} }}
              GRAPH ?g {{ ?g a gk:Article ; dcterms:source ?source }} }}"""
        )
        for row in rows:
            found.setdefault(str(row["source"]), set()).add(str(row["g"]))
    return found


def _iri(iri: str) -> str:
    return str(ox.NamedNode(iri))  # checked: a source URL is the input's, never spliced into SPARQL raw


def _groups(iris: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(iris), _PER_QUERY):
        yield iris[start : start + _PER_QUERY]
