"""The gazetteer's names found in text before NER, with two PhraseMatchers: one by case-folded words (names),
one by words as written (abbreviations, state adjectives, "U.S."-style dotted forms).

Each name is one phrase, compiled once; a match is looked up by its words to find the entries of that name.
Longer matches win over shorter ones they overlap, then the earlier; of the entries that share a name the first in
the gazetteer's order (the state before its namesake capital) labels the span. The span's label is the GeoKG type
("Demonym" for adjectives), its id the QID or slug, as `kg.extract.linking` reads them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from unidecode import unidecode

from kg.gazetteer import Gazetteer, Phrase, load_gazetteer
from kg.gazetteer.loader import AMERICAN_SPELLINGS

BRITISH_SPELLINGS = {american: british for british, american in AMERICAN_SPELLINGS.items()}

DEMONYM = "Demonym"
# Keys of the two kinds of phrase: words as written, or case-folded.
_EXACT, _FOLDED = "=", "~"


@dataclass(frozen=True)
class _Candidate:
    label: str
    id: str
    # A capitalised name never matches an all-lower-case first word ("turkey", "chad").
    capitalised: bool


@Language.factory(
    "geokg_gazetteer",
    assigns=["doc.ents"],
    default_config={"gazetteer_path": None},
)
def make_gazetteer_matcher(nlp: Language, name: str, gazetteer_path: str | None) -> GazetteerMatcher:
    """Marks the gazetteer's names as entities (`doc.ents`), before the statistical NER."""
    return GazetteerMatcher(nlp, load_gazetteer(gazetteer_path))


