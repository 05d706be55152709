"""Our offline Wikidata snapshot: states, organisations, people and places with verified QIDs.

The data lives in `kg/data/gazetteer.json`, built by `kg.gazetteer.build` (`make gazetteer`) from the verified
reference files in `kg/data/reference`. Nothing here reads those files or the network: the gazetteer is plain
data loaded once per process.
"""

from __future__ import annotations

import calendar
import functools
import json
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from os import PathLike
from pathlib import Path
from typing import Any

from unidecode import unidecode

from kg.resources import data_file

logger = logging.getLogger(__name__)

DEFAULT_PATH = data_file("gazetteer.json")

# Order of results when one name fits several entries: the state before its namesake capital city.
TYPE_RANK = {
    "State": 0,
    "PartiallyRecognizedState": 1,
    "Alliance": 2,
    "InternationalOrganization": 3,
    "Organization": 4,
    "Person": 5,
    "Region": 6,
    "Place": 7,
    "City": 8,
    "EthnicGroup": 9,
}

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_ROMAN_RE = re.compile(r"^[IVXLC]+$")
# Lower-case particles that belong to a surname ("von der Leyen", "da Silva", "bin Salman").
_SURNAME_PARTICLES = frozenset(
    {"von", "der", "van", "den", "de", "da", "di", "du", "del", "la", "le", "bin", "al"}
)


def ascii_fold(text: str) -> str:
    """Transliterate to ASCII ("Vučić" -> "Vucic", "Xi’an" -> "Xi'an")."""
    return unidecode(text)


# Words of institutions' names that British and American English spell apart ("Organisation of American
# States", "Ministry of Defense"): the lookup key takes the American one.
AMERICAN_SPELLINGS = {
    "organisation": "organization",
    "organisations": "organizations",
    "defence": "defense",
    "centre": "center",
    "programme": "program",
    "labour": "labor",
}


def normalise_name(text: str) -> str:
    """The lookup key of a name: ASCII, case-folded, no punctuation, American spelling ("Côte d’Ivoire" ->
    "cote divoire", "Organisation of American States" -> "organization of american states")."""
    folded = unidecode(text).casefold()
    # Dots and apostrophes vanish ("D.C." -> "dc") so spellings with and without them meet.
    folded = re.sub(r"[.'`]", "", folded)
    words = re.sub(r"[^0-9a-z]+", " ", folded).split()
    folded = " ".join(AMERICAN_SPELLINGS.get(word, word) for word in words)
    return folded.removeprefix("the ").strip()


def is_abbreviation(text: str) -> bool:
    """True for one-word all-caps forms ("US", "NATO", "CoE", "G7") that must match case-exactly."""
    if not text or any(char.isspace() for char in text):
        return False
    upper = sum(char.isupper() for char in text)
    lower = sum(char.islower() for char in text)
    return upper >= 1 and upper >= lower and (upper >= 2 or any(char.isdigit() for char in text))


def abbreviation_variants(text: str) -> tuple[str, ...]:
    """An abbreviation and its title-case press spelling ("NATO" -> "Nato"), for 4+ letter acronyms."""
    if text.isalpha() and text.isupper() and len(text) >= 4:
        return (text, text.capitalize())
    return (text,)


def date_bounds(value: str | None) -> tuple[date | None, date | None]:
    """First and last day a reduced-precision ISO date can mean ("2014" -> 2014-01-01 .. 2014-12-31)."""
    if not value:
        return None, None
    match = _DATE_RE.match(value)
    if not match:
        raise ValueError(f"Unparseable reference date: {value!r}")
    year = int(match.group(1))
    if match.group(3):
        day = date(year, int(match.group(2)), int(match.group(3)))
        return day, day
    if match.group(2):
        month = int(match.group(2))
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), date(year, 12, 31)


def _covers(start: str | None, end: str | None, at: date) -> bool:
    """Whether a term from `start` to `end` (inclusive, open where missing) includes the day `at`."""
    first, _ = date_bounds(start)
    _, last = date_bounds(end)
    return (first is None or first <= at) and (last is None or at <= last)


