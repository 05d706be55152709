"""Who issued a text: the body or official a headline, byline or title names as its author ("UK statement to
the OSCE", "Statement by the European Union on Georgia"). Shared by linking (a bare "the Prime Minister" is the
issuer's) and by the speakers of events ("we" is the issuer), so it depends on neither."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from kg.extract.spans import doc_text
from kg.facts import ACTOR_TYPES, STATE_TYPES

if TYPE_CHECKING:  # linking imports this module; the type alone is needed here
    from kg.extract.linking import Link, Referent

ISSUER_WORDS = re.compile(
    r"\b(statement|comment|remarks|readout|press release|communiqu[eé]|declaration|message|letter|address|speech|"
    r"briefing|spokesperson|spokesman|spokeswoman|press secretary|office of|by the)\b",
    re.IGNORECASE,
)
ISSUED_BY = re.compile(r"\b(by|from|of)\b", re.IGNORECASE)
TOPIC_WORDS = re.compile(r"\b(on|about|regarding|concerning|following|to|at|in|marking)\b", re.IGNORECASE)
# The word after which a head line says what a text is on ("Statement on Mali", "on the situation in Mali").
ON = re.compile(r"\b(?:on|about|regarding|concerning)\b", re.IGNORECASE)


def named_issuer(doc: Doc, links: Sequence[Link], *, title: str | None = None) -> Referent | None:
    """The actor a head line or the title names as the text's issuer, or None."""
    for start, end in head_lines(doc):
        line = doc_text(doc)[start:end]
        issuer_word = ISSUER_WORDS.search(line)
        if issuer_word is None:
            continue
        issuer = _issuer_in_line(links, line, start, issuer_word)
        if issuer is not None:
            return issuer
    if title and ISSUER_WORDS.search(title):
        named = [link.actor for link in links if link.text in title and link.actor.type in ACTOR_TYPES]
        if named:
            return named[0]
    return None


def is_statement(doc: Doc, *, title: str | None = None) -> bool:
    """A head line or the title calls the text a statement, remarks, a readout, ..."""
    text = doc_text(doc)
    return any(ISSUER_WORDS.search(text[start:end]) for start, end in head_lines(doc)) or bool(
        title and ISSUER_WORDS.search(title)
    )


def named_topic_state(doc: Doc, links: Sequence[Link]) -> Referent | None:
    """The one state a head line gives as what the text is on ("Security Council Press Statement on Mali"): a
    statement's bare "the Prime Minister" that its issuer lacks is that state's."""
    topics: set[Referent] = set()
    for start, end in head_lines(doc):
        line = doc_text(doc)[start:end]
        on = ON.search(line) if ISSUER_WORDS.search(line) else None
        if on is None:
            continue
        topics.update(
            link.actor
            for link in links
            if start + on.end() <= link.start_char < end and link.actor.type in STATE_TYPES
        )
    return topics.pop() if len(topics) == 1 else None


# Official titles run long ("No:498/21, Comment of the Press Service Department of the Ministry of Foreign
# Affairs of the Republic of Azerbaijan on the statement of ..."): a head line may be this long.
HEAD_LINE_CHARS = 250
FOOTNOTE_MARKS = re.compile(r"(\[\d+\])+$")


def head_lines(doc: Doc) -> Iterator[tuple[int, int]]:
    """Character ranges of the first lines of the text before its body: a headline, a byline, a dateline."""
    offset = 0
    for line in doc_text(doc).splitlines(keepends=True)[:4]:
        stripped = line.strip()
        if stripped and len(stripped) <= HEAD_LINE_CHARS and not _body_sentence(stripped):
            yield offset, offset + len(line)
        offset += len(line)


def _body_sentence(line: str) -> bool:
    """A line that is a sentence of the body ("The ministry said in a statement on Monday that ..."), not a
    headline or byline: it ends like a sentence and is longer than a title."""
    line = FOOTNOTE_MARKS.sub("", line)  # "... boycotted the proceedings.[2]"
    return line.endswith((".", "!", "?", '"', "”")) and len(line.split()) > 8


def _issuer_in_line(
    links: Sequence[Link], line: str, start: int, issuer_word: re.Match[str]
) -> Referent | None:
    """ "UK statement to the OSCE", "NATO Secretary General's remarks": the actor just before the word;
    "Statement by the European Union on Georgia": the actor after "by" or "from". What the statement is on,
    about or to is its subject or audience, never its issuer ("Statement on the coup in Burma")."""
    in_line = [
        link
        for link in links
        if start <= link.start_char < start + len(line)
        and link.actor.type in ACTOR_TYPES
        and not _bare_word(link)
    ]
    # "Venezuela: Statement of the OAS Secretary General": a topic before a colon is not who speaks
    before = [
        link
        for link in in_line
        if link.start_char - start < issuer_word.start()
        and ":" not in line[link.end_char - start : issuer_word.start()]
    ]
    if before:
        return before[-1].actor
    after = []
    for link in (link for link in in_line if link.start_char - start >= issuer_word.end()):
        between = line[issuer_word.end() : link.start_char - start]
        named_next = not between.strip()  # "Press Secretary ONO Hikariko"
        if named_next or ISSUED_BY.search(between) and not TOPIC_WORDS.search(between):
            after.append(link.actor)
    # "Comment of the Press Service Department of the Ministry of Foreign Affairs of the Republic of Azerbaijan":
    # the office belongs to the state named last, the one linked
    return next((actor for actor in after if actor.qid), after[0] if after else None)


def _bare_word(link: Link) -> bool:
    """One capitalised word NER took for a body without a QID: the "Press" of "the Press Secretary"."""
    return link.actor.qid is None and link.end - link.start == 1 and link.actor.type != "Person"
