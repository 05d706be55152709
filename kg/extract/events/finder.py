"""An article's events, sentence by sentence: triggers, roles, modality, dates, casualties, then merging."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from spacy.tokens import Doc, Span, Token

from kg.extract import lexicon
from kg.extract.datelines import is_dateline
from kg.extract.events.casualties import assign_casualties, attach_orphan_casualties
from kg.extract.events.confidence import confidence
from kg.extract.events.dating import (
    StoryDay,
    assign_dates,
    incident_of_the_story,
    news_date,
    ongoing_since_long_ago,
)
from kg.extract.events.joint_calls import cessations_demanded
from kg.extract.events.mention import EventMention
from kg.extract.events.merging import merge_repeats
from kg.extract.events.modality import asked_for, plover_type, status
from kg.extract.events.reciprocal import each_side
from kg.extract.events.roles import Roles, bare_summit, said_by_summit
from kg.extract.events.speech import accusations, denials, pledges, wrongs_told
from kg.extract.events.triggers import Trigger, classify, is_reference, match_patterns
from kg.extract.linking import Link, Referent
from kg.extract.spans import doc_text
from kg.extract.temporal import NormalisedDate, find_dates, fronted_year, years_in
from kg.facts import STATE_TYPES


def find_events(
    doc: Doc,
    links: list[Link],
    *,
    published: date | None,
    dateline: Referent | None = None,
    country_of: Callable[[Referent], Referent | None] | None = None,
    body_of: Callable[[str, date], Referent | None] | None = None,
) -> list[EventMention]:
    """Every event of the doc, repeated mentions of one event within the article merged.

    `country_of` gives the state a city lies in (a visit to a capital is paid to its state); `body_of` the
    state or organisation a person served on a day (a president acts for the state)."""
    roles = Roles(
        doc, links, dateline=dateline, country_of=country_of or (lambda referent: None), title=doc._.title
    )
    return _EventFinder(doc, roles, published, body_of or (lambda qid, day: None)).run()


class _EventFinder:
    def __init__(
        self, doc: Doc, roles: Roles, published: date | None, body_of: Callable[[str, date], Referent | None]
    ) -> None:
        self.doc = doc
        self.roles = roles
        self.published = published
        self.body_of = body_of
        self.story_day = StoryDay()
        self.patterns = match_patterns(doc)
        # Without a publication date, a day or month without a year takes the nearest year the text gives.
        self.years = years_in(doc_text(doc)) if published is None else []

    def run(self) -> list[EventMention]:
        mentions: list[EventMention] = []
        headline_end = _headline_end(doc_text(self.doc))
        body = (sent for sent in self.doc.sents if sent.start_char >= headline_end)
        anchor = None  # the story's last date: "the next day" counts from it
        filed: list[NormalisedDate] = []  # the dates of a dateline, for the sentence after it
        story_year = None  # "In 2015, ... In July, ...": the year a paragraph tells of
        text, previous_end = doc_text(self.doc), 0
        # a headline restates the story's events in telegraphic form; the story's day is in the body's lead
        for index, sent in enumerate(body):
            if "\n\n" in text[previous_end : sent.start_char]:
                story_year = None  # a new paragraph
            # the blank line after a sentence is among its tokens: measure the gap from its last word
            previous_end = sent.start_char + len(sent.text.rstrip())
            dates = find_dates(
                sent.text,
                published=self.published,
                offset=sent.start_char,
                default_year=self._nearest_year(sent.start_char),
                anchor=anchor,
                narrative_year=story_year,
            )
            story_year = fronted_year(sent.text) or story_year
            anchor = dates[-1] if dates else anchor
            if index < 3 and self.story_day.date is None:
                self.story_day.date = news_date(dates, published=self.published)
            found = self._sentence_events(sent, dates, filed=filed)
            filed = dates if is_dateline(sent) else []
            if not any(m.event_class.incident for m in found):
                attach_orphan_casualties(sent, mentions)
            mentions.extend(found)
        asked = _asked_for(mentions)
        merged = merge_repeats([m for m in mentions if m not in asked])
        day, told = _incident_day(merged, self.story_day)
        for mention in merged:
            near = told is not None and 0 < mention.sent.start_char - told <= STORY_REACH
            if mention.date is None and day is not None and near and incident_of_the_story(mention):
                mention.date = day
                mention.inherited_date = True
        _give_the_one_attacker(merged, self.published)
        self._date_by_summit(merged)
        return [m for m in merged if not (_unanchored_incident_noun(m) or _protests_in_passing(m))]

    def _date_by_summit(self, merged: list[EventMention]) -> None:
        """ "1. The Summit of the SADC was held on 20 February. ... 10. Summit condemned ...": what a
        communique's summit did, it did on the day the summit met."""
        body = self.roles.summit_body
        summit = next((m for m in merged if m.type == "Meeting" and m.date and body in m.actors), None)
        if summit is None:
            return
        for mention in merged:
            if mention.date is None and said_by_summit(mention.trigger):
                mention.date = summit.date

    def _sentence_events(
        self, sent: Span, dates: list[NormalisedDate], *, filed: list[NormalisedDate]
    ) -> list[EventMention]:
        by_token = self.roles.by_token
        found = []
        for token in sent:
            trigger = classify(token, by_token, self.patterns)
            if trigger is None or (
                token.i in by_token and not _names_an_occasion(token, by_token[token.i], trigger)
            ):
                continue  # "European Union" is no event even if a word in it is a trigger
            if bare_summit(token) and self.roles.summit_body is not None:
                continue  # "Summit considered the situation": the summit the communique told, speaking
            if _aim_of_another_act(token):
                continue  # "sent a team in a bid to fight the insurgency": what the sending is for
            if _done_by_whoever(token):
                continue  # "all those who provide sanctuaries to terrorists": a kind of doer, no act told
            if _a_condition(token):
                continue  # "would respond if fired upon": the condition of a threat or pledge, no act told
            mention = EventMention.of_trigger(
                trigger.event_class, token, sent, trigger.rule, rule_id=trigger.rule_id
            )
            mention.reference = is_reference(token)
            self.roles.fill(mention)
            if mention.type == "Protest" and not mention.actors and _lodged_by_verb(token):
                # "The Philippine protests were conveyed to the embassy": the state that lodges them
                mention.actors = [a for a in self.roles.actors_in(_modifiers(token)) if a.type in STATE_TYPES]
            if mention.type == "Protest" and (
                (_governments(mention.actors) and _lodged(token)) or _diplomatic(token)
            ):
                # "The foreign ministry conveyed its strongest protest to China": a government's protest is
                # diplomatic disapproval, not a demonstration
                mention.event_class = lexicon.BY_NAME["Condemnation"]
                mention.plover = mention.event_class.plover
            if not self.roles.plausible(mention):
                if not self.roles.may_stand_alone(mention):
                    continue
                mention.actorless = True  # kept if the text dates or places it (below)
            mention.status = _threat_made(mention, status(token))
            if _standing_non_recognition(mention):
                continue  # "Romania, which has not recognised Kosovo": a stance held (a relation), no act
            mention.plover = plover_type(mention.plover, token, mention.status)
            found.extend(each_side(mention))
        found = _fold_threatened(found)
        found.extend(pledges(sent, found, self.roles))
        found.extend(cessations_demanded(found))
        if any(m.type != "Statement" and not m.actorless for m in found):
            found = [m for m in found if m.type != "Statement"]
        found = _without_charges_called_false(found)
        made, denied = denials(found, self.roles)
        found = [m for m in found if not any(m is d for d in denied)] + made
        found.extend(accusations(found, self.roles))
        _sides_of_clashes_blamed(found)
        found.extend(wrongs_told(sent, found, self.roles))
        # "X told media Y had illegally crossed": the speech is the accusation (or denial), no statement besides
        spoken = {m.trigger.i for m in found if (m.rule or "").startswith("geokg.speech.")}
        found = [m for m in found if not (m.type == "Statement" and m.trigger.i in spoken)]
        assign_dates(
            found,
            dates,
            doc=self.doc,
            filed=filed,
            published=self.published,
            story_day=self.story_day,
            speaks_for_itself=self.roles.speakers.issued_by_headline,
            issuer=self.roles.speakers.issuer,
        )
        found = [m for m in found if not m.actorless or self._anchored(m)]
        found = [m for m in found if not ongoing_since_long_ago(m, self.doc, self.published)]
        for mention in found:
            mention.actors = self._with_bodies(mention)
        assign_casualties(sent, found)
        for mention in found:
            mention.confidence = confidence(mention)
        return found

    def _with_bodies(self, mention: EventMention) -> list[Referent]:
        """The actors, and after each person the one state or organisation they served on the event's day:
        a president who threatens acts for the state, as event data codes it."""
        day = _first_day(mention.date) or self.published
        if day is None:
            return mention.actors
        named = {link.referent.qid for link in self.roles.links}
        actors: list[Referent] = []
        for actor in mention.actors:
            actors.append(actor)
            if actor.type == "Person" and actor.qid is not None:
                body = self.body_of(actor.qid, day)
                # only a body the text names: the graph keeps to what the article says
                if body is not None and body.qid in named and body not in mention.targets:
                    actors.append(body)
        return list(dict.fromkeys(actors))

    def _nearest_year(self, char: int) -> int | None:
        before = [year for position, year in self.years if position <= char]
        after = [year for position, year in self.years if position > char]
        return before[-1] if before else (after[0] if after else None)

    def _anchored(self, mention: EventMention) -> bool:
        """An event nobody named does: kept when the text gives its date or a place of its own."""
        own_date = mention.date is not None and not mention.inherited_date
        return (
            own_date or any(place != self.roles.dateline for place in mention.places) or _said_by_us(mention)
        )