@dataclass(frozen=True)
class GazEntry:
    """One entity of the gazetteer. `id` is the QID, or a slug for entries without one (ethnic groups)."""

    id: str
    qid: str | None
    label: str
    type: str
    source: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    status: str | None = None
    abbreviation: str | None = None
    official_name: str | None = None
    iso2: str | None = None
    iso3: str | None = None
    capital_qid: str | None = None
    demonyms: tuple[str, ...] = ()
    people_demonym: str | None = None
    country_qid: str | None = None
    capital_of: tuple[str, ...] = ()
    # Ethnic groups: the state(s) whose people the name denotes; `state_qid` only when that is one state.
    state_qid: str | None = None
    state_qids: tuple[str, ...] = ()
    # Places of places_ne.csv: coordinates (WGS 84 degrees) and, for cities, how prominent Natural Earth makes
    # them (2: kept at 1:50m; 1: confirmed by a second file; 0: Natural Earth 1:10m alone).
    lat: float | None = None
    lon: float | None = None
    prominence: int | None = None
    # From the wider reference files (places_ne, leaders, organizations_extra): linked only with evidence beyond
    # the name; entries of the curated files win a name they share with these.
    extended: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> GazEntry:
        values: dict[str, Any] = {
            key: tuple(value) if isinstance(value, list) else value for key, value in data.items()
        }
        return cls(**values)


@dataclass(frozen=True)
class Phrase:
    """A name to find in text: `label` is the GeoKG type, `id` the QID (or slug). An `exact` phrase (an
    abbreviation: "NATO", "Nato", "US") matches as written; the others ignore case, but a name whose first word
    is capitalised never matches an all-lower-case first word ("turkey", "chad", "china" the common nouns)."""

    text: str
    label: str
    id: str
    exact: bool = False


@dataclass(frozen=True)
class Membership:
    """A member (state or organisation) of an organisation, with the dates the reference gives."""

    member_qid: str
    organization_qid: str
    source: str
    start: str | None = None
    end: str | None = None

    def covers(self, at: date) -> bool:
        """Whether the membership held on `at`; an unknown start counts as "member since before"."""
        return _covers(self.start, self.end, at)


@dataclass(frozen=True)
class Post:
    """A term of a person in a position (title) of an organisation or state."""

    person_qid: str
    position: str
    organization_or_state_qid: str
    source: str
    position_qid: str | None = None
    start: str | None = None
    end: str | None = None
    # A term without an end in a source taken on this day (or month): known to last until then, not after.
    as_of: str | None = None

    def covers(self, at: date, *, open_ended: bool = False) -> bool:
        return _covers(self.start, self.end or (None if open_ended else self.as_of), at)

    def meets(self, first: date, last: date) -> bool:
        """Whether the term (an open end counting as still held) shares a day with `first` .. `last`."""
        start, _ = date_bounds(self.start)
        _, end = date_bounds(self.end)
        return (start is None or start <= last) and (end is None or first <= end)


