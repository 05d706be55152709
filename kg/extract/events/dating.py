"""When an event happened: the dates of its sentence, nearest in the parse first, else the story's own day."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from kg.extract.events.date_clauses import dates_event
from kg.extract.events.mention import EventMention
from kg.extract.events.speakers import quotations
from kg.extract.lexicon import OCCASION_NOUNS, SAY_VERBS, WORD_RULES, WORDS
from kg.extract.linking import Referent
from kg.extract.spans import ancestors, tree_distance
from kg.extract.temporal import NormalisedDate

WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


@dataclass
class StoryDay:
    """The day the article reports on, and who acted on it: their later acts at that occasion share its day."""

    date: NormalisedDate | None = None
    actors: set[Referent] = field(default_factory=set)

    def note(self, mentions: list[EventMention]) -> None:
        """Count the actors of the sentence's acts on the story's day among its participants."""
        if self.date is None:
            return
        for mention in mentions:
            if (
                mention.date is not None
                and mention.date.value == self.date.value
                and not mention.event_class.incident
            ):
                # People, not states: "Kosovo" may act again on another day, its minister at the ceremony not.
                self.actors.update(actor for actor in mention.actors if actor.type == "Person")


def news_date(dates: list[NormalisedDate], *, published: date | None) -> NormalisedDate | None:
    """The day the article reports on: a day-precise date in the lead, within a week of publication."""
    if published is None:
        return None
    for found in dates:
        if found.precision == "day" and 0 <= (published - date.fromisoformat(found.value)).days <= 7:
            return found
    return None


def assign_dates(
    mentions: list[EventMention],
    dates: list[NormalisedDate],
    *,
    doc: Doc,
    filed: Sequence[NormalisedDate] = (),
    published: date | None,
    story_day: StoryDay,
    speaks_for_itself: bool = False,
    issuer: Referent | None = None,
) -> None:
    """Date the sentence's events from its `dates`. Without one, what the source itself says ("We condemn",
    "The EU calls on", in its own statement "The Council condemned") happened on the day it says it, the
    publication date; acts of the story day's participants, or at an occasion the story told of ("told the
    council"), on the `story_day`; other acts keep no date: a reaction the text does not date is not dated by
    the story's lead."""
    anchors = [
        (_deadline(found, token, published), token)
        for found in dates
        if (token := _date_token(doc, found)) is not None and not _cutoff(token) and not _count_frame(token)
    ]
    if mentions:
        # "New York, June 23 (Just Earth News): Ban has welcomed ...": a dateline's date is the lead's, as
        # if it hung from the lead's main verb
        anchors = [(found, mentions[0].sent.root) for found in filed] + anchors
    # A date after publication is a target ("trade to double by 2030"), not when a reported event happened;
    # but a deadline is the date its act is set for ("an objective of withdrawal by 31 December").
    past = [
        (found, token)
        for found, token in anchors
        if not _after_publication(found, published) or _yearless_deadline(found, token)
    ]
    happened = [m for m in mentions if m.status in {"asserted", "negated", "reported"}]
    triggers = {m.trigger.i for m in mentions}
    _date_by_proximity(happened, past, triggers)
    _date_by_proximity([m for m in mentions if m not in happened], anchors, triggers)
    _date_from_a_fronted_phrase(happened, past)
    for mention in mentions:
        if _present_act_dated_before(mention, published):
            mention.date = None  # "India condemns the attacks in Tel Aviv on 1st June": the attacks' day
        # A text that says "we" outside quotations is its source's statement, issuer named or not.
        speaking = speaks_for_itself or _first_person_text(doc)
        if mention.date is None and published is not None and _said_now(mention, speaking, issuer):
            mention.date = NormalisedDate(published.isoformat(), "day", "", 0, 0)
            mention.inherited_date = True
        if mention.date is None and mention.status != "hypothetical" and _on_story_day(mention, story_day):
            mention.date = story_day.date
            mention.inherited_date = story_day.date is not None
        if mention.status == "planned" and mention.date is not None and not mention.inherited_date:
            mention.date = (
                None
                if _dates_the_saying(doc, mention)
                else _ahead(mention.date, published, told_by_verb=_told_by_verb(mention.trigger))
            )
    story_day.note(mentions)


