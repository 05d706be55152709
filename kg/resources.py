"""Package data, read with importlib.resources so an installed wheel finds it as well as a checkout does."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def data_file(name: str) -> Traversable:
    """A file under kg/data (the gazetteer, the lexicon, the reference files it is built from)."""
    return files("kg").joinpath("data", name)


def ontology_file(name: str) -> Traversable:
    """A file of the ontology package: geokg.ttl, shapes.ttl, context.jsonld, plover.ttl."""
    return files("ontology").joinpath(name)
