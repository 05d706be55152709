"""Repeated mentions of one event within an article merge into one event with several evidence sentences."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract import lexicon
from kg.extract.events.mention import EventMention
from kg.extract.lexicon import SAY_VERBS
from kg.extract.spans import to_clause, unique

# "the fighting", "the violence", "the incident": the incident already reported, whatever its class.
GENERIC_FIGHTING = lexicon.WORDS["incident_references"]
# Acts done by saying something: each sentence that asks for another act is an act of its own.
SPEECH_ACTS = lexicon.WORDS["speech_acts"]
# What a subject's modifiers say of an event told beside another ("a more recent incident", "another attack").
SETTING_APART = frozenset(lexicon.WORDS["setting_apart_modifiers"])
FUTURE_AUXILIARIES = frozenset(lexicon.WORDS["future_auxiliaries"])


def merge_repeats(mentions: list[EventMention]) -> list[EventMention]:
    """An article that mentions one event several times yields one event with several evidence sentences."""
    merged: list[EventMention] = []
    for mention in mentions:
        # an event nobody named never absorbs another sentence's: it may be a different one
        same = next(
            (m for m in merged if (not m.actorless or m.sent == mention.sent) and _same_event(m, mention)),
            None,
        )
        if same is None and mention.reference:
            # "remained open to talks" after a meeting held: talks still to come are not that meeting
            same = next(
                (
                    m
                    for m in reversed(merged)
                    if m.type == mention.type and not m.actorless and _compatible_status(m, mention)
                ),
                None,
            )
        if same is None and mention.trigger.lower_ in GENERIC_FIGHTING and not mention.actors:
            # "the fighting stopped", "137 were killed in the fighting": the incident already reported
            same = next(
                (m for m in reversed(merged) if m.event_class.incident and m.status == "asserted"), None
            )
        earlier = [
            m
            for m in merged
            if m.type == mention.type
            and m.sent != mention.sent
            and (m.status == mention.status or _points_back(mention.trigger) or _told_again(m, mention))
        ]
        if same is None and mention.event_class.incident and earlier:
            latest = earlier[-1]
            if (
                (_definite_noun(mention.trigger) or _bare_noun(mention))
                # a condemned or denied attack told first is dated by the statement, not by its own words
                and (_dates_agree(latest, mention) or latest.reference)
                and not _own_news(mention, latest)
            ):
                # "the shootout" after a reported shootout is that shootout; "Yesterday's attack" after an
                # undated one is that attack
                same = latest
        if same is None and mention.anchored:
            # "condemned the violence", "the incident": the incident already reported; without one, an event
            # of its own only with a date or casualties
            same = _latest_incident(merged)
            if same is None and not _anchored(mention):
                continue
        if same is None:
            merged.append(mention)
            continue
        same.supporting.append(mention.sent)
        same.actors = unique(same.actors + mention.actors)
        same.targets = unique(same.targets + mention.targets)
        same.places = same.places or mention.places
        if same.reference and not mention.reference and mention.date:
            same.date = mention.date  # the account's own day, not that of the statement that named it first
        else:
            same.date = same.date or mention.date
        for group, count in mention.killed_breakdown.items():
            same.add_casualties("killed", group, count)
        for group, count in mention.injured_breakdown.items():
            same.add_casualties("injured", group, count)
        same.confidence = max(same.confidence, mention.confidence)
    return _fold_forward(merged)


def _fold_forward(merged: list[EventMention]) -> list[EventMention]:
    """ "The shooting has turned into a diplomatic tussle. Guatemala says three farmers were attacked
    Wednesday": a bare definite incident noun with nothing of its own (no doer, date or toll) told before the
    account it points to is that account's."""
    kept = []
    for index, mention in enumerate(merged):
        later = next(
            (
                m
                for m in merged[index + 1 : index + 1 + AHEAD]
                if m.type == mention.type and m.sent != mention.sent and m.status == mention.status
            ),
            None,
        )
        bare = not (mention.actors or mention.targets or mention.date or mention.killed or mention.injured)
        if (
            later is None
            or not bare
            or not mention.event_class.incident
            or not _definite_noun(mention.trigger)
        ):
            kept.append(mention)
            continue
        later.supporting.insert(0, mention.sent)
    return kept