def _incident_day(
    mentions: list[EventMention], story_day: StoryDay
) -> tuple[NormalisedDate | None, int | None]:
    """The story's day when it is the day of the first incident the text dates itself (the day things
    happened, not only the day something was said), and where that incident is told."""
    first = next(
        (m for m in mentions if m.event_class.incident and m.date is not None and not m.inherited_date),
        None,
    )
    if (
        first is None
        or first.date is None
        or story_day.date is None
        or first.date.value != story_day.date.value
    ):
        return None, None
    return first.date, first.sent.start_char


def _without_charges_called_false(found: list[EventMention]) -> list[EventMention]:
    """ "Rwanda said that accusations of Rwanda supporting M23 are wrong": the charge a speaker calls false is
    what they deny (the Denial), not an accusation the text makes."""
    called_false = {
        c.i
        for m in found
        if m.type == "Denial" and m.trigger.dep_ == "acomp"
        for c in m.trigger.head.children
        if c.dep_ in {"nsubj", "nsubjpass", "csubj"}
    }
    return [m for m in found if not (m.type == "Accusation" and m.trigger.i in called_false)]


def _sides_of_clashes_blamed(found: list[EventMention]) -> None:
    """ "Cambodia and Thailand traded accusations of fresh clashes": the sides that trade blame for a clash are
    its sides."""
    traded = [m for m in found if (m.rule or "").startswith(TRADED_BLAME) and len(m.actors) >= 2]
    for mention in found:
        if mention.type != "Clash" or mention.actors:
            continue
        blame = next((m for m in traded if mention.trigger in m.trigger.subtree), None)
        if blame is not None:
            mention.actors = list(blame.actors)


