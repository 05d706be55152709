"""Facts -> RDF in the GeoKG ontology: one named graph per article plus the descriptions of its entities, which
the store keeps once in the entities graph (docs/rdf-mapping.md); and SHACL checks."""

from __future__ import annotations

import datetime
import functools
import re
from decimal import Decimal

import pyshacl
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.facts import (
    DEFAULT_BASE_IRI,
    ENTITY_TYPES,
    EVENT_TYPES,
    EXTRACTOR_VERSION,
    RELATION_TYPES,
    Entity,
    Event,
    Evidence,
    Facts,
    Mention,
    Relation,
    slugify,
    stable_hash,
)
from kg.resources import ontology_file

GK = Namespace("https://w3id.org/geokg/ontology#")
WD = Namespace("http://www.wikidata.org/entity/")

# The event type "Statement" cannot be gk:Statement: that class is the qualified relation statement.
_EVENT_CLASS_NAMES = {"Statement": "PublicStatement"}
_EVENT_TYPE_NAMES = {name: type_ for type_, name in _EVENT_CLASS_NAMES.items()}

# All used with fullmatch: `$` would let a trailing newline through.
_HTTP_IRI = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")
_QID = re.compile(r"Q[0-9]+")
_YEAR_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
_YEAR = re.compile(r"[0-9]{4}")

# The triples that describe an entity whatever article names it: they live once, in the entities graph.
DESCRIPTION_PREDICATES = (RDF.type, RDFS.label, OWL.sameAs, GK.sector, GK.country)


def entities_graph_iri(base_iri: str = DEFAULT_BASE_IRI) -> str:
    """`id:graph/entities`: one description (label, type, QID, ...) of every entity some article refers to."""
    return f"{base_iri}graph/entities"


def event_class(type_: str) -> URIRef:
    """The ontology class of an event type ("Clash" -> gk:Clash, "Statement" -> gk:PublicStatement)."""
    if type_ not in EVENT_TYPES:
        raise ValueError(f"Unknown event type: {type_!r}")
    return GK[_EVENT_CLASS_NAMES.get(type_, type_)]


def event_type(class_iri: str) -> str:
    """The event type of the facts for an ontology event class (the inverse of `event_class`)."""
    name = str(class_iri).removeprefix(str(GK))
    type_ = _EVENT_TYPE_NAMES.get(name, name)
    if type_ not in EVENT_TYPES or str(class_iri) != str(event_class(type_)):
        raise ValueError(f"Not a GeoKG event class: {class_iri!r}")
    return type_


def typed_date(value: str) -> Literal:
    """A date literal typed by precision: xsd:date, xsd:gYearMonth or xsd:gYear."""
    if _YEAR.fullmatch(value):
        return Literal(value, datatype=XSD.gYear)
    if _YEAR_MONTH.fullmatch(value):
        return Literal(value, datatype=XSD.gYearMonth)
    try:
        return Literal(datetime.date.fromisoformat(value).isoformat(), datatype=XSD.date)
    except ValueError as e:
        raise ValueError(f"Not a date of the form YYYY, YYYY-MM or YYYY-MM-DD: {value!r}") from e


def _decimal(value: float) -> Literal:
    # repr() keeps the shortest form (0.8, not 0.8000000000000000444); format "f" avoids "1E-5".
    return Literal(format(Decimal(repr(float(value))), "f"), datatype=XSD.decimal)


def _iri(value: str, what: str) -> URIRef:
    if not isinstance(value, str) or not _HTTP_IRI.fullmatch(value):
        raise ValueError(f"{what} is not an http(s) IRI: {value!r}")
    return URIRef(value)


def extractor_iri(base_iri: str) -> URIRef:
    """The IRI of this extractor version, which every article graph it writes names (prov:wasGeneratedBy)."""
    return URIRef(f"{base_iri}extractor/{EXTRACTOR_VERSION.rsplit('/', 1)[-1]}")


def statement_iri(facts: Facts, relation: Relation, *, base_iri: str = DEFAULT_BASE_IRI) -> URIRef:
    """`id:statement/<stable_hash(article id, type, subject, object, role)>`."""
    key = stable_hash(facts.article.id, relation.type, relation.subject, relation.object, relation.role)
    return URIRef(f"{base_iri}statement/{key}")


