"""When an event happened: the dates of its sentence, nearest in the parse first, else the story's own day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from spacy.tokens import Doc, Token

from kg.extract.events.mention import EventMention
from kg.extract.spans import ancestors, same_clause, tree_distance
from kg.extract.temporal import NormalisedDate

WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


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
    published: date | None,
    news_day: NormalisedDate | None,
    speaks_for_itself: bool = False,
) -> None:
    """Date the sentence's events from its `dates`; past acts without one happened on the `news_day`, and
    what the source itself says in the present tense ("We condemn", "The EU calls on") on the day it says it:
    the publication date, in a text issued by the body that speaks or with a first-person speaker."""
    anchors = [(found, token) for found in dates if (token := _date_token(doc, found)) is not None]
    # A date after publication is a target ("trade to double by 2030"), not when a reported event happened.
    past = [(found, token) for found, token in anchors if not _after_publication(found, published)]
    happened = [m for m in mentions if m.status in {"asserted", "negated", "reported"}]
    _date_by_proximity(happened, past)
    _date_by_proximity([m for m in mentions if m not in happened], anchors)
    for mention in mentions:
        if mention.date is None and published is not None and _said_now(mention, speaks_for_itself):
            mention.date = NormalisedDate(published.isoformat(), "day", "", 0, 0)
            mention.inherited_date = True
        if mention.date is None and mention.status != "hypothetical" and _inherits_news_date(mention):
            mention.date = news_day
            mention.inherited_date = news_day is not None
        if mention.status == "planned" and mention.date is not None:
            mention.date = _ahead(mention.date, published)


def _ahead(found: NormalisedDate, published: date | None) -> NormalisedDate:
    """ "is expected to meet on Monday": a weekday of something planned is the coming one."""
    if published is None or found.precision != "day" or found.text.lower() not in WEEKDAYS:
        return found
    day = date.fromisoformat(found.value)
    if day >= published:
        return found
    return replace(found, value=(day + timedelta(days=7)).isoformat())


def _after_publication(found: NormalisedDate, published: date | None) -> bool:
    return published is not None and found.value > published.isoformat()[: len(found.value)]


def _date_by_proximity(mentions: list[EventMention], anchors: list[tuple[NormalisedDate, Token]]) -> None:
    """Closest pairs first, each date and each event used once ("In May, clashes ..., while an incident
    in September saw ... a shootout"), then dates of the clause an event hangs in."""
    datable = [m for m in mentions if m.status != "hypothetical"]  # only considered: no date of its own
    pairs = sorted(
        (
            (tree_distance(token, m.trigger), index, found, m)
            for index, (found, token) in enumerate(anchors)
            for m in datable
            if same_clause(token, m.trigger)
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
                ),
                None,
            )


def _date_token(doc: Doc, found: NormalisedDate) -> Token | None:
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    return span.root if span is not None else None


def _said_now(mention: EventMention, speaks_for_itself: bool) -> bool:
    """A present-tense act of words by the source ("condemns", "We call on"): not an incident, asserted."""
    trigger = mention.trigger
    verb_group = _verb_group(trigger)
    # "we will support": the pledge is made as it is said; "will continue to support": it goes on now
    pledged = mention.type == "Pledge" or any(token.lemma_ == "continue" for token in verb_group)
    if mention.event_class.incident or not (mention.status == "asserted" or pledged):
        return False
    if not pledged and not any(token.tag_ in PRESENT_TAGS for token in verb_group):
        return False
    first_person = any(
        c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in {"we", "i"} for t in verb_group for c in t.children
    )
    return first_person or speaks_for_itself


PRESENT_TAGS = {"VBZ", "VBP"}


def _verb_group(trigger: Token) -> list[Token]:
    """The trigger, its auxiliaries, and the verbs it completes ("is revoking", "does not recognise",
    "continues to support", "remain committed to supporting")."""
    group = [trigger]
    head = trigger
    while head.dep_ in {"xcomp", "pcomp", "acomp"} and head.head is not head and len(group) < 4:
        head = head.head if head.dep_ != "pcomp" else head.head.head
        group.append(head)
    return group + [c for t in group for c in t.children if c.dep_ in {"aux", "auxpass"}]


def _inherits_news_date(mention: EventMention) -> bool:
    """Statements, meetings and other acts reported in the past tense happened on the story's day; incidents
    and deployments keep only a date the text gives them."""
    if mention.event_class.incident or mention.type == "Deployment":
        return False
    return mention.trigger.tag_ in {"VBD", "NN", "NNS", "VBG", "VBN"}


def _attachment(token: Token) -> Token:
    """The word a date phrase hangs on ("arrived [on Sunday]" -> arrived)."""
    if token.dep_ in {"pobj", "compound"}:
        token = token.head
    if token.dep_ == "prep":
        token = token.head
    return token
