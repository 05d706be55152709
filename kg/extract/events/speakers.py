"""Who "we", "our" and "I" are, and who "he said" is: the issuing body of a statement (its headline "X statement
on ...", a byline), the speaker of a quotation, or the dateline's government; "he said" goes to the quote's
speaker, the last person who spoke, before the last person named."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from kg.extract import lexicon
from kg.extract.issuer import is_statement, named_issuer
from kg.extract.linking import Link, Referent
from kg.facts import ACTOR_TYPES, STATE_TYPES

FIRST_PERSON = {"we", "our", "us", "ours", "i", "my", "me"}
OPENING_QUOTES = {'"', "“", "‘‘", "``"}
CLOSING_QUOTES = {'"', "”", "’’", "''"}
# the offices a speaker names in "As Chair of the African Union, I ..."
OFFICE_WORDS = {
    "secretary",
    "chair",
    "chairman",
    "chairperson",
    "president",
    "head",
    "director",
    "commissioner",
}
# Plural nouns that name a group of states a statement is made for ("on behalf of the Nordic-Baltic countries").
STATE_GROUP_NOUNS = {"country", "state", "government", "nation", "member"}
SPEAKING_VERBS = lexicon.SAY_VERBS | {"write", "note", "stress", "warn", "explain", "emphasise", "emphasize"}


class Speakers:
    """Resolves first-person words and speaking pronouns of one doc."""

    def __init__(
        self,
        doc: Doc,
        links: list[Link],
        *,
        dateline: Referent | None,
        country_of: Callable[[Referent], Referent | None],
        title: str | None = None,
    ) -> None:
        self.doc = doc
        self.links = links
        self.dateline = dateline
        self.country_of = country_of
        self.title = title
        self._pronouns: dict[int, Referent | None] = {}

    # -- "we", "our", "I" -----------------------------------------------------------------------------------

    def first_person(
        self, token: Token, actors_in: Callable[[list[Token]], list[Referent]]
    ) -> list[Referent]:
        """Inside a quotation, its speaker; outside, the body that issued the text."""
        quote = self._quote_around(token)
        if quote is not None:
            return self._quote_speaker(quote, actors_in)
        return [self.issuer] if self.issuer is not None else []

    def quoted(self, token: Token) -> bool:
        """The token stands inside a quotation."""
        return self._quote_around(token) is not None

    @cached_property
    def issued_by_headline(self) -> bool:
        """The text is a statement that says who issued it (a headline, byline or title naming it)."""
        return self._named_issuer is not None

    @cached_property
    def issuer(self) -> Referent | None:
        """The body or official a statement comes from: named in a headline or byline that says so ("NATO
        Secretary General's statement on ...", "Statement by the Press Secretary"), else the government of the
        dateline's city."""
        if self._named_issuer is not None:
            return self._named_issuer
        if self._spoken_for is not None:
            return self._spoken_for
        if self.dateline is not None:
            state = self.country_of(self.dateline)
            return state if state is not None and state.type in STATE_TYPES else None
        if self._office_named is not None:
            return self._office_named
        return self._opening_subject if is_statement(self.doc, title=self.title) else None

    @cached_property
    def _office_named(self) -> Referent | None:
        """ "As Secretary General of the Pacific Islands Forum, I condemn ...": a statement whose first words in
        the first person name the speaker's office, and so the body it speaks for."""
        first = next((t for t in self.doc if t.lower_ in {"i", "we"} and t.dep_ == "nsubj"), None)
        if first is None or self._quote_around(first) is not None:
            return None
        offices = [
            pobj
            for prep in first.head.children
            if prep.dep_ == "prep" and prep.lower_ == "as"
            for pobj in prep.children
            if pobj.dep_ == "pobj" and OFFICE_WORDS & {t.lemma_.lower() for t in pobj.subtree}
        ]
        for office in offices:
            span = range(office.left_edge.i, office.right_edge.i + 1)
            bodies = {
                link.actor
                for link in self.links
                if link.start in span and link.actor.type in ACTOR_TYPES and link.actor.type != "Person"
            }
            if len(bodies) == 1:
                return bodies.pop()
        return None

    @cached_property
    def _opening_subject(self) -> Referent | None:
        """A statement that names no issuer often opens with it: "The United States is very concerned about
        ...", then "We call on ...". The one actor that is the subject of the first sentence of the body."""
        sent = next(
            (s for s in self.doc.sents if s.root.pos_ in {"VERB", "AUX"} and s.text.rstrip()[-1:] == "."),
            None,
        )
        # said in the present, as a statement speaks ("The United States condemns"); a past act opens the story
        # the statement is about ("One year ago, the Burmese military seized power")
        if sent is None or not any(t.tag_ in {"VBZ", "VBP"} for t in [sent.root, *sent.root.children]):
            return None
        subjects = [c for c in sent.root.children if c.dep_ == "nsubj"]
        if len(subjects) != 1:
            return None
        actors = self._actors_in_phrase(subjects[0])
        return actors.pop() if len(actors) == 1 else None

    def _actors_in_phrase(self, head: Token) -> set[Referent]:
        span = range(head.left_edge.i, head.right_edge.i + 1)
        return {link.actor for link in self.links if link.start in span and link.actor.type in ACTOR_TYPES}

    @cached_property
    def _spoken_for(self) -> Referent | None:
        """ "I am delivering this statement on behalf of the eight Nordic-Baltic countries": in the text's first
        sentences, the one body a speaker speaks for, or the group of states a plural noun names."""
        for sent in list(self.doc.sents)[:3]:
            for token in sent:
                if token.lower_ != "behalf" or token.i == 0 or self.doc[token.i - 1].lower_ != "on":
                    continue
                of = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"]
                heads = [c for prep in of for c in prep.children if c.dep_ == "pobj"]
                if len(heads) != 1:
                    return None
                return self._body_or_states(heads[0])
        return None

    def _body_or_states(self, head: Token) -> Referent | None:
        actors = self._actors_in_phrase(head)
        if actors:
            return actors.pop() if len(actors) == 1 else None
        if head.lemma_.lower() not in STATE_GROUP_NOUNS or head.tag_ != "NNS":
            return None
        # "the eight Nordic-Baltic countries": the states, as the text names them, without article or count
        words = [t for t in head.subtree if t.dep_ not in {"det", "nummod"} and t.i <= head.i]
        return Referent(None, "Group", " ".join(t.text for t in words))

    @cached_property
    def _named_issuer(self) -> Referent | None:
        return named_issuer(self.doc, self.links, title=self.title)

    # -- quotations -------------------------------------------------------------------------------------------

    @cached_property
    def _quotes(self) -> list[tuple[int, int]]:
        return quotations(self.doc)

    def _quote_around(self, token: Token) -> tuple[int, int] | None:
        return next(((s, e) for s, e in self._quotes if s < token.i < e), None)

    def _quote_speaker(
        self, quote: tuple[int, int], actors_in: Callable[[list[Token]], list[Referent]]
    ) -> list[Referent]:
        """The subject of the speaking verb outside the quotation, in the sentence it ends in, starts in, or the
        one before."""
        start, end = quote
        doc = self.doc
        sentences = [doc[end - 1].sent, doc[start].sent]
        if doc[start].sent.start > 0:
            sentences.append(doc[doc[start].sent.start - 1].sent)
        for sent in sentences:
            speaker = self._speaker_in(sent, actors_in, outside=quote)
            if speaker:
                return speaker
        return []

    def _speaker_in(
        self, sent: Span, actors_in: Callable[[list[Token]], list[Referent]], *, outside: tuple[int, int]
    ) -> list[Referent]:
        for verb in sent:
            if verb.lemma_.lower() not in SPEAKING_VERBS or outside[0] <= verb.i < outside[1]:
                continue
            for subject in (c for c in verb.children if c.dep_ == "nsubj"):
                tokens = [t for t in subject.subtree if not outside[0] <= t.i < outside[1]]
                if any(t.lower_ in FIRST_PERSON for t in tokens):
                    continue
                found = actors_in(tokens)
                if found:
                    return found
        return []

    # -- "he said" --------------------------------------------------------------------------------------------

    def pronoun(self, token: Token) -> Referent | None:
        """ "he said": the last person who spoke before, else the last person named; other pronouns: the last
        person named."""
        if token.i not in self._pronouns:
            self._pronouns[token.i] = self._resolve_pronoun(token)
        return self._pronouns[token.i]

    def _resolve_pronoun(self, token: Token) -> Referent | None:
        people = [link for link in self.links if link.end <= token.i and link.referent.type == "Person"]
        if not people:
            return None
        if token.dep_ == "nsubj" and token.head.lemma_.lower() in SPEAKING_VERBS:
            speakers = [link for link in people if _speaks(self.doc[link.start : link.end])]
            if speakers:
                return speakers[-1].referent
        if token.dep_ in {"nsubj", "nsubjpass"}:
            subject = self._last_subject(token, people)
            if subject is not None:
                return subject
        return people[-1].referent

    def _last_subject(self, token: Token, people: list[Link]) -> Referent | None:
        """ "Kallas met Osmani and Kurti ... She urged": a subject goes on being the subject, named or, in the
        sentence before, itself a pronoun ("Blinken arrived. He was received by Wang Yi. He met Xi")."""
        recent = self.doc[token.sent.start - 1].sent.start if token.sent.start > 0 else 0
        named = [
            (link.start, link.referent)
            for link in people
            if link.start >= recent and _subject(self.doc[link.start : link.end])
        ]
        pronouns = [
            (t.i, referent)
            for t in self.doc[recent : token.i]
            if t.lower_ in lexicon.WORDS["person_pronouns"] and t.dep_ in {"nsubj", "nsubjpass"}
            if (referent := self.pronoun(t)) is not None
        ]
        subjects = sorted(named + pronouns, key=lambda item: item[0])
        return subjects[-1][1] if subjects else None


def quotations(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges [start, end) of quotations: from an opening mark to the next closing one. A quotation that
    runs on into the next paragraph opens it again with a mark of its own, as news does: that mark closes nothing."""
    found = []
    start: int | None = None
    for token in doc:
        if start is None and token.text in OPENING_QUOTES:
            start = token.i
        elif start is not None and token.text in CLOSING_QUOTES and not _opens_paragraph(token):
            found.append((start, token.i + 1))
            start = None
    return found


def _opens_paragraph(token: Token) -> bool:
    return token.i > 0 and "\n" in token.doc[token.i - 1].text_with_ws


def _subject(span: Span) -> bool:
    """The mention is the subject of its clause ("Kallas met ...")."""
    return _head_of_name(span).dep_ in {"nsubj", "nsubjpass"}


def _head_of_name(span: Span) -> Token:
    root = span.root
    while root.dep_ in {"compound", "appos", "flat"} and root.head is not root:
        root = root.head
    return root


def _speaks(span: Span) -> bool:
    """The mention is the subject of a speaking verb ("Stoltenberg said", "said Stoltenberg")."""
    root = _head_of_name(span)
    return root.dep_ == "nsubj" and root.head.lemma_.lower() in SPEAKING_VERBS
