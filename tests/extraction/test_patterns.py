"""The verb+object pattern index answers what spaCy's DependencyMatcher answers for the same patterns."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.matcher import DependencyMatcher

from kg.extract import Extractor, lexicon
from kg.extract.events.patterns import Pattern, PatternIndex

DATA = Path(__file__).resolve().parents[1] / "data"


def dependency_matcher_answers(doc, patterns) -> dict[int, list[int]]:
    matcher = DependencyMatcher(doc.vocab)
    for key, pattern in enumerate(patterns):
        matcher.add(str(key), [[dict(node) for node in pattern]])
    found: dict[int, set[int]] = {}
    for match_id, token_ids in matcher(doc):
        found.setdefault(token_ids[0], set()).add(int(doc.vocab.strings[match_id]))
    return {verb: sorted(keys) for verb, keys in found.items()}


def test_the_lexicon_patterns_match_where_the_dependency_matcher_does(extractor: Extractor) -> None:
    patterns = [rule.pattern for rule in lexicon.PATTERN_RULES]
    texts = [
        path.read_text(encoding="utf-8")
        for folder in ("dev", "realtext")
        for path in (DATA / folder).glob("*.txt")
    ]
    index = PatternIndex(patterns)
    matched = 0
    for doc in extractor.nlp.pipe(texts):
        expected = dependency_matcher_answers(doc, patterns)
        assert index.match(doc) == expected
        matched += len(expected)
    # The comparison means something only if the texts hold some of the dictionary's verb+object phrases.
    assert matched >= 10


def test_a_pattern_holds_only_with_each_node_on_its_own_child(extractor: Extractor) -> None:
    pattern = Pattern.compile(
        [
            {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": "VERB", "LEMMA": {"IN": ["impose"]}}},
            {
                "LEFT_ID": "verb",
                "REL_OP": ">",
                "RIGHT_ID": "object",
                "RIGHT_ATTRS": {"DEP": "dobj", "LEMMA": {"IN": ["sanction"]}},
            },
        ]
    )
    doc = extractor.nlp("The union imposed sanctions on the regime. The union imposed a tariff on sanctions.")
    verbs = [token for token in doc if token.lemma_ == "impose"]
    assert [pattern.matches_at(verb) for verb in verbs] == [True, False]


@pytest.mark.parametrize(
    "spec, message",
    [
        ([{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": "VERB"}}], "must name its lemmas"),
        (
            [
                {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": "say"}},
                {"LEFT_ID": "verb", "REL_OP": ">>", "RIGHT_ID": "x", "RIGHT_ATTRS": {"LEMMA": "it"}},
            ],
            "only '>'",
        ),
        ([{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"NOT_IN": ["say"]}}}], "only a string"),
        ([{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"ENT_TYPE": "GPE", "LEMMA": "say"}}], "not supported"),
    ],
)
def test_patterns_the_index_cannot_run_are_refused(spec, message) -> None:
    with pytest.raises(ValueError, match=message):
        PatternIndex([spec])
