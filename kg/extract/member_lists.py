"""Members named in a list after their organisation: "the Arctic Council founding states -- Canada, Finland and
Norway", "EU member states Hungary and Slovakia", "NATO allies, Poland, Latvia and Lithuania".

Read on the token sequence rather than the parse: the parser often cuts such a list off at a dash and makes it a
sentence of its own, so the relation finder never sees it hang on the noun."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract import lexicon
from kg.extract.linking import Link, Referent
from kg.facts import ORGANISATION_TYPES, STATE_TYPES

LIST_NOUNS = lexicon.WORDS["member_list_nouns"]
LIST_MODIFIERS = lexicon.WORDS["member_list_modifiers"]
# What may open the list after the noun, and what may stand between two of its members.
OPENERS = {"--", "—", "–", ":", ",", "(", "including"}
SEPARATORS = {",", "and", "the", "as", "well", "including"}


def listed_members(doc: Doc, links: list[Link]) -> list[tuple[Referent, Referent, int]]:
    """(member state, organisation, token index of the organisation) for each state of such a list."""
    by_start = {link.start: link for link in links}
    found: list[tuple[Referent, Referent, int]] = []
    for link in links:
        if link.referent.type not in ORGANISATION_TYPES:
            continue
        noun = _list_noun(doc, link.end)
        if noun is None:
            continue
        members = _states_after(doc, noun + 1, by_start)
        found.extend((member, link.referent, link.start) for member in members)
    return found


def _list_noun(doc: Doc, i: int) -> int | None:
    """The index of "states" in "<organisation>['s] [founding] states", or None."""
    if i < len(doc) and doc[i].text in {"'s", "’s"}:
        i += 1
    while i < len(doc) and doc[i].lower_ in LIST_MODIFIERS and doc[i].lemma_.lower() not in LIST_NOUNS:
        i += 1
    if i < len(doc) and doc[i].lemma_.lower() in LIST_NOUNS and doc[i].tag_ in {"NNS", "NNPS"}:
        return i
    # "member states": the modifier itself is one of the nouns
    if i + 1 < len(doc) and doc[i].lower_ == "member" and doc[i + 1].lemma_.lower() in LIST_NOUNS:
        return i + 1
    return None


def _states_after(doc: Doc, i: int, by_start: dict[int, Link]) -> list[Referent]:
    """The states of the run of names that follows; a single name after a comma is no list ("NATO states,
    Russia said") and gives none."""
    opened_by = None
    if i < len(doc) and doc[i].lower_ in OPENERS:
        opened_by = doc[i].lower_
        i += 1
    states: list[Referent] = []
    while i < len(doc):
        link = by_start.get(i)
        if link is not None and link.actor.type in STATE_TYPES:
            states.append(link.actor)
            i = link.end
        elif doc[i].lower_ in SEPARATORS and states or doc[i].lower_ == "the":
            i += 1
        else:
            break
    if opened_by == "," and len(states) < 2:
        return []
    return states