TRADED_BLAME = "geokg.accusation.trade-blame"


def _give_the_one_attacker(mentions: list[EventMention], published: date | None) -> None:
    """ "Al-Shabaab fighters stormed the base ... Another police station was also attacked": an attack told
    without its attacker, in a text whose every attack with one has the same attackers, is theirs; not one in a
    sentence that looks years back ("at war since 1991, after warlords overthrew a dictator")."""
    named = [m for m in mentions if m.type == "Attack" and m.status == "asserted" and not m.actorless]
    attackers = {tuple(m.actors) for m in named if m.actors}
    if len(attackers) != 1:
        return
    (sides,) = attackers
    for mention in mentions:
        if mention.type != "Attack" or mention.status != "asserted" or mention.actors:
            continue
        if set(sides) & set(mention.targets) or _looks_back(mention, published):
            continue
        mention.actors = list(sides)


def _names_an_occasion(token: Token, link: Link, trigger: Trigger) -> bool:
    """ "chairing the 4th Indian Ocean Conference (IOC)", "support the Geneva International Discussions", "The
    Extraordinary Summit of Heads of State of the SADC": a name without a QID whose head is a meeting's word
    names a meeting."""
    if trigger.event_class.name != "Meeting" or link.referent.qid is not None:
        return False
    return token.i in {link.end - 1, token.doc[link.start : link.end].root.i}


def _unanchored_incident_noun(mention: EventMention) -> bool:
    """ "in exchange for an end to attacks", "best known for atrocities against civilians": incidents named by a
    bare plural noun with no one acting or hit, no date, place or toll of their own, and no other sentence telling
    of them, are such incidents in general, not ones that happened."""
    trigger = mention.trigger
    return (
        mention.event_class.incident
        and trigger.tag_ == "NNS"  # "attacks"; not "the attacks on", "a wave of repression"
        and not any(c.dep_ == "poss" or c.lower_ in DEFINITE for c in trigger.children)
        and not (mention.actors or mention.targets or mention.places or mention.supporting)
        and (mention.date is None or mention.inherited_date)
        and mention.killed is None
        and mention.injured is None
    )


