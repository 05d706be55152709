"""Which gazetteer entry a name denotes when the name alone does not say, or says too little.

The curated entries (states, capitals, the curated places, organisations and people) are linked by name as
before; of those that share a name, the one whose state the article names wins, and a state and its namesake
capital (Luxembourg) go to the city only when the story is filed from it. Entries of the wider reference files
(`extended`: 12k places, 5k office holders, 4k parties and bodies) need evidence beyond the name:

- people: a name of two words or more; of namesakes, the one holding a post on the article's date, or a post
  in a state the article names;
- places: the words around it agree with its kind ("Kherson region", "the city of X"), and the article names the
  place's state (the story's other places are in the same country) or the place has no state (a sea, an
  island, a disputed area), and no other place of the name fits as well; a one-word province that a city of its
  state is named like ("Odessa", "Odesa") needs the word "province" (or the like); a prominent place (Natural
  Earth keeps it at 1:50m) whose state the article does not name needs the sentence to treat it as a place
  ("in", "near", "the city of", "the capital, X", "X, Yemen", NER's GPE); a place glued to a longer name ("Black
  Sea Fleet", "Saxony-Anhalt") is left alone;
- armed groups and armed forces (armed_groups.csv): a capitalised name of two words or more that no other
  entry shares ("Eighth United States Army"), or one written as the reference writes it ("Houthi movement"); a
  one-word name only as NER's ORG or NORP ("Hezbollah") or before a noun for the group's members ("Houthi rebels":
  `kg.extract.armed_group_mentions`); an abbreviation only where the article also writes the group's full name;
- parties: the article names the party's state (or, for a party the reference gives no state, NER finds the one
  party of that name); other bodies: one body of that name; never by two letters;
- of namesake places in states the article does not name, the one prominent city whose namesakes are all minor
  (Florence, Italy), when the sentence treats it as a place.

Anything else stays unlinked: linking prefers no answer over a wrong one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span

from kg.facts import ORGANISATION_TYPES, STATE_TYPES
from kg.gazetteer import GazEntry, Gazetteer, is_abbreviation, normalise_name

PLACE_TYPES = frozenset({"City", "Region", "Place"})
# What the statistical NER may call an entry of each kind, when NER found the name.
NER_KINDS = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "ORG": "organisation",
    "NORP": "organisation",
}
# Words before a name that make it a place ("in Kharkiv", "near Bakhmut", "the city of El Fasher").
LOCATIVE_BEFORE = frozenset(
    "in at near from outside around across into inside towards toward via through".split()
)
REGION_WORDS = frozenset(
    "province region district county state oblast governorate prefecture municipality department "
    "territory krai".split()
)
CITY_WORDS = frozenset(
    "city town village port capital suburb suburbs outskirts neighbourhood neighborhood".split()
)
ISLAND_WORDS = frozenset({"island", "islands"})
PLACE_NOUNS = REGION_WORDS | CITY_WORDS | ISLAND_WORDS
# Capitalised words after a place's name that do not make a longer name of it ("Donetsk Governor", "Gaza Police").
NAME_NEIGHBOURS = frozenset(
    "police army government governor mayor authorities authority forces force military parliament council "
    "court ministry administration officials residents people airport".split()
)
# Landmarks named after the place they stand in ("the Preah Vihear temple", "the Kakhovka dam"): another thing.
LANDMARK_WORDS = frozenset(
    "temple mosque church cathedral monastery shrine pagoda tomb monument dam bridge".split()
)
# Natural Earth keeps the place at 1:50m.
PROMINENT = 2


@dataclass(frozen=True)
class ArticleContext:
    """What the whole article says that helps choose: the states it names (and those of its curated places),
    its date, and the city its dateline names."""

    countries: frozenset[str]
    published: date | None = None
    dateline: str | None = None


def article_context(
    doc: Doc, gazetteer: Gazetteer, *, published: date | None, dateline: str | None
) -> ArticleContext:
    """The states the gazetteer's curated names in the doc belong to (states, their capitals and places,
    adjectives), with the article's date and dateline city."""
    countries: set[str] = set()
    for ent in doc.ents:
        entry = gazetteer.by_qid(ent.ent_id_) if ent.ent_id_ else None
        if entry is not None and not entry.extended:
            countries |= countries_of(entry)
    if dateline:
        city = gazetteer.by_qid(dateline)
        countries |= countries_of(city) if city else set()
    return ArticleContext(frozenset(countries), published, dateline)


def countries_of(entry: GazEntry) -> set[str]:
    """The states an entry belongs to: a state itself, a place's country, the states a capital serves."""
    if entry.type in STATE_TYPES:
        return {entry.qid} if entry.qid else set()
    return {qid for qid in (entry.country_qid, *entry.capital_of, *entry.state_qids) if qid}


