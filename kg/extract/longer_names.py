"""A known name that is only part of a longer name: "Islamic State West Africa Province", "Geneva International
Discussions", "HMNZS Wellington", "the U.N. Security Council", "the Geneva process".

The longer name denotes another entity (a branch, a body, a ship, a negotiating format), which the gazetteer does
not hold or holds under its own name; the parent's QID on it would be wrong, so the linker leaves the part
unlinked (or lets the body's own name carry the link).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

# Capitalised words after an organisation's or a city's name that do not make a longer name of it: titles and
# the people and documents of the organisation itself ("NATO Secretary General", "UN Security Council
# Resolutions").
NAME_NEIGHBOURS = frozenset(
    "president prime minister secretary secretary-general general chancellor chief head vice deputy high "
    "representative commissioner speaker ambassador envoy special spokesman spokeswoman spokesperson rapporteur "
    "police army government governor mayor authorities authority forces force military parliament ministry "
    "administration officials official residents people member members states allies leaders leader summit "
    "troops peacekeepers headquarters resolution resolutions charter report statement mandate sanctions decision "
    "decisions today city".split()  # "Ho Chi Minh City" is the city "Ho Chi Minh"
)
# Nouns after a city that name a negotiating format or a document, not the place ("the Minsk agreements").
FORMAT_NOUNS = frozenset(
    "process format agreement accord convention protocol declaration communique communiqué memorandum formula "
    "framework".split()
)
# Prefixes of warships' names ("HMNZS Wellington", "USS Cole"): the ship, not the city or state.
SHIP_PREFIXES = frozenset(
    "HMS HMNZS HMAS HMCS USS USNS INS ROKS JS TCG HNLMS HDMS HNoMS HSwMS ARA BNS".split()
)
# Words that make a name opened by a state's name or adjective a movement's, a party's or a monitor's, not an
# organ of that state ("Syrian Democratic Forces", "Sudan Revolutionary Front", "Syrian Observatory for Human
# Rights"); an army or a police force without them stays the state's ("Afghan National Army").
MOVEMENT_WORDS = frozenset(
    "democratic revolutionary patriotic resistance observatory socialist communist salvation opposition jihad "
    "rebel rebels insurgent insurgents".split()
)
ARMED_NAME_WORDS = frozenset("forces army front brigade brigades units militia jihad".split())
# A line whose words are mostly capitalised is a headline: its capitals mark no names.
HEADLINE_SHARE = 0.7


def longer_name_end(span: Span, *, armed_group: bool = False) -> int | None:
    """Where the longer name that `span` starts ends (a token index), or None when the name stands alone.

    The name runs on over capitalised words that are no title or part of the organisation ("Islamic State
    Khorasan Province"); an armed group's name also over "in the" and a capitalised name ("Islamic State in the
    Greater Sahara", "al-Qaeda in the Arabian Peninsula"), the way its branches are called."""
    doc = span.doc
    if span.end >= len(doc) or _in_headline(span):
        return None
    after = doc[span.end]
    if _name_word(after) and (after.lower_ not in NAME_NEIGHBOURS or _hyphened_on(after)):
        return _capitalised_run_end(doc, span.end)
    if armed_group and span.end + 2 < len(doc) and after.lower_ == "in" and doc[span.end + 1].lower_ == "the":
        if _name_word(doc[span.end + 2]):
            return _capitalised_run_end(doc, span.end + 2)
    return None


def movement_name_end(span: Span) -> int | None:
    """Where a movement's name that a state's name or adjective opens ends ("Syrian Democratic Forces"), or None
    when the capitalised words after it have no word of a movement (`MOVEMENT_WORDS`)."""
    doc = span.doc
    if span.end >= len(doc) or _in_headline(span) or not _name_word(doc[span.end]):
        return None
    end = _capitalised_run_end(doc, span.end)
    if end < len(doc) - 1 and doc[end].lower_ == "for" and _name_word(doc[end + 1]):
        end = _capitalised_run_end(doc, end + 1)  # "Syrian Observatory for Human Rights"
    words = {token.lower_ for token in doc[span.end : end]}
    return end if words & MOVEMENT_WORDS else None


def armed_name(span: Span) -> bool:
    return any(token.lower_ in ARMED_NAME_WORDS for token in span)


def names_a_format(span: Span) -> bool:
    """A city naming a negotiating format or document ("the Geneva process", "the Minsk agreements")."""
    root = span.root
    return root.dep_ == "compound" and root.head.lemma_.lower() in FORMAT_NOUNS and root.head.i >= span.end


def inside_hyphened_name(span: Span) -> bool:
    """ "Agence France-Presse": a name hyphen-joined to a capitalised word that names nothing we know, with a
    capitalised word before it that we do not link either: one longer name (a news agency), not the state."""
    doc = span.doc
    if span.start == 0 or span.end + 1 >= len(doc) or doc[span.end].text != "-":
        return False
    before, after = doc[span.start - 1], doc[span.end + 1]
    return (
        _name_word(before)
        and _name_word(after)
        and not before.ent_id_.startswith("Q")
        and not after.ent_type_
    )


def names_a_ship(span: Span) -> bool:
    """ "HMNZS Wellington", "USS Cole": a ship named after the place."""
    return span.start > 0 and span.doc[span.start - 1].text in SHIP_PREFIXES


def _hyphened_on(token: Token) -> bool:
    """ "High-Level": a title word hyphen-joined to a capitalised word is a name's word ("African Union
    High-Level Implementation Panel"), not the title "High Representative"."""
    doc = token.doc
    if token.i + 2 >= len(doc) or doc[token.i + 1].text != "-":
        return False
    joined = doc[token.i + 2]
    return _name_word(joined) and joined.lower_ not in NAME_NEIGHBOURS  # "Secretary-General" is a title


def _capitalised_run_end(doc: Doc, start: int) -> int:
    end = start
    while end < len(doc) and (_name_word(doc[end]) or _hyphen_inside(doc, end)):
        end += 1
    return end


def _hyphen_inside(doc: Doc, index: int) -> bool:
    return doc[index].text == "-" and 0 < index < len(doc) - 1 and _name_word(doc[index + 1])


def _name_word(token: Token) -> bool:
    """A capitalised word inside a sentence (not capitalised only as its first word), no date."""
    return (
        token.is_alpha
        and token.text[:1].isupper()
        and not token.is_sent_start
        and token.ent_type_ not in {"DATE", "TIME"}
    )


def _in_headline(span: Span) -> bool:
    """A line that ends without a full stop and whose longer words are mostly capitalised."""
    tokens = [token for token in span.sent if not token.is_space]
    if tokens and tokens[-1].text in {".", "!", "?", '"', "”"}:
        return False
    words = [token for token in tokens if token.is_alpha and len(token) > 3]
    capitalised = sum(token.text[:1].isupper() for token in words)
    return len(words) >= 3 and capitalised >= HEADLINE_SHARE * len(words)
