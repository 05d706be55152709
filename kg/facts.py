"""The data model of extracted facts: pure dataclasses with a JSON form (DESIGN's "Facts JSON")."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from typing import Any

DEFAULT_BASE_IRI = "https://w3id.org/geokg/id/"
EXTRACTOR_VERSION = "geokg-extractor/0.1.0"

ENTITY_TYPES = (
    "State",
    "PartiallyRecognizedState",
    "Organization",
    "InternationalOrganization",
    "Alliance",
    "Person",
    "ArmedGroup",
    "EthnicGroup",
    "Group",
    "Place",
    "City",
    "Region",
    "Policy",
)
# Each entity type's superclass among the entity types (rdfs:subClassOf in ontology/geokg.ttl).
BROADER_TYPES = {
    "PartiallyRecognizedState": "State",
    "InternationalOrganization": "Organization",
    "Alliance": "InternationalOrganization",
    "City": "Place",
    "Region": "Place",
}


def subtypes(type_: str) -> frozenset[str]:
    """The entity type and every type below it ("State" -> State, PartiallyRecognizedState)."""
    found = {type_}
    while more := {child for child, parent in BROADER_TYPES.items() if parent in found} - found:
        found |= more
    return frozenset(found)


STATE_TYPES = subtypes("State")
ORGANISATION_TYPES = subtypes("Organization")
PLACE_TYPES = subtypes("Place")
# The types that act in events and relations: every entity type but places and policies.
ACTOR_TYPES = frozenset(ENTITY_TYPES) - PLACE_TYPES - {"Policy"}

EVENT_TYPES = (
    "Clash",
    "Attack",
    "Protest",
    "Visit",
    "Meeting",
    "Statement",
    "Condemnation",
    "Accusation",
    "Denial",
    "CallForDialogue",
    "Demand",
    "Sanction",
    "Deployment",
    "MilitaryExercise",
    "Accession",
    "Recognition",
    "Agreement",
    "Pledge",
    "Arrest",
    "Cooperation",
    "Threat",
    "Aid",
    "Withdrawal",
    "Concession",
    "Endorsement",
    "Rejection",
)

RELATION_TYPES = (
    "memberOf",
    "doesNotRecognize",
    "recognizes",
    "declaredIndependenceFrom",
    "claimsTerritory",
    "holdsPosition",
    "capitalOf",
    "locatedIn",
    "hasPolicy",
    "declinesToSanction",
    "supports",
    "friendlyRelationsWith",
    "seeksMembership",
)

STATUSES = ("asserted", "negated", "hypothetical", "planned", "reported")


def article_id(text: str) -> str:
    """The stable id of an article: the first 16 hex digits of the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def article_iri(text: str, *, base_iri: str = DEFAULT_BASE_IRI) -> str:
    return f"{base_iri}article/{article_id(text)}"


def slugify(value: str) -> str:
    """ASCII slug for IRIs of entities without a QID ("Serb demonstrators" -> "serb-demonstrators")."""
    ascii_value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_value.lower()).strip("-") or "unnamed"