class Gazetteer:
    """Look-ups over the gazetteer: names, QIDs, demonyms, capitals, posts and memberships."""

    def __init__(
        self,
        entries: Iterable[GazEntry],
        memberships: Iterable[Membership],
        posts: Iterable[Post],
        ambiguous_names: Iterable[str] = (),
    ) -> None:
        # Names the reference gives to two items (Gaza the city and the strip): never linked from text alone.
        self.ambiguous_names = frozenset(normalise_name(name) for name in ambiguous_names)
        self._entries = tuple(sorted(entries, key=_entry_order))
        self._memberships = tuple(memberships)
        self._posts = tuple(posts)
        self._posts_by_person = _grouped(self._posts, lambda post: post.person_qid)
        self._posts_by_holder = _grouped(self._posts, lambda post: post.organization_or_state_qid)
        self._by_id = {entry.id: entry for entry in self._entries}
        self._states_by_demonym = self._demonym_index()
        # An adjective shared by two states ("Congolese") names neither for sure.
        self._demonyms = {
            word: states[0] if len(states) == 1 else None for word, states in self._states_by_demonym.items()
        }
        self._exact, self._folded = self._name_indexes()
        self._ethnic = {
            normalise_name(name): entry
            for entry in self._entries
            if entry.type == "EthnicGroup"
            for name in _lookup_names(entry, self._demonyms)
        }
        self._capital_of = self._capital_index()

    def _name_indexes(self) -> tuple[dict[str, list[GazEntry]], dict[str, list[GazEntry]]]:
        exact: dict[str, list[GazEntry]] = defaultdict(list)
        folded: dict[str, list[GazEntry]] = defaultdict(list)
        for entry in self._entries:
            for name in _lookup_names(entry, self._demonyms):
                if is_abbreviation(name):
                    for variant in abbreviation_variants(name):
                        _add_once(exact[variant], entry)
                else:
                    _add_once(folded[normalise_name(name)], entry)
        return dict(exact), dict(folded)

    def _demonym_index(self) -> dict[str, tuple[GazEntry, ...]]:
        index: dict[str, tuple[GazEntry, ...]] = {}
        for entry in self._entries:
            for key in dict.fromkeys(normalise_name(word) for word in entry.demonyms):
                index[key] = (*index.get(key, ()), entry)
        return index

    def _capital_index(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, tuple[str, ...]] = {}
        for entry in self._entries:
            if entry.capital_qid and entry.qid:
                index[entry.capital_qid] = (*index.get(entry.capital_qid, ()), entry.qid)
        # A city entry lists the states it is the capital of, the recognised state first (Nicosia).
        index.update({entry.id: entry.capital_of for entry in self._entries if entry.capital_of})
        return index

    def entries(self) -> tuple[GazEntry, ...]:
        return self._entries

    def city_names_in(self, country_qid: str) -> tuple[str, ...]:
        """The folded names of the gazetteer's cities in a state."""
        return self._city_names_by_country.get(country_qid, ())

    @functools.cached_property
    def _city_names_by_country(self) -> dict[str, tuple[str, ...]]:
        names: dict[str, list[str]] = defaultdict(list)
        for entry in self._entries:
            if entry.type == "City" and entry.country_qid:
                names[entry.country_qid].extend(normalise_name(name) for name in entry.names)
        return {country: tuple(dict.fromkeys(found)) for country, found in names.items()}

    @property
    def memberships(self) -> tuple[Membership, ...]:
        return self._memberships

    @property
    def posts(self) -> tuple[Post, ...]:
        return self._posts

    def by_qid(self, qid: str) -> GazEntry | None:
        """The entry with this QID (or slug, for entries without a QID)."""
        return self._by_id.get(qid)

    def lookup(self, name: str) -> list[GazEntry]:
        """Entries called `name`: abbreviations match case-exactly, other names ignore case and diacritics."""
        text = " ".join(name.split())
        if text in self._exact:
            return list(self._exact[text])
        return list(self._folded.get(normalise_name(text), ()))

    def demonym(self, word: str) -> GazEntry | None:
        """The state an adjective names ("Serbian" -> Serbia); None for unknown or shared adjectives."""
        return self._demonyms.get(normalise_name(word))

    def states_of_demonym(self, word: str) -> tuple[GazEntry, ...]:
        """Every state an adjective may name, shared ones included ("Congolese": both Congos)."""
        return self._states_by_demonym.get(normalise_name(word), ())

    def ethnic_group(self, word: str) -> GazEntry | None:
        """The ethnic group a people noun names ("Serb", "Serbs" -> Serbs); adjectives ("Chinese") are not."""
        return self._ethnic.get(normalise_name(word))

    def capital(self, state_qid: str) -> str | None:
        """The QID of a state's capital city."""
        entry = self._by_id.get(state_qid)
        return entry.capital_qid if entry else None

    def capital_of(self, city_qid: str) -> str | None:
        """The QID of the state whose capital this city is (the recognised state first, if several)."""
        states = self._capital_of.get(city_qid)
        return states[0] if states else None

    def posts_of(self, person_qid: str, *, at: date | None = None, open_ended: bool = False) -> list[Post]:
        """A person's posts, all of them or those held on `at`; with `open_ended`, a term without an end counts
        after its source's snapshot as well (the holder may still be in office)."""
        posts = self._posts_by_person.get(person_qid, ())
        return [post for post in posts if at is None or post.covers(at, open_ended=open_ended)]

    def holders(self, *, org_qid: str, title: str | None = None, at: date | None = None) -> list[Post]:
        """Posts in an organisation or state whose title starts with `title` ("Secretary General" of
        NATO; "President" of Serbia, not its Vice President), optionally held on `at`."""
        needle = title.casefold() if title else None
        return [
            post
            for post in self._posts_by_holder.get(org_qid, ())
            if (needle is None or post.position.casefold().startswith(needle))
            and (at is None or post.covers(at))
        ]

    def memberships_of(self, member_qid: str, *, at: date | None = None) -> list[Membership]:
        """The memberships of a state or organisation, all of them or those holding on `at`."""
        rows = [row for row in self._memberships if row.member_qid == member_qid]
        return [row for row in rows if at is None or row.covers(at)]

    def is_member(self, member_qid: str, org_qid: str, *, at: date | None = None) -> bool | None:
        """Membership on `at` (or now, per the reference, if `at` is None); None without a member list."""
        rows = [row for row in self._memberships if row.organization_qid == org_qid]
        if not rows:
            return None
        rows = [row for row in rows if row.member_qid == member_qid]
        if at is None:
            return any(row.end is None for row in rows)
        return any(row.covers(at) for row in rows)

    @functools.cached_property
    def _surnames(self) -> dict[str, tuple[GazEntry, ...]]:
        index: dict[str, list[GazEntry]] = defaultdict(list)
        for entry in self._entries:
            if entry.type != "Person":
                continue
            for key in _surname_keys(entry):
                _add_once(index[key], entry)
        return {key: tuple(people) for key, people in sorted(index.items())}

    @functools.cached_property
    def _name_starts(self) -> dict[str, tuple[GazEntry, ...]]:
        index: dict[str, list[GazEntry]] = defaultdict(list)
        for entry in self._entries:
            if entry.type != "Person":
                continue
            for name in entry.names:
                words = name.split()
                for end in range(2, len(words)):
                    _add_once(index[normalise_name(" ".join(words[:end]))], entry)
        return {key: tuple(people) for key, people in index.items()}

    @functools.cached_property
    def given_names(self) -> frozenset[str]:
        """The folded first words of the people's names of two words or more ("mahamat", "joe")."""
        return frozenset(
            normalise_name(name.split()[0])
            for entry in self._entries
            if entry.type == "Person"
            for name in entry.names
            if len(name.split()) > 1
        )

    def people_named_from(self, words: str) -> tuple[GazEntry, ...]:
        """People whose name starts with these words and goes on ("Abiy Ahmed" -> Abiy Ahmed Ali)."""
        return self._name_starts.get(normalise_name(words), ())

    def surname_index(self) -> Mapping[str, tuple[GazEntry, ...]]:
        """People by folded surname ("vucic" -> Aleksandar Vučić), for mentions after the first."""
        return self._surnames

    @functools.cached_property
    def _phrases(self) -> tuple[Phrase, ...]:
        return _build_phrases(self._entries, self._demonyms)

    def phrases(self) -> tuple[Phrase, ...]:
        """The names text is matched against before NER (kg.extract.gazetteer_matcher), in the entries' order:
        every name of the curated entries, and the names of two words or more of the `extended` ones."""
        return self._phrases


