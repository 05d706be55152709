"""Scoring against gold files: QID coverage per type (issue #14), on made-up facts."""

from __future__ import annotations

import pytest

from kg.evaluate import Report, coverage_json, format_coverage, format_report, score_document
from kg.facts import Article, Entity, Event, Evidence, Facts, Mention

GOLD = {
    "entities": [
        {"mention": "Serbia", "type": "State", "wikidata": "Q403"},
        {"mention": "Serbian", "type": "State", "wikidata": "Q403", "demonym": True},
        {"mention": "Belgrade", "type": "Place", "wikidata": "Q3711"},
        {"mention": "Kharkiv region", "type": "Region", "wikidata": "Q170666"},
        {"mention": "Hamas", "type": "ArmedGroup", "wikidata": "Q38799"},
        {"mention": "NATO", "type": "Alliance", "wikidata": "Q7184"},
        {"mention": "protesters", "type": "Group", "wikidata": None},
    ],
    "events": [],
    "relations": [],
}


def _facts(*qids: str) -> Facts:
    entities = [
        Entity(iri=f"e/{qid}", label=qid, type="Place", wikidata=qid, mentions=[Mention(qid, 0, 1)])
        for qid in qids
    ]
    return Facts(Article(iri="a/1", text="text"), entities)


def test_coverage_counts_each_gold_qid_once_by_its_type() -> None:
    report = Report()
    score_document(GOLD, _facts("Q403", "Q3711", "Q999"), report, name="doc")
    rows = coverage_json(report.coverage)
    assert rows["State"] == {"linked": 1, "gold": 1, "share": 1.0}
    assert rows["Place"] == {"linked": 1, "gold": 2, "share": 0.5}  # Region counts as Place
    assert rows["ArmedGroup"] == {"linked": 0, "gold": 1, "share": 0.0}
    assert rows["Organization"] == {"linked": 0, "gold": 1, "share": 0.0}  # an Alliance is an Organization
    assert rows["overall"] == {"linked": 2, "gold": 5, "share": 0.4}
    assert "Q999" in report.wrong_qids[0]


def test_coverage_line() -> None:
    report = Report()
    score_document(GOLD, _facts("Q403"), report, name="doc")
    assert format_coverage(report.coverage).startswith("coverage  0.200 (1/5): ArmedGroup 0.00 (0/1)")


def _event(actors: list[str], text: str) -> Event:
    return Event(
        iri="ev/1",
        type="Attack",
        plover="ASSAULT",
        mode=None,
        actors=actors,
        targets=[],
        places=[],
        date=None,
        killed=None,
        injured=None,
        status="asserted",
        evidence=Evidence(text, 0, len(text)),
        confidence=0.8,
    )


def test_verbose_report_lists_matched_events_whose_actors_differ() -> None:
    text = "Serbia shelled the village."
    gold = {
        "events": [{"type": "Attack", "actors": ["Q403"], "evidence": text}],
        "entities": [],
        "relations": [],
    }
    entity = Entity(iri="e/Q3711", label="Belgrade", type="Place", wikidata="Q3711", mentions=[])
    wrong = Facts(Article(iri="a/1", text=text), [entity], [_event(["e/Q3711"], text)])
    report = Report()
    score_document(gold, wrong, report, name="doc")
    assert report.attributes["actors(any overlap)"] == [0, 1]
    assert report.actor_errors == ["Attack: gold ['Q403'] ours ['Belgrade']: Serbia shelled the village."]
    assert "actors that differ:" in format_report(report, verbose=True)
    assert "actors that differ:" not in format_report(report)

    right = Facts(Article(iri="a/1", text=text), [], [_event([], text)])
    right.entities.append(Entity(iri="e/Q403", label="Serbia", type="State", wikidata="Q403", mentions=[]))
    right.events[0].actors.append("e/Q403")
    report = Report()
    score_document(gold, right, report, name="doc")
    assert report.actor_errors == []


@pytest.mark.parametrize(
    ("gold_mention", "label", "agree"),
    [
        ("riot police", "Riot police", True),  # the same words in another case
        ("Kosovo Police", "police", True),  # our words within the gold's
        ("gunmen", "Serb gunmen", True),  # the gold's words within ours
        ("Kosovo Police", "Serbian police", False),  # two different groups that share a head
        ("Cuban people", "Cubans", False),
    ],
)
def test_unlinked_actors_agree_when_the_words_of_one_lie_within_the_other(
    gold_mention: str, label: str, agree: bool
) -> None:
    text = "They clashed."
    gold = {
        "events": [{"type": "Attack", "actors": [f"mention:{gold_mention}"], "evidence": text}],
        "entities": [],
        "relations": [],
    }
    entity = Entity(iri="e/group", label=label, type="Group", wikidata=None, mentions=[])
    report = Report()
    score_document(
        gold, Facts(Article(iri="a/1", text=text), [entity], [_event(["e/group"], text)]), report, name="d"
    )
    assert report.attributes["actors(any overlap)"] == [int(agree), 1]


@pytest.mark.parametrize(
    "sector, agree",
    [("MIL", True), ("COP", True), ("GOV", True), ("CVLOPP", False), (None, False)],
)
def test_a_state_organ_agrees_with_the_state_the_gold_names_for_it(sector: str | None, agree: bool) -> None:
    """The gold conventions name "the Serbian army" by its state (Q403); GeoKG keeps the army as a group of
    Serbia. Protesters of Serbia are not Serbia."""
    text = "Serbian soldiers fired on the crowd."
    gold = {
        "events": [{"type": "Attack", "actors": ["Q403"], "evidence": text}],
        "entities": [],
        "relations": [],
    }
    state = Entity(iri="e/Q403", label="Serbia", type="State", wikidata="Q403", mentions=[])
    group = Entity(iri="e/group", label="Serbian soldiers", type="Group", sector=sector, country="e/Q403")
    facts = Facts(Article(iri="a/1", text=text), [state, group], [_event(["e/group"], text)])
    report = Report()
    score_document(gold, facts, report, name="d")
    assert report.attributes["actors(any overlap)"] == [int(agree), 1]


@pytest.mark.parametrize("names, agree", [(["APEC"], True), ([], False)])
def test_an_actor_agrees_by_any_name_the_text_gives_it(names: list[str], agree: bool) -> None:
    """ "the Asia Pacific Economic Cooperation (APEC)": the gold may name it by its abbreviation."""
    text = "APEC forces attacked."
    gold = {
        "events": [{"type": "Attack", "actors": ["mention:APEC"], "evidence": text}],
        "entities": [],
        "relations": [],
    }
    mentions = [Mention(name, 0, len(name)) for name in names]
    entity = Entity(
        iri="e/apec", label="Asia Pacific Economic Cooperation", type="Organization", mentions=mentions
    )
    report = Report()
    score_document(
        gold, Facts(Article(iri="a/1", text=text), [entity], [_event(["e/apec"], text)]), report, name="d"
    )
    assert report.attributes["actors(any overlap)"] == [int(agree), 1]
