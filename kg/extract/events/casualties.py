"""Casualty counts given to the incidents they belong to: in the same clause, or a later sentence's."""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.casualties import find_casualties
from kg.extract.events.mention import EventMention
from kg.extract.spans import same_clause, tree_distance


def assign_casualties(sent: Span, mentions: list[EventMention]) -> None:
    """Each count of the sentence goes to the closest incident of its clause."""
    incidents = [m for m in mentions if m.event_class.incident]
    for casualty in find_casualties(sent):
        # "demanding accountability for the deaths of 16 people when a canopy collapsed": those deaths
        # belong to another clause, not to the protest
        candidates = [m for m in incidents if same_clause(casualty.trigger, m.trigger)]
        if candidates:
            target = min(candidates, key=lambda m: tree_distance(casualty.trigger, m.trigger))
            target.add_casualties(casualty.kind, casualty.group, casualty.count)


def attach_orphan_casualties(sent: Span, earlier: list[EventMention]) -> None:
    """Counts stated in a later sentence ("Two of the wounded died") go to the latest incident."""
    incidents = [m for m in earlier if m.event_class.incident and m.status in {"asserted", "reported"}]
    casualties = find_casualties(sent)
    if not incidents or not casualties:
        return
    target = incidents[-1]
    for casualty in casualties:
        target.add_casualties(casualty.kind, casualty.group, casualty.count)
    target.supporting.append(sent)
