"""Our offline Wikidata snapshot: the loader (`loader`), and one builder (`build`) with two inputs, the reference
files shipped in kg/data/reference (`from_csv`) or a Wikidata-compatible SPARQL endpoint (`from_sparql`);
`verify` checks a built gazetteer against the reference files, QID by QID."""

from kg.gazetteer.loader import (
    GazEntry,
    Gazetteer,
    Membership,
    Phrase,
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
    "Phrase",
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
