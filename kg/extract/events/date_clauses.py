"""Whether a date phrase dates an event of its sentence: no clause of its own time stands between them in the
parse. A subordinate clause ("after the junta cracked down", "who had fled") tells of another time, unless a
relative clause says when its noun's event happened ("the protests, which began on 2 January"); what someone
"said on Monday" took place at a time of its own; and in "resisted calls, and defeated a vote on 6 December"
the date is the second act's, while "One year ago, the military denied ..., overthrew ... and seized power"
dates every act of the one subject."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.lexicon import OCCURRENCE_VERBS, SAY_VERBS

# Reporting verbs: their date is the saying's, not the reported act's ("said on Sunday that 77 were detained").
REPORTING_VERBS = SAY_VERBS | {"report", "confirm"}
CLAUSE_DEPS = {"relcl", "acl", "advcl", "conj", "ccomp", "parataxis"}


def dates_event(date_token: Token, trigger: Token, *, spoken: bool = False) -> bool:
    """The date phrase whose root is `date_token` may be the date of the event said by `trigger`; a `spoken`
    act (a warning, a pledge, not an incident) reported by a dated speech verb was made when it was said."""
    date_path = [date_token, *date_token.ancestors]
    trigger_path = [trigger, *trigger.ancestors]
    common = next((t for t in date_path if t in trigger_path), None)
    if common is None:
        return False
    date_side = date_path[1 : date_path.index(common)]
    if not spoken and any(t.lower_ == "according" for t in date_side):
        # "were killed in an ambush, according to the army on Tuesday": the day of the account, not the
        # incident's (a demarche "according to the ministry's announcement on Thursday" was made that day)
        return False
    # The trigger itself counts: "removed in 1989 after the junta cracked down" leaves the crackdown undated.
    trigger_side = trigger_path[: trigger_path.index(common)]
    return not any(_closes(t, trigger, date_side=True) for t in date_side) and not any(
        _closes(t, date_token, date_side=False) and not (spoken and _said_then(t)) for t in trigger_side
    )


def _closes(token: Token, other: Token, *, date_side: bool) -> bool:
    """Whether `token` heads a clause of its own time on the way from the date to the event (`other` is the
    event's trigger on the date's side, the date on the event's)."""
    if token.pos_ not in {"VERB", "AUX"} or token.dep_ not in CLAUSE_DEPS or _purpose_or_participle(token):
        return False
    dep = token.dep_
    if dep == "acl":
        # "does not recognise the elections held on 9 March": the elections' date, not the refusal's
        return date_side and not (token.head == other and token.lemma_.lower() in OCCURRENCE_VERBS)
    if dep == "relcl":
        # "the protests, which began on 2 January"; "on Tuesday, where she is to meet": the same time
        told_when = date_side and token.lemma_.lower() in OCCURRENCE_VERBS
        return not (token.head == other and (told_when or not date_side)) and not _during(token)
    if dep == "advcl":
        return not _during(token)  # "stopped on Wednesday when the authorities accepted a ceasefire"
    if dep == "conj":
        # "resisted calls, and defeated a vote on 6 December": the date is the second act's; "was enacted on
        # 17 February, but the Serb deputies boycotted it", "denied ..., overthrew ... and seized power" one
        # year ago: the date of the first act is the next ones'
        return date_side
    if token.head.lemma_.lower() not in REPORTING_VERBS:  # ccomp, parataxis
        return False
    # "said on Sunday that 77 people had been detained": the detentions came before; "has begun
    # withdrawing, the Kremlin confirmed on Wednesday": what goes on as it is said shares the day
    return date_side or not any(
        c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in PRESENT for c in token.children
    )


def _said_then(clause: Token) -> bool:
    """ "said on Saturday that Germany would deliver", "said on Tuesday that ... warned": a clause of a speech
    verb not told as earlier ("had accused")."""
    return (
        clause.dep_ in {"ccomp", "parataxis"}
        and clause.head.lemma_.lower() in REPORTING_VERBS
        and not any(c.dep_ == "aux" and c.lower_ == "had" for c in clause.children)
        # "said on Monday, a week after Washington raised the alarm": a time clause the parser took for speech
        and not any(c.dep_ == "mark" and c.lower_ != "that" for c in clause.children)
    )


def _during(clause: Token) -> bool:
    """ "an incident that occurred on 25 November, during which the coast guard fired", "when they accepted",
    "were killed on Wednesday as police clashed with demonstrators": within the time of what the clause hangs
    on."""
    return _as_taken_for_a_preposition(clause) or any(
        (c.dep_ == "advmod" and c.lower_ in {"when", "where"})
        or (c.dep_ == "prep" and c.lower_ == "during")
        or (c.dep_ == "mark" and c.lower_ in {"as", "when", "while"})
        for c in clause.children
    )


def _as_taken_for_a_preposition(clause: Token) -> bool:
    """ "the crisis escalated as armed commandos stormed the palace": the parser may read "as armed commandos" as
    a phrase of the verb before, leaving the clause after it without its "as"."""
    return clause.dep_ == "advcl" and any(
        c.dep_ == "prep"
        and c.lower_ in {"as", "while"}
        and c.i < clause.i
        and c.right_edge.i == clause.i - 1  # nothing but the phrase between "as" and the clause
        for c in clause.head.children
    )


def _purpose_or_participle(clause: Token) -> bool:
    """ "a ceremony to mark the accession", "launched an offensive on Tuesday, shelling positions": the act's
    purpose or manner, at its time."""
    children = list(clause.children)
    infinitive = clause.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
    participle = clause.tag_ == "VBG" and not any(c.dep_ in {"mark", "nsubj"} for c in children)
    return infinitive or participle


PRESENT = {"VBZ", "VBP"}
