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


def _event(
    name: str, plover: str, mode: str | None, verbs: str, nouns: str, incident: bool = False
) -> EventClass:
    return EventClass(name, plover, mode, frozenset(verbs.split()), frozenset(nouns.split()), incident)


# PLOVER types and modes from the PLOVER 2.0 manual (openeventdata/PLOVER, CC BY-SA 4.0).
EVENT_CLASSES: tuple[EventClass, ...] = (
    _event(
        "Clash",
        "ASSAULT",
        "firearms",
        "clash fight skirmish",
        "clash fighting skirmish battle firefight gunfight confrontation",
        True,
    ),
    _event(
        "Attack",
        "ASSAULT",
        None,
        "attack shell bomb ambush raid storm assault shoot strike invade",
        "attack strike airstrike shelling bombing shootout ambush raid assault explosion blast shooting "
        "invasion incursion offensive",
        True,
    ),
    _event(
        "Protest",
        "PROTEST",
        "demonstrate",
        "protest demonstrate rally barricade",
        "protest demonstration rally barricade",
        True,
    ),
    _event("Visit", "CONSULT", "visit", "visit tour", "visit trip tour"),
    _event("Meeting", "CONSULT", "meet", "meet", "meeting talks summit conference"),
    _event("Statement", "CONSULT", None, "announce declare state say tell welcome", ""),
    _event(
        "Condemnation",
        "ACCUSE",
        "disapprove",
        "condemn denounce decry deplore censure criticise criticize",
        "condemnation denunciation",
    ),
    _event("Accusation", "ACCUSE", "allege", "accuse blame attribute", "accusation allegation"),
    _event("Denial", "REJECT", "deny", "deny dismiss refute reject", "denial"),
    _event("CallForDialogue", "REQUEST", "negotiate", "", ""),
    _event("Demand", "REQUEST", None, "demand", "demand ultimatum"),
    _event("Sanction", "SANCTION", None, "sanction", "sanction embargo"),
    _event("Deployment", "MOBILIZE", "troops", "deploy dispatch station", "deployment"),
    _event(
        "MilitaryExercise", "MOBILIZE", "military", "", "exercise drill manoeuvre maneuver wargame drills"
    ),
    _event("Accession", "AGREE", "join", "join accede", "accession"),
    _event("Recognition", "AGREE", "recognize", "recognize recognise", "recognition"),
    _event(
        "Agreement",
        "AGREE",
        "sign",
        "sign agree ratify secure",
        "agreement deal treaty accord ceasefire truce pact memorandum signing",
    ),
    _event("Pledge", "AGREE", None, "pledge promise vow assure guarantee", "pledge"),
    _event("Arrest", "COERCE", "arrest", "arrest detain apprehend", "arrest detention"),
    _event(
        "Cooperation", "COOPERATE", None, "cooperate collaborate", "cooperation collaboration partnership"
    ),
)

BY_NAME = {event_class.name: event_class for event_class in EVENT_CLASSES}
VERB_TRIGGERS = {verb: event_class for event_class in EVENT_CLASSES for verb in event_class.verbs}
NOUN_TRIGGERS = {noun: event_class for event_class in EVENT_CLASSES for noun in event_class.nouns}

# Words that make "urge"/"call for" a call for dialogue rather than another demand.
DIALOGUE_WORDS = {
    "dialogue",
    "talks",
    "negotiation",
    "negotiations",
    "dialog",
    "diplomacy",
    "negotiate",
    "engage",
    "calm",
    "restraint",
    "de-escalate",
    "de-escalation",
}
CALL_VERBS = {"urge", "call", "appeal", "press"}
# Agreements and sanctions are events only when something is done with them ("signed a deal").
AGREEMENT_VERBS = {
    "sign",
    "reach",
    "conclude",
    "ink",
    "strike",
    "approve",
    "ratify",
    "agree",
    "broker",
    "seal",
    "secure",
    "oversee",
}
SANCTION_VERBS = {
    "impose",
    "adopt",
    "announce",
    "introduce",
    "extend",
    "approve",
    "slap",
    "levy",
    "expand",
    "tighten",
    "consider",
    "threaten",
    "prepare",
    "unveil",
    "follow",
    "agree",
    "discuss",
    "debate",
    "propose",
    "target",
}
MILITARY_MODIFIERS = {
    "military",
    "joint",
    "naval",
    "air",
    "live-fire",
    "war",
    "army",
    "defence",
    "defense",
    "nato",
}
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
GROUP_NOUNS = ARMED_NOUNS | {
    "demonstrator",
    "protester",
    "protestor",
    "crowd",
    "activist",
    "civilian",
    "villager",
}

# Verbs and words that put an event in the future or in doubt, deny it, or only report it.
HYPOTHETICAL_WORDS = {
    "consider",
    "mull",
    "weigh",
    "contemplate",
    "threaten",
    "could",
    "might",
    "may",
    "would",
    "if",
}
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
NEGATION_WORDS = {"not", "n't", "never", "refuse", "decline", "fail"}
REPORTED_WORDS = {
    "accuse",
    "allege",
    "alleged",
    "allegedly",
    "claim",
    "accusation",
    "allegation",
    "reportedly",
}

# Objects that make "reject"/"dismiss" a denial ("rejected the accusations").
DENIED_NOUNS = {"claim", "accusation", "allegation", "charge", "report", "suggestion", "assertion"}
# Objects that make "send" a deployment.
DEPLOYED_NOUNS = {
    "troop",
    "soldier",
    "force",
    "unit",
    "warship",
    "jet",
    "patrol",
    "reinforcement",
    "battalion",
    "brigade",
    "personnel",
    "peacekeeper",
    "ship",
    "aircraft",
}
# "The two sides agreed": plural nouns that stand for the parties named before.
PARTY_NOUNS = {
    "side",
    "country",
    "nation",
    "leader",
    "government",
    "party",
    "delegation",
    "neighbour",
    "neighbor",
}
# Verbs whose object is sought, not done ("seeking to join", "no plans to join").
SEEKING_WORDS = {
    "seek",
    "plan",
    "want",
    "aspire",
    "hope",
    "bid",
    "aim",
    "apply",
    "application",
    "push",
    "wish",
}
SAY_VERBS = {"say", "tell", "state", "announce", "declare", "add", "insist", "claim"}
# Diplomats whose expulsion or recall PLOVER codes as SANCTION 'expel' / 'withdraw'.
DIPLOMAT_NOUNS = {
    "diplomat",
    "ambassador",
    "envoy",
    "attaché",
    "attache",
    "consul",
    "staff",
    "observer",
    "peacekeeper",
}
