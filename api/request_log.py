"""Request ids and the logs' format.

Every request gets an id: the client's `X-Request-Id` when it is a plain token (letters, digits, `-_.:`, at most
128), else a new one; it is echoed in the response's `X-Request-Id` and carried by every log record written while
the request runs (`request_id`), so that a client's report, the access log and the app's errors meet.

GEOKG_LOG_FORMAT=json writes one JSON object a line (`time`, `level`, `logger`, `message`, `request_id`, and
the access log's fields); `text` (the default) keeps gunicorn's and Python's usual lines. Either way the
article text is never logged at INFO, and secrets are redacted (api/server.py's loggers).
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, has_request_context, request

FORMATS = ("text", "json")
_GIVEN_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_HEADER = "X-Request-Id"


def init_app(app: Flask) -> None:
    """Give each request to `app` its id, echoed in the response."""
    log_format(app.config.get("GEOKG_LOG_FORMAT"))  # a bad value fails at start
    app.before_request(_assign_request_id)
    app.after_request(_echo_request_id)


def log_format(value: object) -> str:
    """:raises ValueError: when GEOKG_LOG_FORMAT is neither text nor json."""
    name = str(value or "text").strip().lower()
    if name not in FORMATS:
        raise ValueError(f"GEOKG_LOG_FORMAT must be one of {', '.join(FORMATS)}, not {value!r}")
    return name


def _assign_request_id() -> None:
    given = request.headers.get(_HEADER, "")
    g.request_id = given if _GIVEN_ID.fullmatch(given) else uuid.uuid4().hex


def _echo_request_id(response: Response) -> Response:
    # A request refused before the hooks ran (e.g. a 414) still gets an id.
    if "request_id" not in g:
        _assign_request_id()
    response.headers[_HEADER] = g.request_id
    return response


def current_request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class RequestIdFilter(logging.Filter):
    """Puts the running request's id on each record (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line; the fields a record carries in `extra={"fields": {...}}` are merged in."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        entry.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_app_logs(format_name: str) -> None:
    """The `api` and `kg` loggers at INFO to stderr, in `format_name`, each record with its request id."""
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        JsonFormatter()
        if format_name == "json"
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
    )
    for name in ("api", "kg"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False
