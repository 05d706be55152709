"""RFC 9457 problem details: every error of the API leaves through `handle_error`."""

from __future__ import annotations

import http
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import flask_smorest
import marshmallow as ma
from flask import Response, json, request
from flask_smorest.utils import prepare_response
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed

from api.query_limits import QueryLimitExceeded
from kg.graph.store import QuerySyntaxError, StoreError

log = logging.getLogger(__name__)

PROBLEM_MIMETYPE = "application/problem+json"

F = TypeVar("F", bound=Callable[..., Any])

# Headers of an HTTPException that clients need: 405's Allow, 401's WWW-Authenticate, 503's Retry-After.
# Seconds a client is asked to wait after a 503.
RETRY_AFTER_S = 10
_KEPT_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After")


class ProblemSchema(ma.Schema):
    """The body of every error response (documentation only: `problem` builds the body)."""

    type = ma.fields.String(
        metadata={"description": "A URI naming the kind of problem; about:blank by default."}
    )
    title = ma.fields.String(metadata={"description": "The HTTP status phrase, e.g. 'Not Found'."})
    status = ma.fields.Integer(metadata={"description": "The HTTP status code."})
    detail = ma.fields.String(metadata={"description": "What went wrong with this request, for humans."})
    errors = ma.fields.Dict(
        metadata={"description": "Field-by-field validation messages, when there are any."}
    )


def problem(
    status: int,
    detail: str,
    *,
    type_: str = "about:blank",
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> Response:
    """A problem+json response: `{"type", "title", "status", "detail"}` plus extension members."""
    body = {"type": type_, "title": http.HTTPStatus(status).phrase, "status": status, "detail": detail}
    body.update({key: value for key, value in extensions.items() if value is not None})
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE)
    response.headers.update(headers or {})
    return response


def handle_error(error: Exception) -> Response:
    """The one error handler: HTTP errors keep their status, a failing store is 503, anything else 500."""
    if isinstance(error, QueryLimitExceeded):
        # The query was stopped and its thread is free again: the client may retry a narrower request.
        return problem(503, str(error), headers={"Retry-After": str(RETRY_AFTER_S)})
    if isinstance(error, StoreError) and not isinstance(error, QuerySyntaxError):
        log.error("Store failed on %s %s: %s", request.method, request.path, error)
        return problem(
            503, "The store did not answer; try again later", headers={"Retry-After": str(RETRY_AFTER_S)}
        )
    if not isinstance(error, HTTPException):
        log.exception("Unhandled error on %s %s", request.method, request.path)
        error = InternalServerError()
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    return problem(
        status,
        _detail(error, data),
        headers=_kept_headers(error, data),
        errors=data.get("errors") or data.get("messages"),
    )


def _detail(error: HTTPException, data: dict[str, Any]) -> str:
    if "message" in data:
        return str(data["message"])
    if isinstance(data.get("messages"), dict):
        return _summarise(data["messages"])
    if error.code == 404 and error.description == type(error).description:
        # Werkzeug's stock 404 text speaks of typing URLs; name the path instead.
        return f"Nothing at {request.path}"
    if isinstance(error, MethodNotAllowed):
        allowed = ", ".join(sorted(error.valid_methods or ()))
        return f"{request.method} is not allowed on {request.path}; use {allowed}"
    if error.code == 500:
        # Never leak what failed inside: the log has it.
        return "The server hit an unexpected error; it has been logged."
    return error.description or http.HTTPStatus(error.code or 500).phrase


def _summarise(messages: dict[str, Any]) -> str:
    """One line from webargs' {location: {field: [message, …]}}: "Invalid query: limit: Must be …"."""
    parts = []
    for location, fields in messages.items():
        lines = [line.rstrip(".") for line in _flatten(fields)]
        if isinstance(fields, dict):
            parts.append(f"Invalid {_LOCATIONS.get(location, location)}: {'; '.join(lines)}")
        else:
            parts.extend(lines)
    return ". ".join(parts)


_LOCATIONS = {"query": "query arguments", "json": "JSON body", "form": "form"}


def _flatten(messages: Any, path: tuple[str, ...] = ()) -> list[str]:
    if isinstance(messages, dict):
        return [line for key, value in messages.items() for line in _flatten(value, (*path, str(key)))]
    texts = messages if isinstance(messages, list) else [messages]
    prefix = f"{'.'.join(path)}: " if path else ""
    return [line for text in texts for line in _flatten_text(text, prefix)]


def _flatten_text(text: Any, prefix: str) -> list[str]:
    return _flatten(text) if isinstance(text, dict | list) else [f"{prefix}{text}"]


def _kept_headers(error: HTTPException, data: dict[str, Any]) -> dict[str, str]:
    headers = {key: value for key, value in error.get_headers() if key in _KEPT_HEADERS}
    headers.update(data.get("headers") or {})
    return headers


def documents_errors(bp: flask_smorest.Blueprint, *statuses: int) -> Callable[[F], F]:
    """Decorator: list these error statuses, with their problem+json body, in the view's OpenAPI entry."""

    def decorate(view: F) -> F:
        for status in statuses:
            view = bp.alt_response(status, response=http.HTTPStatus(status).name)(view)
        return view

    return decorate


class Api(flask_smorest.Api):
    """flask-smorest's Api with problem+json errors, in the responses and in the OpenAPI document."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        # Exception covers HTTPException too; Flask still leaves redirects (RoutingException) alone.
        self._app.register_error_handler(Exception, handle_error)

    def handle_http_exception(self, error: HTTPException) -> Response:  # type: ignore[override]
        return handle_error(error)

    def _register_responses(self) -> None:
        """flask-smorest's lazily registered responses, with the bodies typed application/problem+json."""
        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if status >= 200 and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            self._register_response(status.name, response)
        self._register_response(
            self.DEFAULT_ERROR_RESPONSE_NAME,
            {"description": "Default error response", "schema": self.ERROR_SCHEMA},
        )

    def _register_response(self, name: str, response: dict[str, Any]) -> None:
        prepare_response(response, self.spec, PROBLEM_MIMETYPE)
        self.spec.components.response(name, response, lazy=True)
