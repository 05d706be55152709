"""GeoKG: a geopolitical knowledge graph built from English news."""

__version__ = "0.1.0"
