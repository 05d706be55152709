"""The pure extraction core: text (or a spaCy Doc) in, `Facts` out; no store, no network.

`nlp` builds the spaCy pipeline, `linking` links mentions to the gazetteer, `events` (a package: triggers,
roles, speech, modality, dating, casualties, confidence, merging) and `relations` find facts, `temporal` and
`casualties` read dates and counts, `lexicon` holds the trigger words, `spans` the parse helpers the finders
share; `extractor` ties them together.
"""

from kg.extract.extractor import ArticleText, Extractor, default_extractor, extract_text, facts_from_doc

__all__ = ["ArticleText", "Extractor", "default_extractor", "extract_text", "facts_from_doc"]