def choose(
    entries: Sequence[GazEntry],
    span: Span,
    context: ArticleContext,
    gazetteer: Gazetteer,
    *,
    ner_label: str | None = None,
) -> GazEntry | None:
    """The entry `span` (a name the gazetteer holds for `entries`) denotes, or None when unsure."""
    curated = [entry for entry in entries if not entry.extended]
    if curated:
        fitting = _of_the_kind_said(curated, span)
        return _choose_curated(fitting, context) if fitting else None
    kind = NER_KINDS.get(ner_label or "")
    candidates = [entry for entry in entries if kind is None or _fits(kind_of(entry), kind)]
    places = [entry for entry in entries if kind_of(entry) == "place"]
    stateless = bool(places) and all(p.country_qid is None for p in places) and len(span) > 1
    if not candidates and (stateless or is_place_context(span, None)):
        # NER took a place for something else ("in Nagorno-Karabakh" as an ORG): the sentence says place,
        # or the name is that of a disputed area or a sea, nothing else the gazetteer knows
        candidates = places
    kinds = {kind_of(entry) for entry in candidates}
    if len(kinds) != 1:
        return None  # nothing fits, or a person and a place of one name: the sentence has to say more
    chooser = {
        "person": _choose_person,
        "place": _choose_place,
        "organisation": _choose_organisation,
        "armed": lambda groups, span, _context, _gazetteer, ner_label: _choose_armed(groups, span, ner_label),
    }
    return chooser[kinds.pop()](candidates, span, context, gazetteer, ner_label)


def _fits(kind: str, ner_kind: str) -> bool:
    """NER's ORG (or NORP) covers armed groups too."""
    return kind == ner_kind or (kind == "armed" and ner_kind == "organisation")


def kind_of(entry: GazEntry) -> str:
    if entry.type == "Person":
        return "person"
    if entry.type == "ArmedGroup":
        return "armed"
    if entry.type in PLACE_TYPES:
        return "place"
    return "organisation" if entry.type in ORGANISATION_TYPES else "other"


def _of_the_kind_said(entries: list[GazEntry], span: Span) -> list[GazEntry]:
    """ "in Chiang Mai and Chiang Rai provinces": the words say province, so not the city of the name (a
    province we lack is left unlinked, not taken for its capital). The other way round the curated region
    stays: "the town of Leposavic" is in the municipality of its name."""
    if kind_in_words(span) != "region":
        return entries
    return [e for e in entries if e.type != "City"]


def _choose_curated(entries: list[GazEntry], context: ArticleContext) -> GazEntry | None:
    if len(entries) == 1:
        return entries[0]
    named = [entry for entry in entries if countries_of(entry) & context.countries]
    if len(named) == 1:
        return named[0]
    pool = named or entries
    states = [entry for entry in pool if entry.type in STATE_TYPES]
    if len(states) == 1 and all(e is states[0] or e.qid == states[0].capital_qid for e in pool):
        # Luxembourg, Djibouti: the capital when the story is filed from it, else the state
        return next((entry for entry in pool if entry.qid == context.dateline), states[0])
    return None


def _choose_person(
    candidates: list[GazEntry],
    span: Span,
    context: ArticleContext,
    gazetteer: Gazetteer,
    ner_label: str | None,
) -> GazEntry | None:
    if len(span.text.split()) < 2:
        return None  # a one-word name of the wider files (a surname, "Francis") names too many people
    if len(candidates) == 1:
        return candidates[0]
    if context.published is not None:
        in_office = [c for c in candidates if c.qid and gazetteer.posts_of(c.qid, at=context.published)]
        if len(in_office) == 1:
            return in_office[0]
    serving = [c for c in candidates if _post_states(gazetteer, c) & context.countries]
    return serving[0] if len(serving) == 1 else None


def _post_states(gazetteer: Gazetteer, person: GazEntry) -> set[str]:
    return {post.organization_or_state_qid for post in gazetteer.posts_of(person.qid or "")}


