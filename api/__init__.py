"""The GeoKG web API: `create_app()` builds the Flask app (SPARQL endpoint, REST resources, OpenAPI docs)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from kg.settings import SETTINGS

# Flask and flask-smorest options; GeoKG's own settings come from kg.settings.
APP_DEFAULTS: dict[str, Any] = {
    "API_TITLE": "GeoKG",
    "API_VERSION": "0.1.0",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": "https://cdn.jsdelivr.net/npm/swagger-ui-dist/",
    # Bodies over this size answer 413 before a view reads them (articles are text, not files).
    "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The app: defaults, then GEOKG_* environment variables, then `config` (tests win)."""
    app = Flask(__name__)
    # Keep fields in schema order (problem+json reads best as type, title, status, detail).
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.config.from_mapping(APP_DEFAULTS)
    app.config.from_mapping({setting.name: setting.default for setting in SETTINGS})
    app.config.from_mapping({s.name: os.environ[s.name] for s in SETTINGS if s.name in os.environ})
    if config:
        app.config.from_mapping(config)

    from api import limits, store, web

    store.init_app(app)
    limits.init_app(app)
    _register_blueprints(app)
    # The web page is for people: a plain blueprint, kept out of the OpenAPI document.
    app.register_blueprint(web.bp)
    return app


def _register_blueprints(app: Flask) -> None:
    from api import articles, entities, events, linked_data, meta, reconcile, relations, sparql, wikidata
    from api.problems import Api

    api = Api(app)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    for module in (meta, sparql, entities, events, relations, articles, wikidata, reconcile, linked_data):
        api.register_blueprint(module.bp)