DEFINITE = frozenset({"the", "this", "that", "these", "those"})


def _protests_in_passing(mention: EventMention) -> bool:
    """ "Hazi planned to cover the protests", "the violent protests led to 13 deaths": protests a sentence names
    in passing, with no one who protests, no place, day or toll of their own, are the background of the story,
    not a protest it tells."""
    return (
        mention.type == "Protest"
        and mention.trigger.pos_ == "NOUN"
        and not (mention.actors or mention.places or mention.supporting)
        and (mention.date is None or mention.inherited_date)
        and mention.killed is None
        and mention.injured is None
    )


def _looks_back(mention: EventMention, published: date | None) -> bool:
    if published is None:
        return False
    return any(year < published.year - 1 for _, year in years_in(mention.sent.text))


# How far after the story's dated incident (in characters, a few paragraphs) an undated one is still its day's.
STORY_REACH = 1200


def _first_day(value: NormalisedDate | None) -> date | None:
    """The first day of a day, month or year ("2024-03" -> 1 March 2024)."""
    if value is None:
        return None
    parts = [int(part) for part in value.value.split("-")]
    try:
        return date(parts[0], *(parts[1:] + [1, 1])[:2])
    except ValueError:
        return None


def _said_by_us(mention: EventMention) -> bool:
    """ "We condemn these outrages" in a statement whose issuer the text does not name: the act is real,
    its actor unknown."""
    trigger = mention.trigger
    verbs = [trigger, trigger.head] if trigger.dep_ in {"xcomp", "conj"} else [trigger]
    return any(c.dep_ == "nsubj" and c.lower_ in {"we", "i"} for verb in verbs for c in verb.children)


def _fold_threatened(found: list[EventMention]) -> list[EventMention]:
    """ "threatened sanctions", "warned of strikes against the US", "stands ready to impose sanctions if": the
    act a threat holds out is part of the threat, not an event of its own; its targets are the threat's."""
    threats = {m.trigger.i: m for m in found if m.type == "Threat"}
    kept = []
    for mention in found:
        holder = mention.trigger.head if mention.trigger.dep_ in {"dobj", "pobj"} else None
        if holder is not None and holder.dep_ == "prep":
            holder = holder.head
        threat = threats.get(holder.i) if holder is not None and mention.type != "Threat" else None
        if threat is None:
            kept.append(mention)
        elif not threat.targets:
            threat.targets = mention.targets
    return kept


def _headline_end(text: str) -> int:
    """End of a headline: a first line without closing punctuation, followed by a blank line."""
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    first, _, rest = stripped.partition("\n")
    if not rest.strip() or not rest.startswith(("\n", "\r\n")) and not rest.lstrip(" \t").startswith("\n"):
        return 0
    if first.rstrip().endswith((".", "!", "?", '"', "”")) or len(first) > 200:
        return 0
    return offset + len(first)


def _governments(actors: list[Referent]) -> bool:
    """Every actor is a state, an intergovernmental body, a government's own organ or an official."""
    return bool(actors) and all(
        a.type in STATE_TYPES
        or a.type in {"InternationalOrganization", "Alliance"}
        or (a.type == "Group" and a.sector == "GOV" and a.country is not None)
        or (a.type == "Organization" and bool(set(a.label.lower().split()) & GOVERNMENT_BODIES))
        or (a.type == "Person" and a.qid is not None)  # the gazetteer's people are leaders and officials
        for a in actors
    )


def _lodged(trigger: Token) -> bool:
    """The protest is the actor's own act: the verb ("China protested the visit"), or a noun that is theirs
    ("its strongest protest") or that they lodge ("lodged a protest"); not protests someone else held that a
    government banned or dispersed."""
    if trigger.pos_ == "VERB":
        return True
    # "Philippine protests" may be crowds in Manila: a state's adjective alone lodges nothing
    return any(c.dep_ == "poss" for c in trigger.children) or _lodged_by_verb(trigger)