def _choose_place(
    candidates: list[GazEntry],
    span: Span,
    context: ArticleContext,
    gazetteer: Gazetteer,
    ner_label: str | None,
) -> GazEntry | None:
    if _glued_to_a_name(span) or _names_a_landmark(span):
        return None  # "Black Sea Fleet", "Geneva International Discussions": a longer name we lack
    said = kind_in_words(span)
    pool = [c for c in candidates if said is None or _is_kind(c, said)]
    owners = _possessing_states(span, gazetteer)
    if owners:
        # "Tajikistan's eastern Badakhshan province": not Afghanistan's province of that name
        pool = [c for c in pool if c.country_qid is None or c.country_qid in owners]
    if len(pool) > 1:
        # Namesakes: the one in a state the article names, unless a place without a state (a sea, an
        # island) shares the name, which the article cannot rule out (the Red Sea and Sudan's Red Sea state).
        named = [c for c in pool if c.country_qid in context.countries]
        if any(c.country_qid is None for c in pool):
            return None
        if named:
            bare = _bare_province(named[0], span, said, gazetteer)
            return named[0] if len(named) == 1 and not bare else None
        return _most_prominent(pool) if is_place_context(span, ner_label) else None
    if not pool:
        return None
    (place,) = pool
    if place.type == "City" and _after_the(span) and not place.label.startswith("The "):
        return None  # "the Alliance", "the Union": a common noun, not the town of that name
    if place.country_qid is None:
        return place  # a sea, a strait, a disputed area: no state to look for
    if place.country_qid in context.countries:
        return None if _bare_province(place, span, said, gazetteer) else place
    prominent = (place.prominence or 0) >= PROMINENT
    return place if prominent and is_place_context(span, ner_label) else None


def _bare_province(place: GazEntry, span: Span, said: str | None, gazetteer: Gazetteer) -> bool:
    """ "Kherson", "Odessa": a one-word province named like a city of its state (the gazetteer's "Odesa"), without
    a word that says province, may be the city and is left unlinked; "Dagestan", "Michoacán" are provinces."""
    if place.kind != "region" or said is not None or len(span.text.split()) != 1 or not place.country_qid:
        return False
    name = normalise_name(span.text)
    return any(
        fuzz.ratio(name, city) >= CITY_LIKE_NAME for city in gazetteer.city_names_in(place.country_qid)
    )


# How alike a province's name and a city's must be for one to be taken for the other ("Odessa", "Odesa").
CITY_LIKE_NAME = 80


def _possessing_states(span: Span, gazetteer: Gazetteer) -> set[str]:
    """The states whose possessive governs the place's phrase: "Tajikistan's eastern Badakhshan province",
    "Ukraine's Kherson region"."""
    head = span.root
    while head.dep_ == "compound" and head.head is not head:
        head = head.head
    owners = set()
    for token in {span.root, head}:
        for owner in (c for c in token.children if c.dep_ == "poss"):
            name = " ".join(t.text for t in owner.subtree if t.dep_ != "case")
            owners |= {e.qid for e in gazetteer.lookup(name) if e.type in STATE_TYPES and e.qid}
    return owners


def _after_the(span: Span) -> bool:
    return span.start > 0 and span.doc[span.start - 1].lower_ == "the"


def _most_prominent(places: list[GazEntry]) -> GazEntry | None:
    """The one city Natural Earth keeps at 1:50m when its namesakes are in its 1:10m layer alone (Florence,
    Italy, not Florence, Alabama); None when two are prominent or none is."""
    prominent = [p for p in places if (p.prominence or 0) >= PROMINENT]
    rest = [p for p in places if p not in prominent]
    return prominent[0] if len(prominent) == 1 and all((p.prominence or 0) == 0 for p in rest) else None


def kind_in_words(span: Span) -> str | None:
    """The kind of place the words around the name say: "Kherson region", "the province of X", "X city"."""
    doc = span.doc
    after = _place_noun_after(span)
    before = doc[span.start - 2].lower_ if span.start > 1 and doc[span.start - 1].lower_ == "of" else ""
    for word in (after, before):
        if word in REGION_WORDS:
            return "region"
        if word in CITY_WORDS:
            return "city"
        if word in ISLAND_WORDS:
            return "island"
    return None


def _is_kind(entry: GazEntry, said: str) -> bool:
    if said == "region":
        return entry.type == "Region"
    if said == "city":
        return entry.type == "City"
    return entry.kind in {"island", "island_group"}


def _glued_to_a_name(span: Span) -> bool:
    """A capitalised word right after the name that is no date, title or place noun makes a longer name."""
    doc = span.doc
    if span.end >= len(doc):
        return False
    after = doc[span.end]
    if after.text == "-" and not span[-1].whitespace_ and span.end + 1 < len(doc):
        return doc[span.end + 1].is_title  # "Saxony-Anhalt", "Baden-Württemberg"
    if not after.is_title or after.is_sent_start or after.ent_type_ in {"DATE", "TIME"}:
        return False
    return after.lower_ not in PLACE_NOUNS | NAME_NEIGHBOURS