def new_graph(identifier: str | None = None, *, base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """An empty graph with GeoKG's prefixes bound (gk, id, wd, dcterms, prov, ...)."""
    graph = Graph(identifier=URIRef(identifier) if identifier else None)
    for prefix, namespace in _prefixes(base_iri).items():
        graph.bind(prefix, Namespace(namespace))
    return graph


def _prefixes(base_iri: str) -> dict[str, str]:
    namespaces = (GK, base_iri, WD, DCTERMS, PROV, OWL, SKOS, XSD, RDFS)
    names = ("gk", "id", "wd", "dcterms", "prov", "owl", "skos", "xsd", "rdfs")
    return {name: str(namespace) for name, namespace in zip(names, namespaces, strict=True)}


class _Mapper:
    """Adds the triples of one article's facts to a graph."""

    def __init__(self, facts: Facts, graph: Graph, descriptions: Graph, base_iri: str) -> None:
        self.facts = facts
        self.graph = graph
        self.descriptions = descriptions
        self.base_iri = base_iri
        self.article = _iri(facts.article.iri, "Article IRI")
        self.extractor = extractor_iri(base_iri)

    def add(self, subject: URIRef, predicate: URIRef, value: object, *, graph: Graph | None = None) -> None:
        """Add one triple to the article graph (or `graph`), skipping absent values (None)."""
        if value is None:
            return
        term = value if isinstance(value, URIRef | Literal) else Literal(value)
        (self.graph if graph is None else graph).add((subject, predicate, term))

    def describe(self, subject: URIRef, predicate: URIRef, value: object) -> None:
        """Add one triple of an entity's description."""
        self.add(subject, predicate, value, graph=self.descriptions)

    def map_article(self) -> None:
        article = self.facts.article
        self.add(self.article, RDF.type, GK.Article)
        self.add(self.article, DCTERMS.title, article.title or None)
        self.add(self.article, DCTERMS.issued, typed_date(article.published) if article.published else None)
        if article.source:
            if not _ABSOLUTE_IRI.fullmatch(article.source):
                raise ValueError(f"Article source is not an IRI: {article.source!r}")
            self.add(self.article, DCTERMS.source, URIRef(article.source))
        # An empty text (facts rebuilt from JSON) is left out, so validation reports it as missing.
        self.add(self.article, GK.text, article.text or None)
        self.add(self.article, PROV.wasGeneratedBy, self.extractor)

    def map_span(self, kind: str, start: int, end: int, text: str, text_property: URIRef) -> URIRef:
        """A mention or evidence node: `<article>/<kind>/<start>-<end>`."""
        iri = URIRef(f"{self.article}/{kind}/{start}-{end}")
        self.add(iri, RDF.type, GK.Mention if kind == "mention" else GK.Evidence)
        self.add(iri, GK.article, self.article)
        self.add(iri, text_property, text)
        self.add(iri, GK.start, Literal(start, datatype=XSD.integer))
        self.add(iri, GK.end, Literal(end, datatype=XSD.integer))
        return iri

    def map_mention(self, mention: Mention) -> URIRef:
        return self.map_span("mention", mention.start, mention.end, mention.text, GK.text)

    def map_evidence(self, evidence: Evidence) -> URIRef:
        return self.map_span("evidence", evidence.start, evidence.end, evidence.text, GK.sentence)

    def map_entity(self, entity: Entity) -> None:
        if entity.type not in ENTITY_TYPES:
            raise ValueError(f"Unknown entity type of {entity.iri}: {entity.type!r}")
        iri = _iri(entity.iri, "Entity IRI")
        self.describe(iri, RDF.type, GK[entity.type])
        self.describe(iri, RDFS.label, Literal(entity.label, lang="en"))
        if entity.wikidata:
            if not _QID.fullmatch(entity.wikidata):
                raise ValueError(f"Not a Wikidata QID on {entity.iri}: {entity.wikidata!r}")
            self.describe(iri, OWL.sameAs, WD[entity.wikidata])
        self.describe(iri, GK.sector, entity.sector)
        if entity.country:
            self.describe(iri, GK.country, _iri(entity.country, f"Country of {entity.iri}"))
        # The article says which entities it refers to: the entities graph keeps a description while any does.
        self.add(self.article, DCTERMS.references, iri)
        # How the name was linked is this article's finding, so it stays in the article graph.
        self.add(iri, GK.linkRule, entity.link_rule)
        if entity.link_confidence is not None:
            self.add(iri, GK.linkConfidence, _decimal(entity.link_confidence))
        for mention in entity.mentions:
            self.add(iri, GK.mention, self.map_mention(mention))

    def map_event(self, event: Event) -> None:
        iri = _iri(event.iri, "Event IRI")
        self.add(iri, RDF.type, event_class(event.type))
        self.add(iri, GK.ploverType, event.plover)
        self.add(iri, GK.ploverMode, event.mode)
        roles = ((GK.actor, event.actors), (GK.target, event.targets), (GK.place, event.places))
        for predicate, entities in (*roles, (GK.mediator, event.mediators)):
            for entity in entities:
                self.add(iri, predicate, _iri(entity, f"{predicate.removeprefix(str(GK))} of {event.iri}"))
        self.add(iri, GK.date, typed_date(event.date) if event.date else None)
        self.add(
            iri, GK.killed, None if event.killed is None else Literal(event.killed, datatype=XSD.integer)
        )
        self.add(
            iri, GK.injured, None if event.injured is None else Literal(event.injured, datatype=XSD.integer)
        )
        for kind, breakdown in (("killed", event.killed_breakdown), ("injured", event.injured_breakdown)):
            for group, count in breakdown.items():
                self.add(iri, GK.casualtyCount, self.map_casualties(iri, kind, group, count))
        self.add(iri, GK.status, event.status)
        self.map_provenance(iri, event.evidence, event.confidence)
        for evidence in event.supporting_evidence:
            self.add(iri, GK.supportingEvidence, self.map_evidence(evidence))

    def map_casualties(self, event: URIRef, kind: str, group: str, count: int) -> URIRef:
        iri = URIRef(f"{event}/{kind}/{slugify(group)}")
        self.add(iri, RDF.type, GK.CasualtyCount)
        self.add(iri, GK.casualtyKind, kind)
        self.add(iri, GK.group, group)
        # GK.count would be str.count: Namespace is a str.
        self.add(iri, GK["count"], Literal(count, datatype=XSD.integer))
        return iri

    def map_provenance(self, iri: URIRef, evidence: Evidence, confidence: float) -> None:
        self.add(iri, GK.evidence, self.map_evidence(evidence))
        self.add(iri, GK.confidence, _decimal(confidence))
        self.add(iri, PROV.wasGeneratedBy, self.extractor)

    def map_relation(self, relation: Relation) -> None:
        if relation.type not in RELATION_TYPES:
            raise ValueError(f"Unknown relation type: {relation.type!r}")
        predicate = GK[relation.type]
        subject = _iri(relation.subject, f"Subject of {relation.type}")
        object_ = _iri(relation.object, f"Object of {relation.type}")
        self.add(subject, predicate, object_)
        iri = statement_iri(self.facts, relation, base_iri=self.base_iri)
        self.add(iri, RDF.type, GK.Statement)
        self.add(iri, GK.subject, subject)
        self.add(iri, GK.predicate, predicate)
        self.add(iri, GK.object, object_)
        self.add(iri, GK.since, typed_date(relation.since) if relation.since else None)
        self.add(iri, GK.until, typed_date(relation.until) if relation.until else None)
        self.add(iri, GK.role, relation.role or None)
        self.map_provenance(iri, relation.evidence, relation.confidence)


def to_graphs(facts: Facts, *, base_iri: str = DEFAULT_BASE_IRI) -> tuple[Graph, Graph]:
    """The article's named graph (identifier: the article IRI) and its entities' descriptions (identifier: the
    entities graph), as the store keeps them.

    :raises ValueError: on an unknown type, a malformed date or QID, or an entity, event or relation
        object that is not an http(s) IRI.
    """
    graph = new_graph(facts.article.iri, base_iri=base_iri)
    descriptions = new_graph(entities_graph_iri(base_iri), base_iri=base_iri)
    mapper = _Mapper(facts, graph, descriptions, base_iri)
    mapper.map_article()
    for entity in facts.entities:
        mapper.map_entity(entity)
    for event in facts.events:
        mapper.map_event(event)
    for relation in facts.relations:
        mapper.map_relation(relation)
    return graph, descriptions


def to_graph(facts: Facts, *, base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """Everything one article says, self-contained: its named graph plus its entities' descriptions (what
    `geokg extract` prints and the shapes validate); the graph's identifier is the article IRI."""
    graph, descriptions = to_graphs(facts, base_iri=base_iri)
    graph += descriptions
    return graph


def to_dataset(facts: Facts, *, base_iri: str = DEFAULT_BASE_IRI) -> Dataset:
    """A dataset holding the article's one named graph."""
    graph = to_graph(facts, base_iri=base_iri)
    dataset = Dataset()
    for prefix, namespace in graph.namespaces():
        dataset.bind(prefix, namespace)
    named = dataset.graph(graph.identifier)
    for triple in graph:
        named.add(triple)
    return dataset


@functools.cache
def load_ontology() -> Graph:
    """The GeoKG ontology (ontology/geokg.ttl), parsed once; treat it as read-only."""
    return Graph().parse(data=ontology_file("geokg.ttl").read_text(encoding="utf-8"), format="turtle")


@functools.cache
def load_shapes() -> Graph:
    """The SHACL shapes (ontology/shapes.ttl), parsed once; treat them as read-only."""
    return Graph().parse(data=ontology_file("shapes.ttl").read_text(encoding="utf-8"), format="turtle")


def validate(graph: Graph) -> tuple[bool, str]:
    """Check a graph against the shapes: (conforms, pyshacl's text report)."""
    # The ontology goes in as ont_graph so targets and sh:class see subclasses (gk:Clash is a gk:Event);
    # RDFS inference is not needed for that and would add types from domains and ranges.
    # pyshacl adds a few triples to the shapes graph it is given, so it gets a copy of the cached one.
    shapes = Graph()
    for prefix, namespace in load_shapes().namespaces():
        shapes.bind(prefix, namespace)
    shapes += load_shapes()
    conforms, _, report = pyshacl.validate(
        graph,
        shacl_graph=shapes,
        ont_graph=load_ontology(),
        inference="none",
        allow_warnings=False,
    )
    return bool(conforms), str(report)
