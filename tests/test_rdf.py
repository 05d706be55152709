"""Facts -> RDF mapping (docs/rdf-mapping.md), the SHACL shapes, the ontology and the JSON-LD context."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from kg.facts import (
    ACTOR_TYPES,
    BROADER_TYPES,
    DEFAULT_BASE_IRI,
    ENTITY_TYPES,
    EVENT_TYPES,
    RELATION_TYPES,
    STATUSES,
    Article,
    Entity,
    Event,
    Evidence,
    Facts,
    Mention,
    Relation,
    article_iri,
    entity_iri,
    stable_hash,
    subtypes,
)
from kg.graph import rdf
from kg.graph.rdf import GK, WD
from kg.resources import ontology_file

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
PLOVER = "https://w3id.org/geokg/plover#"
# QIDs from the project's verified reference tables (states, organizations, persons, places).
QIDS = {
    "Serbia": "Q403",
    "Kosovo": "Q1246",
    "Finland": "Q33",
    "NATO": "Q7184",
    "Stoltenberg": "Q57665",
    "Zubin Potok": "Q2500688",
}

TEXT = (
    "Gunmen clashed with Kosovo police in Banjska on 24 September 2023, killing one officer; three gunmen "
    "died. "
    "In May 2023 Serb protesters in Zubin Potok clashed with NATO peacekeepers, injuring 93. "
    "Finland joined NATO in 2023. "
    "Serbia does not recognise Kosovo and keeps its military neutrality. "
    "NATO Secretary General Jens Stoltenberg said the alliance would stay."
)


def _sentence(fragment: str) -> Evidence:
    start = TEXT.index(fragment)
    return Evidence(text=fragment, start=start, end=start + len(fragment))


def _entity(label: str, type_: str, *, surface: str | None = None) -> Entity:
    qid = QIDS.get(label)
    surface = surface or label
    start = TEXT.index(surface)
    return Entity(
        iri=entity_iri(type_=type_, label=label, qid=qid),
        label=label,
        type=type_,
        wikidata=qid,
        mentions=[Mention(text=surface, start=start, end=start + len(surface))],
        link_rule="gazetteer:name" if qid else None,
        link_confidence=0.95 if qid else None,
    )


def _event(article: Article, type_: str, evidence: Evidence, **fields: object) -> Event:
    values: dict = {"plover": None, "mode": None, "actors": [], "targets": [], "places": [], "date": None}
    values.update({"killed": None, "injured": None, "status": "asserted", "confidence": 0.8})
    values.update(fields)
    iri = f"{DEFAULT_BASE_IRI}event/{stable_hash(article.id, type_, evidence.start, evidence.end)}"
    return Event(iri=iri, type=type_, evidence=evidence, **values)


def build_facts() -> Facts:
    """Facts of TEXT by hand: linked and unlinked entities, events of each date precision, relations."""
    article = Article(
        iri=article_iri(TEXT), text=TEXT, title="Tensions in the north", published="2023-11-21", source=None
    )
    e = {
        "serbia": _entity("Serbia", "State"),
        "kosovo": _entity("Kosovo", "PartiallyRecognizedState"),
        "finland": _entity("Finland", "State"),
        "nato": _entity("NATO", "Alliance"),
        "stoltenberg": _entity("Stoltenberg", "Person", surface="Jens Stoltenberg"),
        "zubin": _entity("Zubin Potok", "Region"),
        "banjska": _entity("Banjska", "City"),
        "police": _entity("Kosovo police", "ArmedGroup"),
        "gunmen": _entity("Gunmen", "ArmedGroup"),
        "serbs": _entity("Serbs", "EthnicGroup", surface="Serb"),
        "neutrality": _entity("military neutrality", "Policy"),
    }
    iri = {key: entity.iri for key, entity in e.items()}
    clash_sentence = _sentence(TEXT.split(". ")[0] + ".")
    protest_sentence = _sentence(
        "In May 2023 Serb protesters in Zubin Potok clashed with NATO peacekeepers, injuring 93."
    )
    accession_sentence = _sentence("Finland joined NATO in 2023.")
    serbia_sentence = _sentence("Serbia does not recognise Kosovo and keeps its military neutrality.")
    nato_sentence = _sentence("NATO Secretary General Jens Stoltenberg said the alliance would stay.")
    events = [
        _event(
            article,
            "Clash",
            clash_sentence,
            plover="ASSAULT",
            mode="firearms",
            actors=[iri["gunmen"], iri["police"]],
            places=[iri["banjska"]],
            date="2023-09-24",
            killed=4,
            killed_breakdown={"police": 1, "gunmen": 3},
            confidence=0.85,
        ),
        _event(
            article,
            "Clash",
            protest_sentence,
            plover="ASSAULT",
            actors=[iri["serbs"]],
            targets=[iri["nato"]],
            places=[iri["zubin"]],
            date="2023-05",
            injured=93,
            injured_breakdown={"NATO peacekeepers": 93},
            supporting_evidence=[clash_sentence],
        ),
        _event(
            article,
            "Accession",
            accession_sentence,
            plover="SUPPORT",
            actors=[iri["finland"]],
            targets=[iri["nato"]],
            date="2023",
            confidence=0.9,
        ),
        _event(article, "Statement", nato_sentence, actors=[iri["stoltenberg"]], status="reported"),
    ]
    relations = [
        Relation("memberOf", iri["finland"], iri["nato"], accession_sentence, 0.9, since="2023"),
        Relation("doesNotRecognize", iri["serbia"], iri["kosovo"], serbia_sentence, 0.9),
        Relation("hasPolicy", iri["serbia"], iri["neutrality"], serbia_sentence, 0.7),
        Relation(
            "holdsPosition",
            iri["stoltenberg"],
            iri["nato"],
            nato_sentence,
            0.8,
            since="2014-10-01",
            until="2024",
            role="Secretary General",
        ),
    ]
    return Facts(article=article, entities=list(e.values()), events=events, relations=relations)


@pytest.fixture
def facts() -> Facts:
    return build_facts()


@pytest.fixture
def graph(facts: Facts) -> Graph:
    return rdf.to_graph(facts)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "geokg.ttl", format="turtle")


def _event_iri(facts: Facts, type_: str) -> URIRef:
    return URIRef(next(event.iri for event in facts.events if event.type == type_))


# Mapping


def test_graph_is_named_by_the_article(facts: Facts, graph: Graph) -> None:
    assert graph.identifier == URIRef(facts.article.iri)
    assert (URIRef(facts.article.iri), RDF.type, GK.Article) in graph
    assert graph.value(URIRef(facts.article.iri), GK.text) == Literal(TEXT)


def test_two_runs_give_the_same_iris_and_isomorphic_graphs(graph: Graph) -> None:
    again = rdf.to_graph(build_facts())
    assert set(again.subjects()) == set(graph.subjects())
    assert isomorphic(again, graph)


def test_article_iris_change_with_the_text(facts: Facts, graph: Graph) -> None:
    other = build_facts()
    other.article = Article(iri=article_iri(TEXT + " "), text=TEXT + " ")
    assert set(rdf.to_graph(other).subjects()).isdisjoint(
        {URIRef(facts.article.iri), URIRef(f"{facts.article.iri}/mention/0-6")}
    )


def test_statement_iri_is_the_hash_of_article_type_subject_object_role(facts: Facts, graph: Graph) -> None:
    holds = next(relation for relation in facts.relations if relation.type == "holdsPosition")
    key = stable_hash(facts.article.id, "holdsPosition", holds.subject, holds.object, "Secretary General")
    statement = URIRef(f"{DEFAULT_BASE_IRI}statement/{key}")
    assert graph.value(statement, GK.role) == Literal("Secretary General")
    assert graph.value(statement, GK.predicate) == GK.holdsPosition


def test_mentions_and_evidence_are_spans_of_the_article(facts: Facts, graph: Graph) -> None:
    article = URIRef(facts.article.iri)
    start = TEXT.index("Jens Stoltenberg")
    mention = URIRef(f"{article}/mention/{start}-{start + len('Jens Stoltenberg')}")
    assert (URIRef(entity_iri(type_="Person", label="x", qid="Q57665")), GK.mention, mention) in graph
    assert graph.value(mention, GK.text) == Literal("Jens Stoltenberg")
    assert graph.value(mention, GK.article) == article
    accession = _event_iri(facts, "Accession")
    evidence = graph.value(accession, GK.evidence)
    assert evidence == URIRef(
        f"{article}/evidence/{TEXT.index('Finland joined')}-{TEXT.index(' Serbia does')}"
    )
    assert graph.value(evidence, GK.sentence) == Literal("Finland joined NATO in 2023.")
    assert graph.value(evidence, GK.start).datatype == XSD.integer


def test_every_fact_is_generated_by_the_extractor_version(facts: Facts, graph: Graph) -> None:
    extractor = URIRef(f"{DEFAULT_BASE_IRI}extractor/0.1.0")
    generated = set(graph.subjects(PROV.wasGeneratedBy, extractor))
    statements = set(graph.subjects(RDF.type, GK.Statement))
    assert generated == {URIRef(facts.article.iri), *statements, *(URIRef(e.iri) for e in facts.events)}


def test_base_iri_sets_statement_and_extractor_iris(facts: Facts) -> None:
    graph = rdf.to_graph(facts, base_iri="https://kg.example.org/id/")
    statements = set(graph.subjects(RDF.type, GK.Statement))
    assert len(statements) == 4
    assert all(str(s).startswith("https://kg.example.org/id/statement/") for s in statements)
    assert set(graph.objects(None, PROV.wasGeneratedBy)) == {
        URIRef("https://kg.example.org/id/extractor/0.1.0")
    }


def test_linked_entities_have_same_as_and_unlinked_ones_do_not(graph: Graph) -> None:
    kosovo = URIRef(entity_iri(type_="State", label="Kosovo", qid="Q1246"))
    assert graph.value(kosovo, OWL.sameAs) == WD.Q1246
    assert graph.value(kosovo, RDF.type) == GK.PartiallyRecognizedState
    assert graph.value(kosovo, GK.linkConfidence) == Literal("0.95", datatype=XSD.decimal)
    banjska = URIRef(f"{DEFAULT_BASE_IRI}entity/city-banjska")
    assert graph.value(banjska, RDFS.label) == Literal("Banjska", lang="en")
    assert graph.value(banjska, OWL.sameAs) is None


@pytest.mark.parametrize(
    "value, datatype",
    [("2023-11-21", XSD.date), ("2023-05", XSD.gYearMonth), ("2023", XSD.gYear), ("1999-02-28", XSD.date)],
)
def test_typed_date_by_precision(value: str, datatype: URIRef) -> None:
    assert rdf.typed_date(value) == Literal(value, datatype=datatype)


@pytest.mark.parametrize(
    "value", ["2023-13", "2023-02-30", "21 November 2023", "23", "2023-11-21T10:00:00", "2023\n"]
)
def test_typed_date_rejects_other_forms(value: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(value))):
        rdf.typed_date(value)


def test_event_dates_are_typed_by_precision(facts: Facts, graph: Graph) -> None:
    dates = {
        str(graph.value(URIRef(event.iri), GK.date)): graph.value(URIRef(event.iri), GK.date).datatype
        for event in facts.events
        if event.date
    }
    assert dates == {"2023-09-24": XSD.date, "2023-05": XSD.gYearMonth, "2023": XSD.gYear}
    assert graph.value(URIRef(facts.article.iri), PROV.wasGeneratedBy) is not None
    issued = graph.value(URIRef(facts.article.iri), URIRef("http://purl.org/dc/terms/issued"))
    assert issued == Literal("2023-11-21", datatype=XSD.date)


def test_casualties_are_integers_and_absent_when_unknown(facts: Facts, graph: Graph) -> None:
    banjska, zubin = (URIRef(event.iri) for event in facts.events[:2])
    assert graph.value(banjska, GK.killed) == Literal(4, datatype=XSD.integer)
    assert graph.value(banjska, GK.injured) is None
    assert graph.value(zubin, GK.killed) is None
    assert graph.value(zubin, GK.injured) == Literal(93)
    police = URIRef(f"{banjska}/killed/police")
    assert set(graph.objects(banjska, GK.casualtyCount)) == {police, URIRef(f"{banjska}/killed/gunmen")}
    assert (graph.value(police, GK.casualtyKind), graph.value(police, GK.group)) == (
        Literal("killed"),
        Literal("police"),
    )
    assert graph.value(police, GK["count"]) == Literal(1)
    assert graph.value(URIRef(f"{zubin}/injured/nato-peacekeepers"), GK["count"]) == Literal(93)


def test_event_roles_and_plover(facts: Facts, graph: Graph) -> None:
    clash = URIRef(facts.events[0].iri)
    assert set(graph.objects(clash, GK.actor)) == {URIRef(iri) for iri in facts.events[0].actors}
    assert graph.value(clash, GK.place) == URIRef(f"{DEFAULT_BASE_IRI}entity/city-banjska")
    assert (graph.value(clash, GK.ploverType), graph.value(clash, GK.ploverMode)) == (
        Literal("ASSAULT"),
        Literal("firearms"),
    )
    zubin = URIRef(facts.events[1].iri)
    assert graph.value(zubin, GK.target) == URIRef(f"{DEFAULT_BASE_IRI}entity/Q7184")
    assert graph.value(zubin, GK.supportingEvidence) == graph.value(clash, GK.evidence)


def test_statement_events_are_public_statements_not_relation_statements(facts: Facts, graph: Graph) -> None:
    said = _event_iri(facts, "Statement")
    assert set(graph.objects(said, RDF.type)) == {GK.PublicStatement}
    assert rdf.event_type(GK.PublicStatement) == "Statement"
    assert rdf.event_type(GK.Clash) == "Clash"
    with pytest.raises(ValueError, match="Statement"):
        rdf.event_type(GK.Statement)


def test_relations_are_direct_triples_and_qualified_statements(facts: Facts, graph: Graph) -> None:
    finland, nato = URIRef(f"{DEFAULT_BASE_IRI}entity/Q33"), URIRef(f"{DEFAULT_BASE_IRI}entity/Q7184")
    assert (finland, GK.memberOf, nato) in graph
    statement = graph.value(predicate=GK.subject, object=finland)
    assert graph.value(statement, GK.object) == nato
    assert graph.value(statement, GK.since) == Literal("2023", datatype=XSD.gYear)
    assert graph.value(statement, GK.role) is None
    assert graph.value(statement, GK.confidence) == Literal("0.9", datatype=XSD.decimal)
    holds = graph.value(predicate=GK.role, object=Literal("Secretary General"))
    assert graph.value(holds, GK.until) == Literal("2024", datatype=XSD.gYear)
    assert graph.value(holds, GK.since) == Literal("2014-10-01", datatype=XSD.date)


def test_relation_object_that_is_not_an_iri_is_refused(facts: Facts) -> None:
    facts.relations[2].object = "military neutrality"
    with pytest.raises(ValueError, match="military neutrality"):
        rdf.to_graph(facts)


@pytest.mark.parametrize(
    "break_facts, bad_value",
    [
        (lambda f: setattr(f.events[0], "type", "Skirmish"), "Skirmish"),
        (lambda f: setattr(f.entities[0], "type", "Country"), "Country"),
        (lambda f: setattr(f.relations[0], "type", "allyOf"), "allyOf"),
        (lambda f: setattr(f.entities[0], "wikidata", "403"), "403"),
        (lambda f: setattr(f.entities[0], "wikidata", "Q403\n"), "Q403"),
        (lambda f: f.events[0].actors.append("Kosovo police"), "Kosovo police"),
        (lambda f: setattr(f.events[0], "date", "last Sunday"), "last Sunday"),
    ],
)
def test_facts_the_mapping_cannot_express_are_refused(
    break_facts: Callable[[Facts], None], bad_value: str
) -> None:
    facts = build_facts()
    break_facts(facts)
    with pytest.raises(ValueError, match=bad_value):
        rdf.to_graph(facts)


def test_dataset_holds_the_one_named_graph(facts: Facts, graph: Graph) -> None:
    dataset = rdf.to_dataset(facts)
    named = [g for g in dataset.graphs() if len(g)]
    assert [g.identifier for g in named] == [URIRef(facts.article.iri)]
    assert isomorphic(named[0], graph)
    assert len(dataset.default_graph) == 0


# SHACL


def test_mapped_graph_conforms(graph: Graph) -> None:
    conforms, report = rdf.validate(graph)
    assert conforms, report


def _with_group(facts: Facts) -> tuple[Facts, Entity]:
    """The facts with a generic group of police of Serbia, the actor of a new Threat event."""
    serbia = next(e for e in facts.entities if e.wikidata == "Q403")
    group = _entity("Serbian police", "Group", surface="Kosovo police")
    group.sector, group.country = "COP", serbia.iri
    facts.entities.append(group)
    evidence = facts.events[0].evidence
    facts.events.append(_event(facts.article, "Threat", evidence, plover="THREATEN", actors=[group.iri]))
    return facts, group


def test_groups_carry_sector_and_country_and_conform(facts: Facts) -> None:
    facts, group = _with_group(facts)
    graph = rdf.to_graph(facts)
    conforms, report = rdf.validate(graph)
    assert conforms, report
    assert graph.value(URIRef(group.iri), GK.sector) == Literal("COP")
    assert graph.value(URIRef(group.iri), GK.country) == URIRef(group.country or "")
    assert (URIRef(group.iri), RDF.type, GK.Group) in graph


def test_a_group_with_a_qid_does_not_conform(facts: Facts) -> None:
    facts, group = _with_group(facts)
    graph = rdf.to_graph(facts)
    graph.add((URIRef(group.iri), OWL.sameAs, WD.Q403))
    conforms, _ = rdf.validate(graph)
    assert not conforms


def test_group_json_keeps_sector_and_country_and_others_do_not_have_them(facts: Facts) -> None:
    facts, group = _with_group(facts)
    entities = {e["label"]: e for e in facts.to_json()["entities"]}
    assert entities["Serbian police"]["sector"] == "COP" and entities["Serbian police"]["country"]
    assert "sector" not in entities["Serbia"] and "country" not in entities["Serbia"]
    assert Facts.from_json(facts.to_json(), text=TEXT).entity(group.iri) == group


def _first_event(graph: Graph) -> URIRef:
    return next(s for s in graph.subjects(GK.killed, None))


def _set(graph: Graph, subject: URIRef, predicate: URIRef, value: object) -> None:
    graph.set((subject, predicate, value))


def _neg_confidence(graph: Graph) -> None:
    _set(graph, _first_event(graph), GK.confidence, Literal("-0.1", datatype=XSD.decimal))


def _big_confidence(graph: Graph) -> None:
    statement = next(graph.subjects(RDF.type, GK.Statement))
    _set(graph, statement, GK.confidence, Literal(1.5))


def _bad_status(graph: Graph) -> None:
    _set(graph, _first_event(graph), GK.status, Literal("rumoured"))


def _same_as_dbpedia(graph: Graph) -> None:
    _set(
        graph,
        URIRef(f"{DEFAULT_BASE_IRI}entity/Q403"),
        OWL.sameAs,
        URIRef("http://dbpedia.org/resource/Serbia"),
    )


def _same_as_literal(graph: Graph) -> None:
    _set(graph, URIRef(f"{DEFAULT_BASE_IRI}entity/Q403"), OWL.sameAs, Literal("Q403"))


def _no_evidence(graph: Graph) -> None:
    graph.remove((_first_event(graph), GK.evidence, None))


def _two_evidences(graph: Graph) -> None:
    event = _first_event(graph)
    other = next(o for o in graph.objects(None, GK.evidence) if o != graph.value(event, GK.evidence))
    graph.add((event, GK.evidence, other))


def _negative_killed(graph: Graph) -> None:
    _set(graph, _first_event(graph), GK.killed, Literal(-4))


def _string_killed(graph: Graph) -> None:
    _set(graph, _first_event(graph), GK.killed, Literal("four"))


def _untyped_date(graph: Graph) -> None:
    _set(graph, _first_event(graph), GK.date, Literal("2023-09-24"))


def _literal_actor(graph: Graph) -> None:
    graph.add((_first_event(graph), GK.actor, Literal("Kosovo police")))


def _two_event_classes(graph: Graph) -> None:
    graph.add((_first_event(graph), RDF.type, GK.Attack))


def _only_generic_event_class(graph: Graph) -> None:
    event = _first_event(graph)
    graph.remove((event, RDF.type, None))
    graph.add((event, RDF.type, GK.Event))


def _no_direct_triple(graph: Graph) -> None:
    graph.remove((None, GK.memberOf, None))


def _unknown_predicate(graph: Graph) -> None:
    statement = graph.value(predicate=GK.predicate, object=GK.memberOf)
    _set(graph, statement, GK.predicate, GK.likes)


def _no_label(graph: Graph) -> None:
    graph.remove((URIRef(f"{DEFAULT_BASE_IRI}entity/city-banjska"), RDFS.label, None))


def _evidence_ends_before_start(graph: Graph) -> None:
    evidence = next(graph.subjects(RDF.type, GK.Evidence))
    _set(graph, evidence, GK.end, Literal(0))


def _no_article_text(graph: Graph) -> None:
    graph.remove((None, GK.text, Literal(TEXT)))


def _bad_issued(graph: Graph) -> None:
    article = next(graph.subjects(RDF.type, GK.Article))
    _set(graph, article, URIRef("http://purl.org/dc/terms/issued"), Literal("yesterday"))


def _bad_plover(graph: Graph) -> None:
    _set(graph, _first_event(graph), GK.ploverType, Literal("FIGHT"))


def _bad_casualty_kind(graph: Graph) -> None:
    count = next(graph.subjects(RDF.type, GK.CasualtyCount))
    _set(graph, count, GK.casualtyKind, Literal("missing"))


@pytest.mark.parametrize(
    "break_graph, expected",
    [
        (_neg_confidence, GK.confidence),
        (_big_confidence, GK.confidence),
        (_bad_status, GK.status),
        (_same_as_dbpedia, OWL.sameAs),
        (_same_as_literal, OWL.sameAs),
        (_no_evidence, GK.evidence),
        (_two_evidences, GK.evidence),
        (_negative_killed, GK.killed),
        (_string_killed, GK.killed),
        (_untyped_date, GK.date),
        (_literal_actor, GK.actor),
        (_two_event_classes, "exactly one event class"),
        (_only_generic_event_class, "exactly one event class"),
        (_no_direct_triple, "direct triple (subject predicate object) is missing"),
        (_unknown_predicate, GK.predicate),
        (_no_label, RDFS.label),
        (_evidence_ends_before_start, GK.start),
        (_no_article_text, GK.text),
        (_bad_issued, URIRef("http://purl.org/dc/terms/issued")),
        (_bad_plover, GK.ploverType),
        (_bad_casualty_kind, GK.casualtyKind),
    ],
)
def test_shapes_reject_broken_graphs(
    graph: Graph, break_graph: Callable[[Graph], None], expected: URIRef | str
) -> None:
    break_graph(graph)
    conforms, report = rdf.validate(graph)
    assert not conforms
    # The violation is the one we caused: its path (or, for SPARQL constraints, its message) is reported.
    if isinstance(expected, URIRef):
        paths = {f"Result Path: {expected.n3(graph.namespace_manager)}", f"Result Path: {expected.n3()}"}
        assert any(path in report for path in paths), report
    else:
        assert expected in report, report


# Ontology


def _defined_terms(ontology: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return {s for kind in kinds for s in ontology.subjects(RDF.type, kind) if str(s).startswith(str(GK))}


def test_every_term_has_a_label_and_a_comment(ontology: Graph) -> None:
    terms = _defined_terms(ontology)
    assert len(terms) > 80
    for term in terms:
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term


def test_every_gk_term_used_in_the_ontology_is_defined(ontology: Graph) -> None:
    used = {
        term for triple in ontology for term in triple if isinstance(term, URIRef) and term.startswith(GK)
    }
    assert used <= _defined_terms(ontology)


def test_every_term_the_mapping_writes_is_defined(ontology: Graph, graph: Graph) -> None:
    used = {term for triple in graph for term in triple if isinstance(term, URIRef) and term.startswith(GK)}
    assert used <= _defined_terms(ontology)


def test_fact_types_exist_in_the_ontology(ontology: Graph) -> None:
    for type_ in EVENT_TYPES:
        assert (rdf.event_class(type_), RDFS.subClassOf, GK.Event) in ontology, type_
    for type_ in ENTITY_TYPES:
        assert (GK[type_], RDF.type, OWL.Class) in ontology, type_
    for type_ in RELATION_TYPES:
        assert (GK[type_], RDF.type, OWL.ObjectProperty) in ontology, type_
    assert (GK.Event, SKOS.closeMatch, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event")) in ontology


def test_actor_classes_share_the_actor_superclass(ontology: Graph) -> None:
    actors = set(ontology.transitive_subjects(RDFS.subClassOf, GK.Actor))
    assert {GK[type_] for type_ in ENTITY_TYPES if type_ != "Policy"} <= actors
    assert GK.Policy not in actors
    assert (GK.Alliance, RDFS.subClassOf, GK.InternationalOrganization) in ontology


def _shipped_ontology() -> Graph:
    return Graph().parse(data=ontology_file("geokg.ttl").read_text(encoding="utf-8"), format="turtle")


def _local(term: object) -> str:
    return str(term).removeprefix(str(GK))


def test_entity_types_are_the_actor_classes_and_policy() -> None:
    ontology = _shipped_ontology()
    actors = {_local(c) for c in ontology.transitive_subjects(RDFS.subClassOf, GK.Actor)} - {"Actor"}
    assert set(ENTITY_TYPES) == actors | {_local(ontology.value(GK.hasPolicy, RDFS.range))}


def test_event_types_are_the_event_classes() -> None:
    classes = set(_shipped_ontology().subjects(RDFS.subClassOf, GK.Event))
    assert {rdf.event_class(type_) for type_ in EVENT_TYPES} == classes


def test_broader_types_are_the_subclass_links_between_entity_types() -> None:
    links = _shipped_ontology().subject_objects(RDFS.subClassOf)
    pairs = [(_local(s), _local(o)) for s, o in links]
    assert BROADER_TYPES == {s: o for s, o in pairs if s in ENTITY_TYPES and o in ENTITY_TYPES}


def test_actor_types_are_entity_types_but_places_and_policies() -> None:
    assert ACTOR_TYPES == set(ENTITY_TYPES) - {"Place", "City", "Region", "Policy"}


def test_subtypes_reach_down_the_hierarchy() -> None:
    assert subtypes("Organization") == {"Organization", "InternationalOrganization", "Alliance"}


def test_event_classes_map_to_plover_concepts(ontology: Graph) -> None:
    scheme = Graph().parse(ONTOLOGY_DIR / "plover.ttl", format="turtle")
    types = {str(scheme.value(c, SKOS.notation)) for c in scheme.subjects(SKOS.broader, None)}
    assert len(types) == 16
    for type_ in EVENT_TYPES:
        cls = rdf.event_class(type_)
        plover = ontology.value(cls, GK.ploverType)
        if type_ == "Statement":  # PLOVER dropped public statements (CAMEO 01)
            assert plover is None and ontology.value(cls, SKOS.broadMatch) is None
            continue
        assert str(plover) in types, type_
        assert ontology.value(cls, SKOS.broadMatch) == URIRef(f"{PLOVER}{plover}"), type_


def test_wikidata_alignments_point_at_wikidata_entities(ontology: Graph) -> None:
    mappings = [
        o for p in (SKOS.exactMatch, SKOS.closeMatch) for o in ontology.objects(None, p) if o.startswith(WD)
    ]
    assert (GK.memberOf, SKOS.exactMatch, WD.P463) in ontology
    assert (GK.killed, SKOS.exactMatch, WD.P1120) in ontology
    assert all(str(o).removeprefix(str(WD))[0] in "PQ" for o in mappings)


def test_shapes_list_the_statuses_and_relations_of_the_facts() -> None:
    shapes = rdf.load_shapes()
    lists = [Collection(shapes, o) for o in shapes.objects(None, SH["in"]) if isinstance(o, BNode)]
    values = [{str(item).removeprefix(str(GK)) for item in items} for items in lists]
    assert set(STATUSES) in values
    assert set(RELATION_TYPES) in values


# JSON-LD context


def test_json_ld_with_the_context_round_trips(graph: Graph) -> None:
    with (ONTOLOGY_DIR / "context.jsonld").open(encoding="utf-8") as file:
        context = json.load(file)["@context"]
    data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = {node["id"]: node for node in data["@graph"]}
    clash = next(node for node in nodes.values() if node.get("type") == "Clash" and "killed" in node)
    assert clash["killed"] == "4"
    assert "actor" in clash and "evidence" in clash
    # Parsed back by another implementation (Oxigraph) with the same context, the triples are the same.
    document = json.dumps({"@context": context, "@graph": data["@graph"]}).encode()
    quads = pyoxigraph.parse(document, format=pyoxigraph.RdfFormat.JSON_LD)
    ntriples = "".join(f"{quad.triple} .\n" for quad in quads)
    assert isomorphic(Graph().parse(data=ntriples, format="nt"), graph)


def test_validation_changes_neither_the_graph_nor_the_loaded_files(graph: Graph) -> None:
    before = (set(graph), set(rdf.load_shapes()), set(rdf.load_ontology()))
    rdf.validate(graph)
    assert (set(graph), set(rdf.load_shapes()), set(rdf.load_ontology())) == before
