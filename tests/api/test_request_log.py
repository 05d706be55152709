"""Request ids: echoed when the client gives a plain one, made otherwise, on every answer; the JSON log format."""

from __future__ import annotations

import json
import logging
import re

import pytest

from api import create_app
from api.request_log import JsonFormatter, RequestIdFilter


def test_a_request_gets_an_id_in_its_answer(client) -> None:
    made = client.get("/health").headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert client.get("/health").headers["X-Request-Id"] != made


def test_a_plain_client_id_is_echoed_on_answers_and_problems(client) -> None:
    given = {"X-Request-Id": "client-42.abc:7"}
    assert client.get("/health", headers=given).headers["X-Request-Id"] == "client-42.abc:7"
    refused = client.get("/api/articles/nope", headers=given)
    assert refused.status_code == 404 and refused.headers["X-Request-Id"] == "client-42.abc:7"


@pytest.mark.parametrize("given", ["two words", "x" * 129, "a\u00e9b", "<script>"])
def test_an_unsafe_client_id_is_replaced(client, given: str) -> None:
    answered = client.get("/health", headers={"X-Request-Id": given.encode().decode("latin-1")})
    assert re.fullmatch(r"[0-9a-f]{32}", answered.headers["X-Request-Id"])


def test_json_records_carry_the_request_id_and_their_fields(app) -> None:
    record = logging.LogRecord("api.x", logging.INFO, "", 0, "Stored %s", ("a1",), None)
    with app.test_request_context("/health", headers={"X-Request-Id": "rid-1"}):
        app.preprocess_request()
        RequestIdFilter().filter(record)
    record.fields = {"status": 201}
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "Stored a1" and entry["level"] == "INFO"
    assert entry["request_id"] == "rid-1" and entry["status"] == 201


def test_a_bad_log_format_is_refused_at_start(app_config) -> None:
    with pytest.raises(ValueError, match="GEOKG_LOG_FORMAT"):
        create_app({**app_config, "GEOKG_LOG_FORMAT": "xml"})
