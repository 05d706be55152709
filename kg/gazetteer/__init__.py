"""Our offline Wikidata snapshot: the loader (`loader`) and the builder that makes it from reference files."""

from kg.gazetteer.loader import (
    GazEntry,
    Gazetteer,
    Membership,
    Post,
    ascii_fold,
    date_bounds,
    dumps_gazetteer,
    gazetteer_from_json,
    is_abbreviation,
    load_gazetteer,
    normalise_name,
    qid_sort_key,
)

__all__ = [
    "GazEntry",
    "Gazetteer",
    "Membership",
    "Post",
    "ascii_fold",
    "date_bounds",
    "dumps_gazetteer",
    "gazetteer_from_json",
    "is_abbreviation",
    "load_gazetteer",
    "normalise_name",
    "qid_sort_key",
]
