"""The `geokg_relations` spaCy component: `doc._.relations` from the doc's links and publication date."""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.relations.finder import find_relations
from kg.gazetteer import load_gazetteer

if not Doc.has_extension("relations"):
    Doc.set_extension("relations", default=None)


@Language.factory(
    "geokg_relations",
    assigns=["doc._.relations"],
    requires=["doc._.links"],
    default_config={"gazetteer_path": None},
)
def make_relation_finder(nlp: Language, name: str, gazetteer_path: str | None) -> Callable[[Doc], Doc]:
    """Finds the doc's standing relations (`doc._.relations`), checked against the gazetteer's dated facts."""
    gazetteer = load_gazetteer(gazetteer_path)

    def find(doc: Doc) -> Doc:
        doc._.relations = find_relations(doc, doc._.links or [], gazetteer, published=doc._.published)
        return doc

    return find
