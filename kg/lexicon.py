"""Trigger lexicon: which words announce which GeoKG event class, with its PLOVER type and mode."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventClass:
    name: str
    plover: str
    mode: str | None
    verbs: frozenset[str]
    nouns: frozenset[str]
    incident: bool = False  # physical incidents carry casualties and never inherit the news date


def _event(name: str, plover: str, mode: str | None, verbs: str, nouns: str, incident: bool = False) -> EventClass:
    return EventClass(name, plover, mode, frozenset(verbs.split()), frozenset(nouns.split()), incident)


# PLOVER types and modes from the PLOVER 2.0 manual (../shared/reference/plover/).
EVENT_CLASSES: tuple[EventClass, ...] = (
    _event("Clash", "ASSAULT", "firearms", "clash fight skirmish", "clash fighting skirmish battle firefight gunfight confrontation", True),
    _event(
        "Attack",
        "ASSAULT",
        None,
        "attack shell bomb ambush raid storm assault shoot strike",
        "attack strike airstrike shelling bombing shootout ambush raid assault explosion blast shooting",
        True,
    ),
    _event("Protest", "PROTEST", "demonstrate", "protest demonstrate rally", "protest demonstration rally", True),
    _event("Visit", "CONSULT", "visit", "visit tour", "visit trip tour"),
    _event("Meeting", "CONSULT", "meet", "meet", "meeting talks summit conference"),
    _event("Statement", "CONSULT", None, "announce declare state say", ""),
    _event("Condemnation", "ACCUSE", "disapprove", "condemn denounce decry deplore censure", "condemnation denunciation"),
    _event("Accusation", "ACCUSE", "allege", "accuse blame attribute", "accusation allegation"),
    _event("Denial", "REJECT", "deny", "deny dismiss refute", "denial"),
    _event("CallForDialogue", "REQUEST", "negotiate", "", ""),
    _event("Demand", "REQUEST", None, "demand", "demand ultimatum"),
    _event("Sanction", "SANCTION", None, "sanction", "sanction embargo"),
    _event("Deployment", "MOBILIZE", "troops", "deploy dispatch station", "deployment"),
    _event("MilitaryExercise", "MOBILIZE", "military", "", "exercise drill manoeuvre maneuver wargame"),
    _event("Accession", "AGREE", "join", "join accede", "accession"),
    _event("Recognition", "AGREE", "recognize", "recognize recognise", "recognition"),
    _event("Agreement", "AGREE", "sign", "sign agree ratify", "agreement deal treaty accord ceasefire truce pact memorandum"),
    _event("Pledge", "AGREE", None, "pledge promise vow", "pledge"),
    _event("Arrest", "COERCE", "arrest", "arrest detain apprehend", "arrest detention"),
    _event("Cooperation", "COOPERATE", None, "cooperate collaborate", "cooperation collaboration partnership"),
)

BY_NAME = {event_class.name: event_class for event_class in EVENT_CLASSES}
VERB_TRIGGERS = {verb: event_class for event_class in EVENT_CLASSES for verb in event_class.verbs}
NOUN_TRIGGERS = {noun: event_class for event_class in EVENT_CLASSES for noun in event_class.nouns}

# Words that make "urge"/"call for" a call for dialogue rather than another demand.
DIALOGUE_WORDS = {"dialogue", "talks", "negotiation", "negotiations", "dialog", "diplomacy", "negotiate", "engage"}
CALL_VERBS = {"urge", "call", "appeal", "press"}
# Agreements and sanctions are events only when something is done with them ("signed a deal").
AGREEMENT_VERBS = {"sign", "reach", "conclude", "ink", "strike", "approve", "ratify", "agree", "broker", "seal"}
SANCTION_VERBS = {"impose", "adopt", "announce", "introduce", "extend", "approve", "slap", "levy", "expand", "tighten"}
MILITARY_MODIFIERS = {"military", "joint", "naval", "air", "live-fire", "war", "army", "defence", "defense", "nato"}
ARMED_NOUNS = {
    "gunman",
    "gunmen",
    "militant",
    "fighter",
    "rebel",
    "insurgent",
    "soldier",
    "troop",
    "police",
    "policeman",
    "policemen",
    "attacker",
    "assailant",
    "force",
    "militia",
    "army",
    "officer",
    "guard",
    "peacekeeper",
}
GROUP_NOUNS = ARMED_NOUNS | {"demonstrator", "protester", "protestor", "crowd", "activist", "civilian", "villager"}

# Verbs and words that put an event in the future or in doubt, deny it, or only report it.
HYPOTHETICAL_WORDS = {"consider", "mull", "weigh", "contemplate", "threaten", "could", "might", "may", "would", "if"}
PLANNED_WORDS = {
    "plan",
    "intend",
    "prepare",
    "propose",
    "advocate",
    "aim",
    "schedule",
    "expect",
    "want",
    "hope",
    "will",
    "resumption",
    "resume",
    "seek",
    "push",
    "offer",
    "foster",
    "importance",
    "need",
    "promote",
    "willingness",
    "ready",
    "readiness",
    "willing",
}
NEGATION_WORDS = {"not", "n't", "never", "no", "refuse", "decline", "reject"}
REPORTED_WORDS = {"accuse", "allege", "alleged", "allegedly", "claim", "accusation", "allegation", "reportedly"}
