"""How sure an event is: a score calibrated on the development set."""

from __future__ import annotations

from kg.extract.events.mention import EventMention


def confidence(mention: EventMention) -> float:
    """How often an event like this one is right, from structural signs measured on the development set
    (`geokg eval tests/data/dev` prints the calibration): a target found in the parse is the strongest sign,
    a verb trigger helps, and negated, hypothetical or reported events are wrong more often."""
    score = 0.6
    if mention.trigger.pos_ == "VERB":
        score += 0.08
    if mention.targets:
        score += 0.17
    if mention.places:
        score += 0.04
    if mention.status in {"negated", "hypothetical", "reported"}:
        score -= 0.15
    if mention.type == "Statement":
        score -= 0.05
    if mention.actorless:
        score -= 0.15
    return round(min(max(score, 0.3), 0.95), 2)
