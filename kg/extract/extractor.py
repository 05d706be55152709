"""Text in, facts out: runs the pipeline, links mentions, finds events and relations, builds `Facts`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.apostrophes import ORIGINAL_TEXT, plain_apostrophes
from kg.extract.events import EventMention, country_of, find_events
from kg.extract.linking import Link, Referent, find_dateline, link_doc
from kg.extract.long_texts import check_length, extract_in_parts, part_chars
from kg.extract.nlp import DEFAULT_MODEL, default_pipeline
from kg.extract.relations import RelationMention, find_relations
from kg.extract.spans import doc_text
from kg.facts import (
    DEFAULT_BASE_IRI,
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
)
from kg.gazetteer import Gazetteer, load_gazetteer


class Extractor:
    """Holds the loaded pipeline and gazetteer; `extract()` is pure given those."""

    # The cap (GEOKG_MAX_TEXT_CHARS) and the time budget of a long text's parts (kg.extract.long_texts).
    max_text_chars: int | None = None
    time_budget_s: float | None = None

    def __init__(
        self,
        nlp: Language | None = None,
        gazetteer: Gazetteer | None = None,
        *,
        base_iri: str = DEFAULT_BASE_IRI,
    ) -> None:
        self.gazetteer = gazetteer or load_gazetteer()
        self.nlp = nlp or default_pipeline()
        self.base_iri = base_iri

    def extract(
        self, text: str, *, title: str | None = None, published: date | None = None, source: str | None = None
    ) -> Facts:
        check_length(text, self.max_text_chars)
        if self._is_long(text):
            return self._extract_in_parts(text, title=title, published=published, source=source)
        doc = _make_doc(self.nlp, text)
        doc._.published = published  # the components resolve dates and posts against it
        doc._.title = title  # a headline "X statement on ..." names who "we" are
        for _, component in self.nlp.pipeline:
            doc = component(doc)
        return facts_from_doc(
            doc, self.gazetteer, title=title, published=published, source=source, base_iri=self.base_iri
        )

    def _is_long(self, text: str) -> bool:
        return len(text) > part_chars(self.nlp.max_length)

    def _extract_in_parts(
        self, text: str, *, title: str | None, published: date | None, source: str | None
    ) -> Facts:
        return extract_in_parts(
            self.extract,
            text,
            size=part_chars(self.nlp.max_length),
            title=title,
            published=published,
            source=source,
            base_iri=self.base_iri,
            time_budget_s=self.time_budget_s,
        )

    def extract_many(self, items: Iterable[ArticleText], *, batch_size: int = 16) -> Iterator[Facts]:
        """Facts for many texts, in order, run through `nlp.pipe` in batches (faster than one `extract` each);
        the items are read lazily, so a stream of any length runs in bounded memory."""

        def docs() -> Iterator[tuple[Doc, ArticleText]]:
            for item in items:
                check_length(item.text, self.max_text_chars)
                # A long text goes through `extract` in parts, below; an empty doc keeps its place in the batch.
                doc = _make_doc(self.nlp, "" if self._is_long(item.text) else item.text)
                doc._.published = item.published
                doc._.title = item.title
                yield doc, item

        for doc, item in self.nlp.pipe(docs(), batch_size=batch_size, as_tuples=True):
            if self._is_long(item.text):
                yield self.extract(item.text, title=item.title, published=item.published, source=item.source)
                continue
            yield facts_from_doc(
                doc,
                self.gazetteer,
                title=item.title,
                published=item.published,
                source=item.source,
                base_iri=self.base_iri,
            )


@dataclass(frozen=True)
class ArticleText:
    """One text to extract, with what it is known by."""

    text: str
    published: date | None = None
    title: str | None = None
    source: str | None = None


def facts_from_doc(
    doc: Doc,
    gazetteer: Gazetteer,
    *,
    title: str | None = None,
    published: date | None = None,
    source: str | None = None,
    base_iri: str = DEFAULT_BASE_IRI,
) -> Facts:
    """Facts from a processed doc. The GeoKG components' results are used when the pipeline has them;
    a doc from a plain spaCy pipeline gets them computed here."""
    text = doc.user_data.get(ORIGINAL_TEXT) or doc_text(doc)
    article = Article(
        iri=article_iri(text, base_iri=base_iri),
        text=text,
        title=title,
        published=published.isoformat() if published else None,
        source=source,
    )
    links = doc._.links if doc._.links is not None else link_doc(doc, gazetteer, published=published)
    dateline = doc._.dateline if doc._.links is not None else find_dateline(doc, gazetteer)
    events = doc._.events
    if events is None:
        events = find_events(
            doc,
            links,
            published=published,
            dateline=dateline.referent if dateline else None,
            country_of=lambda referent: country_of(gazetteer, referent),
        )
    relations = doc._.relations
    if relations is None:
        relations = find_relations(doc, links, gazetteer, published=published)
    builder = _FactsBuilder(article, base_iri)  # quotes the article's own text, as it came
    builder.add_links(links)
    if dateline is not None:
        builder.add_mention(dateline.referent, text, dateline.start, dateline.end, rule="dateline")
    return builder.build(events, relations)


class _FactsBuilder:
    def __init__(self, article: Article, base_iri: str) -> None:
        self.article = article
        self.base_iri = base_iri
        self.entities: dict[str, Entity] = {}

    def iri(self, referent: Referent) -> str:
        iri = entity_iri(type_=referent.type, label=referent.label, qid=referent.qid, base_iri=self.base_iri)
        if iri not in self.entities:
            country = self.iri(referent.country) if referent.country else None
            self.entities[iri] = Entity(
                iri=iri,
                label=referent.label,
                type=referent.type,
                wikidata=referent.qid,
                sector=referent.sector,
                country=country,
            )
        return iri

    def add_links(self, links: list[Link]) -> None:
        for link in links:
            refers_to = self.iri(link.stands_for) if link.stands_for else None
            entity = self.entities[self.iri(link.referent)]
            text = self.article.text[link.start_char : link.end_char]
            entity.mentions.append(Mention(text, link.start_char, link.end_char, refers_to))
            if entity.link_confidence is None or link.confidence > entity.link_confidence:
                entity.link_rule, entity.link_confidence = link.rule, link.confidence

    def add_mention(self, referent: Referent, text: str, start: int, end: int, *, rule: str) -> None:
        entity = self.entities[self.iri(referent)]
        entity.mentions.insert(0, Mention(text[start:end], start, end))
        entity.link_rule = entity.link_rule or rule
        entity.link_confidence = entity.link_confidence or 0.9

    def build(self, events: list[EventMention], relations: list[RelationMention]) -> Facts:
        facts_events = [self._event(mention) for mention in events]
        facts_relations = [self._relation(mention) for mention in relations]
        entities = sorted(
            self.entities.values(), key=lambda e: (e.mentions[0].start if e.mentions else 10**9, e.iri)
        )
        for entity in entities:
            entity.mentions.sort(key=lambda m: m.start)
        return Facts(self.article, entities, facts_events, facts_relations)

    def _event(self, mention: EventMention) -> Event:
        evidence = self._evidence(mention.sent)
        event_class = mention.event_class
        return Event(
            iri=f"{self.base_iri}event/{stable_hash(self.article.id, event_class.name, mention.trigger.idx)}",
            type=event_class.name,
            plover=mention.plover or event_class.plover,
            mode=mention.mode,
            actors=[self.iri(r) for r in mention.actors],
            targets=[self.iri(r) for r in mention.targets],
            places=[self.iri(r) for r in mention.places],
            mediators=[self.iri(r) for r in mention.mediators],
            date=mention.date.value if mention.date else None,
            killed=mention.killed,
            injured=mention.injured,
            status=mention.status,
            evidence=evidence,
            confidence=mention.confidence,
            killed_breakdown=dict(mention.killed_breakdown),
            injured_breakdown=dict(mention.injured_breakdown),
            supporting_evidence=[self._evidence(sent) for sent in mention.supporting],
            rule=mention.rule,
        )

    def _evidence(self, sent: Span) -> Evidence:
        """The sentence without surrounding whitespace, quoted from the article, with its offsets in it."""
        text = self.article.text[sent.start_char : sent.end_char]
        stripped = text.strip()
        start = sent.start_char + (len(text) - len(text.lstrip()))
        return Evidence(stripped, start, start + len(stripped))

    def _relation(self, mention: RelationMention) -> Relation:
        return Relation(
            type=mention.type,
            subject=self.iri(mention.subject),
            object=self.iri(mention.object),
            evidence=self._evidence(mention.sent),
            confidence=mention.confidence,
            since=mention.since,
            until=mention.until,
            role=mention.role,
        )


def _make_doc(nlp: Language, text: str) -> Doc:
    parsed = plain_apostrophes(text)
    doc = nlp.make_doc(parsed)
    if parsed != text:
        doc.user_data[ORIGINAL_TEXT] = text
    return doc


def extract_text(
    text: str, *, published: date | None = None, title: str | None = None, source: str | None = None
) -> Facts:
    """Facts for one text with the shared default extractor."""
    return default_extractor().extract(text, title=title, published=published, source=source)


_SHARED: dict[tuple[str, str], Extractor] = {}


def default_extractor(*, model: str = DEFAULT_MODEL, base_iri: str = DEFAULT_BASE_IRI) -> Extractor:
    """One shared extractor per spaCy model (the setting GEOKG_SPACY_MODEL) and base IRI, for the life of the
    process: loading a model takes seconds."""
    if (model, base_iri) not in _SHARED:
        _SHARED[model, base_iri] = Extractor(default_pipeline(model), base_iri=base_iri)
    return _SHARED[model, base_iri]


__all__ = ["Extractor", "extract_text", "facts_from_doc", "default_extractor", "ArticleText"]