def _ahead(found: NormalisedDate, published: date | None, *, told_by_verb: bool) -> NormalisedDate:
    """ "is expected to meet on Monday", "will meet Buhari on August 29": a weekday, or a day without its year,
    of something planned is the coming one; a day without its year only for an act a verb tells ("will bring
    total aid since the invasion of February 24" plans no invasion)."""
    if published is None:
        return found
    if found.precision == "month" and told_by_verb and YEAR.search(found.text) is None:
        # "planning to conduct the exercises in April", written in February: the coming April
        year, month = (int(part) for part in found.value.split("-"))
        if (published.year - year) * 12 + published.month - month > HALF_A_YEAR_IN_MONTHS:
            return replace(found, value=f"{year + 1:04d}-{month:02d}")
        return found
    if found.precision != "day":
        return found
    day = date.fromisoformat(found.value)
    if day >= published:
        return found
    if found.text.lower() in WEEKDAYS:
        return replace(found, value=(day + timedelta(days=7)).isoformat())
    if told_by_verb and YEAR.search(found.text) is None and (published - day).days > HALF_A_YEAR:
        # a day a few weeks past is rather a publication date given late than a plan a year ahead
        coming = _next_year(day)
        return replace(found, value=coming.isoformat()) if coming is not None else found
    return found


def _told_by_verb(trigger: Token) -> bool:
    """The act is a verb's, or the object a verb plans ("planning to conduct their annual exercises")."""
    return trigger.pos_ == "VERB" or (trigger.dep_ == "dobj" and trigger.head.pos_ == "VERB")


HALF_A_YEAR = 183
HALF_A_YEAR_IN_MONTHS = 6