def _diplomatic(trigger: Token) -> bool:
    """ "The diplomatic protest by Santos", "sent a letter protesting the incursion", "handed over a note verbale
    protesting": a protest that says it is a government's, whoever the text names."""
    if any(c.dep_ == "amod" and c.lower_ == "diplomatic" for c in trigger.children):
        return True
    if trigger.dep_ == "acl":
        return trigger.head.lemma_.lower() in DIPLOMATIC_NOTES
    return trigger.dep_ == "advcl" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in DIPLOMATIC_NOTES for c in trigger.head.children
    )


# What a government's protest is written in: "a note verbale protesting", "a letter protesting".
DIPLOMATIC_NOTES = {"note", "letter", "memorandum", "démarche", "demarche", "verbale", "verbal"}


def _lodged_by_verb(noun: Token) -> bool:
    """ "lodged a protest", "the protests were conveyed": a protest a verb of diplomacy delivers."""
    return noun.dep_ in {"dobj", "nsubjpass"} and noun.head.lemma_.lower() in LODGING_VERBS


def _modifiers(noun: Token) -> list[Token]:
    return [c for c in noun.children if c.dep_ in {"amod", "poss", "compound"}]


LODGING_VERBS = {
    "lodge",
    "convey",
    "register",
    "file",
    "deliver",
    "send",
    "issue",
    "make",
    "voice",
    "express",
}


# Words that name a government's own bodies ("Department of Foreign Affairs", "the Chinese Embassy").
GOVERNMENT_BODIES = set(lexicon.WORDS["government_body_words"])


# Acts of asking: what they ask for is their content, not an event of its own
ASKING_CLASSES = frozenset({"Demand", "CallForDialogue"})


def _asked_for(mentions: list[EventMention]) -> list[EventMention]:
    """ "We encourage the government and the opposition to resume negotiations": the talks asked for are what
    the call asks, not a meeting of their own (other acts asked for stay, as the acts someone is asked to do:
    "called on Russia to withdraw"); only talks still to come count so ("hypothetical")."""
    askers = [m for m in mentions if m.type in ASKING_CLASSES]
    return [
        m
        for m in mentions
        if m.status == "hypothetical"
        and m.type == "Meeting"
        and any(a.sent == m.sent and m.trigger in a.trigger.subtree for a in askers)
    ]


# Verbs that make a threat by their meaning; other threat triggers are the act a side says it would do.
THREATENING_VERBS = frozenset(lexicon.WORDS["threatening_verbs"])


def _threat_made(mention: EventMention, status_: str) -> str:
    """ "said it would retaliate", "will respond strongly if provoked": what a side says it would do is the
    threat it makes there and then, asserted; "could threaten" stays a possibility."""
    trigger = mention.trigger
    if (
        mention.type == "Threat"
        and status_ in {"hypothetical", "planned"}
        and trigger.pos_ == "VERB"
        and trigger.lemma_.lower() not in THREATENING_VERBS
        and not asked_for(trigger)
    ):
        return "asserted"
    return status_


def _aim_of_another_act(token: Token) -> bool:
    """ "in a bid to fight the insurgency", "in order to arrest them", "an offensive aimed at ending the
    attacks": the aim of the act the sentence tells, not an act of its own."""
    if token.pos_ != "VERB":
        return False
    if token.dep_ == "acl" and token.head.lemma_.lower() in lexicon.WORDS["purpose_nouns"]:
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    governor = token.head.head if token.dep_ == "pcomp" and token.head.lower_ == "at" else None
    return governor is not None and governor.lemma_.lower() == "aim" and governor.dep_ in {"acl", "advcl"}


def _standing_non_recognition(mention: EventMention) -> bool:
    """ "which has not recognised Kosovo's independence", "has not been recognised by any state": a refusal
    held over time, which the relations record; "will never recognise" is a declaration, an act."""
    trigger = mention.trigger
    perfect = any(c.dep_ in {"aux", "auxpass"} and c.lemma_.lower() == "have" for c in trigger.children)
    return mention.type == "Recognition" and mention.status == "negated" and perfect


def _done_by_whoever(token: Token) -> bool:
    """ "stand against all those who provide sanctuaries", "anyone who attacks peacekeepers": an act that
    only describes whoever might do it."""
    return (
        token.pos_ == "VERB"
        and token.dep_ == "relcl"
        and token.head.lemma_.lower() in lexicon.WORDS["whoever_words"]
    )


def _a_condition(token: Token) -> bool:
    """ "if fired upon", "unless Russia withdraws": the act an "if" or "unless" clause sets as a condition."""
    verb = token if token.pos_ in {"VERB", "AUX"} else token.head
    return verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in verb.children
    )
