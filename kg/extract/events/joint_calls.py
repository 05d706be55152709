"""A call that asks for two things at once: to stop the fighting, and to talk."""

from __future__ import annotations

from dataclasses import replace

from kg.extract import lexicon
from kg.extract.events.mention import EventMention

CESSATION_WORDS = set(lexicon.WORDS["cessation_words"])


def cessations_demanded(found: list[EventMention]) -> list[EventMention]:
    """ "We call on the Houthis to cease further escalation and ... engage in constructive dialogue": the call
    is a call for dialogue and, for the cessation it asks first, a demand as well, as event data codes a
    sentence that does two acts. A call for restraint or for de-escalation alone stays a call for dialogue."""
    if any(m.type == "Demand" for m in found):
        return []
    demands = []
    for mention in found:
        call = mention.trigger
        if mention.type != "CallForDialogue" or call.lemma_.lower() not in lexicon.CALL_VERBS:
            continue
        if any(t.lemma_.lower() in CESSATION_WORDS for t in call.subtree if t is not call):
            demand = replace(
                mention,
                event_class=lexicon.BY_NAME["Demand"],
                rule="geokg.demand.cease-and-talk",
                actors=list(mention.actors),
                targets=list(mention.targets),
                places=list(mention.places),
            )
            demand.plover = demand.event_class.plover
            demand.mode = None
            demands.append(demand)
    return demands