def entity_iri(*, type_: str, label: str, qid: str | None, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """`…/entity/Q403` for linked entities, `…/entity/<type>-<label slug>` for the others."""
    if qid:
        return f"{base_iri}entity/{qid}"
    return f"{base_iri}entity/{slugify(type_)}-{slugify(label)}"


def stable_hash(*parts: object) -> str:
    joined = "\x1f".join("" if part is None else str(part) for part in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Evidence:
    """Where a fact is said: the sentence text and its character offsets in the article."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    text: str
    start: int
    end: int
    # When a name stands for another entity (a capital for its government), the IRI it refers to.
    refers_to: str | None = None


@dataclass
class Entity:
    iri: str
    label: str
    type: str
    wikidata: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    # Why the QID was chosen (e.g. "gazetteer:alias", "surname", "capital-metonym") and how sure we are.
    link_rule: str | None = None
    link_confidence: float | None = None
    # Generic groups ("Serbian police"): their sector (an agents-dictionary code) and the IRI of their state.
    sector: str | None = None
    country: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("sector", "country"):
            if data[key] is None:
                del data[key]
        return data


@dataclass
class Event:
    iri: str
    type: str
    plover: str | None
    mode: str | None
    actors: list[str]
    targets: list[str]
    places: list[str]
    date: str | None
    killed: int | None
    injured: int | None
    status: str
    evidence: Evidence
    confidence: float
    mediators: list[str] = field(default_factory=list)
    # Per-group casualty counts, e.g. {"police": 1, "gunmen": 3}.
    killed_breakdown: dict[str, int] = field(default_factory=dict)
    injured_breakdown: dict[str, int] = field(default_factory=dict)
    # Other sentences that support the same event (e.g. a casualty count stated later).
    supporting_evidence: list[Evidence] = field(default_factory=list)
    # The trigger rule of the lexicon that found the event (kg/data/lexicon), for measuring rules one by one.
    rule: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Relation:
    type: str
    subject: str
    object: str
    evidence: Evidence
    confidence: float
    since: str | None = None
    until: str | None = None
    role: str | None = None

    @property
    def key(self) -> str:
        return stable_hash(self.type, self.subject, self.object, self.role)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if self.role is None:
            del data["role"]
        return data


@dataclass
class Article:
    iri: str
    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None

    @property
    def id(self) -> str:
        return self.iri.rsplit("/", 1)[-1]


@dataclass
class Facts:
    article: Article
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def entity(self, iri: str) -> Entity | None:
        return next((entity for entity in self.entities if entity.iri == iri), None)

    def relink(self, old_iri: str, new: Entity) -> None:
        """Give an entity a new identity (a QID found later) everywhere it is referred to."""

        def swap(iris: list[str]) -> list[str]:
            return list(dict.fromkeys(new.iri if iri == old_iri else iri for iri in iris))

        old = self.entity(old_iri)
        self.entities = [e for e in self.entities if e.iri not in {old_iri, new.iri}] + [new]
        if old is not None:
            new.mentions = sorted({*new.mentions, *old.mentions}, key=lambda m: m.start)
        for entity in self.entities:
            entity.mentions = [
                replace(m, refers_to=new.iri) if m.refers_to == old_iri else m for m in entity.mentions
            ]
            entity.country = new.iri if entity.country == old_iri else entity.country
        for event in self.events:
            event.actors, event.targets = swap(event.actors), swap(event.targets)
            event.places, event.mediators = swap(event.places), swap(event.mediators)
        for relation in self.relations:
            relation.subject = new.iri if relation.subject == old_iri else relation.subject
            relation.object = new.iri if relation.object == old_iri else relation.object

    def to_json(self) -> dict[str, Any]:
        article = self.article
        return {
            "article": {
                "iri": article.iri,
                "title": article.title,
                "published": article.published,
                "source": article.source,
            },
            "entities": [entity.to_json() for entity in self.entities],
            "events": [event.to_json() for event in self.events],
            "relations": [relation.to_json() for relation in self.relations],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], *, text: str = "") -> Facts:
        """Rebuild facts from their JSON form (the article text is not part of it)."""
        article = Article(text=text, **data["article"])
        entities = [
            Entity(**{**e, "mentions": [Mention(**m) for m in e.get("mentions", [])]})
            for e in data.get("entities", [])
        ]
        events = [
            Event(
                **{
                    **e,
                    "evidence": Evidence(**e["evidence"]),
                    "supporting_evidence": [Evidence(**s) for s in e.get("supporting_evidence", [])],
                }
            )
            for e in data.get("events", [])
        ]
        relations = [
            Relation(**{**r, "evidence": Evidence(**r["evidence"])}) for r in data.get("relations", [])
        ]
        return cls(article=article, entities=entities, events=events, relations=relations)
