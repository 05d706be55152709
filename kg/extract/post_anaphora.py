"""People the text names again by a title or a surname alone. "The Minister said", "the foreign minister said":
the one person named earlier in the text who held a post of that title on the article's date. "Ms Wong": the one
person of that surname who held a post, on the date, in a state or organisation the text names. A title or
surname that fits two people stays unlinked."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from datetime import date

from kg.extract.home_posts import POST_NAMES, TITLE_SPELLINGS
from kg.gazetteer import GazEntry, Gazetteer
from kg.names import fold_name

# A title alone after "the", in either case, as news writes it ("the Minister", "the foreign minister",
# "The Secretary reaffirmed": a readout's Secretary of Defense; not "the Secretary-General", whose holder is an
# organisation's by `linking`).
BARE_TITLE = re.compile(
    r"\b[Tt]he\s+(?P<title>(?:[Pp]rime |[Ff]oreign |[Dd]efen[cs]e )?[Mm]inister|[Pp]resident|[Ff]oreign [Ss]ecretary|"
    r"[Mm]inister (?:for|of) (?:[Ff]oreign [Aa]ffairs|[Dd]efen[cs]e)|[Ss]ecretary(?![- ][Gg]eneral)|[Cc]hairperson|"
    r"[Hh]igh [Cc]ommissioner|[Hh]igh [Rr]epresentative|[Ss]pecial [Ee]nvoy|[Ss]pecial [Rr]epresentative|"
    r"[Cc]hancellor|[Pp]remier)\b"
)
# The first word of a post's name that makes it another post than a minister's ("Prime Minister", "Deputy
# Minister", "Chief Minister").
NOT_A_MINISTERS_POST = frozenset(
    {"prime", "deputy", "vice", "first", "chief", "state", "vice-prime", "second"}
)


def title_key(title: str) -> str:
    """The key of a title: "minister" for a minister of any portfolio, else the keys of `home_posts`."""
    key = " ".join(title.lower().split())
    return TITLE_SPELLINGS.get(key, key)


def holds_titled_post(gazetteer: Gazetteer, person_qid: str, key: str, at: date) -> bool:
    """Whether the person held, on `at`, a post the title names (a term the files leave open counts)."""
    return any(
        _names_post(key, post.position) for post in gazetteer.posts_of(person_qid, at=at, open_ended=True)
    )


def _names_post(key: str, position: str) -> bool:
    if key == "minister":
        words = fold_name(position).split()
        return "minister" in words[:2] and words[0] not in NOT_A_MINISTERS_POST
    if key in POST_NAMES:
        return position.startswith(POST_NAMES[key])
    # any other title: a post whose name starts with it ("Secretary of Defence of the United States"), but not
    # the Secretary-General's
    folded = fold_name(position).replace("-", " ")
    return folded.startswith(f"{key} ") and not folded.startswith("secretary general")


def one_titled_person(gazetteer: Gazetteer, people: Iterable[str], key: str, at: date) -> str | None:
    """The one person among `people` (QIDs) who held a post the title names on `at`."""
    holders = {qid for qid in people if holds_titled_post(gazetteer, qid, key, at)}
    return holders.pop() if len(holders) == 1 else None


def surname_in_named_bodies(
    gazetteer: Gazetteer, surname: str, *, at: date, named: Collection[str]
) -> GazEntry | None:
    """The one person of that surname who held a post, on `at`, in a state or organisation among `named`."""
    people = {
        person.id: person
        for person in gazetteer.surname_index().get(fold_name(surname), ())
        if person.qid
        and any(
            post.organization_or_state_qid in named
            for post in gazetteer.posts_of(person.qid, at=at, open_ended=True)
        )
    }
    return next(iter(people.values())) if len(people) == 1 else None