def _next_year(day: date) -> date | None:
    """The same day a year later (none for a 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return None


def _dates_the_saying(doc: Doc, mention: EventMention) -> bool:
    """ "The Kremlin said on Monday that it was ready for talks": the day is when it was said; the talks to come
    have no day yet."""
    token = _date_token(doc, mention.date) if mention.date else None
    if token is None:
        return False
    verb = _attachment(token)
    if verb.lemma_.lower() in STATEMENT_NOUNS:
        # "the DPRK's statement on Tuesday that it intended to conduct a nuclear test": the statement's day,
        # wherever the parser hangs the that-clause
        return verb.i < mention.trigger.i
    return verb.lemma_.lower() in SAY_VERBS and verb in mention.trigger.ancestors


STATEMENT_NOUNS = WORDS["statement_nouns"]


def _deadline(found: NormalisedDate, token: Token, published: date | None) -> NormalisedDate:
    """ "withdrawal by 31 December" in a text of June: a day or month without its year, set as a deadline in a
    sentence not told in the past, is the coming one."""
    if published is None or not _yearless_deadline(found, token):
        return found
    if token.sent.root.tag_ in {"VBD", "VBN"} or found.value >= published.isoformat()[: len(found.value)]:
        return found
    return replace(found, value=f"{int(found.value[:4]) + 1}{found.value[4:]}")


YEAR = re.compile(r"\d{4}|\byear\b", re.IGNORECASE)  # "by 2030", "by July next year": a year is named


def _yearless_deadline(found: NormalisedDate, token: Token) -> bool:
    """ "by 31 December", not "to double trade by 2030": a target year is no date of the act."""
    return _words_before(token, 1) == ["by"] and not YEAR.search(found.text)


def _words_before(token: Token, count: int) -> list[str]:
    """The `count` words before the phrase `token` heads ("by", "as of")."""
    start = min(t.i for t in token.subtree)
    return [t.lower_ for t in token.doc[max(start - count, 0) : start]]


def _after_publication(found: NormalisedDate, published: date | None) -> bool:
    return published is not None and found.value > published.isoformat()[: len(found.value)]


def _date_by_proximity(
    mentions: list[EventMention], anchors: list[tuple[NormalisedDate, Token]], triggers: set[int]
) -> None:
    """Closest pairs first, each date and each event used once ("In May, clashes ..., while an incident
    in September saw ... a shootout"), then dates of the clause an event hangs in; a date inside the phrase of
    another event of the sentence is that event's ("condemned the arrest of officials on 24 May")."""
    datable = [m for m in mentions if m.status != "hypothetical"]  # only considered: no date of its own
    pairs = sorted(
        (
            (tree_distance(token, m.trigger), index, found, m)
            for index, (found, token) in enumerate(anchors)
            for m in datable
            if dates_event(token, m.trigger, spoken=not m.event_class.incident)
            and not _inside_another(token, m.trigger, triggers)
        ),
        key=lambda pair: (pair[0], pair[1]),
    )
    used: set[int] = set()
    for distance, index, found, mention in pairs:
        # A date far up or down the tree belongs to another clause ("the aftermath of incidents in May").
        if index in used or mention.date is not None or distance[0] > 6:
            continue
        mention.date = found
        used.add(index)
    for mention in datable:
        if mention.date is None:
            mention.date = next(
                (
                    found
                    for found, token in anchors
                    if _attachment(token) in ancestors(mention.trigger, inclusive=True)
                    and dates_event(token, mention.trigger, spoken=not mention.event_class.incident)
                    and not _inside_another(token, mention.trigger, triggers)
                ),
                None,
            )


def _date_from_a_fronted_phrase(
    mentions: list[EventMention], anchors: list[tuple[NormalisedDate, Token]]
) -> None:
    """ "On July 24, in another unusual incident that may or may not be related, the chief prosecutor ... was
    injured in a car bombing": when the parser finds no verb at the root, the tree links no date to any event;
    the sentence's one date, fronted before a comma, is then the day of what the sentence tells."""
    if not mentions or len(anchors) != 1:
        return
    found, token = anchors[0]
    sent = mentions[0].sent
    if sent.root.pos_ in {"VERB", "AUX"} or not _fronted(token, sent):
        return
    for mention in mentions:
        if mention.date is None:
            mention.date = found


def _fronted(token: Token, sent: Span) -> bool:
    """The date phrase opens the sentence and a comma closes it ("On July 24,", "Last Monday,")."""
    comma = next((t for t in sent if t.text == ","), None)
    return comma is not None and token.i < comma.i and comma.i - sent.start <= 5


def _inside_another(date_token: Token, trigger: Token, triggers: set[int]) -> bool:
    """The date phrase hangs below another event's word, itself below `trigger`: an event of the sentence, or a
    noun that names one ("condemned the arrest of officials on 24 May": the arrest's date)."""
    between = [t for t in date_token.ancestors if t != trigger and trigger in t.ancestors]
    return any(
        t.i in triggers or (t.pos_ == "NOUN" and ("noun", t.lemma_.lower()) in WORD_RULES) for t in between
    )


def _cutoff(token: Token) -> bool:
    """ "As of 31 October, 52 states have recognised ...": the day a tally stands at, not when its acts happened."""
    return _words_before(token, 2) == ["as", "of"]


def _count_frame(token: Token) -> bool:
    """ "its fifth ballistic missile launch this year": the period an ordinal counts in, not the act's day."""
    if (
        token.lemma_.lower() not in {"year", "month", "week"}
        or token.i < 2
        or token.nbor(-1).lower_ != "this"
    ):
        return False
    counted = token.nbor(-2)
    return counted.pos_ == "NOUN" and any(t.ent_type_ == "ORDINAL" for t in counted.subtree)


def _date_token(doc: Doc, found: NormalisedDate) -> Token | None:
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    return span.root if span is not None else None


def _said_now(mention: EventMention, speaks_for_itself: bool, issuer: Referent | None) -> bool:
    """An act of words by the source on the day it speaks: in the present tense ("condemns", "We call on"), or
    in the past tense by the issuer of its own statement ("The members of the Council condemned")."""
    trigger = mention.trigger
    verb_group = _verb_group(trigger)
    # "we will support": the pledge is made as it is said; "will continue to support": it goes on now
    pledged = mention.type == "Pledge" or any(token.lemma_ == "continue" for token in verb_group)
    first_person = any(
        c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in {"we", "i"} for t in verb_group for c in t.children
    )
    # "I want to thank our Omani friends": the speaker thanks them in saying so
    wished = mention.status == "planned" and first_person and any(t.lemma_ in WISH_VERBS for t in verb_group)
    if (
        mention.event_class.incident
        or _before_another(verb_group)
        or not (mention.status in {"asserted", "negated"} or pledged or wished)
    ):
        return False
    if pledged or any(
        token.tag_ in PRESENT_TAGS or token.lower_ in OBLIGATION_MODALS for token in verb_group
    ):
        return first_person or (speaks_for_itself and not _said_of_another(mention, issuer))
    past = any(token.tag_ == "VBD" for token in verb_group)
    return past and speaks_for_itself and issuer is not None and issuer in mention.actors


def ongoing_since_long_ago(mention: EventMention, doc: Doc, published: date | None) -> bool:
    """ "The PKK has been fighting against Turkish forces since 1984": a state of things that has gone on for
    years, background, not an event of the story ("at war since November 2020" names when the war began)."""
    found = mention.date
    if published is None or found is None or found.precision != "year" or mention.inherited_date:
        return False
    if not doc.text[max(0, found.start - 6) : found.start].lower().endswith("since "):
        return False
    return published.year - int(found.value[:4]) >= 2


def _present_act_dated_before(mention: EventMention, published: date | None) -> bool:
    """An act in the simple present ("condemns", "calls upon") happens as the text speaks: a day well before
    publication that the parse hangs on it is another act's."""
    found = mention.date
    if (
        published is None
        or found is None
        or found.precision != "day"
        or mention.trigger.tag_ not in PRESENT_TAGS
    ):
        return False
    return (published - date.fromisoformat(found.value)).days > 1


def _first_person_text(doc: Doc) -> bool:
    """The text says "we" or "our" outside quotation marks (found once a doc: this runs for every sentence)."""
    if "first_person_text" not in doc.user_data:
        doc.user_data["first_person_text"] = _says_we(doc)
    return bool(doc.user_data["first_person_text"])


def _says_we(doc: Doc) -> bool:
    quoted = {i for start, end in quotations(doc) for i in range(start, end)}
    # "US" is the country
    return any(
        (token.lower_ in {"we", "our"} or token.text == "us") and token.i not in quoted for token in doc
    )


PRESENT_TAGS = {"VBZ", "VBP"}
WISH_VERBS = {"want", "wish", "like"}
# "Kosovo and Serbia must find solutions", in the EU's statement: the statement demands it as it speaks.
OBLIGATION_MODALS = {"must", "should"}


def _said_of_another(mention: EventMention, issuer: Referent | None) -> bool:
    """ "The Government of Cuba denies ..." in a US statement: a present tense that describes another state or
    body, not the issuer speaking (its officials, persons, may speak for it)."""
    actors = mention.actors
    return (
        issuer is not None
        and bool(actors)
        and issuer not in actors
        and all(a.type != "Person" for a in actors)
    )


def _before_another(verb_group: list[Token]) -> bool:
    """ "who had threatened to block": the past perfect puts an act before the one the story tells."""
    return any(token.lower_ == "had" and token.dep_ == "aux" for token in verb_group)


def _after_another(verb_group: list[Token]) -> bool:
    """ "The two sides later agreed": an act after the story's day, on a day the text does not give."""
    return any(c.dep_ == "advmod" and c.lower_ in LATER_WORDS for t in verb_group for c in t.children)


LATER_WORDS = {"later", "afterwards", "subsequently", "since"}


def _verb_group(trigger: Token) -> list[Token]:
    """The trigger, its auxiliaries, and the verbs it completes or shares a subject with ("is revoking", "does
    not recognise", "continues to support", "remain committed to supporting", "reiterates his call", "remain
    convinced ... and reiterate")."""
    group = [trigger]
    head = trigger
    if trigger.pos_ == "NOUN" and trigger.dep_ == "dobj":
        head = trigger.head
        group.append(head)
    if head.dep_ == "conj" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in head.children):
        head = head.head  # "We remain convinced ... and reiterate our support": one subject, one tense
        group.append(head)
    while head.dep_ in {"xcomp", "pcomp", "acomp"} and head.head is not head and len(group) < 4:
        head = head.head if head.dep_ != "pcomp" else head.head.head
        group.append(head)
    return group + [c for t in group for c in t.children if c.dep_ in {"aux", "auxpass"}]