def _grouped(rows: Iterable[Any], key: Callable[[Any], str]) -> dict[str, tuple[Any, ...]]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return {name: tuple(group) for name, group in groups.items()}


def _entry_order(entry: GazEntry) -> tuple[bool, int, int, str]:
    return (entry.extended, TYPE_RANK.get(entry.type, len(TYPE_RANK)), *qid_sort_key(entry.id))


def qid_sort_key(value: str) -> tuple[int, str]:
    """Sort QIDs numerically ("Q403" < "Q1246"), slugs after them."""
    if re.fullmatch(r"Q\d+", value):
        return int(value[1:]), ""
    return 1 << 62, value


def _add_once(bucket: list[GazEntry], entry: GazEntry) -> None:
    if entry not in bucket:
        bucket.append(entry)


def _lookup_names(entry: GazEntry, demonyms: Mapping[str, Any]) -> tuple[str, ...]:
    """The names `lookup()` and the patterns know an entry by.

    An ethnic group's forms that are also a state's adjective ("Chinese", "Dutch") are left to `demonym()`:
    as a bare word they mostly qualify a noun ("Chinese officials").
    """
    if entry.type != "EthnicGroup":
        return entry.names
    return tuple(name for name in entry.names if normalise_name(name) not in demonyms)


def _surname_keys(entry: GazEntry) -> list[str]:
    """Folded surname keys of a person: from each name, or the family name first ("Ban Ki-moon" -> "ban")."""
    words = entry.label.split()
    # "Ban Ki-moon", "Moon Jae-in": a hyphenated given name after the family name.
    if len(words) == 2 and re.fullmatch(r"\w+-[a-z]\w*", words[1]):
        return [normalise_name(words[0])]
    return [key for name in entry.names for key in _name_surname_keys(name)]