# How many events ahead a bare "the shooting" may find the account it points to.
AHEAD = 2


def _same_event(a: EventMention, b: EventMention) -> bool:
    """Two mentions of one event: same type, compatible dates and overlapping actors. Within a sentence,
    words of one phrase ("signed ... the signing of agreements") are one event; across sentences, every
    statement is an event of its own."""
    if a.type != b.type:
        return False
    if a.sent == b.sent:
        if a.trigger == b.trigger and set(a.actors).isdisjoint(b.actors):
            return False  # "accused each other": one event a side
        if _apart_in_time(a.trigger, b.trigger) or _apart_in_time(b.trigger, a.trigger):
            return False  # "violated the ceasefire Wednesday, a day after a soldier was killed in shelling"
        if _one_after_another(a.trigger, b.trigger) or _one_after_another(b.trigger, a.trigger):
            return False  # "Today's attack followed bombings over the weekend": the earlier is another attack
        if _own_doers(a, b):
            return False  # "Fiji dispatched peacekeepers while New Zealand deployed police": two deployments
        if _set_apart(a.trigger, b.trigger) or _set_apart(b.trigger, a.trigger):
            return False  # "clashes in May ..., while a more recent incident in September saw ... a shootout"
        linked = a.trigger in b.trigger.subtree or b.trigger in a.trigger.subtree
        together = bool(set(a.actors) & set(b.actors)) or not a.actors or not b.actors
        return linked or together or _one_crowd(a, b)
    if a.type == "Statement":
        return False
    if _told_as_another(b.sent) or _also(b.trigger):
        return False  # "Also Wednesday, unidentified assailants opened fire on a judge's car": another attack
    if _told_as_earlier(a.trigger) or _told_as_earlier(b.trigger):
        return False  # "Maduro had earlier closed the border": an act before the one told
    if (
        a.type in SPEECH_ACTS
        and _content(a.trigger)
        and _content(b.trigger)
        and not _definite_noun(b.trigger)
    ):
        if not _content(a.trigger) & _content(b.trigger):
            return False  # "We call on Russia to withdraw. We call on Russia to release ...": two demands
    if a.date and b.date and a.date.value != b.date.value:
        return False
    shared = set(a.actors) & set(b.actors)
    if a.event_class.incident and a.date and b.date:
        # "the September shootout" refers back to the shootout reported in September; a riot in Dakar is not
        # the strike in Nairobi of the same day
        elsewhere = a.places and b.places and not set(a.places) & set(b.places)
        return not (elsewhere and not shared) or _definite_noun(b.trigger)
    if not a.event_class.incident and a.targets and b.targets and not set(a.targets) & set(b.targets):
        # "reiterated their support to the AU", then "also ... their support to the UN mission": two acts
        return False
    if a.event_class.incident:
        # incidents need a common actor and one polarity: "accused Kyiv of attacking" is another attack
        return bool(shared) and a.status == b.status
    if _other_people(a, b) and _other_people(b, a):
        return False  # "received by the foreign minister", then "met with the President": two meetings
    return (bool(shared) or not a.actors or not b.actors) and _compatible_status(a, b)


def _own_doers(a: EventMention, b: EventMention) -> bool:
    """Two verbs of one sentence, each with a subject of its own, done by different actors."""
    return (
        a.trigger != b.trigger
        and _has_subject(a.trigger)
        and _has_subject(b.trigger)
        and bool(a.actors)
        and bool(b.actors)
        and set(a.actors).isdisjoint(b.actors)
    )


def _has_subject(trigger: Token) -> bool:
    return trigger.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in trigger.children)


def _told_as_another(sent: Span) -> bool:
    """A sentence that opens by setting its news apart: "Also Wednesday, ...", "Separately, ...", "In another
    attack, ...", "Elsewhere, ..."."""
    words = [t.lower_ for t in sent[:3]]
    if words[:1] and words[0] in {"also", "separately", "elsewhere"}:
        return True
    return (
        words[:1] == ["in"]
        and len(words) > 2
        and (words[1] in {"another", "other"} or words[2] == "separate")
    )


def _set_apart(trigger: Token, other: Token) -> bool:
    """The trigger is told in a clause of its own whose subject sets it apart from the other ("while a more
    recent incident saw", "as another attack hit")."""
    for verb in trigger.ancestors:
        if other in verb.subtree:
            return False
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if any(m.lower_ in SETTING_APART for s in subjects for m in s.children if m.dep_ in {"amod", "det"}):
            return True
    return False


