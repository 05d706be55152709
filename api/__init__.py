"""The GeoKG web API: `create_app()` builds the Flask app (SPARQL endpoint, REST resources, OpenAPI docs)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from kg.settings import SETTINGS, read_settings

# Flask and flask-smorest options; GeoKG's own settings come from kg.settings.
APP_DEFAULTS: dict[str, Any] = {
    "API_TITLE": "GeoKG",
    "API_VERSION": "0.1.0",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": "https://cdn.jsdelivr.net/npm/swagger-ui-dist/",
}
_SETTING_NAMES = frozenset(setting.name for setting in SETTINGS)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The app: defaults, then GEOKG_* environment variables, then `config` (tests win; None unsets).

    :raises ValueError: when `config` names a GEOKG_ setting that does not exist, or a setting's value is not
        one the app can use (e.g. a time limit that is not a positive number).
    """
    unknown = sorted(
        name for name in config or {} if name.startswith("GEOKG_") and name not in _SETTING_NAMES
    )
    if unknown:
        raise ValueError(f"Unknown settings: {', '.join(unknown)} (see kg/settings.py)")
    app = Flask(__name__)
    # Keep fields in schema order (problem+json reads best as type, title, status, detail).
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.config.from_mapping(APP_DEFAULTS)
    app.config.from_mapping(read_settings())
    if config:
        app.config.from_mapping(config)

    from api import (
        extraction_pool,
        feeds,
        query_limits,
        query_shape,
        query_slots,
        request_log,
        request_size,
        security_headers,
        store,
        store_snapshots,
        throttle,
        web,
    )

    # First: every answer, refusals included, carries the request's id.
    request_log.init_app(app)
    store.init_app(app)
    store_snapshots.init_app(app)
    query_limits.init_app(app)
    extraction_pool.init_app(app)
    # Sizes first: a URL too long is refused before it costs its client a token.
    request_size.init_app(app)
    query_shape.init_app(app)
    throttle.init_app(app)
    # After the throttle: a query refused for its rate takes no slot.
    query_slots.init_app(app)
    _register_blueprints(app)
    feeds.init_app(app)
    # The web page is for people: a plain blueprint, kept out of the OpenAPI document.
    app.register_blueprint(web.bp)
    security_headers.init_app(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from api import (
        articles,
        entities,
        events,
        feeds,
        linked_data,
        meta,
        overview,
        preview,
        reconcile,
        relations,
        sparql,
        wikidata,
    )
    from api.problems import Api

    api = Api(app)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    for module in (
        meta,
        sparql,
        entities,
        events,
        feeds,
        overview,
        relations,
        articles,
        preview,
        wikidata,
        reconcile,
        linked_data,
    ):
        api.register_blueprint(module.bp)
