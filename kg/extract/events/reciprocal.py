"""Acts two sides do to each other ("Armenia and Azerbaijan accused each other"): one event for each side, the
other its target, as event data codes a directed pair."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from kg.extract import lexicon
from kg.extract.events.mention import EventMention

# Events done together rather than to someone: "met each other" is one meeting.
SYMMETRIC_EVENTS = set(lexicon.WORDS["symmetric_events"])


def each_side(mention: EventMention) -> list[EventMention]:
    """The mention as one event a side, when its two actors do it to each other."""
    if (
        mention.type in SYMMETRIC_EVENTS
        or len(mention.actors) != 2
        or mention.targets
        or not _to_each_other(mention.trigger)
    ):
        return [mention]
    first, second = mention.actors
    return [
        replace(mention, actors=[first], targets=[second]),
        replace(mention, actors=[second], targets=[first]),
    ]


def _to_each_other(trigger: Token) -> bool:
    """The trigger's object is "each other" or "one another" ("blamed each other for", "accused one another of",
    "fired at each other")."""
    objects = [c for c in trigger.children if c.dep_ in {"dobj", "dative"}] + [
        p for c in trigger.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"
    ]
    phrases = [{o.lower_, *(c.lower_ for c in o.children)} for o in objects]
    return any(words >= {"each", "other"} or words >= {"one", "another"} for words in phrases)
