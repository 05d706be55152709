"""The record the event finders fill in: one event in one sentence, its roles, date, casualties and modality."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from kg.extract.lexicon import EventClass, Rule
from kg.extract.linking import Referent
from kg.extract.temporal import NormalisedDate


@dataclass
class EventMention:
    """One event as said in one sentence, before it becomes a `facts.Event`."""

    event_class: EventClass
    trigger: Token
    sent: Span
    actors: list[Referent] = field(default_factory=list)
    targets: list[Referent] = field(default_factory=list)
    places: list[Referent] = field(default_factory=list)
    mediators: list[Referent] = field(default_factory=list)
    date: NormalisedDate | None = None
    status: str = "asserted"
    killed: int | None = None
    injured: int | None = None
    killed_breakdown: dict[str, int] = field(default_factory=dict)
    injured_breakdown: dict[str, int] = field(default_factory=dict)
    confidence: float = 0.5
    supporting: list[Span] = field(default_factory=list)
    # A noun that names an event reported elsewhere ("condemned the arrest"): it merges into that event.
    reference: bool = False
    # The trigger rule that found it ("geokg.verb.Attack/shell", "cameo.verb.praise"), and the PLOVER type and
    # mode it gives when they differ from the class's.
    rule: str | None = None
    plover: str | None = None
    mode: str | None = None
    # Said by a vague noun ("the incident"): kept only with a date or casualties, or merged into an earlier event.
    anchored: bool = False
    # No linked actor or target ("a summit was held", "people were detained"): kept with a date or place of its
    # own, at lower confidence, and never absorbs other events when merging.
    actorless: bool = False
    # The date is the story's day, not one the sentence gives.
    inherited_date: bool = False

    @classmethod
    def of_trigger(
        cls,
        event_class: EventClass,
        trigger: Token,
        sent: Span,
        rule: Rule | None = None,
        *,
        rule_id: str | None = None,
    ) -> EventMention:
        mention = cls(event_class, trigger, sent)
        mention.rule = rule_id or (rule.id if rule else None)
        mention.plover = (rule.plover if rule else None) or event_class.plover
        mention.mode = (rule.mode if rule else None) or _mode_from_object(event_class, trigger)
        mention.anchored = rule.anchored if rule else False
        return mention

    @property
    def type(self) -> str:
        return self.event_class.name

    def add_casualties(self, kind: str, group: str, count: int) -> None:
        """Count `count` killed or injured of `group`; the totals are the sums over the groups."""
        breakdown = self.killed_breakdown if kind == "killed" else self.injured_breakdown
        if breakdown.get(group, 0) >= count:
            return
        breakdown[group] = count
        named = sum(n for g, n in breakdown.items() if g not in TOTAL_GROUPS)
        # "two soldiers and a civilian were killed ... the attack killed three people": people are all of them
        total = max([named, *(n for g, n in breakdown.items() if g in TOTAL_GROUPS)])
        if kind == "killed":
            self.killed = total
        else:
            self.injured = total


# Group words that count everyone, whoever else a text counts by kind
TOTAL_GROUPS = frozenset({"people", "persons", "person"})


def _mode_from_object(event_class: EventClass, trigger: Token) -> str | None:
    """The PLOVER mode its object's words select ("military aid"), else the class's usual mode."""
    if event_class.modes:
        words = {t.lemma_.lower() for t in trigger.subtree if t is not trigger}
        for mode, cues in event_class.modes.items():
            if words & cues:
                return mode
    return event_class.mode
