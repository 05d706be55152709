"""create_app reads the settings once: defaults, then GEOKG_* environment variables, then its config (tests win)."""

from __future__ import annotations

from typing import Any

import pytest

from api import create_app
from api.query_limits import QueryLimits, current_limits
from api.store import close_store


def test_the_environment_overrides_defaults_and_the_config_overrides_both(
    app_config: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GEOKG_MAX_ROWS", "7")
    monkeypatch.setenv("GEOKG_QUERY_TIMEOUT_S", "3")
    app = create_app({**app_config, "GEOKG_QUERY_TIMEOUT_S": 2})
    with app.app_context():
        assert current_limits() == QueryLimits(timeout_s=2.0, max_rows=7)
    close_store(app)


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"GEOKG_MAX_ROW": 5}, "Unknown settings: GEOKG_MAX_ROW"),
        ({"GEOKG_MAX_ROWS": "many"}, "GEOKG_MAX_ROWS must be a positive number, not 'many'"),
        ({"GEOKG_MAX_URL_LENGTH": 0}, "GEOKG_MAX_URL_LENGTH must be a positive number, not 0"),
    ],
)
def test_a_bad_setting_stops_the_app_from_starting(
    app_config: dict[str, Any], settings: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        create_app({**app_config, **settings})


def test_size_limits_come_from_the_settings(
    app_config: dict[str, Any], auth: dict[str, str], problem
) -> None:
    app = create_app({**app_config, "GEOKG_MAX_URL_LENGTH": 100, "GEOKG_MAX_BODY_BYTES": 1000})
    client = app.test_client()
    assert client.get("/health?x=" + "x" * 100).status_code == 414
    response = client.post("/api/articles", json={"text": "x" * 1000}, headers=auth)
    assert response.status_code == 413
    problem(response)
    close_store(app)
