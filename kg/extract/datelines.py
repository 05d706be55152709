"""Datelines: the place, date and agency a story opens with ("BELGRADE, Serbia (AP) --", "Baku [Azerbaijan],
May 1 (ANI/Sputnik):"), a sentence of their own."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from kg.extract.spans import doc_text

DATELINE_WORDS = 8
# Dashes that set off an aside inside a sentence when they end no dateline.
ASIDE_DASHES = frozenset({"--", "—"})
# The last character of a token that may end a dateline ("--", "—", "–", "-", ":", "):").
DATELINE_MARKS = frozenset({"-", "—", "–", ":"})
# Words that open a sentence but never stand in a dateline's place and date.
SENTENCE_WORDS = frozenset(
    "a an and as at after before by during for from in of on since the to when while with".split()
)


def ends_dateline(text: str, mark: Token) -> bool:
    """The dash or colon closes a dateline ("BELGRADE, Serbia (AP) --", "Harare (Zimbabwe):", "Baku
    [Azerbaijan], May 1 (ANI/Sputnik):"): the few words before it open their line and are all capitalised,
    unlike the words before a dash inside a sentence ("Sweden and Finland—two of our close partners—made
    ..."). Before a dash the place must look like one (a city in capitals, or a comma or bracket after
    it), as a name before an aside does not ("Ms Hasina - the daughter of ... - has been")."""
    if mark.text[-1:] not in DATELINE_MARKS:
        return False
    if mark.text in {"-", "–"} and not text[mark.idx - 1 : mark.idx].isspace():
        return False  # "UN Secretary-General": a hyphen inside a word
    line_start = text.rfind("\n", 0, mark.idx) + 1
    # the mark's token may hold a bracket's end too ("(SABAH):")
    before = text[line_start : mark.idx + len(mark.text)].rstrip("-–—:")
    words = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", before).replace(",", " ").split()
    if not 0 < len(words) <= DATELINE_WORDS or not all(w[0].isupper() or w[0].isdigit() for w in words):
        return False
    if any(w.lower() in SENTENCE_WORDS for w in words):
        return False  # "In May 2022, Georgia—a close partner—applied": a sentence's opening, no place
    if mark.text.endswith(":"):
        return True
    return words[0].isupper() or any(c in before for c in ",([")


def is_dateline(sent: Span) -> bool:
    """The sentence is a dateline: it ends with the mark that closes one."""
    words = [t for t in sent if not t.is_space]
    return bool(words) and ends_dateline(doc_text(sent.doc), words[-1])
