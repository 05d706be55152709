"""The `geokg_events` spaCy component: `doc._.events` from the doc's links, dateline and publication date."""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.events.finder import find_events
from kg.extract.events.roles import country_of, served_body

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)


@Language.factory(
    "geokg_events",
    assigns=["doc._.events"],
    requires=["doc._.links", "doc._.dateline"],
    default_config={"gazetteer_path": None},
)
def make_event_finder(nlp: Language, name: str, gazetteer_path: str | None) -> Callable[[Doc], Doc]:
    """Finds the doc's events (`doc._.events`) from its links, dateline and publication date."""
    from kg.gazetteer import load_gazetteer

    gazetteer = load_gazetteer(gazetteer_path)

    def find(doc: Doc) -> Doc:
        dateline = doc._.dateline
        doc._.events = find_events(
            doc,
            doc._.links or [],
            published=doc._.published,
            dateline=dateline.referent if dateline else None,
            country_of=lambda referent: country_of(gazetteer, referent),
            body_of=lambda qid, day: served_body(gazetteer, qid, day),
        )
        return doc

    return find
