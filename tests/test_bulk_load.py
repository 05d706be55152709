"""`Store.load_file` (what `geokg load` runs): the embedded store's bulk loader keeps the checks of `load`, and
both backends load a file alike."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from kg.graph.store import EmbeddedStore, Store

QUADS = (
    "<https://example.org/s> <https://example.org/p> <https://example.org/o> <https://example.org/g1> .\n"
    '<https://example.org/s> <https://example.org/p> "x"@en <https://example.org/g2> .\n'
)
STRAY = "<https://example.org/s> <https://example.org/p> <https://example.org/stray> .\n"


def _file(tmp_path: Path, text: str, name: str = "data.nq") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_file_counts_and_keeps_graphs(store: Store, tmp_path: Path) -> None:
    assert store.load_file(_file(tmp_path, QUADS), format="nquads") == 2
    assert store.graphs() == ["https://example.org/g1", "https://example.org/g2"]
    assert store.load_file(_file(tmp_path, QUADS), format="nquads") == 0


def test_load_file_puts_stray_triples_in_the_given_graph(store: Store, tmp_path: Path) -> None:
    assert (
        store.load_file(_file(tmp_path, QUADS + STRAY), format="nquads", graph_iri="https://example.org/g3")
        == 3
    )
    assert store.count("https://example.org/g3") == 1


@pytest.mark.parametrize(
    "text, message, bulk_keeps",
    [
        # The bulk loader has loaded the file's named graphs by the time the stray triple is found.
        (QUADS + STRAY, "outside any named graph", 2),
        (
            "_:g { <https://example.org/a> <https://example.org/b> 1 . }\n",
            "named by blank nodes|blank node",
            0,
        ),
        ("<https://example.org/a> <https://example.org/b> .\n", "Invalid nquads data", 0),
    ],
)
def test_load_file_refuses_what_load_refuses(
    store: Store, tmp_path: Path, text: str, message: str, bulk_keeps: int
) -> None:
    fmt = "trig" if text.startswith("_:g") else "nquads"
    with pytest.raises(ValueError, match=message):
        store.load_file(_file(tmp_path, text, f"data.{fmt}"), format=fmt)
    # Nothing outside named graphs, and no blank-node graph, is left behind.
    assert store.select("SELECT ?g WHERE { GRAPH ?g { } FILTER(isBlank(?g)) }") == []
    assert store.count() == (bulk_keeps if isinstance(store, EmbeddedStore) else 0)


class _Recording:
    """A pyoxigraph store that notes the names of the methods called on it."""

    def __init__(self, store: object) -> None:
        self._store = store
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> object:
        self.calls.append(name)
        return getattr(self._store, name)

    def __len__(self) -> int:
        return len(self._store)  # type: ignore[arg-type]


def test_load_file_writes_nothing_after_a_clean_bulk_load(tmp_path: Path) -> None:
    # Clearing the (empty) default graph would leave range deletions that every later read checks.
    embedded = EmbeddedStore(pyoxigraph.Store(str(tmp_path / "store")))
    recording = _Recording(embedded._store)
    embedded._store = recording  # type: ignore[assignment]
    try:
        assert embedded.load_file(_file(tmp_path, QUADS), format="nquads") == 2
        after_load = recording.calls[recording.calls.index("bulk_load") + 1 :]
        assert not {"clear_graph", "remove_graph", "extend", "remove", "update"} & set(after_load)
        # Stray triples are still taken out of the default graph (test_load_file_refuses_what_load_refuses).
        with pytest.raises(ValueError, match="outside any named graph"):
            embedded.load_file(_file(tmp_path, STRAY, "stray.nq"), format="nquads")
        assert "clear_graph" in recording.calls
        assert embedded.count() == 2
    finally:
        embedded._store = recording._store  # type: ignore[assignment]
        embedded.close()