def _on_story_day(mention: EventMention, story_day: StoryDay) -> bool:
    """Statements and meetings by the participants of the story's day ("He assured his hosts"), or at an
    occasion the story already told of, named again ("Speaking at the ceremony", "told the council", "After
    talks with"), happened on that day; incidents and deployments keep only a date the text gives them."""
    if mention.event_class.incident or mention.type == "Deployment":
        return False
    verb_group = _verb_group(mention.trigger)
    if _before_another(verb_group) or _after_another(verb_group):
        return False
    # "He assured his hosts", not "is expected to join" nor "will travel to Niamey, the ministry said"
    told_then = mention.sent.root.tag_ == "VBD" and mention.status != "planned"
    # a named occasion still to come ("will participate in the Presidential Meeting") is not the story's day
    return (told_then and bool(story_day.actors & set(mention.actors))) or any(
        _names_occasion(t)
        and (t.pos_ == "NOUN" or mention.status != "planned")
        and not _purpose_ahead(t, mention)
        for t in mention.sent
    )


def _purpose_ahead(occasion: Token, mention: EventMention) -> bool:
    """ "will travel to Niamey next week for talks": talks a planned trip is for are still to come."""
    return mention.status == "planned" and occasion.head.lower_ == "for"


def incident_of_the_story(mention: EventMention) -> bool:
    """ "Another police station was also targeted", "The patrol was attacked while ...": an incident told in the
    simple past with no date of its own, in a story whose lead gave its day, happened on that day; one told in
    the past perfect or the present perfect ("had attacked", "has carried out attacks") is background."""
    if not mention.event_class.incident or mention.status not in {"asserted", "reported"}:
        return False
    trigger = mention.trigger
    # "the spokesman said three rebels were killed in the clash": the story's clash, whoever tells of it
    told_back = trigger.tag_ == "NN" and any(c.lower_ in DEFINITE_ARTICLES for c in trigger.children)
    verb_group = _verb_group(trigger)
    if trigger.pos_ == "NOUN":
        verb = trigger.head
        if told_back and trigger.dep_ == "pobj" and verb.dep_ == "prep":
            verb = verb.head  # "were killed in the clash": the verb the noun's phrase hangs on
        verb_group = _verb_group(verb) if verb.pos_ in {"VERB", "AUX"} else []
    if _before_another(verb_group) or _after_another(verb_group):
        return False
    perfect = any(t.lower_ in {"has", "have"} and t.dep_ in {"aux", "auxpass"} for t in verb_group)
    if perfect or not any(t.tag_ == "VBD" for t in verb_group):
        return False
    if mention.sent.root.lemma_.lower() in SAY_VERBS and mention.sent.root is not trigger and not told_back:
        return False
    return not (
        TIME_WORDS.search(mention.sent.text)  # "Last week ...", "in the 1990s", "on October 8": its own time
        or any(c.lower_ in HABITUAL_WORDS for t in verb_group for c in t.children)  # "twice invaded"
        or any(_in_time_clause(t) for t in verb_group)  # "When Putin launched his war ..."
        or any(
            t.lemma_.lower() in CHARGING_VERBS for t in mention.trigger.ancestors
        )  # "accused X of shelling"
    )


