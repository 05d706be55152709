"""A post named by its bare title ("the Prime Minister", "the President", a "Foreign Minister" author line):
the one person who held it on the article's date in the text's home state or organisation. The home is the
body that issued the text, else the state of its dateline, else the one state the text names; without one, the
title stays unlinked, as a wrong holder is worse than none."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

from kg.gazetteer import GazEntry, Gazetteer

# Dateline cities that host international bodies: a story filed there is as often the body's as the state's.
ORGANISATION_SEATS = frozenset(
    {"Geneva", "New York", "New York City", "Brussels", "Vienna", "The Hague", "Strasbourg", "Luxembourg"}
)
# Words of a text that speaks for a body it need not name ("we condemn"): the one state it names is then
# likelier its subject than its home.
FIRST_PERSON_PLURAL = frozenset({"we", "our", "us", "ours"})

# Titles of posts every state has once; each with the words its holders' post names start with in the reference
# files ("Prime Minister of Australia", "Minister for Foreign Affairs of New Zealand").
POST_NAMES = {
    "president": ("President of",),
    "president of the republic": ("President of",),
    "prime minister": ("Prime Minister of",),
    "foreign minister": (
        "Minister of Foreign Affairs",
        "Minister for Foreign Affairs",
        "Foreign Minister",
        "Federal Minister of Foreign Affairs",
        "Secretary of Foreign Affairs",
        "Secretary for Foreign Affairs",
        # India's and a few others' foreign ministers (Brazil's, Angola's "External Relations")
        "Minister of External Affairs",
        "Minister for External Affairs",
        "Minister of External Relations",
    ),
    "foreign secretary": ("Secretary of State for Foreign",),
    "defence minister": ("Minister of Defence", "Minister for Defence", "Defence Minister"),
    "secretary-general": ("Secretary-General", "Secretary General"),
}
# The spellings of a title that name the same post.
TITLE_SPELLINGS = {
    "minister for foreign affairs": "foreign minister",
    "minister of foreign affairs": "foreign minister",
    "minister for defence": "defence minister",
    "minister of defence": "defence minister",
    "defense minister": "defence minister",
    "minister for defense": "defence minister",
    "minister of defense": "defence minister",
    "secretary general": "secretary-general",
}
# Any other minister by portfolio ("Minister for Trade and Tourism", "Minister of Home Affairs"): the post of
# that name in the home state.
_PORTFOLIO = r"Minister (?:for|of) (?:the )?[A-Z][a-z]+(?:(?: and (?:the )?|, | )[A-Z][a-z]+)*"
_TITLES = (
    r"President of the Republic|President|Prime Minister|Foreign Minister|Foreign Secretary|Defence Minister|"
    rf"Minister (?:for|of) (?:Foreign Affairs|Defence)\b|Secretary[- ]General|{_PORTFOLIO}"
)
# The key of a portfolio title: "minister:" and the portfolio ("minister:trade and tourism").
PORTFOLIO_KEY = "minister:"
# Capitalised after "the", as a post is written; "the Vice President" or "the former President" do not match, a
# transition's holder does ("the transitional President of the Republic").
BARE_POST = re.compile(rf"\b[Tt]he\s+(?:(?:transitional|interim)\s+)?(?P<title>{_TITLES})\b")
# A post listed after another ("the President of the Republic, Prime Minister and other officials").
NEXT_POST = re.compile(rf"^(?:\s+of\s+the\s+Republic)?(?:\s*,\s*|\s+and\s+)(?:the\s+)?(?P<title>{_TITLES})\b")
# How long after a term's end a text may still speak of its holder by the title, when the text dates what it
# reports inside the term ("the arrest of the Prime Minister ... on 24 May", published two days after his term).
RECENT_EVENT_DAYS = 31
# In a head line, a title after nothing but a list word: a release's authors ("Foreign Minister", "Joint
# statement: Prime Minister, Minister for Foreign Affairs"); not "Indian Prime Minister", "Vice President".
HEAD_POST = re.compile(rf"(?:^|[,:;(|]|\b(?:and|by|from|of|the|Hon\.?))\s*(?P<title>{_TITLES})\b")


def bare_posts(text: str, head_lines: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    """(start, end, title key) of each bare post title in the text, author lines included."""
    for match in BARE_POST.finditer(text):
        yield match.start("title"), match.end("title"), _title_key(match.group("title"))
        end = match.end()
        while (listed := NEXT_POST.match(text[end:])) is not None:
            yield end + listed.start("title"), end + listed.end("title"), _title_key(listed.group("title"))
            end += listed.end()
    for start, end in head_lines:
        for match in HEAD_POST.finditer(text[start:end]):
            title = match.group("title")
            yield start + match.start("title"), start + match.end("title"), _title_key(title)


def _title_key(title: str) -> str:
    key = " ".join(title.lower().split())
    key = TITLE_SPELLINGS.get(key, key)
    if key in POST_NAMES:
        return key
    # "minister for trade and tourism" -> "minister:trade and tourism"
    return PORTFOLIO_KEY + re.sub(r"^minister (?:for|of) (?:the )?", "", key)


def home_body(
    gazetteer: Gazetteer,
    *,
    issuer_qid: str | None,
    head_people: Iterable[str],
    dateline_state_qid: str | None,
    states_named: Iterable[str],
    at: date,
    government_state_qids: Iterable[str] = (),
) -> str | None:
    """The QID of the state or organisation the text speaks for or from, when one is clear: its issuer; else
    the body the people of its head lines serve, its dateline's state and the states whose government it speaks
    as (`home_signals`), when they agree; else the one state it names."""
    if issuer_qid is not None:
        issuer = gazetteer.by_qid(issuer_qid)
        return _served_body(gazetteer, [issuer_qid], at) if issuer and issuer.type == "Person" else issuer_qid
    people = list(head_people)
    signals = {_served_body(gazetteer, people, at) if people else None, dateline_state_qid} - {None}
    signals |= set(government_state_qids)
    if signals:
        return signals.pop() if len(signals) == 1 else None
    states = set(states_named)
    return states.pop() if len(states) == 1 else None


def _served_body(gazetteer: Gazetteer, people: list[str], at: date) -> str | None:
    """The one state or organisation in which the people held posts on `at`."""
    # A term the reference files leave open counts: the body someone serves is what is asked, not the post.
    bodies = {
        post.organization_or_state_qid
        for qid in people
        for post in gazetteer.posts_of(qid, at=at, open_ended=True)
    }
    return bodies.pop() if len(bodies) == 1 else None


def _names_the_post(title: str, position: str) -> bool:
    if not title.startswith(PORTFOLIO_KEY):
        return position.startswith(POST_NAMES[title])
    portfolio = title.removeprefix(PORTFOLIO_KEY)
    # the whole portfolio: "Minister for Trade" is not the "Minister for Trade and Tourism"
    folded = " ".join(position.casefold().split())
    return any(
        folded == name or folded.startswith(f"{name} of ")
        for name in (f"minister {word} {the}{portfolio}" for word in ("for", "of") for the in ("", "the "))
    )


def post_holder(gazetteer: Gazetteer, *, body_qid: str, title: str, at: date) -> GazEntry | None:
    """The one person holding, on `at`, the post `title` names in the body; None when none or several do."""
    people = {
        post.person_qid
        for post in gazetteer.holders(org_qid=body_qid, at=at)
        if _names_the_post(title, post.position)
    }
    return gazetteer.by_qid(people.pop()) if len(people) == 1 else None


def recent_event_days(days: Iterable[date], *, published: date) -> list[date]:
    """The days shortly before publication among those a sentence dates its events on."""
    return [day for day in days if 0 < (published - day).days <= RECENT_EVENT_DAYS]


def post_holder_on_days(
    gazetteer: Gazetteer, *, body_qid: str, title: str, days: Iterable[date]
) -> GazEntry | None:
    """The one person holding the post on every one of the days; on a day the post changed hands two held it,
    and nobody is returned."""
    holders = {post_holder(gazetteer, body_qid=body_qid, title=title, at=day) for day in days}
    return holders.pop() if len(holders) == 1 else None