def _also(trigger: Token) -> bool:
    """ "The two neighbours also agreed to withdraw forces", "ECOWAS also stated that ... it would impose
    sanctions": one more act of the kind told before, said of the act or of the saying that commits to it
    ("also said he had had talks" tells the talks again)."""
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else trigger.head
    committed = verb.dep_ == "ccomp" and any(
        c.dep_ == "aux" and c.lower_ in FUTURE_AUXILIARIES for c in verb.children
    )
    saying = verb.head if committed and verb.head.lemma_.lower() in SAY_VERBS else None
    return _also_on(verb) or (saying is not None and _also_on(saying))


def _also_on(verb: Token) -> bool:
    return any(c.dep_ == "advmod" and c.lower_ == "also" for c in verb.children)


def _told_as_earlier(trigger: Token) -> bool:
    """The verb, in the past perfect, says its act came before the story's ("had earlier closed", "had
    previously expelled")."""
    children = list(trigger.children)
    return (
        trigger.pos_ == "VERB"
        and any(c.dep_ == "aux" and c.lower_ == "had" for c in children)
        and any(c.dep_ == "advmod" and c.lower_ in {"earlier", "previously"} for c in children)
    )


def _apart_in_time(inner: Token, outer: Token) -> bool:
    """`inner` is told in a clause that places it days or hours before or after `outer` ("a day after", "two
    weeks before"): two happenings, not one told twice ("detonated before gunmen stormed in" is one attack)."""
    token = inner
    while token != outer and token.head != token:
        marks = {c.lower_ for c in token.children if c.dep_ == "mark"}
        distance = any(c.dep_ == "npadvmod" and c.lemma_.lower() in TIME_UNITS for c in token.children)
        if token.dep_ == "advcl" and marks & {"after", "before"} and distance:
            return outer in token.head.subtree and outer not in token.subtree
        token = token.head
    return False


TIME_UNITS = {"hour", "day", "week", "month", "year"}


def _one_after_another(subject: Token, other: Token) -> bool:
    """ "Today's attack followed bombings in Yala", "The incident comes days after another clash", "comes in
    the wake of a raid in late October": the subject's event is told as coming after (or before) another."""
    if subject.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    verb = subject.head
    if verb.lemma_.lower() in SEQUENCE_VERBS:
        return any(c.dep_ == "dobj" and other in c.subtree for c in verb.children)
    return any(
        c.dep_ == "prep" and other in c.subtree and (c.lower_ in SEQUENCE_PREPOSITIONS or _in_the_wake(c))
        for c in verb.children
    )


def _in_the_wake(preposition: Token) -> bool:
    return preposition.lower_ in {"in", "on"} and any(
        c.dep_ == "pobj" and c.lemma_.lower() in {"wake", "heel", "heels"} for c in preposition.children
    )


SEQUENCE_VERBS = {"follow", "precede"}
SEQUENCE_PREPOSITIONS = {"after", "before", "following"}


def _one_crowd(a: EventMention, b: EventMention) -> bool:
    """ "demonstrators who had set up a barricade ..., as protesters continued month-long rallies": within a
    sentence, an incident's unnamed crowds are one crowd unless the two are placed apart."""
    unnamed = all(r.type == "Group" and r.qid is None for r in [*a.actors, *b.actors])
    apart = bool(a.places and b.places and not set(a.places) & set(b.places))
    return a.event_class.incident and unnamed and not apart


def _other_people(a: EventMention, b: EventMention) -> bool:
    """`a` names a person among its participants whom `b` does not."""
    return any(
        r.type == "Person" for r in set(a.actors) | set(a.targets) if r not in b.actors and r not in b.targets
    )


def _content(trigger: Token) -> set[str]:
    """What a speech act asks for, in words: the act ("urged Russia to withdraw", "insisted that Serbia
    recognise") or the thing ("called for a ceasefire"). What is condemned is left out: a text restates its
    condemnation in other words ("denounced the surge of violence", later "condemning the violence")."""
    words = set()
    for child in trigger.children:
        if child.dep_ in {"xcomp", "ccomp"} or to_clause(child):
            words.add(child.lemma_.lower())
            # "violated the ceasefire by firing at our positions": the act is also the means it names
            words.update(_means(child))
        elif child.dep_ == "prep" and child.lower_ == "for":
            words.update(o.lemma_.lower() for o in child.children if o.dep_ == "pobj" and o.pos_ == "NOUN")
    return words


