"""Modality: whether an event is asserted, negated, hypothetical, planned or only reported."""

from __future__ import annotations

from itertools import islice

from spacy.tokens import Token

from kg.extract import lexicon
from kg.extract.spans import ancestors, is_month_may, mandative_clause, to_clause


def status(trigger: Token) -> str:
    """asserted | negated | hypothetical | planned | reported, from the words that govern the trigger."""
    chain = []
    for token in ancestors(trigger, inclusive=True):
        chain.append(token)
        if (token.dep_ == "conj" and not _shares_auxiliary(token)) or len(chain) == 4:
            break  # "would not send weapons and called for a ceasefire": each predicate has its own polarity
        if token is not trigger and token.pos_ == "NOUN" and trigger.pos_ == "NOUN":
            break  # "did not know the motive of the attack": the attack is not what is denied
    words = {t.lemma_.lower() for t in chain[1:]} | {
        c.lemma_.lower()
        for t in chain
        for c in t.children
        if c.dep_ in {"neg", "aux", "mark", "amod", "advmod"} and not is_month_may(c)
    }
    if _ruled_out(trigger):
        # "did not rule out sending troops": a possibility kept open; "ruled out sending troops": not to be done
        return "hypothetical" if words & lexicon.NEGATION_WORDS else "negated"
    if asked_for(trigger):
        # "called on Russia to withdraw", "demanding that it not conduct any further tests": asked for, not done
        return "hypothetical"
    if (words & lexicon.NEGATION_WORDS or denied_outright(trigger)) and not _ruled_out(trigger, itself=True):
        return "negated"
    if words & lexicon.HYPOTHETICAL_WORDS:
        return "hypothetical"
    readiness = {t.lemma_.lower() for t in chain[1:] if t.pos_ == "ADJ"} & lexicon.PLANNED_ADJECTIVES
    if words & lexicon.PLANNED_WORDS or readiness:
        return "planned"
    if words & lexicon.REPORTED_WORDS:
        return "reported"
    return "asserted"


def _ruled_out(trigger: Token, *, itself: bool = False) -> bool:
    """The act is what "rule out" governs ("ruled out sending troops"), or, `itself`, the ruling out: "did not
    rule out the use of force" is said of a threat, and its "not" negates no act."""
    verb = trigger if itself else trigger.head
    if not itself and trigger.dep_ not in {"dobj", "xcomp", "pcomp", "advcl"}:
        return False
    return verb.lemma_.lower() == "rule" and any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children)


def denied_outright(trigger: Token) -> bool:
    """ "no incursion had taken place", "carried out no strikes": the act's own noun is negated by "no"."""
    return trigger.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in trigger.children)


def _shares_auxiliary(conjunct: Token) -> bool:
    """ "She will meet Buhari and also visit Lagos": a bare verb joined to another, with no subject or
    auxiliary of its own, shares the first one's ("will"); so does a gerund joined to a gerund."""
    # "the importance of halting the aggression and delivering aid": joined gerunds share what governs them
    bare = conjunct.tag_ == "VB" or (conjunct.tag_ == "VBG" and conjunct.head.tag_ == "VBG")
    return (
        bare
        and conjunct.head.pos_ in {"VERB", "AUX"}
        and not any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} for c in conjunct.children)
    )


def asked_for(trigger: Token) -> bool:
    """The act a call, an appeal or an order asks someone to do ("urged Israel to end", "ordered the troops to
    leave", "demanded that Peru release"); not one forced or authorised ("forced them to withdraw")."""
    while trigger.dep_ == "conj" and trigger.head.pos_ == "VERB":
        trigger = trigger.head  # "urged it to stop provocations and withdraw its soldiers"
    verb = trigger.head
    if verb.lemma_.lower() not in lexicon.ASKING_VERBS | {"insist"}:
        return False
    return (
        trigger.dep_ == "xcomp"
        or to_clause(trigger)
        or (trigger.dep_ == "ccomp" and mandative_clause(trigger))
    )


def plover_type(plover: str | None, trigger: Token, status_: str) -> str | None:
    """The PLOVER manual codes a retreat that is only announced or promised ("agreed to withdraw its troops",
    "will release the prisoners") as CONCEDE: the words have no material consequence yet; and joint military
    exercises as COOPERATE (a single country's as MOBILIZE)."""
    if plover == "MOBILIZE" and _joint(trigger):
        return "COOPERATE"
    if plover != "RETREAT":
        return plover
    if status_ in {"planned", "hypothetical"}:
        return "CONCEDE"
    governors = list(islice(trigger.ancestors, 3))
    return "CONCEDE" if any(t.lemma_.lower() in lexicon.PROMISE_WORDS for t in governors) else plover


def _joint(trigger: Token) -> bool:
    """ "joint drills", "a combined exercise", "an exercise with the US Navy"."""
    if trigger.lemma_.lower() not in {"exercise", "drill", "drills", "manoeuvre", "maneuver", "wargame"}:
        return False
    words = {c.lower_ for c in trigger.children if c.dep_ in {"amod", "compound"}}
    # "held drills with the US": the parser may hang the partner on the verb that holds the exercise
    holders = [trigger, trigger.head] if trigger.dep_ == "dobj" else [trigger]
    with_partner = any(c.dep_ == "prep" and c.lower_ == "with" for h in holders for c in h.children)
    return bool(words & {"joint", "combined", "bilateral", "trilateral", "multinational"}) or with_partner
