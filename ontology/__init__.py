"""GeoKG's ontology files (OWL, SHACL, JSON-LD context, PLOVER scheme), installed as package data."""