DEFINITE_ARTICLES = {"the", "this", "that"}

# Verbs whose clause tells what someone is charged with, not what the story saw happen.
CHARGING_VERBS = {"accuse", "blame", "allege", "deny", "charge", "claim", "suspect"}


# Words that place a sentence in a time of its own, which the parse did not give its event.
TIME_WORDS = re.compile(
    r"\b(?:1[89]\d\d|20\d\d|\d{4}s|week|month|year|decade|century|ago|earlier|previously|formerly|once|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|night|morning|evening)\b",
    re.IGNORECASE,
)
HABITUAL_WORDS = {"twice", "often", "repeatedly", "frequently", "regularly", "again", "usually"}


def _in_time_clause(token: Token) -> bool:
    """ "When Putin launched his war", "before the army moved in": an adverbial clause of time."""
    return token.dep_ == "advcl" and any(
        c.dep_ in {"advmod", "mark"} and c.lower_ in TIME_CONJUNCTIONS for c in token.children
    )


TIME_CONJUNCTIONS = {"when", "since", "before", "until"}


def _names_occasion(token: Token) -> bool:
    """ "at the ceremony", "his hosts", "after talks", "told the council"; "The talks ... have been going on for
    years" are the subject, not an occasion the act is placed at."""
    if token.lemma_.lower() not in OCCASION_NOUNS or token.dep_ not in {"pobj", "dobj", "dative"}:
        return False
    # "at the end of the Extraordinary Summit of the ECOWAS Authority": a named occasion is one too, but a
    # named council is a body
    named = token.pos_ == "PROPN" and token.lemma_.lower() != "council"
    return (token.pos_ == "NOUN" and not token.ent_type_) or named


def _attachment(token: Token) -> Token:
    """The word a date phrase hangs on ("arrived [on Sunday]" -> arrived, "[One year ago], the military seized",
    "ended [on Tuesday evening]")."""
    while token.dep_ in {"pobj", "compound", "advmod", "npadvmod"} and token.head is not token:
        token = token.head
    if token.dep_ == "prep":
        token = token.head
    return token