def _name_surname_keys(name: str) -> list[str]:
    """Surname keys of one name: the last word, and with its particles ("von der leyen")."""
    if is_abbreviation(name) or " of " in name:
        return []  # "MBS", regnal names such as "Salman of Saudi Arabia"
    words = name.split()
    if _ROMAN_RE.match(words[-1]):
        return []  # "Elizabeth II": monarchs are not named by a surname
    keys = [normalise_name(words[-1])]
    start = len(words) - 1
    while start > 1 and words[start - 1] in _SURNAME_PARTICLES:
        start -= 1
    if start < len(words) - 1:
        keys.append(normalise_name(" ".join(words[start:])))
    return [key for key in keys if key]


def _build_phrases(entries: Iterable[GazEntry], demonyms: Mapping[str, Any]) -> tuple[Phrase, ...]:
    phrases: dict[Phrase, None] = {}
    for entry in entries:
        for name in _lookup_names(entry, demonyms):
            exact = is_abbreviation(name)
            as_written = entry.extended and _organisation_acronym(entry, name)
            if entry.extended and (exact or len(name.split()) < 2) and not as_written:
                continue  # a one-word name or abbreviation of the wider files: only what NER finds is looked up
            for variant in abbreviation_variants(name) if exact and not as_written else (name,):
                phrases.setdefault(Phrase(variant, entry.type, entry.id, exact=exact))
    return tuple(phrases)


def _organisation_acronym(entry: GazEntry, name: str) -> bool:
    """An intergovernmental body's acronym of four letters or more ("ECOWAS", "SAARC"), matched only as written:
    the small model's NER often misses it, and three letters are too often another body's ("SDF", "IOC")."""
    return (
        entry.type == "InternationalOrganization"
        and is_abbreviation(name)
        and name.isalpha()
        and len(name) >= 4
    )


def gazetteer_from_json(data: Mapping[str, Any]) -> Gazetteer:
    """A Gazetteer from the parsed JSON document (the format `kg.gazetteer.build` writes)."""
    return Gazetteer(
        entries=[GazEntry.from_json(item) for item in data["entities"]],
        memberships=[Membership(**item) for item in data["memberships"]],
        posts=[Post(**item) for item in data["posts"]],
        ambiguous_names=[
            item["alias"] for item in data.get("dropped_aliases", []) if not item.get("kept_by")
        ],
    )


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The gazetteer at `path` (default: the one shipped in kg/data), loaded once per process."""
    source = path or DEFAULT_PATH
    # One cache key per file, however it is named; None stands for shipped data that is no plain file (a zip).
    return _load(str(Path(source).resolve()) if isinstance(source, str | PathLike) else None)


@functools.lru_cache(maxsize=8)
def _load(path: str | None) -> Gazetteer:
    source = Path(path) if path else DEFAULT_PATH
    data = json.loads(source.read_text(encoding="utf-8"))
    gazetteer = gazetteer_from_json(data)
    logger.debug("Loaded gazetteer %s: %d entries", path, len(gazetteer.entries()))
    return gazetteer


def dumps_gazetteer(document: Mapping[str, Any]) -> str:
    """The canonical text of a gazetteer (sorted keys; rebuilds are byte-identical): one list item a line."""

    def compact(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    fields = []
    for key in sorted(document):
        value = document[key]
        if isinstance(value, list) and value:
            text = "[\n" + ",\n".join(compact(item) for item in value) + "\n]"
        else:
            text = compact(value)
        fields.append(f"{compact(key)}:{text}")
    return "{\n" + ",\n".join(fields) + "\n}\n"
