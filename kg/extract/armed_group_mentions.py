"""A one-word name of an armed group that the statistical NER misses or takes for a person or a people ("Houthi
rebels fired a missile"): linked only where the sentence treats the name as a group's, and only when the gazetteer
gives that name to one armed group and to nothing else.

What says "a group" is a noun for the group's members right after the name ("Houthi rebels", "Taliban fighters").
The definite article alone ("the Houthis said", which the small model calls a PERSON) is not enough: it linked one
name more than the gold of a held-out real-text set holds (issue #14), so such mentions stay unlinked.
An abbreviation never links this way: it keeps its own rule (the article spells the group out).
"""

from __future__ import annotations

from spacy.tokens import Span

from kg.gazetteer import GazEntry, Gazetteer, is_abbreviation

# Nouns for a group's members or units that, right after a name, make the name a group's ("Houthi rebels").
MEMBER_NOUNS = frozenset(
    "rebels fighters militants militia militias militiamen insurgents gunmen guerrillas forces".split()
)


def armed_group_in_context(gazetteer: Gazetteer, span: Span) -> GazEntry | None:
    """The one armed group the gazetteer knows by the span's one-word name, where the words around it say group."""
    name = span.text
    if len(name.split()) != 1 or is_abbreviation(name) or not name[:1].isupper():
        return None
    entries = gazetteer.lookup(name)
    if len(entries) != 1 or entries[0].type != "ArmedGroup":
        return None  # a name other entries share ("Fano", a town too) or no group's name
    return entries[0] if said_to_be_a_group(span) else None


def said_to_be_a_group(span: Span) -> bool:
    """A noun for the group's members follows the name ("Houthi rebels", "Taliban fighters")."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ in MEMBER_NOUNS
