"""Apostrophes typed as other marks ("Azerbaijan`s Ministry", "Peru´s president"): the model and the gazetteer
know the possessive only with an apostrophe, so the text is parsed with one. Each mark is one character, so
offsets agree with the text as it came, which the facts keep."""

from __future__ import annotations

import re

# A grave accent, an acute accent or an opening single quote between a letter and a possessive "s".
STRAY_APOSTROPHE = re.compile(r"(?<=[^\W\d_])[`´‘](?=s\b)")
# The text as it came, kept on the doc when the parsed text differs from it.
ORIGINAL_TEXT = "geokg.original_text"


def plain_apostrophes(text: str) -> str:
    """The text with every stray apostrophe mark before a possessive "s" made an apostrophe."""
    return STRAY_APOSTROPHE.sub("'", text)
