"""The synthetic facts generator of the benchmarks (bench/generate.py), at a small N, and the scaling
benchmark's load of its output (bench/scaling.py)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from statistics import median

import pyoxigraph as ox
import pytest

from bench._profile import load_profile
from bench.generate import FactsGenerator, generate
from bench.scaling import build_summaries, load_nquads
from kg.facts import ENTITY_TYPES, EVENT_TYPES, RELATION_TYPES, STATUSES, Facts
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.graph.rdf import to_graph, validate
from kg.graph.store import EmbeddedStore
from kg.graph.summaries import has_summaries

ARTICLES = 150
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
WIKIDATA = "http://www.wikidata.org/entity/"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("generated")
    out, facts = folder / "out.nq", folder / "facts.jsonl"
    generate(ARTICLES, out, seed=7, facts_out=facts)
    return out, facts


def test_the_same_seed_writes_the_same_bytes_and_another_seed_other_ones(
    generated: tuple[Path, Path], tmp_path: Path
) -> None:
    again, later, other = tmp_path / "again.nq", tmp_path / "later.nq", tmp_path / "other.nq"
    generate(40, again, seed=7)
    generate(20, later, seed=7, first=40)  # a store grows by the articles a longer run has next
    generate(40, other, seed=8)
    written = generated[0].read_bytes()
    # Articles are written one after the other: a shorter run is the start of a longer one.
    assert written.startswith(again.read_bytes() + later.read_bytes())
    assert other.read_bytes() != again.read_bytes()


def test_every_article_is_valid_facts_json_with_known_types(generated: tuple[Path, Path]) -> None:
    rows = [json.loads(line) for line in generated[1].read_text(encoding="utf-8").splitlines()]
    assert len(rows) == ARTICLES
    for row in rows:
        assert Facts.from_json(row).to_json() == row
        iris = {entity["iri"] for entity in row["entities"]}
        assert {entity["type"] for entity in row["entities"]} <= set(ENTITY_TYPES)
        for event in row["events"]:
            assert event["type"] in EVENT_TYPES and event["status"] in STATUSES
            assert set(event["actors"] + event["targets"] + event["places"]) <= iris
        for relation in row["relations"]:
            assert relation["type"] in RELATION_TYPES and {relation["subject"], relation["object"]} <= iris
    assert sum(len(row["events"]) for row in rows) > ARTICLES  # several events an article, as in the examples


def test_the_facts_pass_the_shapes_and_offsets_point_at_their_words(gazetteer: Gazetteer) -> None:
    generator = FactsGenerator(gazetteer, load_profile(), seed=3)
    for index in range(5):
        facts = generator.article(index)
        text = facts.article.text
        for entity in facts.entities:
            assert all(text[m.start : m.end] == m.text == entity.label for m in entity.mentions)
        for event in facts.events:
            assert text[event.evidence.start : event.evidence.end] == event.evidence.text
        conforms, report = validate(to_graph(facts))
        assert conforms, report


def test_every_qid_in_the_output_is_in_the_gazetteer(
    generated: tuple[Path, Path], gazetteer: Gazetteer
) -> None:
    qids = {
        quad.object.value.removeprefix(WIKIDATA)
        for quad in ox.parse(path=str(generated[0]), format=ox.RdfFormat.N_QUADS)
        if quad.predicate.value == SAME_AS
    }
    assert len(qids) > 100
    assert [qid for qid in sorted(qids) if gazetteer.by_qid(qid) is None] == []


def test_popularity_is_long_tailed(generated: tuple[Path, Path]) -> None:
    articles_by_qid: Counter[str] = Counter()
    for line in generated[1].read_text(encoding="utf-8").splitlines():
        articles_by_qid.update({e["wikidata"] for e in json.loads(line)["entities"] if e["wikidata"]})
    top = articles_by_qid.most_common(1)[0][1]
    assert top >= 0.2 * ARTICLES
    assert median(articles_by_qid.values()) <= 2


def test_the_scaling_benchmark_builds_the_summaries_after_the_bulk_load(
    generated: tuple[Path, Path], tmp_path: Path
) -> None:
    store_path = tmp_path / "store"
    *_, loaded = load_nquads(store_path, generated[0])
    assert loaded > 0
    with EmbeddedStore(ox.Store(str(store_path))) as store:
        assert not has_summaries(store)  # a bulk load writes none: the API would read the old way
    _, done, after = build_summaries(store_path)
    assert done.summaries > 0
    assert after >= loaded + done.summaries
    with EmbeddedStore(ox.Store(str(store_path))) as store:
        assert has_summaries(store)
