"""Facts written by kg.graph.rdf come back unchanged through REST: the API reads what the mapper writes."""

from __future__ import annotations

import pytest
from flask import Flask

from api.store import get_store
from kg.facts import Article, Entity, Event, Evidence, Facts, Mention, Relation, article_iri, entity_iri
from kg.graph.article_writes import write_article

TEXT = (
    "Jens Stoltenberg said in November that NATO stands ready. "
    "One policeman was killed in a clash in Kosovo. Serbia does not recognize Kosovo."
)


def _entity(label: str, type_: str, qid: str) -> Entity:
    start = TEXT.index(label)
    mention = Mention(text=label, start=start, end=start + len(label))
    return Entity(
        iri=entity_iri(type_=type_, label=label, qid=qid),
        label=label,
        type=type_,
        wikidata=qid,
        mentions=[mention],
    )


def _evidence(sentence: str) -> Evidence:
    start = TEXT.index(sentence)
    return Evidence(text=sentence, start=start, end=start + len(sentence))


@pytest.fixture(scope="module")
def facts() -> Facts:
    # QIDs from ../shared/reference: Q57665 Jens Stoltenberg, Q403 Serbia, Q1246 Kosovo.
    stoltenberg = _entity("Jens Stoltenberg", "Person", "Q57665")
    serbia = _entity("Serbia", "State", "Q403")
    kosovo = _entity("Kosovo", "State", "Q1246")
    base = article_iri(TEXT).replace("article/", "event/")
    statement = Event(
        iri=f"{base}-statement",
        type="Statement",
        plover="MAKE_STATEMENT",
        mode=None,
        actors=[stoltenberg.iri],
        targets=[],
        places=[],
        date="2023-11",
        killed=None,
        injured=None,
        status="asserted",
        evidence=_evidence("Jens Stoltenberg said in November that NATO stands ready."),
        confidence=0.75,
        supporting_evidence=[_evidence("Serbia does not recognize Kosovo.")],
    )
    clash = Event(
        iri=f"{base}-clash",
        type="Clash",
        plover="ASSAULT",
        mode=None,
        actors=[],
        targets=[],
        places=[kosovo.iri],
        date=None,
        killed=1,
        injured=None,
        status="reported",
        evidence=_evidence("One policeman was killed in a clash in Kosovo."),
        confidence=0.5,
        killed_breakdown={"police": 1},
    )
    relation = Relation(
        type="doesNotRecognize",
        subject=serbia.iri,
        object=kosovo.iri,
        evidence=_evidence("Serbia does not recognize Kosovo."),
        confidence=0.9,
        since="2008",
    )
    article = Article(iri=article_iri(TEXT), text=TEXT, title="Round trip", published="2023-11-21")
    return Facts(
        article=article,
        entities=[stoltenberg, serbia, kosovo],
        events=[statement, clash],
        relations=[relation],
    )


@pytest.fixture
def stored(app: Flask, client, facts: Facts):
    with app.app_context():
        write_article(get_store(), facts)
    return client


def test_article_facts_match_what_was_written(stored, facts: Facts) -> None:
    article = stored.get(f"/api/articles/{facts.article.id}").get_json()
    assert (article["title"], article["published"], article["text"]) == ("Round trip", "2023-11-21", TEXT)
    got = article["facts"]
    assert {(e["iri"], e["label"], e["type"], e["wikidata"]) for e in got["entities"]} == {
        (e.iri, e.label, e.type, e.wikidata) for e in facts.entities
    }
    assert {
        (e["iri"], e["type"], e["date"], e["killed"], e["status"], e["confidence"]) for e in got["events"]
    } == {(e.iri, e.type, e.date, e.killed, e.status, e.confidence) for e in facts.events}
    [relation] = got["relations"]
    assert (relation["type"], relation["subject"]["iri"], relation["object"]["iri"], relation["since"]) == (
        "doesNotRecognize",
        facts.relations[0].subject,
        facts.relations[0].object,
        "2008",
    )


def test_statement_events_keep_their_type(stored, facts: Facts) -> None:
    # The class is gk:PublicStatement (gk:Statement is the relation statement), the type stays "Statement".
    [event] = stored.get("/api/events?type=Statement").get_json()["items"]
    assert event["iri"] == facts.events[0].iri
    assert [a["label"] for a in event["actors"]] == ["Jens Stoltenberg"]
    assert [e["text"] for e in event["evidence"]] == [
        "Jens Stoltenberg said in November that NATO stands ready.",
        "Serbia does not recognize Kosovo.",
    ]


def test_casualty_breakdown_and_mentions(stored, facts: Facts) -> None:
    clash = stored.get(f"/api/events/{facts.events[1].iri.rsplit('/', 1)[-1]}").get_json()
    assert clash["casualties"] == [{"kind": "killed", "group": "police", "count": 1}]
    entities = stored.get(f"/api/articles/{facts.article.id}").get_json()["facts"]["entities"]
    serbia = next(e for e in entities if e["wikidata"] == "Q403")
    assert serbia["mentions"] == [
        {"text": "Serbia", "start": TEXT.index("Serbia"), "end": TEXT.index("Serbia") + 6}
    ]