class GazetteerMatcher:
    """A pipeline component: every name, abbreviation and state adjective of the gazetteer, as phrases."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self._tokenizer = nlp.tokenizer
        rules = nlp.tokenizer.rules if isinstance(nlp.tokenizer, Tokenizer) else None
        # Without spaCy's tokenizer (and its special cases), every word goes through the tokenizer.
        self._special: Container[str] = _Everything() if rules is None else frozenset(rules)
        self._words: dict[str, tuple[str, ...]] = {}
        self._candidates: dict[tuple[str, ...], list[_Candidate]] = {}
        self._matchers = {
            _EXACT: PhraseMatcher(nlp.vocab, attr="ORTH"),
            _FOLDED: PhraseMatcher(nlp.vocab, attr="LOWER"),
        }
        phrases = [*gazetteer.phrases(), *demonym_phrases(gazetteer), *dotted_abbreviation_phrases(gazetteer)]
        self._compile(phrases)

    def _compile(self, phrases: Iterable[Phrase]) -> None:
        """Each new phrase goes into its matcher as the hashes of its words (ORTH, or LOWER: the hash of the
        lower-cased word), as spaCy itself re-adds pickled phrases: no Doc and no vocabulary entry is made for
        names that never occur in a text."""
        new: dict[str, list[tuple[int, ...]]] = {_EXACT: [], _FOLDED: []}
        spellings = (
            spelling
            for phrase in phrases
            for respelled in _spelling_variants(phrase)
            for variant in _prefix_hyphen_variants(respelled)
            for spaced in _hyphen_variants(variant)
            for spelling in _apostrophe_variants(spaced)
        )
        for phrase in spellings:
            words = self._tokens(phrase.text)
            kind = _EXACT if phrase.exact else _FOLDED
            key = (kind, *(words if phrase.exact else (word.lower() for word in words)))
            candidate = _Candidate(phrase.label, phrase.id, capitalised=not words[0].islower())
            bucket = self._candidates.get(key)
            if bucket is None:
                self._candidates[key] = [candidate]
                new[kind].append(tuple(get_string_id(word) for word in key[1:]))
            elif candidate not in bucket:
                bucket.append(candidate)
        for kind, keywords in new.items():
            if keywords:
                self._matchers[kind].add(kind, keywords)  # type: ignore[arg-type]

    def _tokens(self, name: str) -> tuple[str, ...]:
        """The name's tokens as the pipeline's tokenizer splits them, word by word (spaCy splits on spaces
        first, so words tokenize alone the same as in context); plain words are their own token."""
        tokens: list[str] = []
        for word in name.split():
            cached = self._words.get(word)
            if cached is None:
                cached = _word_tokens(self._tokenizer, word, self._special)
                self._words[word] = cached
            tokens.extend(cached)
        return tuple(tokens)

    def __call__(self, doc: Doc) -> Doc:
        spans = sorted(self._matches(doc), key=lambda item: (item[0] - item[1], item[0]))
        taken: set[int] = set()
        found = []
        for start, end, candidate in spans:
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                found.append(Span(doc, start, end, label=candidate.label, span_id=candidate.id))
        kept = [ent for ent in doc.ents if taken.isdisjoint(range(ent.start, ent.end))]
        doc.ents = sorted([*kept, *found], key=lambda span: span.start)
        return doc

    def _matches(self, doc: Doc) -> Iterator[tuple[int, int, _Candidate]]:
        """(start, end, best candidate) of every matched name, overlapping ones included."""
        best: dict[tuple[int, int], _Candidate] = {}
        for kind, matcher in self._matchers.items():
            if not len(matcher):
                continue
            for _, start, end in matcher(doc):
                span = doc[start:end]
                words = (t.text for t in span) if kind == _EXACT else (t.lower_ for t in span)
                for candidate in self._candidates[(kind, *words)]:
                    if candidate.capitalised and kind == _FOLDED and doc[start].is_lower:
                        continue
                    if (start, end) not in best:
                        best[start, end] = candidate
                    break
        for (start, end), candidate in best.items():
            yield start, end, candidate


def _word_tokens(tokenizer: Callable[[str], Doc], word: str, special: Container[str]) -> tuple[str, ...]:
    # A word of letters only is one token unless it is a special case ("cannot"): checked against spaCy's
    # English tokenizer on every word of the reference files.
    if word.isalpha() and word not in special:
        return (word,)
    return tuple(token.text for token in tokenizer(word))


def _spelling_variants(phrase: Phrase) -> tuple[Phrase, ...]:
    """A name in British and in American spelling ("Organization of American States" is also written
    "Organisation of American States"); a South Slavic name with "Đ" also as the press writes it, "Dj" and
    no other diacritics ("Milo Đukanović" is "Milo Djukanovic")."""
    if phrase.exact:
        return (phrase,)
    variants = [phrase]
    words = phrase.text.split()
    other = [_respelled(word) for word in words]
    if other != words:
        variants.append(replace(phrase, text=" ".join(other)))
    if "Đ" in phrase.text or "đ" in phrase.text:
        dj = phrase.text.replace("Đ", "Dj").replace("đ", "dj")
        variants.append(replace(phrase, text=unidecode(dj)))
    return tuple(variants)


def _respelled(word: str) -> str:
    """The word in the other spelling, keeping its capital; any other word as it is."""
    lower = word.lower()
    other = AMERICAN_SPELLINGS.get(lower) or BRITISH_SPELLINGS.get(lower)
    if other is None:
        return word
    return other.capitalize() if word[0].isupper() else other


def _apostrophe_variants(phrase: Phrase) -> tuple[Phrase, ...]:
    """A name with an apostrophe in both spellings: news writes "People’s Republic of China" with a
    typographic one, and spaCy keeps "’s" apart from "'s"."""
    if "'" in phrase.text:
        return (phrase, replace(phrase, text=phrase.text.replace("'", "’")))
    if "’" in phrase.text:
        return (phrase, replace(phrase, text=phrase.text.replace("’", "'")))
    return (phrase,)


# A hyphen between two capitalised words ("Guinea-Bissau", "Timor-Leste"), which news also writes as a space.
_NAME_HYPHEN = re.compile(r"\b([A-Z][a-z]+)-([A-Z][a-z]+)")


def _hyphen_variants(phrase: Phrase) -> tuple[Phrase, ...]:
    """A name whose capitalised parts a hyphen joins, also with a space: "Guinea Bissau" is Guinea-Bissau, not
    Guinea and its capital."""
    if "-" not in phrase.text or not _NAME_HYPHEN.search(phrase.text):
        return (phrase,)
    return (phrase, replace(phrase, text=_NAME_HYPHEN.sub(r"\1 \2", phrase.text)))


# Words news writes both joined and hyphenated: "co-operation" and "cooperation", "co-ordination" and
# "coordination" (British and American spellings), "Inter-Governmental" and "Intergovernmental".
_PREFIXED = re.compile(r"\b(?P<prefix>[Cc]o|[Ii]nter)-?(?P<stem>op|ord|[Gg]overnmental|[Pp]arliamentary)")


def _prefix_hyphen_variants(phrase: Phrase) -> tuple[Phrase, ...]:
    """A name with such a word in both spellings: the Organization for Security and Co-operation in Europe is
    often written "Cooperation", the Intergovernmental Authority on Development "Inter-Governmental"."""
    if not _PREFIXED.search(phrase.text):
        return (phrase,)  # the common case, without the two substitutions
    joined = _PREFIXED.sub(r"\g<prefix>\g<stem>", phrase.text)
    hyphenated = _PREFIXED.sub(r"\g<prefix>-\g<stem>", phrase.text)
    variants = {phrase.text, joined, hyphenated}
    return (phrase, *(replace(phrase, text=text) for text in sorted(variants - {phrase.text})))


class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


def demonym_phrases(gazetteer: Gazetteer) -> list[Phrase]:
    """ "Serbian", "Kosovar": adjectives of states, matched as written (linking decides state or people). An
    adjective two states share ("Congolese") carries neither's QID: it says nothing yet of the article's states."""
    return [
        Phrase(demonym, DEMONYM, entry.qid if gazetteer.demonym(demonym) else "", exact=True)
        for entry in gazetteer.entries()
        if entry.qid
        for demonym in entry.demonyms
    ]


def dotted_abbreviation_phrases(gazetteer: Gazetteer) -> list[Phrase]:
    """ "U.S.", "U.K.", "U.N.": news style writes the curated entries' short forms with dots."""
    return [
        Phrase(".".join(name) + ".", entry.type, entry.qid, exact=True)
        for entry in gazetteer.entries()
        if entry.qid and not entry.extended
        for name in sorted({entry.label, *entry.aliases})
        if name.isupper() and name.isalpha() and 2 <= len(name) <= 3
    ]
