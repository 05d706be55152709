"""Mentions -> entities with Wikidata QIDs, in context: surnames, capitals as metonyms, titles, "the alliance".

Linking prefers no answer over a wrong one: a name that the gazetteer holds for two different items, or a
name whose context points elsewhere (Georgia the US state), stays unlinked.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract.acronyms import ABBREVIATION, NAME_JOINERS, defined_abbreviations, spells
from kg.extract.arabic_article import starts_with_article, with_article
from kg.extract.areas_in_names import areas_in_name
from kg.extract.armed_group_mentions import armed_group_in_context
from kg.extract.dated_namesakes import earliest_date, inceptions, predates
from kg.extract.disambiguation import PROMINENT, REGION_WORDS, article_context, choose, is_place_context
from kg.extract.family_name_first import family_name_first, person_named_family_first
from kg.extract.home_posts import (
    FIRST_PERSON_PLURAL,
    ORGANISATION_SEATS,
    POST_NAMES,
    bare_posts,
    home_body,
    post_holder,
    post_holder_on_days,
    recent_event_days,
)
from kg.extract.home_signals import (
    states_of_governing_subjects,
    states_of_leaders_governments,
    states_of_our_people,
)
from kg.extract.issuer import head_lines, named_issuer, named_topic_state
from kg.extract.later_names import is_fathers_name, later_forms, without_article
from kg.extract.lexicon import AGREEMENT_NOUNS, WORDS
from kg.extract.longer_names import (
    armed_name,
    inside_hyphened_name,
    longer_name_end,
    movement_name_end,
    names_a_format,
    names_a_ship,
)
from kg.extract.name_tails import people_by_name_tail
from kg.extract.post_anaphora import BARE_TITLE as POST_TITLE
from kg.extract.post_anaphora import one_titled_person, surname_in_named_bodies
from kg.extract.post_anaphora import title_key as post_title_key
from kg.extract.spans import doc_text, index_by_token
from kg.extract.spelling_variants import place_spelled_otherwise
from kg.extract.temporal import find_dates
from kg.extract.titled_names import holder_by_title_and_name_word, title_words
from kg.facts import ENTITY_TYPES, ORGANISATION_TYPES, PLACE_TYPES, STATE_TYPES
from kg.gazetteer import GazEntry, Gazetteer, load_gazetteer
from kg.names import fold_name

# The labels our gazetteer patterns give (every actor type but policies, which are never named entities).
GEOKG_LABELS = set(ENTITY_TYPES) - {"Policy"}
# spaCy's NER labels mapped to our types for names the gazetteer does not hold.
UNLINKED_TYPES = {"GPE": "Place", "LOC": "Region", "ORG": "Organization", "PERSON": "Person"}
# Last words of the names armed groups give themselves ("Bangsamoro Islamic Freedom Fighters (BIFF)").
ARMED_NAME_ENDS = frozenset("fighters brigade brigades militia militias mujahideen".split())
# Compass words that open states' names ("North Korea", "South Sudan") and stand for them alone.
COMPASS_WORDS = frozenset({"North", "South", "East", "West"})
# The types of names that stay an actor when the text does not say which of their bearers it means.
# How near the story a post must be for a name that only starts or ends a known one (`_in_office_about_then`).
OFFICE_YEARS_BEFORE, OFFICE_YEAR_AFTER = timedelta(days=3 * 365), timedelta(days=365)
UNSURE_KINDS = ORGANISATION_TYPES | {"ArmedGroup"}

# Words that name a body's organ after the body's name, without a Wikidata item of their own in the reference.
ORGAN_WORDS = frozenset(WORDS["organ_words"])

# Titles that precede a name ("President Aleksandar Vucic"); stripped before looking the name up.
TITLE_WORDS = {
    "president",
    "prime",
    "minister",
    "secretary",
    "general",
    "secretary-general",
    "chancellor",
    "king",
    "queen",
    "emperor",
    "premier",
    "foreign",
    "defence",
    "defense",
    "mr",
    "mrs",
    "ms",
    "dr",
    "chief",
    "head",
    "vice",
    "deputy",
    "high",
    "representative",
    "commissioner",
    "speaker",
    "ambassador",
    "envoy",
}
# Words near a state's name that show it names something else: a US state, a Greek region.
OTHER_REFERENT_CONTEXT = {
    "georgia": {"atlanta", "savannah", "governor", "u.s. state", "state senate", "peach state"},
    "macedonia": {"greek", "thessaloniki", "region of", "ancient"},
}
# Capitalised words after a name that make it part of a longer geographic name ("Taiwan Strait").
NAME_SUFFIXES = {
    "Strait",
    "Straits",
    "Sea",
    "Gulf",
    "Bay",
    "River",
    "Valley",
    "Peninsula",
    "Mountains",
    "Basin",
    "Canal",
    "Corridor",
    "Islands",
    "Island",
    "Lake",
    "Plateau",
    "Heights",
    "Desert",
    "Highlands",
}
ALLIANCE_WORDS = {"alliance", "bloc"}
# Capitalised, as an alliance's own texts write them: its member states ("the Allies agreed").
ALLY_WORDS = {"Allies", "Ally"}
# Capitalised head words of bodies referred to by the word alone ("the Council").
INSTITUTION_WORDS = {"Council", "Commission", "Assembly", "Parliament", "Court", "Union", "Mission"}
# Buildings and streets named for a government ("the Kremlin said"): resolved by the state's name.
SEATS_OF_GOVERNMENT = {
    "kremlin": "Russia",
    "white house": "United States",
    "downing street": "United Kingdom",
    "elysee": "France",
    "élysée": "France",
    "elysee palace": "France",
    "zhongnanhai": "China",
    "blue house": "South Korea",
}
# A state's departments that news names without their state ("the Pentagon said", "State Department
# spokesman"): organs of that state (sector, state), kept apart from the state's own acts.
STATE_DEPARTMENTS = {
    "pentagon": ("MIL", "United States"),
    "state department": ("GOV", "United States"),
    "quai d'orsay": ("GOV", "France"),
}
# Words the model sometimes tags as names ("Secretary of State" -> ORG "State").
NOT_ACTOR_NAMES = {
    "western",
    "the west",
    "state",
    "government",
    "ministry",
    "parliament",
    "army",
    "police",
    "military",
    "council",
    "president",
    "prime minister",
    "reuters",
    "afp",
    "ap",
}
# Platforms a statement is posted on ("said on Twitter"): where someone speaks, never who
MEDIA_PLATFORMS = {"twitter", "facebook", "telegram", "youtube", "instagram", "whatsapp", "tiktok", "weibo"}
# What a text calls itself ("Joint Statement with the Prime Minister of Fiji"): a document, never who
DOCUMENT_NAMES = {
    "statement",
    "joint statement",
    "press statement",
    "press release",
    "communique",
    "communiqué",
    "joint communique",
    "joint communiqué",
    "joint declaration",
    "declaration",
    "readout",
}
HONORIFICS = {
    "prince",
    "princess",
    "king",
    "queen",
    "lord",
    "lady",
    "sir",
    "dame",
    "saint",
    "st",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sheikh",
    "emir",
    "pope",
    "archbishop",
    "cardinal",
    "general",
    "colonel",
    "captain",
    # Cambodian honorifics before a leader's name ("Samdech Techo Hun Sen")
    "samdech",
    "techo",
}
# Capitalised words that follow a state's name without making it part of another name ("Kosovo Police").
NAME_NEIGHBOURS = TITLE_WORDS | {
    "police",
    "army",
    "government",
    "parliament",
    "ministry",
    "forces",
    "force",
    "today",
    "state",
    "republic",
    "serbs",
    "albanians",
    "mayor",
    "embassy",
    # courtesy titles before a name: "Zimbabwe H.E. Robert Mugabe" in a communique's list of who attended
    "h.e.",
    "hon.",
    "hon",
    "honourable",
    "excellency",
}
SEAT_OF_ORGANISATION = {"Brussels": "European Union"}
# The body whose organs the reference files mark with the kind "un_organ".
UNITED_NATIONS = "United Nations"
PEOPLE_CONTEXT = {
    "minority",
    "minorities",
    "population",
    "community",
    "communities",
    "majority",
    "people",
    "mayor",
    "mayors",
    "residents",
    "villagers",
    "inhabitants",
}
# "Albanian-majority", "Serb-populated": the second part of a compound that makes the adjective a people's.
PEOPLE_COMPOUNDS = {"majority", "minority", "populated", "speaking", "inhabited"}


# "BELGRADE, Serbia -- ", "KYIV (Reuters) - ": the place a story was filed from.
DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z .'’-]{2,}?)(?:,\s*[A-Z][\w .'’-]*?)?\s*(?:\([^)]*\))?\s*(?:--|—|–|-)\s"
)
# "Khartoum — The Ministry ...", "Dili – Peacekeepers ...": a city's name as written, then a long dash (a
# hyphen after a name at a paragraph's start is more often an aside: "Ms Hasina - the daughter of ...")
DATELINE_TITLED = re.compile(
    r"^(?P<city>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2})(?:,\s*[A-Z][\w .'’-]*?)?\s*(?:\([^)]*\))?\s*[—–]\s"
)
# "Srinagar: Defence Minister Rajnath Singh on Tuesday ...": a city's name, as written, and a colon; a release's
# dateline may put the day first ("22-08-2016, Djibouti:")
DATELINE_COLON = re.compile(
    r"^(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{4},?\s+)?(?P<city>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)\s*(?:\([^)]*\))?:\s"
)


@dataclass(frozen=True)
class Referent:
    """What a mention denotes: an item with a QID, or a typed name without one. Generic groups ("Serbian
    police") carry their sector and, when the text names it, their state."""

    qid: str | None
    type: str
    label: str
    sector: str | None = None
    country: Referent | None = None


@dataclass(frozen=True)
class Link:
    start: int  # token offsets in the Doc
    end: int
    text: str
    start_char: int
    end_char: int
    referent: Referent
    rule: str
    confidence: float
    # A capital named for its government ("Belgrade and Moscow maintain close ties").
    stands_for: Referent | None = None
    # For a title resolved to its holder ("NATO's Secretary General"): the organisation and the title.
    title_of: Referent | None = None
    title: str | None = None

    @property
    def actor(self) -> Referent:
        """The referent to use when the mention fills a role in an event or relation."""
        return self.stands_for or self.referent


for _name in ("published", "title", "links", "dateline"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory(
    "geokg_linker",
    assigns=["doc._.links", "doc._.dateline"],
    requires=["doc.ents"],
    default_config={"gazetteer_path": None},
)
def make_linker(nlp: Language, name: str, gazetteer_path: str | None) -> Callable[[Doc], Doc]:
    """Links the doc's mentions (`doc._.links`) and its dateline city, against `doc._.published`."""
    gazetteer = load_gazetteer(gazetteer_path)

    def link(doc: Doc) -> Doc:
        doc._.dateline = find_dateline(doc, gazetteer)
        doc._.links = link_doc(doc, gazetteer, published=doc._.published, dateline=doc._.dateline)
        return doc

    return link


def link_doc(
    doc: Doc, gazetteer: Gazetteer, *, published: date | None = None, dateline: Dateline | None = None
) -> list[Link]:
    """Link every entity mention of the doc, in text order."""
    dateline = dateline or find_dateline(doc, gazetteer)
    linker = _DocLinker(doc, gazetteer, published, dateline.referent.qid if dateline else None)
    linker.dateline_end = _dateline_line_end(doc_text(doc), dateline) if dateline else 0
    linker.dateline_city = (dateline.start, dateline.end) if dateline else (0, 0)
    return linker.run()


class _DocLinker:
    def __init__(self, doc: Doc, gazetteer: Gazetteer, published: date | None, dateline: str | None) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.gazetteer = gazetteer
        self.published = published
        self.context = article_context(doc, gazetteer, published=published, dateline=dateline)
        self.dateline = dateline
        # Where a dateline's words end ("VILNIUS, Lithuania --"): the state there is the bureau's, not a mention.
        self.dateline_end = 0
        # The dateline city's characters: linked as the dateline, whatever the model read there ("Srinagar:" as a
        # person).
        self.dateline_city = (0, 0)
        self.links: list[Link] = []
        # Surname -> the person met earlier in this article (later mentions resolve to them).
        self.people_seen: dict[str, Referent] = {}
        # The end of the last longer name linked as a whole ("Islamic State in the Greater Sahara"): the names
        # inside it are parts of that name, not mentions of their own.
        self.longer_name_end = 0
        self._earliest_date: tuple[date | None] | None = None  # computed when a dated namesake is met

    def run(self) -> list[Link]:
        for ent in self.doc.ents:
            if ent.start < self.longer_name_end:
                continue
            if ent.start_char < self.dateline_city[1] and ent.end_char > self.dateline_city[0]:
                continue
            link = self._link_ent(ent)
            if link is not None:
                self._remember(link)
                self.links.append(link)
        self.links = self._with_defined_abbreviations(self.links)
        self.links.extend(self._initialled_names())
        self.links = self._with_family_names_first(self.links)
        self.links.extend(self._monarchs_the_model_missed())
        self.links.extend(self._armed_groups_the_model_missed())
        self.links.extend(self._surname_mentions())
        self.links.extend(self._alliance_mentions())
        self.links = self._with_compass_states(self.links)
        self.links.extend(self._institution_mentions())
        self.links.extend(self._title_mentions())
        self.links.extend(self._bare_title_mentions())
        # After the anaphora above, so a title that names an earlier person is not linked twice.
        self.links.extend(self._bare_title_holders())
        # The text's home, found once for its bare post titles and its bare ministries.
        home = self._home_body()
        self.links.extend(self._home_post_holders(home))
        self.links.extend(self._home_ministries(home))
        self.links.extend(self._ministry_anaphora())
        self.links = _without_unlinked_organisations_in_titles(self.links)
        # After the home's holders, which a clear home makes likelier than a person named in passing.
        self.links.extend(self._post_anaphora())
        self.links.extend(self._areas_inside_names())
        self.links.sort(key=lambda link: link.start)
        self.links = [self._with_metonymy(link) for link in _unify_unlinked_types(self.links)]
        return self.links

    # -- named entities -------------------------------------------------------------------------------------
    def _link_ent(self, ent: Span) -> Link | None:
        span = _trim(ent)
        if span is None:
            return None
        if _names_a_site(span):
            return _make_link(span, Referent(None, "Place", span.text), "unlinked:named-site", 0.6)
        if ent.label_ in {"Demonym", "State"}:
            movement = self._movement_name(span)
            if movement is not None:
                return movement
        if ent.label_ == "Demonym":
            return self._link_demonym(span, span.text)
        if ent.label_ in GEOKG_LABELS:
            named_before = self._person_by_surname(span.text) if len(span) == 1 else None
            if named_before is not None and named_before.qid is None:
                return _make_link(span, named_before, "surname-coreference", 0.8)  # "London told AFP"
            return self._link_gazetteer_match(ent, span)
        name = _name_without_titles(span)
        if all(token.lower_.rstrip(".") in HONORIFICS for token in span):
            return self._honoured_before(span)
        if not name or name.lower() in MEDIA_PLATFORMS | DOCUMENT_NAMES or _credits_a_dispatch(span):
            return None
        if ent.label_ in {"PERSON", "NORP"}:
            group = armed_group_in_context(self.gazetteer, span)  # "the Houthis" the model took for a person
            if group is not None:
                return _make_link(span, _referent(group), "gazetteer:armed-group-in-context", 0.85)
        surname_hit = self._person_by_surname(name)
        if surname_hit is not None:
            return _make_link(span, surname_hit, "surname-coreference", 0.93)
        if ent.label_ == "PERSON":
            named_with_the = self._named_with_the(span, name) or self._place_in_context(span, name)
            if named_with_the is not None:
                return named_with_the
            return self._unless_capitalised_modifier(self._link_person(span, name))
        if ent.label_ in {"GPE", "LOC", "ORG", "FAC"}:
            link = self._link_name(span, name, ent.label_)
            return self._unless_capitalised_modifier(link) if ent.label_ == "ORG" else link
        if ent.label_ == "NORP":
            return self._link_demonym(span, name) or self._place_in_context(span, name)
        return None

    def _movement_name(self, span: Span) -> Link | None:
        """ "the Syrian Democratic Forces", "the Sudan Revolutionary Front": a movement named after its state is
        not that state; its whole name is one actor, unlinked."""
        end = movement_name_end(span)
        if end is None:
            return None
        longer = self.doc[span.start : end]
        self.longer_name_end = end
        kind = "ArmedGroup" if armed_name(longer) else "Organization"
        return _make_link(longer, Referent(None, kind, longer.text), "unlinked:movement-name", 0.6)

    def _named_with_the(self, span: Span, name: str) -> Link | None:
        """ "the Houthis", "the Sahel" that the model took for a person: a name that takes "the" is no person's,
        so it links to a group or a place the gazetteer calls so, read as the model would have labelled them."""
        if span.start == 0 or self.doc[span.start - 1].lower_ != "the":
            return None
        entries = [entry for entry in self.gazetteer.lookup(name) if entry.type != "Person"]
        for label in ("ORG", "LOC") if entries else ():
            chosen = choose(entries, span, self.context, self.gazetteer, ner_label=label)
            if chosen is not None and not self._is_other_referent(span, chosen):
                return _make_link(span, _referent(chosen), "gazetteer:name-with-the", 0.85)
        return None

    def _place_in_context(self, span: Span, name: str) -> Link | None:
        """ "killed three people in Goma", "the Russian city of Vladivostok", "the regional capital, Goma" that the
        model took for a person or a people: a name the sentence treats as a place links to a place of that name
        when the gazetteer's rules for places accept it."""
        if not is_place_context(span, None):
            return None
        entries = self.gazetteer.lookup(name)
        places = [entry for entry in entries if entry.type in PLACE_TYPES]
        if not places or any(entry.type == "Person" for entry in entries):
            return None  # a person the gazetteer knows by the name stays the model's reading
        chosen = choose(places, span, self.context, self.gazetteer, ner_label="GPE")
        if chosen is None or self._is_other_referent(span, chosen):
            return None
        return _make_link(span, _referent(chosen), "gazetteer:place-in-context", 0.8)

    def _unless_capitalised_modifier(self, link: Link | None) -> Link | None:
        """ "Riot police fired ...": a word capitalised only because it opens the sentence, modifying a common
        noun, that the model took for a name and that names nothing known ("Kremlin officials" keeps Russia);
        the group ("Riot police") is the mention."""
        if link is None or link.referent.qid is not None or link.end - link.start != 1:
            return link
        return None if _opens_a_common_noun(self.doc[link.start]) else link

    def _link_gazetteer_match(self, ent: Span, span: Span) -> Link | None:
        qid = ent.ent_id_
        matched = self.gazetteer.by_qid(qid) if qid.startswith("Q") else None
        entry = self._choose(span, matched) if matched is not None else None
        if matched is None:
            group = self.gazetteer.ethnic_group(span.text)
            if group is None:
                return None
            return _make_link(span, Referent(None, "EthnicGroup", group.label), "gazetteer:ethnic-group", 0.9)
        if entry is None:
            return self._unsure_organisation(span)
        if self._is_other_referent(span, entry):
            return None
        if fold_name(span.text) in self.gazetteer.ambiguous_names or span.text in NAMES_OF_TWO_SEAS:
            return _make_link(span, Referent(None, "Place", span.text), "unlinked:ambiguous-name", 0.5)
        if entry.type == "Person" and self._given_name_before(span) and not self._in_office(entry):
            # "Mahamat Idriss Déby" in 2022: a known name that ends a longer one is another person's (the son's),
            # unless its bearer held a post on the day ("Muhammad Nawaz Sharif" in 2016)
            longer = self.doc[span.start - 1 : span.end]
            unknown = _make_link(
                longer, Referent(None, "Person", longer.text), "unlinked:longer-person-name", 0.6
            )
            return self._link_person(longer, longer.text) or unknown
        if len(span) == 1 and entry.type in STATE_TYPES | {"City"} and self._inside_person_name(span):
            return None  # "Chad Smith", "Michael Jordan": a person's name, not the state
        if entry.type in PLACE_TYPES and _named_after_a_title(span):
            return None  # "the late Vietnamese President, Ho Chi Minh": the person the city is named after
        if _inside_longer_name(span):
            # "North Mitrovica", "Northern Ireland": a longer name the gazetteer does not hold
            longer = self.doc[span.start - 1 : span.end]
            return _make_link(longer, Referent(None, "Place", longer.text), "unlinked:longer-name", 0.6)
        if self._is_part_of_longer_name(span, entry):
            return self._longer_name_link(span, entry)
        if entry.type != "Person" and _ends_a_longer_name(span):
            return None  # "the body's Peace and Security Council", "the Río San Juan": another entity
        if self._before_it_existed(entry):
            return _make_link(span, Referent(None, "Place", span.text), "unlinked:dated-namesake", 0.6)
        return _make_link(span, _referent(entry), "gazetteer:name", 0.97)

    def _unsure_organisation(self, span: Span) -> Link | None:
        """ "The Movement for Democratic Change rejected ...": a name of several words that only organisations
        bear, where the text does not say which of them (whose country): an actor all the same, without a QID."""
        entries = self.gazetteer.lookup(span.text)
        if len(span) < 2 or not entries or any(entry.type not in UNSURE_KINDS for entry in entries):
            return None
        kind = "ArmedGroup" if all(entry.type == "ArmedGroup" for entry in entries) else "Organization"
        return _make_link(span, Referent(None, kind, span.text), "unlinked:unsure-organisation", 0.6)

    def _before_it_existed(self, entry: GazEntry) -> bool:
        """A place named like an older one (`kg.extract.dated_namesakes`) in an article that may speak of a
        time before it existed."""
        inception = inceptions().get(entry.qid or "")
        if inception is None:
            return False
        if self._earliest_date is None:
            self._earliest_date = (earliest_date(self.text, published=self.published),)
        return predates(inception, published=self.published, earliest=self._earliest_date[0])

    def _is_part_of_longer_name(self, span: Span, entry: GazEntry) -> bool:
        """An organisation, armed group or city whose name starts a longer name (a branch, a body, a ship, a
        negotiating format: `kg.extract.longer_names`)."""
        if inside_hyphened_name(span) or (entry.type in PLACE_TYPES and names_a_ship(span)):
            return True
        if entry.type == "City" and names_a_format(span):
            return True
        if entry.type not in ORGANISATION_TYPES | {"ArmedGroup", "City"}:
            return False
        return longer_name_end(span, armed_group=entry.type == "ArmedGroup") is not None

    def _longer_name_link(self, span: Span, entry: GazEntry) -> Link | None:
        """The longer name unlinked as a whole, its inner names skipped; nothing when a body the gazetteer knows
        follows the parent's name ("U.N. Security Council": the council's own name carries the link)."""
        end = longer_name_end(span, armed_group=entry.type == "ArmedGroup")
        if end is None:
            return None  # a ship or a format: no actor of ours
        following = self.doc[span.end]
        if following.ent_id_.startswith("Q") and following.ent_type_ in ORGANISATION_TYPES:
            return None
        longer = self.doc[span.start : end]
        self.longer_name_end = end
        if entry.type in ORGANISATION_TYPES and all(
            t.lower_ in ORGAN_WORDS for t in self.doc[span.end : end]
        ):
            # "the SADC Double Troika", "the OAS General Secretariat": an organ of the body, acting for it
            return _make_link(longer, _referent(entry), "gazetteer:organ-of-body", 0.85)
        kind = "ArmedGroup" if entry.type == "ArmedGroup" else "Organization"
        return _make_link(longer, Referent(None, kind, longer.text), "unlinked:longer-name", 0.6)

    def _choose(self, span: Span, matched: GazEntry) -> GazEntry | None:
        """Of the entries called like the matched name (the matcher labels the span with the first), the one
        the context points to."""
        entries = self.gazetteer.lookup(span.text)
        if matched not in entries:
            return matched  # "U.S.": a dotted form of one entry's abbreviation
        return choose(entries, span, self.context, self.gazetteer)

    def _link_person(self, span: Span, name: str) -> Link | None:
        monarch = self._monarch(span, name)
        if monarch is not None:
            return _make_link(span, _referent(monarch), "gazetteer:monarch", 0.9)
        entries = [entry for entry in self.gazetteer.lookup(name) if entry.type == "Person"]
        if entries:
            chosen = choose(entries, span, self.context, self.gazetteer, ner_label="PERSON")
            return _make_link(span, _referent(chosen), "gazetteer:person", 0.95) if chosen else None
        written_otherwise = self._person_by_name_parts(name)
        if written_otherwise is not None:
            return _make_link(span, _referent(written_otherwise), "gazetteer:person-name-parts", 0.9)
        if _surname_is_a_place(span):
            # "Professor Jonathan London": a first name, then a surname the gazetteer holds as a city
            full_name = self.doc[span.start : span.end + 1]
            self.longer_name_end = full_name.end
            return _make_link(full_name, Referent(None, "Person", full_name.text), "ner:surname-a-place", 0.6)
        surname_entry = self._unique_surname_in_office(" ".join(_name_words(name)))
        if surname_entry is not None:
            return _make_link(span, _referent(surname_entry), "surname+post-at-date", 0.85)
        surname_entry = self._surname_in_named_bodies(name)
        if surname_entry is not None:
            return _make_link(span, _referent(surname_entry), "surname+post-in-named-body", 0.8)
        titled = self._holder_by_title(span, name)
        if titled is not None:
            return _make_link(span, _referent(titled), "title+name-word-at-date", 0.8)
        whole = self._name_cut_short(span, name)
        if whole is not None:
            return whole
        swapped = (
            person_named_family_first(self.gazetteer, name, at=self.published, named=self._named_bodies())
            if self.published
            else None
        )
        if swapped is not None:
            return _make_link(span, _referent(swapped), "gazetteer:family-name-first", 0.85)
        return _make_link(span, Referent(None, "Person", name), "ner:unlinked", 0.6)

    def _name_cut_short(self, span: Span, name: str) -> Link | None:
        """ "William Samoei" of "William Samoei Ruto": a name the model ended before its last capitalised word,
        linked whole when the whole is one person's name, written as the gazetteer writes it or otherwise."""
        end = span.end
        while end < len(self.doc) and end - span.end < 2 and _bare_name_word(self.doc[end]):
            end += 1
            whole = f"{name} {self.doc[span.end : end].text}"
            people = [entry for entry in self.gazetteer.lookup(whole) if entry.type == "Person"]
            person = people[0] if len(people) == 1 else self._person_by_name_parts(whole)
            if person is not None:
                return _make_link(
                    self.doc[span.start : end], _referent(person), "gazetteer:name-cut-short", 0.85
                )
        return None

    def _monarchs_the_model_missed(self) -> list[Link]:
        """ "King Abdullah II" that the model left without a PERSON span."""
        covered = self._covered()
        found = []
        for match in MONARCH_NAME.finditer(self.text):
            span = self.doc.char_span(match.start("name"), match.end("name"), alignment_mode="contract")
            if span is None or any(i in covered for i in range(span.start, span.end)):
                continue
            person = self._monarch(span, match.group("name"))
            if person is not None:
                found.append(_make_link(span, _referent(person), "gazetteer:monarch", 0.9))
        return found

    def _armed_groups_the_model_missed(self) -> list[Link]:
        """ "Houthi rebels", "the Houthis’ attacks": a one-word armed group's name the model left without a span."""
        covered = self._covered() | {i for ent in self.doc.ents for i in range(ent.start, ent.end)}
        found = []
        for token in self.doc:
            if token.i in covered or not token.is_title:
                continue
            span = self.doc[token.i : token.i + 1]
            group = armed_group_in_context(self.gazetteer, span)
            if group is not None:
                found.append(_make_link(span, _referent(group), "gazetteer:armed-group-in-context", 0.85))
        return found

    def _monarch(self, span: Span, name: str) -> GazEntry | None:
        """ "King Salman", "King Abdullah II": a monarch, whom the reference files name "Salman of Saudi Arabia",
        "Abdullah II of Jordan"; the one person so named."""
        first = span[0].lower_ if span[0].lower_ in MONARCH_TITLES else None
        before = self.doc[span.start - 1].lower_ if span.start > 0 else ""
        if first is None and before not in MONARCH_TITLES:
            return None
        people = {p.id: p for p in self.gazetteer.people_named_from(f"{name} of") if p.type == "Person"}
        return next(iter(people.values())) if len(people) == 1 else None

    def _surname_in_named_bodies(self, name: str) -> GazEntry | None:
        """ "Ms Wong" in a text that names Australia: the one person of that surname in office there."""
        if self.published is None or " " in name:
            return None
        return surname_in_named_bodies(self.gazetteer, name, at=self.published, named=self._named_bodies())

    def _named_bodies(self) -> set[str]:
        return set(self.context.countries) | {link.referent.qid for link in self.links if link.referent.qid}

    def _holder_by_title(self, span: Span, name: str) -> GazEntry | None:
        """ "Minister Badr", "Foreign Minister Wang": a title and one word of a name, resolved to the one holder
        of such a post on the article's date in a state or organisation the article names."""
        if self.published is None or " " in name:
            return None
        title = [token.text for token in span if token.lower_.rstrip(".") in TITLE_WORDS]
        start = span.start
        while start > 0 and self.doc[start - 1].lower_.rstrip(".") in TITLE_WORDS and span.start - start < 3:
            start -= 1
        title = [token.text for token in self.doc[start : span.start]] + title
        named = self.context.countries | {link.referent.qid for link in self.links if link.referent.qid}
        return holder_by_title_and_name_word(
            self.gazetteer, title=title_words(title), word=name, at=self.published, named=named
        )

    def _person_by_name_parts(self, name: str) -> GazEntry | None:
        """A person the text names otherwise than the gazetteer, when only one person fits: middle initials and
        suffixes aside ("Antony J. Blinken"), a first name spelt or shortened otherwise ("Sergei" for Sergey,
        "Alex" for Alexander), the family name with an Arabic article ("Abdel Fattah al-Burhan"), or the leading
        words of a longer name ("Abiy Ahmed" for Abiy Ahmed Ali; "Mohamed bin Zayed", first name spelt otherwise)."""
        words = _name_words(name)
        if len(words) < 2:
            return None
        # "al-Burhan": the gazetteer files a family name under its word without the article
        first, surname = fold_name(words[0]), fold_name(without_article(words[-1]))
        people = {
            person.id: person
            for person in self.gazetteer.surname_index().get(surname, ())
            if _same_first_name(first, fold_name(person.label.split()[0]))
            and not _middle_names_differ(words, person.label)  # "Abdullahi Ali Ahmed" is not Abdullahi Yusuf
        }
        # a name that only starts or ends a known one ("Mohamed Abdi" for Mohamed Abdi Mohamed) is common in
        # many countries: it is that person's only when they were in office about the time of the story
        shortened = [
            *self.gazetteer.people_named_from(" ".join(words)),
            *(
                p
                for p in people_by_name_tail(self.gazetteer, words)
                if _same_first_name(first, fold_name(p.label.split()[0]))
            ),
        ]
        people.update((p.id, p) for p in shortened if self._in_office_about_then(p))
        return next(iter(people.values())) if len(people) == 1 else None

    def _in_office_about_then(self, person: GazEntry) -> bool:
        """The person held a known post from three years before the article to a year after it (or no post
        and no date is known to say otherwise)."""
        posts = self.gazetteer.posts_of(person.id)
        if self.published is None or not posts:
            return True
        before, after = (
            self.published - OFFICE_YEARS_BEFORE,
            self.published + OFFICE_YEAR_AFTER,
        )
        return any(post.meets(before, after) for post in posts)

    def _link_name(self, span: Span, name: str, ner_label: str) -> Link | None:
        bare = name.lower().removeprefix("the ")
        seat = self._one_state(SEATS_OF_GOVERNMENT.get(bare, ""))
        if seat is not None:
            return _make_link(span, seat, "seat-of-government", 0.9)
        sector, state_name = STATE_DEPARTMENTS.get(bare, ("", ""))
        state = self._one_state(state_name)
        if state is not None:
            organ = Referent(None, "Organization", name.removeprefix("the "), sector, state)
            return _make_link(span, organ, "state-department", 0.9)
        entries = self.gazetteer.lookup(name) or self._places_with_article(name, ner_label)
        if entries:
            chosen = choose(entries, span, self.context, self.gazetteer, ner_label=ner_label)
            if chosen is None or self._is_other_referent(span, chosen):
                return None
            if self._is_part_of_longer_name(span, chosen):
                return self._longer_name_link(span, chosen)
            if self._before_it_existed(chosen):
                return _make_link(span, Referent(None, "Place", span.text), "unlinked:dated-namesake", 0.6)
            return _make_link(span, _referent(chosen), "gazetteer:folded-name", 0.9)
        region = self._region_before_its_noun(span, ner_label)
        if region is not None:
            return region
        variant = self._place_spelled_otherwise(name, ner_label)
        if variant is not None:
            return _make_link(span, _referent(variant), "gazetteer:spelling-variant", 0.8)
        surname_entry = self._unique_surname_in_office(name) if " " not in name else None
        if surname_entry is not None:
            return _make_link(span, _referent(surname_entry), "surname+post-at-date", 0.8)
        written_otherwise = self._person_by_name_parts(name)  # a person NER took for something else
        if written_otherwise is not None:
            return _make_link(span, _referent(written_otherwise), "gazetteer:person-name-parts", 0.85)
        capitalised = name[0].isupper() or starts_with_article(name)
        if name.lower() in NOT_ACTOR_NAMES or not capitalised or _names_an_act(span):
            return None
        return _make_link(span, Referent(None, _unlinked_type(span, ner_label), name), "ner:unlinked", 0.6)

    def _region_before_its_noun(self, span: Span, ner_label: str) -> Link | None:
        """NER's "Arauca province": the gazetteer's region of the name before the word, when it is one (not
        "the State Department")."""
        if len(span) < 2 or span[-1].lower_ not in REGION_WORDS:
            return None
        link = self._link_name(span[:-1], span[:-1].text, ner_label)
        return link if link is not None and link.referent.type == "Region" else None

    def _places_with_article(self, name: str, ner_label: str) -> list[GazEntry]:
        """ "Hudaydah" that NER calls a place: the places named with the Arabic article ("Al Hudaydah")."""
        if ner_label not in {"GPE", "LOC", "FAC"}:
            return []
        found = (entry for form in with_article(name) for entry in self.gazetteer.lookup(form))
        return list({entry.id: entry for entry in found if entry.type in PLACE_TYPES}.values())

    def _place_spelled_otherwise(self, name: str, ner_label: str) -> GazEntry | None:
        """ "Lower Shabelle" that NER calls a place: the one place spelled "Lower Shebelle" (`spelling_variants`)."""
        if ner_label not in {"GPE", "LOC", "FAC", "ORG"}:
            return None
        return place_spelled_otherwise(
            self.gazetteer, name, countries=self.context.countries, waters_only=ner_label == "ORG"
        )

    def _link_demonym(self, span: Span, name: str) -> Link | None:
        group = self.gazetteer.ethnic_group(name)
        if group is not None:
            return _make_link(span, Referent(None, "EthnicGroup", group.label), "gazetteer:ethnic-group", 0.9)
        state = self.gazetteer.demonym(name) or self._shared_demonym_named(name)
        if state is None or _of_a_wider_region(span) or self._joined_to_no_state(span):
            return None
        if span.end < len(self.doc) and self.doc[span.end].text == "Revolution":
            return None  # "inspired by the Cuban Revolution": a time of the country's history, no act of it
        if _a_language(span):
            return None  # "read the agreements in Spanish": the language, no state
        if _names_a_people(span, state.qid) and state.people_demonym:
            # "ethnic Albanian mayor", "the Albanian minority": the people, not the state
            people = self.gazetteer.ethnic_group(state.people_demonym)
            if people is not None:
                return _make_link(span, Referent(None, "EthnicGroup", people.label), "demonym:ethnic", 0.85)
        return _make_link(span, _referent(state), "gazetteer:demonym", 0.9)

    def _shared_demonym_named(self, name: str) -> GazEntry | None:
        """ "Congolese" in a story that names the Democratic Republic of the Congo (or its capital Kinshasa) and
        not the other Congo: the one of the states sharing the adjective that the article names."""
        named = [s for s in self.gazetteer.states_of_demonym(name) if s.qid in self.context.countries]
        return named[0] if len(named) == 1 else None

    def _honoured_before(self, span: Span) -> Link | None:
        """ "Samdech Techo emphasized": honorifics alone stand for the person named after them earlier
        ("Samdech Techo Hun Sen"); before any such name they are the model's cut of a longer one, no one."""
        words = [token.lower_ for token in span]
        for link in reversed(self.links):
            before = self.doc[max(link.start - len(span), 0) : link.start]
            if link.referent.type == "Person" and [token.lower_ for token in before] == words:
                return _make_link(span, link.referent, "honorific-coreference", 0.85)
        return None

    def _joined_to_no_state(self, span: Span) -> bool:
        """ "the Ibero-American summits": a demonym hyphen-joined to a word that names no state is the adjective
        of a wider whole; "Russian-American", "Sino-American" and "Franco-German" keep theirs."""
        doc = span.doc
        if span.start < 2 or doc[span.start - 1].text != "-" or not doc[span.start - 2].is_title:
            return False
        prefix = doc[span.start - 2].text
        known = self.gazetteer.demonym(prefix) or any(
            e.type in STATE_TYPES for e in self.gazetteer.lookup(prefix)
        )
        return not known and prefix.lower() not in STATE_COMBINING_FORMS

    def _unique_surname_in_office(self, name: str) -> GazEntry | None:
        """A bare surname links only when one person in the gazetteer has it and held a post at the date."""
        if self.published is None:
            return None
        # "King Salman" is not "Mohammad bin Salman": a father's name is nobody's surname
        people = tuple(
            person
            for person in self.gazetteer.surname_index().get(fold_name(name), ())
            if not is_fathers_name(person.label, name)
        )
        in_office = [
            person
            for person in people
            if person.qid and self.gazetteer.posts_of(person.qid, at=self.published, open_ended=True)
        ]
        return in_office[0] if len(people) == 1 and len(in_office) == 1 else None

    def _after_unknown_acronym(self, span: Span) -> bool:
        """ "EUTM Somalia": a state's name after an acronym no entry of ours bears names the mission, not the
        state; not in a line of capitals ("NEWS IN BRIEF: SOMALIA")."""
        if span.start < 2:
            return False
        before, word = self.doc[span.start - 1], self.doc[span.start - 2]
        return (
            len(before.text) >= 3
            and before.is_upper
            and before.is_alpha
            and not word.is_upper
            and not self.gazetteer.lookup(before.text)
        )

    def _is_other_referent(self, span: Span, entry: GazEntry) -> bool:
        """Names the gazetteer gives to a state that here denote something else (Atlanta, Georgia; the Greek
        region of Macedonia), and names glued into a longer name it lacks ("Taiwan Strait")."""
        if _followed_by_name_part(span):
            return True
        if entry.type in STATE_TYPES | PLACE_TYPES and _after_name_link(span):
            return True  # "Santiago de Chile" is the city; "Maguindanao del Sur" a province, not Oman's Sur
        if entry.type in STATE_TYPES and self._after_unknown_acronym(span):
            return True
        context = OTHER_REFERENT_CONTEXT.get(span.text.lower())
        if context is None or entry.type not in STATE_TYPES:
            return False
        before = self.doc[max(span.start - 2, 0) : span.start]
        after_comma_name = len(before) == 2 and before[1].text == "," and before[0].is_title
        window = self.doc[max(span.sent.start, span.start - 6) : span.end + 3].text.lower()
        return (span.text.lower() == "georgia" and after_comma_name) or any(
            word in window for word in context
        )

    def _in_office(self, person: GazEntry) -> bool:
        return self.published is not None and bool(
            self.gazetteer.posts_of(person.qid or "", at=self.published)
        )

    def _given_name_before(self, span: Span) -> bool:
        """The name is glued to a capitalised word that starts other people's names and is no title."""
        if span.start == 0:
            return False
        before = self.doc[span.start - 1]
        if not (before.is_title and before.pos_ == "PROPN") or before.text.endswith("."):
            return False
        if before.lower_ in NAME_NEIGHBOURS | HONORIFICS or before.ent_type_ not in {"", "PERSON"}:
            return False
        return fold_name(before.text) in self.gazetteer.given_names

    def _inside_person_name(self, span: Span) -> bool:
        """A place name glued to an unlinked capitalised name that the model reads as a person, or after an
        honorific ("Crown Princess Victoria")."""
        doc = self.doc
        if span.start > 0 and doc[span.start - 1].lower_.rstrip(".") in HONORIFICS:
            return True
        if (
            span.start > 1
            and doc[span.start - 1].lower_ in {"of", "to"}
            and doc[span.start - 2].lower_ in TITLE_WORDS | ENVOY_NOUNS
        ):
            # "President of Nauru Baron Waqa", "Ambassador to Portugal Oliver Antic": the state of the title,
            # then the holder's name
            return False
        neighbours = [doc[i] for i in (span.start - 1, span.end) if 0 <= i < len(doc)]
        for token in neighbours:
            if token.i < span.start and token.is_sent_start and _looks_like_common_word(token):
                continue  # "Acknowledging Serbia's commitment": capitalised only by position
            if not (token.is_title and token.pos_ == "PROPN") or token.lower_ in NAME_NEIGHBOURS:
                continue
            if token.ent_type_ in {"", "PERSON", "Person"}:
                return True
        return False

    def _remember(self, link: Link) -> None:
        referent = link.referent
        if referent.type != "Person" or " " not in link.text:
            return
        for key in {fold_name(form) for form in later_forms(link.text) | later_forms(referent.label)}:
            self.people_seen.setdefault(key, referent)
            self.people_seen.setdefault(key.title(), referent)

    def _initialled_names(self) -> list[Link]:
        """ "Statement From Secretary of Defense Lloyd J. Austin III": a name with middle initials that the
        model missed (often in a headline or byline), linked as the model's PERSON spans are."""
        covered = self._covered_by(self.links)
        found = []
        for match in INITIALLED_NAME.finditer(self.text):
            # "contract": a suffix glued to punctuation ("III:-") is one token; the name is linked without it
            span = self.doc.char_span(match.start(), match.end(), alignment_mode="contract")
            if span is None or any(i in covered for i in range(span.start, span.end)):
                continue
            link = self._link_person(span, match[0])
            if link is not None and link.referent.qid is not None:
                self._remember(link)
                found.append(link)
        return found

    def _with_family_names_first(self, links: list[Link]) -> list[Link]:
        """ "Foreign Minister HAYASHI Yoshimasa": a name written family name first, in capitals, that the model
        missed or cut; it replaces what the model made of its parts."""
        for start, end, person in family_name_first(self.text, self.gazetteer):
            span = self.doc.char_span(start, end, alignment_mode="contract")
            if span is None:
                continue
            link = _make_link(span, _referent(person), "gazetteer:family-name-first", 0.9)
            links = [old for old in links if old.end <= span.start or old.start >= span.end] + [link]
            self._remember(link)
        return sorted(links, key=lambda link: link.start)

    # -- abbreviations the article defines -------------------------------------------------------------
    def _with_defined_abbreviations(self, links: list[Link]) -> list[Link]:
        """ "the People's Republic of China (PRC) ... the PRC's violation", "the Allied Democratic Forces (ADF)
        ... the ADF denied": an abbreviation given in brackets after a name stands for it in the rest of the
        article, where the model saw only an unknown name or nothing; a name the linker did not know, or the
        model cut short ("Allied Democratic Forces (ADF"), becomes one unlinked name."""
        defined, names = self._defined_abbreviations(links)
        if not defined:
            return links
        named = {i for link in names for i in range(link.start, link.end + 3)}  # the name and its "(ABBR)"
        kept = [
            link
            for link in links
            if not (link.referent.qid is None and link.text in defined)
            and not any(i in named for i in range(link.start, link.end))
        ]
        kept.extend(names)
        covered = set(index_by_token(kept))
        for token in self.doc:
            referent = defined.get(token.text)
            if referent is not None and token.i not in covered:
                span = self.doc[token.i : token.i + 1]
                kept.append(_make_link(span, referent, "abbreviation-defined", 0.9))
        return sorted(kept, key=lambda link: link.start)

    def _defined_abbreviations(self, links: list[Link]) -> tuple[dict[str, Referent], list[Link]]:
        """What each bracketed abbreviation stands for, and links for the unlinked names they define."""
        defined: dict[str, Referent] = {}
        names: list[Link] = []
        linked = [link for link in links if link.referent.qid is not None]
        for name, abbreviation in defined_abbreviations(self.doc):
            inside = [link for link in linked if name.start <= link.start and link.end <= name.end]
            if abbreviation.text in defined or any(
                link.start == name.start and link.end == name.end for link in inside
            ):
                continue  # a linked name: the loop below gives it its abbreviation
            referent = Referent(None, self._defined_name_type(name), name.text)
            defined[abbreviation.text] = referent
            if not inside:
                names.append(_make_link(name, referent, "unlinked:abbreviation-defined", 0.7))
            # else a known name inside ("Rwanda Defence Force (RDF)", "UN Assistance Mission in Afghanistan
            # (UNAMA)") keeps its link there: only the abbreviation names the longer body
        doc = self.doc
        for link in linked:
            if link.end + 2 >= len(doc):
                continue
            opening, abbreviation, closing = doc[link.end], doc[link.end + 1], doc[link.end + 2]
            if opening.text == "(" and closing.text == ")" and ABBREVIATION.fullmatch(abbreviation.text):
                if self._abbreviates_link(link, abbreviation.text):
                    defined.setdefault(abbreviation.text, link.referent)
        return defined, names

    def _abbreviates_link(self, link: Link, abbreviation: str) -> bool:
        """The letters fit the linked name, or the name stands alone; "Colombia (FARC)" after "Revolutionary
        Armed Forces of" ends the Spanish-lettered name of another entity."""
        if spells(abbreviation, self.doc[link.start : link.end]):
            return True
        before = self.doc[link.start - 1] if link.start > 0 else None
        return (
            before is None or before.is_sent_start or not (before.is_title or before.lower_ in NAME_JOINERS)
        )

    def _defined_name_type(self, name: Span) -> str:
        """An armed group when the model or the group finder said so of any of its words, a place when the model
        read the name as a location, else an organisation (what bracketed abbreviations mostly name)."""
        if any(token.ent_type_ == "ArmedGroup" for token in name):
            return "ArmedGroup"
        if name[-1].ent_type_ in {"LOC", "FAC"}:
            return "Place"  # "the Line of Control (LoC)": a line, a border, a site
        return "ArmedGroup" if name[-1].lower_ in ARMED_NAME_ENDS else "Organization"

    # -- mentions without a named entity ----------------------------------------------------------------
    def _covered(self) -> set[int]:
        return self._covered_by(self.links)

    @staticmethod
    def _covered_by(links: list[Link]) -> set[int]:
        return set(index_by_token(links))

    def _surname_mentions(self) -> list[Link]:
        """Later bare surnames that the model missed or mislabelled (Stoltenberg as a GPE)."""
        covered = self._covered()
        found = []
        for token in self.doc:
            if token.i in covered or not token.is_title:
                continue
            referent = self._person_by_surname(token.text)
            if referent is None:
                continue
            if not self._seen_before(referent, token.idx):
                continue
            found.append(_make_link(self.doc[token.i : token.i + 1], referent, "surname-coreference", 0.9))
        return found

    def _person_by_surname(self, text: str) -> Referent | None:
        return self.people_seen.get(text) or self.people_seen.get(fold_name(text))

    def _seen_before(self, referent: Referent, char: int) -> bool:
        return any(link.referent == referent and link.start_char < char for link in self.links)

    def _alliance_mentions(self) -> list[Link]:
        """ "The alliance" after a named alliance refers to it."""
        covered = self._covered()
        found = []
        for token in self.doc:
            if token.i in covered or token.i == 0:
                continue
            if token.text in ALLY_WORDS and not token.is_sent_start:
                wanted = "alliance"  # "our new Allies", "NATO Allies": an alliance's own word for its members
            elif token.lower_ in ALLIANCE_WORDS and (
                self.doc[token.i - 1].lower_ in {"the", "alliance", "bloc's"}
                or token.dep_ == "poss"
                or _definite(token)  # "the 15-nation bloc", "West Africa's regional bloc"
            ):
                wanted = token.lower_
            else:
                continue
            alliance = self._last_alliance_before(token.idx, wanted=wanted)
            if alliance is not None:
                span = self.doc[token.i : token.i + 1]
                found.append(_make_link(span, alliance, "anaphora:the-alliance", 0.85))
        return found

    def _with_compass_states(self, links: list[Link]) -> list[Link]:
        """A compass word alone for a state: the first of two states that share the rest of their name ("North
        and South Korea exchanged fire"), or "the North" in a story that names North Korea ("a day after the
        North threatened ...", "the North's motivation"); one state only, or none. What the model made of the
        word without a QID ("North and" as a place) gives way."""
        known = {i for link in links if link.referent.qid for i in range(link.start, link.end)}
        found = []
        for token in self.doc:
            if token.text not in COMPASS_WORDS or token.i in known or token.i + 2 >= len(self.doc):
                continue
            referent = self._state_sharing_a_name(token) or self._state_of_the_compass(token)
            if referent is not None:
                found.append(
                    _make_link(self.doc[token.i : token.i + 1], referent, "anaphora:compass-state", 0.85)
                )
        taken = {link.start for link in found}
        kept = [link for link in links if not any(link.start <= i < link.end for i in taken)]
        return sorted(kept + found, key=lambda link: link.start)

    def _state_sharing_a_name(self, token: Token) -> Referent | None:
        """ "North and South Korea": the state named by the compass word and the second state's other words."""
        joiner, second = self.doc[token.i + 1], self.doc[token.i + 2]
        if joiner.lower_ not in {"and", "or", "nor"} or second.text not in COMPASS_WORDS:
            return None
        link = next((link for link in self.links if link.start == second.i), None)
        if link is None or link.referent.type not in STATE_TYPES:
            return None
        return self._one_state(" ".join([token.text, *link.text.split()[1:]]))

    def _one_state(self, name: str) -> Referent | None:
        """The state the gazetteer calls `name`, when exactly one is."""
        states = [entry for entry in self.gazetteer.lookup(name) if entry.type in STATE_TYPES] if name else []
        return _referent(states[0]) if len(states) == 1 else None

    def _state_of_the_compass(self, token: Token) -> Referent | None:
        """ "the North": the one state the text names that begins with the word."""
        before, after = self.doc[token.i - 1] if token.i else None, self.doc[token.i + 1]
        if before is None or before.lower_ != "the" or (after.is_title and after.text not in {"'s", "’s"}):
            return None  # "the North Atlantic", "the South China Sea": a longer name
        states = {
            link.referent
            for link in self.links
            if link.referent.qid and link.referent.type in STATE_TYPES and link.text.split()[0] == token.text
        }
        return states.pop() if len(states) == 1 else None

    def _institution_mentions(self) -> list[Link]:
        """ "the Council", "the Commission" after a named body whose name ends so ("the Arctic Council", "the
        Security Council") refer to it; without one, they stay unlinked (which council is a guess)."""
        covered = self._covered()
        found = []
        for token in self.doc:
            if token.text not in INSTITUTION_WORDS or token.i in covered or token.i == 0:
                continue
            if self.doc[token.i - 1].lower_ != "the":
                continue
            body = self._last_body_named(token.text, before=token.idx)
            if body is not None:
                found.append(
                    _make_link(self.doc[token.i : token.i + 1], body, "anaphora:the-institution", 0.85)
                )
        return found

    def _last_body_named(self, word: str, *, before: int) -> Referent | None:
        for link in sorted(self.links, key=lambda link: -link.start_char):
            referent = link.referent
            if link.start_char >= before or referent.qid is None or referent.type not in ORGANISATION_TYPES:
                continue
            if word in referent.label.split() or word in link.text.split():
                return referent
        return None

    def _last_alliance_before(self, char: int, *, wanted: str) -> Referent | None:
        types = {"Alliance"} if wanted == "alliance" else {"InternationalOrganization", "Organization"}
        earlier = [link for link in self.links if link.start_char < char and link.referent.type in types]
        return earlier[-1].referent if earlier and earlier[-1].referent.qid else None

    def _bare_title_mentions(self) -> list[Link]:
        """ "the Secretary-General said": a title without a name or an organisation refers to the person named
        with that title earlier in the article ("Secretary-General António Guterres")."""
        covered = self._covered()
        found = []
        for match in BARE_TITLE.finditer(doc_text(self.doc)):
            span = self.doc.char_span(match.start("title"), match.end("title"), alignment_mode="expand")
            if span is None or any(i in covered for i in range(span.start, span.end)):
                continue
            if _followed_by_name(self.doc, span.end) or _followed_by_of(self.doc, span.end):
                continue
            person = self._titled_person_before(span, match.group("title"))
            if person is not None:
                found.append(_make_link(span, person, "title-anaphora", 0.8))
        return found

    def _titled_person_before(self, span: Span, title: str) -> Referent | None:
        """The last person before the span who was named with the title, or who holds it by a title link."""
        key = fold_name(title).replace("-", " ")
        for link in sorted(self.links, key=lambda link: -link.start):
            if link.start >= span.start or link.referent.type != "Person":
                continue
            before = self.doc[max(0, link.start - 4) : link.start].text + " " + link.text
            if key in fold_name(before).replace("-", " ") or (link.title and fold_name(link.title) in key):
                return link.referent
        return None

    def _title_mentions(self) -> list[Link]:
        """ "NATO's Secretary General", "the President of the European Commission" without a name -> the
        person who held that post on the article's date, when exactly one did."""
        if self.published is None:
            return []
        covered = self._covered()
        found = []
        for link in list(self.links):
            organisation = link.referent
            if organisation.type not in ORGANISATION_TYPES | STATE_TYPES or not organisation.qid:
                continue
            title = _title_around(self.doc, link, self.text)
            if title is None:
                continue
            title_span, title_key = title
            if any(
                i in covered
                for i in range(title_span.start, title_span.end)
                if not link.start <= i < link.end
            ):
                continue
            if _followed_by_name(self.doc, title_span.end):
                continue
            person = self._holder(organisation, title_key)
            if person is not None:
                link = _make_link(title_span, _referent(person), "title-at-date", 0.85)
                found.append(replace(link, title_of=organisation, title=title_key))
        return found

    def _bare_title_holders(self) -> list[Link]:
        """ "The Secretary-General" with no organisation beside it: the one person who held that post on the
        article's date in one of the organisations the article names (a UN statement's Secretary-General)."""
        if self.published is None:
            return []
        covered = self._covered()
        organisations = {
            link.referent.qid: link.referent
            for link in self.links
            if link.referent.type in ORGANISATION_TYPES and link.referent.qid
        }
        organisations.update(self._parents_of_organs(organisations))
        found = []
        for match in BARE_ORG_TITLE.finditer(self.text):
            span = self.doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is None or any(i in covered for i in range(span.start, span.end)):
                continue
            # "Secretary General of the Pacific Islands Forum": the title names its organisation (a linked one
            # would have made it a title mention), not one named elsewhere in the text
            if _followed_by_name(self.doc, span.end) or _followed_by_of(self.doc, span.end):
                continue
            holders = {
                person.id: (person, organisation)
                for organisation in organisations.values()
                if (person := self._holder(organisation, "Secretary")) is not None
            }
            if len(holders) == 1:
                person, organisation = next(iter(holders.values()))
                link = _make_link(span, _referent(person), "bare-title-at-date", 0.8)
                found.append(replace(link, title_of=organisation, title="Secretary"))
        return found

    def _areas_inside_names(self) -> list[Link]:
        """ "Africa" of "U.S. Africa Command": a continent inside an organisation's name (`areas_in_names`)."""
        found = []
        for link in list(self.links):
            if link.referent.type not in ORGANISATION_TYPES | {"ArmedGroup"}:
                continue
            for start, end, area in areas_in_name(self.gazetteer, link.text):
                span = self.doc.char_span(link.start_char + start, link.start_char + end)
                if span is not None:
                    found.append(_make_link(span, _referent(area), "gazetteer:area-in-name", 0.8))
        return found

    def _home_post_holders(self, home: Referent | None) -> list[Link]:
        """ "the Prime Minister" in an Australian release, a "Foreign Minister" author line: the holder of the
        post, on the article's date, in the text's home state or organisation (see `home_posts`); when the home
        has no such post, in the state a statement is on ("Security Council Press Statement on Mali")."""
        if self.published is None or home is None or not home.qid:
            return []
        bodies = [home]
        if home.type in ORGANISATION_TYPES:
            # an organisation's statement on a state: the state's posts, which the organisation lacks; a text with
            # no clear home says nothing of whose its titles are ("Statement on Ukraine ... the Foreign Minister")
            bodies += [topic for topic in (self._topic_state(),) if topic is not None and topic.qid]
        # an organisation the model found inside a portfolio ("External Affairs" of "the Minister of External
        # Affairs") and no gazetteer entry holds is part of the title, not a mention of its own
        covered = self._covered_by([link for link in self.links if not _unlinked_organisation(link)])
        found = []
        for start, end, title in bare_posts(self.text, head_lines(self.doc)):
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is None or any(i in covered for i in range(span.start, span.end)):
                continue
            if _followed_by_name(self.doc, span.end) or (
                title != "president of the republic" and _followed_by_of(self.doc, span.end)
            ):
                continue
            held = self._post_holder_in(bodies, title, span)
            if held is not None:
                person, body = held
                link = _make_link(span, _referent(person), "home-post-at-date", 0.8)
                found.append(replace(link, title_of=body, title=title))
                covered.update(range(span.start, span.end))
        return found

    def _home_ministries(self, home: Referent | None) -> list[Link]:
        """ "ISLAMABAD: The Foreign Office condemned ...": a ministry named without its state ("the Foreign
        Ministry", "the Ministry of Defence") is the government of the text's home state (`home_posts`), the
        state the golds give as the actor; with no clear home, or a body's, it stays unlinked."""
        if home is None or not home.qid or home.type not in STATE_TYPES:
            return []
        covered = self._covered_by([link for link in self.links if not _unlinked_organisation(link)])
        found = []
        for match in BARE_MINISTRY.finditer(self.text):
            span = self.doc.char_span(match.start("name"), match.end("name"), alignment_mode="expand")
            if span is None or any(i in covered for i in range(span.start, span.end)):
                continue
            if _followed_by_of(self.doc, span.end):
                continue  # "the Foreign Ministry of Russia": its state is named
            found.append(_make_link(span, home, "home-ministry", 0.8))
        return found

    def _ministry_anaphora(self) -> list[Link]:
        """ "the Azeri foreign ministry said ... In a statement, the ministry said": a bare "the ministry" is the
        state of the last ministry named with its state before it."""
        covered = self._covered()
        found = []
        for token in self.doc:
            if token.lower_ != "ministry" or token.i in covered or token.i == 0:
                continue
            if self.doc[token.i - 1].lower_ != "the" or _followed_by_of(self.doc, token.i + 1):
                continue
            state = self._state_of_ministry_before(token.i)
            if state is not None:
                found.append(_make_link(self.doc[token.i : token.i + 1], state, "anaphora:the-ministry", 0.8))
        return found

    def _state_of_ministry_before(self, index: int) -> Referent | None:
        """The state named with the last ministry before `index`: "the Azeri foreign ministry", "Azerbaijan's
        Ministry of Defence", "the Ministry of Foreign Affairs of Azerbaijan"."""
        for ministry in (t for t in reversed(self.doc[:index]) if t.lower_ == "ministry"):
            before = range(ministry.i - 3, ministry.i)
            after = (
                range(ministry.i + 1, ministry.i + 6)
                if _followed_by_of(self.doc, ministry.i + 1)
                else range(0)
            )
            states = [
                link.actor
                for link in self.links
                if (link.start in before or link.start in after) and link.actor.type in STATE_TYPES
            ]
            if states:
                return states[0]
        return None

    def _post_anaphora(self) -> list[Link]:
        """ "The Minister said", "the foreign minister said": the one person named earlier who held a post of
        that title on the article's date (`post_anaphora`). Head lines are left to the home's holder: an author
        line's title is the author's, whoever the text goes on to name."""
        if self.published is None:
            return []
        covered = self._covered()
        head_end = max((end for _, end in head_lines(self.doc)), default=0)
        found = []
        for match in POST_TITLE.finditer(self.text):
            span = self.doc.char_span(match.start("title"), match.end("title"), alignment_mode="expand")
            if (
                span is None
                or match.start() < head_end
                or any(i in covered for i in range(span.start, span.end))
            ):
                continue
            if _followed_by_name(self.doc, span.end) or _followed_by_of(self.doc, span.end):
                continue
            earlier = {
                link.referent.qid: link.referent
                for link in self.links
                if link.start < span.start and link.referent.type == "Person" and link.referent.qid
            }
            qid = one_titled_person(
                self.gazetteer, earlier, post_title_key(match.group("title")), self.published
            )
            if qid is not None:
                found.append(_make_link(span, earlier[qid], "title-anaphora:post-at-date", 0.8))
        return found

    def _topic_state(self) -> Referent | None:
        return named_topic_state(self.doc, self.links)

    def _post_holder_in(
        self, bodies: list[Referent], title: str, span: Span
    ) -> tuple[GazEntry, Referent] | None:
        """The post's holder in the first body that has one: on the days shortly before the article on which the
        title's sentence dates its events, when it dates them so (the post may have changed hands since: "the
        arrest of the Prime Minister on 24 May"), else on the article's date."""
        assert self.published is not None
        published = self.published
        dated = [
            date.fromisoformat(found.value)
            for found in find_dates(span.sent.text, published=published)
            if found.precision == "day"
        ]
        days = recent_event_days(dated, published=published) or [published]
        for body in bodies:
            person = post_holder_on_days(self.gazetteer, body_qid=body.qid or "", title=title, days=days)
            if person is not None:
                return person, body
        return None

    def _home_body(self) -> Referent | None:
        if self.published is None:
            return None
        issuer = named_issuer(self.doc, self.links, title=self.doc._.title)
        dateline_state = None
        city = self.gazetteer.by_qid(self.dateline) if self.dateline else None
        if city is not None and city.label not in ORGANISATION_SEATS:
            dateline_state = self.gazetteer.capital_of(city.id) or city.country_qid
        states = {
            link.actor.qid
            for link in self.links
            if link.actor.type in STATE_TYPES and link.actor.qid and link.start_char >= self.dateline_end
        }
        if dateline_state not in states:
            dateline_state = None  # a bureau's city (Cairo for a story on Sudan) says nothing of the story
        governments = self._governments_speaking()
        if any(token.lower_ in FIRST_PERSON_PLURAL for token in self.doc):
            states = set()
        head_end = max((end for _, end in head_lines(self.doc)), default=0)
        head_people = {
            link.referent.qid
            for link in self.links
            if link.start_char < head_end and link.referent.type == "Person" and link.referent.qid
        }
        qid = home_body(
            self.gazetteer,
            issuer_qid=issuer.qid if issuer is not None else None,
            head_people=head_people,
            dateline_state_qid=dateline_state,
            government_state_qids=governments,
            states_named={qid for qid in states if qid},
            at=self.published,
        )
        entry = self.gazetteer.by_qid(qid) if qid else None
        return _referent(entry) if entry is not None else None

    def _governments_speaking(self) -> set[str]:
        """The states of the governments a text speaks of as speaker (`home_signals`)."""
        assert self.published is not None
        state_mentions = [
            (self.doc[link.start : link.end], link.actor.qid)
            for link in self.links
            if link.actor.type in STATE_TYPES and link.actor.qid and link.start_char >= self.dateline_end
        ]
        return (
            states_of_leaders_governments(self.text, self.gazetteer, at=self.published)
            | states_of_governing_subjects(state_mentions)
            | states_of_our_people(self.doc, state_mentions)
        )

    def _parents_of_organs(self, organisations: dict[str, Referent]) -> dict[str, Referent]:
        """The United Nations of a UN organ the article names (a Security Council press statement's
        "Secretary-General" is the UN's): the organs' kind in the reference files says whose they are."""
        organs = [self.gazetteer.by_qid(qid) for qid in organisations if qid]
        if not any(organ is not None and organ.kind == "un_organ" for organ in organs):
            return {}
        parents = [
            entry for entry in self.gazetteer.lookup(UNITED_NATIONS) if entry.type in ORGANISATION_TYPES
        ]
        return {parents[0].id: _referent(parents[0])} if len(parents) == 1 else {}

    def _holder(self, organisation: Referent, title_key: str) -> GazEntry | None:
        if title_key in POST_NAMES and self.published is not None:
            return post_holder(
                self.gazetteer, body_qid=organisation.qid or "", title=title_key, at=self.published
            )
        posts = self.gazetteer.holders(org_qid=organisation.qid or "", title=title_key, at=self.published)
        if not posts:
            # "President of the European Commission" is filed under the EU with the body in the post's name
            posts = [
                post
                for post in self.gazetteer.posts
                if post.position.casefold().startswith(title_key.casefold())
                and organisation.label.casefold() in post.position.casefold()
                and self.published is not None
                and post.covers(self.published)
            ]
        people = {post.person_qid for post in posts}
        return self.gazetteer.by_qid(people.pop()) if len(people) == 1 else None

    # -- capitals standing for their governments --------------------------------------------------------------
    def _with_metonymy(self, link: Link) -> Link:
        referent = link.referent
        if referent.type == "Person" and referent.qid:
            return self._with_leader_metonymy(link)
        if referent.type != "City" or not referent.qid:
            return link
        state_qid = self.gazetteer.capital_of(referent.qid)
        state = self.gazetteer.by_qid(state_qid) if state_qid else None
        seat_of = SEAT_OF_ORGANISATION.get(referent.label)
        if seat_of is not None:
            # "Brussels insisted ...": the EU's institutions, not Belgium's government
            organisations = [e for e in self.gazetteer.lookup(seat_of) if e.type in ORGANISATION_TYPES]
            state = organisations[0] if len(organisations) == 1 else state
        if state is None or not _is_metonymic(self.doc[link.start : link.end]):
            return link
        return replace(link, stands_for=_referent(state), rule=f"{link.rule}+capital-metonym")

    def _with_leader_metonymy(self, link: Link) -> Link:
        """ "the Bush administration", "the Netanyahu government": the state its leader led, not the person."""
        if link.end >= len(self.doc) or self.doc[link.end].lemma_.lower() not in LEADERS_GOVERNMENTS:
            return link
        assert link.referent.qid is not None
        posts = [
            post
            for post in self.gazetteer.posts_of(link.referent.qid)
            if post.position.casefold().startswith(HEAD_POSTS)
            and (state := self.gazetteer.by_qid(post.organization_or_state_qid)) is not None
            and state.type in STATE_TYPES
        ]
        # the term the article falls in; "the Obama administration" recalled years later: the person's only state
        at_date = [post for post in posts if self.published and post.covers(self.published, open_ended=True)]
        states = {post.organization_or_state_qid for post in at_date or posts}
        if len(states) != 1:
            return link
        state = self.gazetteer.by_qid(states.pop())
        assert state is not None
        return replace(link, stands_for=_referent(state), rule=f"{link.rule}+leader-metonym")


@dataclass(frozen=True)
class Dateline:
    """The city a story was filed from, with its offsets."""

    referent: Referent
    start: int
    end: int


DATELINE_END = re.compile(r"\s[-–—]+\s|\(")


def find_dateline(doc: Doc, gazetteer: Gazetteer) -> Dateline | None:
    """The dateline city at the start of the first paragraph that has one (after a headline)."""
    text = doc_text(doc)
    for paragraph_start in _paragraph_starts(text)[:3]:
        opening = text[paragraph_start:]
        match = DATELINE.match(opening) or DATELINE_COLON.match(opening) or DATELINE_TITLED.match(opening)
        if match is None:
            continue
        name = match.group("city").strip()
        cities = _dateline_cities(gazetteer.lookup(name))
        if len(cities) == 1:
            start = paragraph_start + match.start("city")
            referent = Referent(cities[0].qid, "City", cities[0].label)
            return Dateline(referent, start, start + len(name))
    return None


def _dateline_line_end(text: str, dateline: Dateline) -> int:
    """The end of the dateline's words: the dash or bracket after its city ("VILNIUS, Lithuania --")."""
    after = DATELINE_END.search(text, dateline.end, dateline.end + 60)
    return after.end() if after is not None else dateline.end


def _dateline_cities(entries: list[GazEntry]) -> list[GazEntry]:
    """The cities a dateline may name: the curated ones, else the prominent ones of the wider files, else the one
    town of the wider files that nothing else is named like ("BENTIU, Apr 11 –")."""
    cities = [entry for entry in entries if entry.type == "City"]
    curated = [entry for entry in cities if not entry.extended]
    prominent = [entry for entry in cities if (entry.prominence or 0) >= PROMINENT]
    return curated or prominent or (cities if len(entries) == 1 else [])


def _paragraph_starts(text: str) -> list[int]:
    starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]
    return [start + len(text[start:]) - len(text[start:].lstrip()) for start in starts]


def _unify_unlinked_types(links: list[Link]) -> list[Link]:
    """One type and one spelling per unlinked name: the model may call "Western Balkans" an ORG once and a LOC
    twice, and a sentence's first word capitalises an article written in lower case elsewhere ("Al-Shabaab")."""
    votes: dict[str, Counter[str]] = {}
    labels: dict[str, str] = {}
    for link in links:
        if link.referent.qid is None and link.rule == "ner:unlinked":
            key = _article_lowered(link.referent.label)
            votes.setdefault(key, Counter())[link.referent.type] += 1
            labels.setdefault(key, link.referent.label)
    unified = []
    for link in links:
        key = _article_lowered(link.referent.label)
        counts = votes.get(key)
        if counts and link.rule == "ner:unlinked":
            best = sorted(counts.items(), key=lambda item: (-item[1], item[0] != "Region", item[0]))[0][0]
            link = replace(link, referent=replace(link.referent, type=best, label=labels[key]))
        unified.append(link)
    return unified


def _article_lowered(name: str) -> str:
    """ "Al-Shabaab" as "al-Shabaab": the article's case says only where the sentence starts."""
    lowered = name[:1].lower() + name[1:]
    return lowered if starts_with_article(lowered) else name


TITLE_HEADS = {
    "secretary general": "Secretary General",
    "secretary-general": "Secretary-General",
    "president": "President",
    "prime minister": "Prime Minister",
    "head": "Secretary General",
    "chief": "Secretary General",
    "chancellor": "Chancellor",
    "foreign minister": "Foreign Minister",
    "defence minister": "Defence Minister",
    "defense minister": "Defense Minister",
    "interior minister": "Interior Minister",
    "finance minister": "Finance Minister",
    "vice president": "Vice President",
    "deputy prime minister": "Deputy Prime Minister",
    "high representative": "High Representative",
}


# "the Secretary-General", "the Prime Minister": a title alone, after "the".
BARE_TITLE = re.compile(
    r"\b[Tt]he\s+(?P<title>[Ss]ecretary[- ][Gg]eneral|[Pp]resident|[Pp]rime [Mm]inister|[Ff]oreign [Mm]inister|"
    r"[Dd]efen[cs]e [Mm]inister|[Cc]hancellor|[Hh]igh [Rr]epresentative|[Ss]pecial [Ee]nvoy|"
    r"[Ss]pokes(?:man|woman|person))\b"
)
# A capitalised organisation title on its own ("The Secretary-General is alarmed ...").
BARE_ORG_TITLE = re.compile(r"\bSecretary[- ]General\b")

# A state's ministers by their post ("Australia's Foreign Minister", "the Minister for Foreign Affairs of Japan").
STATE_MINISTERS = (
    r"foreign minister|foreign secretary|defen[cs]e minister|"
    r"minister (?:for|of) (?:foreign affairs|defen[cs]e)"
)
TITLE_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?P<title>secretary[- ]general|president|prime minister|foreign policy chief|"
    rf"high representative|chancellor|chief|head|{STATE_MINISTERS})\b",
    re.IGNORECASE,
)
TITLE_BEFORE = re.compile(
    r"\b(?P<title>secretary[- ]general|president|prime minister|high representative|chancellor|head|chief|"
    rf"{STATE_MINISTERS})\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Words before a title that make it another post or another time ("Vice President of", "former Foreign Minister
# of"): the holder on the article's date is not who is meant.
NOT_THE_HOLDER = re.compile(
    r"\b(?:deputy|vice|former|ex|late|then|acting|junior|shadow|assistant|first|second|parliamentary)[\s-]*$",
    re.IGNORECASE,
)
# What each title is called in the gazetteer's post names.
TITLE_KEYS = {
    "secretary general": "Secretary",
    "secretary-general": "Secretary",
    "president": "President",
    "prime minister": "Prime Minister",
    "foreign policy chief": "High Representative",
    "high representative": "High Representative",
    "chancellor": "Chancellor",
    "chief": "Secretary",
    # a state's ministers: the keys of `home_posts.POST_NAMES`, whose post names differ from state to state
    "foreign minister": "foreign minister",
    "foreign secretary": "foreign secretary",
    "minister for foreign affairs": "foreign minister",
    "minister of foreign affairs": "foreign minister",
    "defence minister": "defence minister",
    "defense minister": "defence minister",
    "minister for defence": "defence minister",
    "minister of defence": "defence minister",
    "minister for defense": "defence minister",
    "minister of defense": "defence minister",
    "head": "Secretary",
}


def _title_around(doc: Doc, link: Link, text: str) -> tuple[Span, str] | None:
    """A title right after ("NATO's Secretary General") or before ("President of the European Commission") an
    organisation or state; the span runs over both, as the whole phrase names the person."""
    after = TITLE_AFTER.match(text[link.end_char : link.end_char + 40])
    if after is not None and NOT_THE_HOLDER.search(text[max(0, link.start_char - 20) : link.start_char]):
        return None  # "former Nigerian President": not who holds the post today
    if after is not None:
        span = doc.char_span(link.start_char, link.end_char + after.end("title"), alignment_mode="expand")
        key = TITLE_KEYS[" ".join(after.group("title").lower().split())]
        if (
            key == "Secretary"
            and after.group("title").lower() in {"chief", "head"}
            and link.referent.type in STATE_TYPES
        ):
            return None  # "Serbia's chief negotiator": no post we know
        return (span, key) if span is not None else None
    window = text[max(0, link.start_char - 40) : link.start_char]
    before = TITLE_BEFORE.search(window)
    if before is not None and not NOT_THE_HOLDER.search(window[: before.start("title")]):
        start = link.start_char - (len(window) - before.start("title"))
        span = doc.char_span(start, link.end_char, alignment_mode="expand")
        return (
            (span, TITLE_KEYS[" ".join(before.group("title").lower().split())]) if span is not None else None
        )
    return None


MONARCH_TITLES = frozenset({"king", "queen", "emir", "amir", "sultan", "emperor", "grand"})
MONARCH_NAME = re.compile(
    r"\b(?:King|Queen|Emir|Amir|Sultan|Emperor)\s+(?P<name>[A-Z][a-z]+(?:\s+[IVX]+\b)?)"
)


# Words before a demonym that make it a region's ("Latin American", "North American", "Inter-American").
REGION_PREFIXES = frozenset(
    {
        "latin",
        "north",
        "south",
        "central",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "inter",
        "pan",
        "trans",
        "afro",
        "meso",
        "sub",
    }
)


# First halves of compound adjectives that stand for one state ("Sino-American", "Anglo-French").
STATE_COMBINING_FORMS = frozenset(
    {
        "anglo",
        "franco",
        "sino",
        "russo",
        "indo",
        "italo",
        "greco",
        "turco",
        "nippo",
        "luso",
        "austro",
        "hispano",
    }
)


def _named_after_a_title(span: Span) -> bool:
    """The name stands beside a person's title as its apposition ("President, Ho Chi Minh")."""
    root = span.root
    return root.dep_ == "appos" and root.head.lower_ in TITLE_WORDS


def _of_a_wider_region(span: Span) -> bool:
    """ "Latin American leaders", "the Inter-American Democratic Charter": the adjective of a region or of
    many states, not of the state whose demonym it ends with."""
    doc = span.doc
    before = span.start - 1
    if before >= 0 and doc[before].text == "-":
        before -= 1
    return before >= 0 and doc[before].is_title and doc[before].lower_ in REGION_PREFIXES


# A ministry named by its portfolio alone, after "the": "the Foreign Ministry", "the Foreign Office", "the
# Ministry of Foreign Affairs", "the Defence Ministry" (not "the British Foreign Office": its state is named).
BARE_MINISTRY = re.compile(
    r"\b[Tt]he\s+(?P<name>(?:Foreign|Defen[cs]e|Interior|Home)\s+(?:Ministry|Office)"
    r"|Ministry\s+of\s+(?:Foreign\s+Affairs|External\s+Affairs|Defen[cs]e|the\s+Interior|Interior))\b"
)


def _unlinked_organisation(link: Link) -> bool:
    return link.referent.qid is None and link.referent.type in ORGANISATION_TYPES


def _without_unlinked_organisations_in_titles(links: list[Link]) -> list[Link]:
    titles = [link for link in links if link.rule in {"home-post-at-date", "home-ministry"}]
    return [
        link
        for link in links
        if not (
            _unlinked_organisation(link) and any(t.start <= link.start and link.end <= t.end for t in titles)
        )
    ]


def _surname_is_a_place(span: Span) -> bool:
    """A one-word person's name right before a one-word name the gazetteer matched as a place, and no name after
    it ("Jonathan London said"): the person's surname, which the matcher took before the model saw it."""
    doc = span.doc
    if len(span) != 1 or span.end + 1 > len(doc) - 1:
        return False
    after, next_word = doc[span.end], doc[span.end + 1]
    place = after.ent_type_ in PLACE_TYPES | STATE_TYPES and next_word.ent_iob_ != "I"
    return place and after.is_title and bool(span[-1].whitespace_) and not next_word.is_title


def _bare_name_word(token: Token) -> bool:
    """A capitalised proper noun outside any entity: a word a person's name may go on with."""
    return token.is_title and token.pos_ == "PROPN" and not token.ent_type_ and not token.is_sent_start


def _followed_by_name(doc: Doc, i: int) -> bool:
    return i < len(doc) and doc[i].ent_type_ == "PERSON" or (i < len(doc) and doc[i].ent_type_ == "Person")


def _followed_by_of(doc: Doc, i: int) -> bool:
    return i < len(doc) and doc[i].lower_ == "of"


def _is_metonymic(span: Span) -> bool:
    """A capital acts as a government when it is a subject, a possessor, an agent, the one accused, urged or
    supported, or the leader in "Moscow-led"; conjuncts share the role ("Pristina and Belgrade")."""
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    doc = span.doc
    if (
        span.end + 1 < len(doc)
        and doc[span.end].text == "-"
        and doc[span.end + 1].lower_ in AGENTIVE_SUFFIXES
    ):
        return True
    if root.dep_ in {"nsubj", "nsubjpass", "poss"}:
        return True
    if span.start > 0 and doc[span.start - 1].lower_ == "official":
        return True  # "official Minsk", "official Moscow": the government, as the region's press writes it
    if root.dep_ == "dobj" and root.head.lemma_.lower() in ADDRESSEE_VERBS:
        return True
    if root.dep_ == "compound" and root.head.lemma_.lower() in GOVERNMENT_NOUNS | LEADERS_GOVERNMENTS:
        return True  # "the Kinshasa government", "Baghdad officials"
    if _after_a_government_noun(span):
        return True
    if root.dep_ != "pobj":
        return False
    preposition, governor = root.head.lower_, root.head.head.lemma_.lower()
    return (
        preposition in {"against", "by", "between"}
        or (preposition in {"with", "to"} and governor in RELATIONAL_NOUNS)
        # "agreed with Moscow": one negotiates with a government, not with a city
        or (preposition == "with" and governor in NEGOTIATING_VERBS)
        # "a request from Mogadishu": what governments send each other
        or (preposition == "from" and governor in COMMUNICATION_NOUNS)
        # "sent a diplomatic note to Caracas", "lodged a protest with Beijing"
        or (preposition in {"to", "with"} and _sends_a_message(root.head.head))
        # "according to Rabat": the capital as a source speaks for its government
        or (preposition == "to" and root.head.head.lower_ == "according")
        # "the ambassador to Baghdad": envoys are sent to governments, and recalled from them
        or (preposition == "to" and governor in ENVOY_NOUNS)
        or (preposition == "from" and (governor in ENVOY_NOUNS or _recalls_an_envoy(root.head.head)))
        or (preposition == "on" and governor in {"call", "urge", "pressure", "sanction"})
        or (preposition in {"for", "to"} and governor in AID_WORDS)
        or (preposition == "in" and governor in GOVERNMENT_NOUNS and not _owned_by_a_name(root.head.head))
    )


def _after_a_government_noun(span: Span) -> bool:
    """ "the authorities in Pristina", "the power of Chisinau": read from the words, since the parser often hangs
    the place on the verb instead ("accused the authorities in Pristina of ...")."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].lower_ not in {"in", "of"}:
        return False
    noun = doc[span.start - 2]
    return noun.lemma_.lower() in GOVERNMENT_NOUNS | {"power"} and not _owned_by_a_name(noun)


def _sends_a_message(verb: Token) -> bool:
    return verb.pos_ == "VERB" and any(
        child.dep_ == "dobj"
        and child.lemma_.lower() in COMMUNICATION_NOUNS | {"protest", "demarche", "démarche"}
        for child in verb.children
    )


def _recalls_an_envoy(verb: Token) -> bool:
    """ "recalling his ambassador from Washington": an envoy called home from where a government sits."""
    return verb.lemma_.lower() in {"recall", "withdraw", "pull"} and any(
        child.dep_ == "dobj" and child.lemma_.lower() in ENVOY_NOUNS for child in verb.children
    )


def _owned_by_a_name(noun: Token) -> bool:
    """ "the United States Government in Brussels": the government is named as another's, so the city after
    it is where that government acted, not a government of its own."""
    return any(child.dep_ in {"compound", "poss", "amod"} and child.ent_type_ for child in noun.children)


AGENTIVE_SUFFIXES = {"led", "backed", "brokered", "sponsored", "allied", "aligned", "controlled", "based"}
ADDRESSEE_VERBS = {
    "accuse",
    "urge",
    "criticise",
    "criticize",
    "blame",
    "warn",
    "condemn",
    "support",
    "back",
    "pressure",
    "sanction",
    "punish",
    "threaten",
    "praise",
    "thank",
    "ask",
    "recognize",
    "recognise",
    "call",
    "reassure",
}
GOVERNMENT_NOUNS = {"authority", "government", "leadership", "official", "regime", "administration", "leader"}
AID_WORDS = {"support", "aid", "help", "backing", "assistance", "loan", "package", "weapon", "arm"}
NEGOTIATING_VERBS = {"agree", "negotiate", "coordinate", "consult", "cooperate", "talk", "reconcile", "sign"}
COMMUNICATION_NOUNS = {
    "communication",
    "request",
    "message",
    "letter",
    "note",
    "demand",
    "proposal",
    "invitation",
}


# The little words inside Romance place names ("Santiago de Chile", "Ciudad del Este")
NAME_LINKS = {"de", "del", "do", "da", "di"}

# "the Bush administration": a government named by its leader
LEADERS_GOVERNMENTS = {"administration", "government", "regime", "cabinet"}
HEAD_POSTS = ("president of", "prime minister of", "chancellor of", "premier of")
ENVOY_NOUNS = {"ambassador", "envoy", "consul", "diplomat", "attache", "attaché"}
RELATIONAL_NOUNS = {
    "tie",
    "link",
    "relation",
    "relationship",
    "talk",
    "dialogue",
    "negotiation",
    "dispute",
    "deal",
    "protest",
}


NAME_PREFIXES = {
    "North",
    "South",
    "East",
    "West",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "New",
    "Upper",
    "Lower",
    # the first words of towns, lakes and mountains named after a state or city ("Puerto Jordan", "Port Sudan",
    # "Lake Chad", "Mount Lebanon")
    "Puerto",
    "Port",
    "Porto",
    "Fort",
    "Ciudad",
    "San",
    "Santa",
    "Santo",
    "São",
    "Nueva",
    "Nuevo",
    "Lake",
    "Mount",
    "Cape",
    "Camp",
}


def _followed_by_name_part(span: Span) -> bool:
    doc = span.doc
    if span.end >= len(doc):
        return False
    after = doc[span.end]
    return after.text in NAME_SUFFIXES or (after.lower_ == "state" and span.text == "Washington")


def _credits_a_dispatch(span: Span) -> bool:
    """ "Jammu, Oct 16 (IANS) Pakistan violated ...": the agency a dispatch credits, in brackets after the place
    and day its line opens with, is who filed the story, never an actor in it."""
    doc = span.doc
    if (
        span.start == 0
        or span.end >= len(doc)
        or doc[span.start - 1].text != "("
        or doc[span.end].text != ")"
    ):
        return False
    text = doc.text
    line_start = text.rfind("\n", 0, doc[span.start - 1].idx) + 1
    words = text[line_start : doc[span.start - 1].idx].replace(",", " ").split()
    return 0 < len(words) <= DISPATCH_WORDS and all(w[0].isupper() or w[0].isdigit() for w in words)


# How many words a dispatch's place and day take before the credited agency ("New Delhi, Oct 16").
DISPATCH_WORDS = 5


def _names_a_site(span: Span) -> bool:
    """ "the Hindu temple Preah Vihear", "the mosque Al-Aqsa": a site named after its province or town (or the
    reverse) is neither of them."""
    return span.start > 0 and span.doc[span.start - 1].lower_ in SITE_NOUNS


SITE_NOUNS = {
    "temple",
    "mosque",
    "church",
    "cathedral",
    "shrine",
    "monastery",
    "pagoda",
    "palace",
    "fortress",
    "castle",
    "hospital",
    "airport",
    "stadium",
    "hotel",
    "bridge",
    "dam",
    "prison",
}


def _names_an_act(span: Span) -> bool:
    """ "will undertake a Working Visit", "an Official Visit", "a Memorandum of Understanding": a capitalised act
    or document the model took for a body."""
    return span[-1].lower_ in ACT_NOUNS or span.root.lemma_.lower() in AGREEMENT_NOUNS


ACT_NOUNS = {"visit", "visits", "meeting", "talks"}


def _ends_a_longer_name(span: Span) -> bool:
    """The model reads the words just before the name as a name it goes on ("Peace and Security Council",
    "Southern Africa Development Community", "the Río San Juan"): the longer name is another entity. A known
    name before it ("the U.N. Security Council") or a compass word ("South Africa") makes no other one."""
    if span.start == 0:
        return False
    doc = span.doc
    before = doc[span.start - 1]
    if before.lower_ in {"and", "&"} and span.start > 1:
        before = doc[span.start - 2]  # "Peace and Security Council"
    return (
        before.ent_type_ in {"ORG", "FAC", "LOC"}
        and before.text[:1].isupper()
        and not before.ent_id_.startswith("Q")
        and before.text not in NAME_PREFIXES
        and not before.is_sent_start
    )


def _after_name_link(span: Span) -> bool:
    """ "Santiago de Chile", "Maguindanao del Sur": a place's name after "de" or "del" and a place's name ends
    that place's longer name."""
    if span.start < 2:
        return False
    before, word = span.doc[span.start - 1], span.doc[span.start - 2]
    return before.text in NAME_LINKS and word.is_title  # whatever the model made of the first name


# Seas two states call by the same name: Vietnam's "East Sea" is the South China Sea, Korea's the Sea of Japan.
NAMES_OF_TWO_SEAS = {"East Sea", "West Sea", "South Sea"}


def _inside_longer_name(span: Span) -> bool:
    """A capitalised compass word, "New" or a town's first word ("Puerto") glued in front, not at the start of
    a sentence."""
    if span.start == 0:
        return False
    before = span.doc[span.start - 1]
    return before.text in NAME_PREFIXES and not before.is_sent_start


def _looks_like_common_word(token: Token) -> bool:
    lower = token.lower_
    return token.is_stop or lower.endswith(("ing", "ed", "ly")) or lower in TITLE_WORDS


def _unlinked_type(span: Span, ner_label: str) -> str:
    """ "in the city of El Fasher", "near Bakhmut": whatever the model called it, a place."""
    root = span.root
    if root.dep_ == "pobj":
        preposition = root.head
        if preposition.lower_ in {"near", "outside", "around"}:
            return "Place"
        if preposition.lower_ == "of" and preposition.head.lemma_.lower() in {
            "city",
            "town",
            "village",
            "province",
        }:
            return "Place"
    return UNLINKED_TYPES.get(ner_label, "Place")


def _names_a_people(span: Span, state_qid: str | None = None) -> bool:
    """ "ethnic Albanian", "the Albanian minority", "Albanian mayors", "Albanian-majority", after another
    state's name ("Kosovo Albanian"), and said of someone ("the rest were Albanian"): the people, not the
    state."""
    doc = span.doc
    if span.root.dep_ in {"acomp", "attr"} and span.root.head.lemma_ in COPULAS:
        return True
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if before is not None and before.lower_ == "ethnic" or after in PEOPLE_CONTEXT:
        return True
    if after == "-" and span.end + 1 < len(doc) and doc[span.end + 1].lower_ in PEOPLE_COMPOUNDS:
        return True
    other_state = before is not None and before.ent_type_ in STATE_TYPES and before.ent_id_ != state_qid
    return other_state


COPULAS = {"be", "become", "remain"}
# A first name, middle initials, a surname and perhaps a suffix: "Lloyd J. Austin III", "George H. W. Bush".
INITIALLED_NAME = re.compile(
    r"\b[A-Z][a-z]+(?:\s+[A-Z]\.){1,3}\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s+(?:Jr\.?|Sr\.?|II|III|IV)\b)?"
)
# An abbreviation defined in brackets: capitals, at least two, perhaps a lower-case letter inside ("DPRK", "PRC",
# "OSCE", "MoD").
_MIDDLE_INITIAL = re.compile(r"[A-Z]\.?")
SUFFIXES = {"Jr", "Sr", "II", "III", "IV"}


def _middle_names_differ(words: list[str], known: str) -> bool:
    """The text gives middle names and the known name has others ("Abdullahi Ali Ahmed", Abdullahi Yusuf
    Ahmed); a known name without middle names leaves the text's unchecked ("Omar Alieu Touray", Omar Touray)."""
    middles = [fold_name(w) for w in words[1:-1]]
    known_middles = [fold_name(w) for w in _name_words(known)[1:-1]]
    if not middles or not known_middles:
        return False
    return not any(
        _same_first_name(m, k) or _consonants(m) == _consonants(k) for m in middles for k in known_middles
    )


def _consonants(word: str) -> str:
    """A transliterated name's consonants, doubled ones once ("mehmood", "mahmud" -> "mhmd")."""
    letters = [c for c in word if c not in "aeiouy"]
    return "".join(c for i, c in enumerate(letters) if i == 0 or letters[i - 1] != c)


def _name_words(name: str) -> list[str]:
    """A person's name without middle initials and suffixes ("Joseph R. Biden Jr." -> Joseph Biden)."""
    return [w for w in name.split() if not _MIDDLE_INITIAL.fullmatch(w) and w.rstrip(".,") not in SUFFIXES]


def _same_first_name(text: str, known: str) -> bool:
    """ "alexander" and "alex" (one starts the other, three letters at least), "sergei" and "sergey" (one
    letter apart, the first alike)."""
    shorter, longer = sorted((text, known), key=len)
    if len(shorter) >= 3 and longer.startswith(shorter):
        return True
    return len(shorter) >= 4 and text[0] == known[0] and _one_edit_apart(text, known)


def _one_edit_apart(a: str, b: str) -> bool:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    shorter, longer = sorted((a, b), key=len)
    if len(longer) - len(shorter) != 1:
        return False
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _a_language(span: Span) -> bool:
    """ "in Spanish", "translated into Arabic", "spoke English": a demonym standing alone after "in" or
    "into", or as a speech verb's object, names a language."""
    root = span.root
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lemma_.lower() in WORDING_NOUNS:
        return True  # "known by the French acronym, FARDC", "the Arabic name of the town"
    if span.end + 1 < len(doc) and doc[span.end].text == "-" and doc[span.end + 1].lower_ == "speaking":
        return True  # "the French-speaking Caribbean country": those who speak it, of any state
    if span.end < len(doc) and doc[span.end].lower_ in BROADCAST_NOUNS:
        # "BBC's Russian service", "the Arabic edition": a broadcaster's or paper's language; not "Russian
        # service members"
        return span.end + 1 == len(doc) or doc[span.end + 1].pos_ not in {"NOUN", "PROPN"}
    if root.head is root or span.end < len(span.doc) and span.doc[span.end].pos_ in {"NOUN", "PROPN"}:
        return False
    after_preposition = root.dep_ == "pobj" and root.head.lower_ in {"in", "into"}
    spoken = root.dep_ == "dobj" and root.head.lemma_.lower() in {"speak", "learn", "teach"}
    return after_preposition or spoken


# Nouns of wording: a demonym before one names the language the words are in.
WORDING_NOUNS = frozenset(
    "acronym abbreviation name word term translation spelling transliteration version text language".split()
)


# What a broadcaster or paper has one of per language.
BROADCAST_NOUNS = frozenset({"service", "edition"})


def _definite(noun: Token) -> bool:
    return any(
        (c.dep_ == "det" and c.lower_ in {"the", "this"}) or c.dep_ == "poss"
        for c in noun.children
        if c.i < noun.i
    )


def _make_link(span: Span, referent: Referent, rule: str, confidence: float) -> Link:
    return Link(
        start=span.start,
        end=span.end,
        text=span.text,
        start_char=span.start_char,
        end_char=span.end_char,
        referent=referent,
        rule=rule,
        confidence=confidence,
    )


def _referent(entry: GazEntry) -> Referent:
    return Referent(entry.qid, entry.type, entry.label)


def _trim(span: Span) -> Span | None:
    """Drop a leading "the" and a trailing possessive, which are not part of the name; none for what opens with a
    possessive ("’s Press" of "the Prime Minister’s Press Secretariat": no name)."""
    start, end = span.start, span.end
    doc = span.doc
    if doc[start].text in {"'s", "’s"}:
        return None
    if doc[start].lower_ == "the":
        start += 1
    if end > start and doc[end - 1].text in {"'s", "’s", "'"}:
        end -= 1
    return doc[start:end] if end > start else None


def _opens_a_common_noun(token: Token) -> bool:
    return (
        bool(token.is_sent_start)
        and token.dep_ in {"compound", "amod"}
        and token.head.tag_ in {"NN", "NNS"}
        and token.head.is_lower
    )


def _name_without_titles(span: Span) -> str:
    tokens = list(span)
    while len(tokens) > 1 and tokens[0].lower_.rstrip(".") in TITLE_WORDS:
        tokens = tokens[1:]
    return " ".join(token.text for token in tokens).replace(" - ", "-")