def _names_a_landmark(span: Span) -> bool:
    """ "the Preah Vihear temple": the name is the landmark's, not the province's it shares."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ in LANDMARK_WORDS


def _choose_organisation(
    candidates: list[GazEntry],
    span: Span,
    context: ArticleContext,
    gazetteer: Gazetteer,
    ner_label: str | None,
) -> GazEntry | None:
    if is_abbreviation(span.text) and len(span.text) < 3:
        return None  # "DC", "PD": two letters name too many things
    if is_abbreviation(span.text) and len(span.text) == 3:
        # "SDF" in the news is mostly a militia, not the SAARC Development Fund: only where the text spells it out
        candidates = [c for c in candidates if _spelled_out(c, span.doc.text)]
    parties = [c for c in candidates if c.kind == "political_party"]
    bodies = [c for c in candidates if c.kind != "political_party"]
    named = [c for c in parties if c.country_qid in context.countries]
    if bodies:
        return bodies[0] if len(bodies) == 1 and not named else None
    if len(named) == 1:
        return named[0]
    if len(parties) == 1 and ner_label in {"ORG", "NORP"} and _armed_wing(span):
        return parties[0]  # "Hezbollah fighters fired rockets": the one party of that name, in arms
    # A party whose state the reference does not give (Hamas): one of that name, as NER found it.
    stateless = [c for c in parties if c.country_qid is None]
    unique = len(parties) == 1 and bool(stateless) and ner_label in {"ORG", "NORP"}
    return stateless[0] if unique else None


def _armed_wing(span: Span) -> bool:
    """The name is followed by armed men ("Hezbollah fighters", "TPLF forces"), itself a group in arms."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lemma_.lower() in ARMED_MEN


# Armed men a party may field (not "police" or "officers": a party's own police is no thing).
ARMED_MEN = {
    "fighter",
    "militant",
    "militia",
    "militiaman",
    "force",
    "gunman",
    "gunmen",
    "rebel",
    "troop",
    "unit",
}


def _choose_armed(candidates: list[GazEntry], span: Span, ner_label: str | None) -> GazEntry | None:
    if len(candidates) != 1:
        return None  # two groups of one name
    (group,) = candidates
    if not (_capitalised(span) or span.text in group.names):
        return None  # words of a sentence ("revolution and justice"), unless written as the group's name is
    if is_abbreviation(span.text):
        # three or four capitals name many things: only where the article spells the group out
        return group if _spelled_out(group, span.doc.text) else None
    if len(span.text.split()) < 2:
        return group if ner_label in {"ORG", "NORP"} else None
    return group


def _spelled_out(entry: GazEntry, text: str) -> bool:
    """The text writes one of the entry's names in full, not only its abbreviation."""
    return any(name in text for name in (entry.label, *entry.aliases) if not is_abbreviation(name))


def _capitalised(span: Span) -> bool:
    """Every content word of the span is capitalised ("Eighth United States Army", "al-Qaeda")."""
    return all(
        token.text[:1].isupper() or token.is_stop or not token.is_alpha or token.lower_ in {"al", "ul"}
        for token in span
    )


def is_place_context(span: Span, ner_label: str | None) -> bool:
    """NER calls it a place, or the sentence does: "in X", "the city of X", "the capital, X", "X province",
    "X, Ukraine"."""
    if ner_label in {"GPE", "LOC", "FAC"}:
        return True
    doc = span.doc
    start = span.start - 1 if span.start > 0 and doc[span.start - 1].lower_ == "the" else span.start
    before = doc[start - 1] if start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if before is not None and before.lower_ in LOCATIVE_BEFORE:
        return True
    if before is not None and before.lower_ == "of" and start > 1:
        return doc[start - 2].lemma_.lower() in PLACE_NOUNS  # "the city of X", "the provinces of X"
    if before is not None and before.text == "," and start > 1 and span.root.dep_ == "appos":
        return doc[start - 2].lemma_.lower() in PLACE_NOUNS  # "the regional capital, X"
    if before is not None and before.lemma_.lower() in PLACE_NOUNS and before.tag_ in {"NN", "NNS"}:
        return True  # "the regional capital Marka", "the nearby province Songkhla"
    return after is not None and (_place_noun_after(span) in PLACE_NOUNS or _before_its_state(span))


def _before_its_state(span: Span) -> bool:
    """ "Hodeida, Yemen", "Patikul, Sulu, Philippines": a name set before a state's, as places are written."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return False
    state = doc[span.end + 1]
    possessive = state.i + 1 < len(doc) and doc[state.i + 1].tag_ == "POS"  # "X, Ukraine's president"
    return state.ent_type_ in STATE_TYPES and state.ent_iob_ == "B" and not possessive


def _place_noun_after(span: Span) -> str:
    """The word after the name, as a singular lemma ("Kherson region"), or the plural noun after a second name
    joined to it ("the Nariño and Cauca departments": each a department)."""
    doc = span.doc
    if span.end >= len(doc):
        return ""
    after = doc[span.end]
    if after.lower_ in {"and", ","}:
        for token in doc[span.end + 1 : span.end + 5]:
            if not token.text[:1].isupper():
                return token.lemma_.lower() if token.tag_ == "NNS" else ""
    return after.lemma_.lower() if after.tag_ in {"NN", "NNS", "NNP"} else after.lower_
