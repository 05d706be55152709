"""The two forms of an atomic update's steps: joined operations (Oxigraph) and one DELETE/INSERT operation
(Virtuoso), run on an embedded store so that both forms must do the same."""

from __future__ import annotations

import pyoxigraph as ox

from kg.graph.steps import as_one_operation, as_operations, create_graph, data, drop_graph, modify
from kg.graph.store import EmbeddedStore

A, B = "http://example.org/a", "http://example.org/b?x=1"
# A literal and an IRI holding `?` and `$`, which are not variables.
ODD = '<http://example.org/s?q=$v> <http://example.org/p> "why? \\"?o\\" $x"@en'


def _steps() -> list:
    return [
        create_graph(B),
        drop_graph(A),
        modify(
            delete=f"GRAPH <{B}> {{ ?s ?p ?o }}",
            where=f'GRAPH <{B}> {{ ?s ?p ?o FILTER(STR(?o) = "gone?") }}',
        ),
        data("INSERT", A, [ODD, '<http://example.org/s> <http://example.org/p> "new"']),
        data("DELETE", B, ['<http://example.org/t> <http://example.org/p> "gone too"']),
    ]


def _store(tmp_path, name: str) -> EmbeddedStore:
    store = EmbeddedStore(ox.Store(str(tmp_path / name)))
    store.update(
        f"""INSERT DATA {{ GRAPH <{A}> {{ <http://example.org/s> <http://example.org/p> "old" }}
        GRAPH <{B}> {{ <http://example.org/t> <http://example.org/p> "gone?", "gone too", "kept" }} }}"""
    )
    return store


def test_one_operation_does_what_the_operations_do(tmp_path) -> None:
    joined, single = _store(tmp_path, "joined"), _store(tmp_path, "single")
    joined.update(as_operations(_steps()))
    one = as_one_operation(_steps())
    assert one is not None and one.startswith("DELETE {") and " ;\n" not in one  # one operation
    single.update(one)
    assert sorted(single.export().decode().splitlines()) == sorted(joined.export().decode().splitlines())
    exported = joined.export().decode()
    assert '"why? \\"?o\\" $x"@en' in exported and "<http://example.org/s?q=$v>" in exported
    assert '"old"' not in exported and '"gone?"' not in exported and '"kept"' in exported


def test_variables_are_renamed_apart_and_nothing_else() -> None:
    one = as_one_operation(_steps())
    assert one is not None
    assert "?s_0 ?p_0 ?o_0" in one and "?s_1 ?p_1 ?o_1" in one and "?s_2 ?p_2 ?o_2" in one
    assert "<http://example.org/b?x=1>" in one and '"gone?"' in one and '"why? \\"?o\\" $x"@en' in one


def test_steps_that_change_nothing_give_no_operation() -> None:
    assert as_one_operation([create_graph(A)]) is None
    assert as_operations([create_graph(A)]) == f"CREATE SILENT GRAPH <{A}>"