def _means(verb: Token) -> set[str]:
    return {
        pcomp.lemma_.lower()
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ == "by"
        for pcomp in prep.children
        if pcomp.dep_ == "pcomp"
    }


def _dates_agree(earlier: EventMention, later: EventMention) -> bool:
    """A later mention that gives no date, or the date of an earlier mention that gave none or the same."""
    return later.date is None or earlier.date is None or earlier.date.value == later.date.value


def _own_news(mention: EventMention, earlier: EventMention) -> bool:
    """What a restatement of an incident would not add: casualties other than the incident's, or actors the
    incident had not ("The attacks killed six people" after six were killed tells the same toll)."""
    other_actors = bool(mention.actors) and not set(mention.actors) & set(earlier.actors)
    other_toll = any(
        told is not None and told != known
        for told, known in ((mention.killed, earlier.killed), (mention.injured, earlier.injured))
    )
    return other_toll or other_actors


def _definite_noun(trigger: Token) -> bool:
    """ "the shootout", "the September shootout", "that attack", "these attacks", "such attacks": a noun
    pointing back to a known event; for a verb of a toll, its subject ("The attacks killed six people")."""
    if trigger.pos_ == "VERB" and trigger.lemma_.lower() in TOLL_VERBS:
        subjects = [c for c in trigger.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"]
        return any(c.lemma_.lower() in INCIDENT_NOUNS and _definite_noun(c) for c in subjects)
    if trigger.pos_ not in {"NOUN", "PROPN"}:
        return False
    return any(
        (c.dep_ in {"det", "poss", "amod", "predet"} and c.lower_ in POINTING_WORDS) or _day_of(c)
        for c in trigger.children
    )


def _bare_noun(mention: EventMention) -> bool:
    """ "I am anguished at the loss of five soldiers in a terrorist attack": an incident noun with no doer,
    target, date or toll of its own, told after an incident of its kind, adds nothing to tell it apart."""
    told = mention.actors or mention.targets or mention.date or mention.killed or mention.injured
    return mention.trigger.pos_ == "NOUN" and not told


def _day_of(token: Token) -> bool:
    """ "Yesterday's attack", "Sunday's bombing", "last week's clashes": the event of a day already told."""
    return token.dep_ == "poss" and (token.ent_type_ in {"DATE", "TIME"} or token.lower_ in DAY_WORDS)


DAY_WORDS = {"yesterday", "today", "tonight"}


POINTING_WORDS = {"the", "this", "that", "these", "those", "such", "its", "their"}
# Words that only point back: "Following that attack" is the attack told, however the sentence tells it.
DEMONSTRATIVES = {"this", "that", "these", "those"}
# "The attacks killed six people": a toll told again of the incident the subject points to
TOLL_VERBS = {"kill", "injure", "wound", "claim"}
INCIDENT_NOUNS = set(lexicon.WORDS["incident_references"]) | {
    "attack",
    "attacks",
    "strike",
    "bombing",
    "assault",
}


def _told_again(earlier: EventMention, mention: EventMention) -> bool:
    """ "accused the Thais of provoking the clash": a charge about "the" incident already told as done."""
    return earlier.status == "asserted" and mention.status == "reported" and _definite_noun(mention.trigger)


def _points_back(trigger: Token) -> bool:
    return trigger.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in DEMONSTRATIVES for c in trigger.children
    )


def _anchored(mention: EventMention) -> bool:
    return not mention.reference and (
        mention.date is not None or mention.killed is not None or mention.injured is not None
    )


def _latest_incident(merged: list[EventMention]) -> EventMention | None:
    return next((m for m in reversed(merged) if m.event_class.incident and m.status == "asserted"), None)


def _compatible_status(earlier: EventMention, later: EventMention) -> bool:
    """Something planned or hypothetical is no event that already happened (the two may be one act to come:
    "advocating for the resumption of exercises", then "the resumption of exercises could serve ...")."""
    undone = {"planned", "hypothetical"}
    return later.status not in undone or earlier.status in undone
