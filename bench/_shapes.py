"""The eight SPARQL query shapes of issue #10, over the facts of any store the generator (bench/generate.py)
filled: each names a popular entity (one in many articles) so the query has real work to do.

The shapes are what users and the API ask: a subject's triples, the README's sameAs look-up, events of a type in
a date range, counts grouped by class, a regex over labels, a two-hop path, co-actors and DESCRIBE.
"""

from __future__ import annotations

from kg.facts import DEFAULT_BASE_IRI

PREFIXES = """PREFIX gk: <https://w3id.org/geokg/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX wd: <http://www.wikidata.org/entity/>
"""


def shapes(qid: str, *, label_prefix: str = "serb", base_iri: str = DEFAULT_BASE_IRI) -> dict[str, str]:
    """The eight queries (name -> SPARQL) about the entity with this QID."""
    entity = f"<{base_iri}entity/{qid}>"
    queries = {
        "subject": f"SELECT ?p ?o WHERE {{ {entity} ?p ?o }}",
        "sameAs": f"SELECT ?s WHERE {{ ?s owl:sameAs wd:{qid} }}",
        "events by type and date": (
            "SELECT ?e ?date WHERE { ?e a gk:Clash ; gk:date ?date . "
            'FILTER(?date >= "2023-01-01"^^xsd:date && ?date < "2024-01-01"^^xsd:date) }'
        ),
        "GROUP BY": (
            "SELECT ?class (COUNT(?e) AS ?n) WHERE { ?e gk:evidence ?evidence ; a ?class } "
            "GROUP BY ?class ORDER BY DESC(?n)"
        ),
        "regex label": (
            f'SELECT DISTINCT ?e ?label WHERE {{ ?e rdfs:label ?label FILTER(REGEX(?label, "^{label_prefix}", "i")) }} '
            "LIMIT 20"
        ),
        "two-hop": (
            f"SELECT DISTINCT ?t ?label WHERE {{ ?e gk:actor {entity} ; gk:target ?t . ?t rdfs:label ?label }} "
            "LIMIT 100"
        ),
        "co-actors": (
            f"SELECT ?other (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e gk:actor {entity}, ?other . "
            f"FILTER(?other != {entity}) }} GROUP BY ?other ORDER BY DESC(?n) LIMIT 10"
        ),
        "DESCRIBE": f"DESCRIBE {entity}",
    }
    return {name: PREFIXES + query for name, query in queries.items()}


def kind(query: str) -> str:
    """What a shape returns: "graph" for DESCRIBE, else "rows" (the Accept header to send)."""
    return "graph" if "DESCRIBE" in query.split("\n")[-1] else "rows"
