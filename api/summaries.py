"""Reading the summaries graph (kg/graph/summaries.py): an entity's events per day and the relation groups,
one row per day or group, for stores that keep it; None where a store keeps none (not yet migrated), so the
callers compute the answer from the events and statements themselves."""

from __future__ import annotations

from typing import Any

from api.graph import GK, base_iri, iri_ref, select
from kg.graph.summaries import summaries_graph_iri


def summaries_kept() -> bool:
    """Whether the store keeps summaries (asked once per write: answers are cached until the next one)."""
    graph = summaries_graph_iri(base_iri())
    return bool(select(f"SELECT ?v WHERE {{ GRAPH <{graph}> {{ <{graph}> gk:summariesVersion ?v }} }}"))


def summary_days(entity: str, role: str) -> dict[str, int] | None:
    """How many events have `entity` in `role` (a role IRI, or gk:anyRole) on each day; None without
    summaries."""
    if not summaries_kept():
        return None
    rows = select(
        f"""SELECT ?day ?n WHERE {{ GRAPH <{summaries_graph_iri(base_iri())}> {{
          ?count gk:countOf {iri_ref(entity)} ; gk:countRole {iri_ref(role)} ; gk:day ?day ;
            gk:eventCount ?n }} }}"""
    )
    return {str(row["day"]): int(row["n"]) for row in rows}


def relation_group_rows(ends: str) -> list[dict[str, Any]] | None:
    """The relation groups that `ends` (a pattern over ?group) selects, with the variables of
    api.relations.find_relations' grouped query; None without summaries."""
    if not summaries_kept():
        return None
    return select(
        f"""SELECT DISTINCT ?p ?s ?o ?role ?since ?until ?conf ?n ?sts WHERE {{
          GRAPH <{summaries_graph_iri(base_iri())}> {{
            {ends} ?group gk:statementCount ?n ; gk:statementList ?sts .
            OPTIONAL {{ ?group gk:groupRole ?role }} OPTIONAL {{ ?group gk:groupSince ?since }}
            OPTIONAL {{ ?group gk:groupUntil ?until }} OPTIONAL {{ ?group gk:groupConfidence ?conf }} }} }}"""
    )


ANY_ROLE = f"{GK}anyRole"
