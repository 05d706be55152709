"""The server entry: `geokg serve` runs the app with gunicorn in process, one worker (embedded Oxigraph allows one
process) and many threads. The command is found by `kg.cli` through the `geokg.commands` entry point."""

from __future__ import annotations

import gc
import json
import logging
import re
from collections.abc import Mapping
from typing import Any

import click
import gunicorn.util
from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.config import AccessLogFormat, Config
from gunicorn.glogging import Logger

from api.request_log import JsonFormatter, configure_app_logs, log_format
from kg.cli import one_line_errors
from kg.settings import positive_int, read_settings

# A secret in a URL: the API token, or anything a client named like one.
_SECRET_PARAM = re.compile(r"(?i)((?:^|[?&])(?:token|access_token|api_key|apikey|key|password)=)[^&\s\"]*")


# gunicorn's default access line (Apache's combined format). gunicorn's `atoms()` gathers every request and
# response header and every environ variable of each request for it, and with the redaction that took a third of
# the server's Python time under 16 clients (py-spy, kept answers at ~400 requests/s): this format's lines, and
# the JSON ones, are made from the few values they show.
COMBINED_FORMAT = str(AccessLogFormat.default)


def _redacted(text: str) -> str:
    return _SECRET_PARAM.sub(r"\1[redacted]", text) if "=" in text else text


def _request_line(environ: Mapping[str, Any]) -> str:
    return _redacted(f"{environ['REQUEST_METHOD']} {environ['RAW_URI']} {environ['SERVER_PROTOCOL']}")


class RedactingLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger with secrets kept out of the access log: no HTTP Basic user name (`curl -u
    token:` puts the token there), and token-like query parameters replaced by [redacted]."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = dict(super().atoms(resp, req, environ, request_time))
        atoms["u"] = "-"
        for key in ("r", "q"):
            atoms[key] = _redacted(atoms.get(key) or "")
        return atoms

    def access(self, resp: Any, req: Any, environ: Any, request_time: Any) -> None:
        if self.cfg.access_log_format != COMBINED_FORMAT or not self.access_log_enabled:
            super().access(resp, req, environ, request_time)  # a format of the operator's own: every atom
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        sent = getattr(resp, "sent", None)
        atoms = {
            "h": environ.get("REMOTE_ADDR", "-"),
            "l": "-",
            "u": "-",
            "t": self.now(),
            "r": _request_line(environ),
            "s": status,
            "b": "-" if sent is None else str(sent),
            "f": environ.get("HTTP_REFERER", "-"),
            "a": environ.get("HTTP_USER_AGENT", "-"),
        }
        # As gunicorn's SafeAtoms: a quote inside a quoted field is escaped.
        safe = {
            key: value.replace('"', '\\"') if isinstance(value, str) else value
            for key, value in atoms.items()
        }
        self.access_log.info(COMBINED_FORMAT, safe)


class JsonLogger(RedactingLogger):
    """GEOKG_LOG_FORMAT=json: the access log and gunicorn's error log as one JSON object a line, redacted as
    RedactingLogger's, each access line with the request's id (its X-Request-Id response header)."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(JsonFormatter())

    def access(self, resp: Any, req: Any, environ: Any, request_time: Any) -> None:
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.logconfig_dict or self.cfg.syslog):
            return
        fields = {
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "query": _redacted(environ.get("QUERY_STRING") or ""),
            "status": resp.status_code,
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "remote": environ.get("REMOTE_ADDR", "-"),
            "user_agent": environ.get("HTTP_USER_AGENT", "-"),
        }
        record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, _request_line(environ), None, None)
        record.request_id = next(
            (value for name, value in resp.headers if name.lower() == "x-request-id" and value), None
        )
        record.fields = fields
        self.access_log.info(JsonFormatter().format(record))


class GunicornServer(BaseApplication):  # type: ignore[misc]
    """A gunicorn application around an already built Flask app (no config files, no command line)."""

    def __init__(self, app: Flask, options: Mapping[str, Any]) -> None:
        # Checked here: gunicorn turns errors in load_config into sys.exit(1).
        unknown = sorted(set(options) - set(Config().settings))
        if unknown:
            raise ValueError(f"Unknown gunicorn settings: {', '.join(unknown)}")
        self.application = app
        self.options = dict(options)
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


# gunicorn reads request lines of at most 8190 bytes ("GET " + URL + " HTTP/1.1"): the app's URL limit must leave
# room for the method and version, so that a URL over it reaches the app and gets the app's 414 problem+json.
GUNICORN_MAX_REQUEST_LINE = 8190
_LINE_OVERHEAD = len("OPTIONS  HTTP/1.1")


def request_limits(max_url_length: int) -> dict[str, Any]:
    """gunicorn's own request limits for an app whose URL limit is `max_url_length` bytes.

    :raises ValueError: when the URL limit is more than gunicorn can read.
    """
    longest = GUNICORN_MAX_REQUEST_LINE - _LINE_OVERHEAD
    if max_url_length > longest:
        raise ValueError(
            f"GEOKG_MAX_URL_LENGTH is {max_url_length}, over the {longest} bytes gunicorn can read in a request line"
        )
    return {"limit_request_line": GUNICORN_MAX_REQUEST_LINE, "limit_request_field_size": 8190}


def _write_problem(sock: Any, status: int, reason: str, message: str) -> None:
    """gunicorn's own refusals (a malformed request, headers too large) as problem+json, like the app's."""
    body = json.dumps({"type": "about:blank", "title": reason, "status": status, "detail": message}).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: application/problem+json\r\n"
        f"X-Content-Type-Options: nosniff\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    gunicorn.util.write_nonblock(sock, head.encode("latin-1") + body)


def serve(
    app: Flask,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    threads: int,
    options: Mapping[str, Any] | None = None,
) -> None:
    """Run `app` until SIGINT/SIGTERM; `options` are extra gunicorn settings (e.g. {"timeout": 120})."""
    format_name = log_format(app.config.get("GEOKG_LOG_FORMAT"))
    configure_app_logs(format_name)
    settings = {
        "bind": f"{host}:{port}",
        # One process: the embedded store's folder admits a single opener, so threads share it.
        "workers": 1,
        # gthread, plus threads of its own for /health: the probe never waits behind slow requests.
        "worker_class": "api.health_first.HealthFirstWorker",
        "threads": threads,
        "accesslog": "-",
        "logger_class": JsonLogger if format_name == "json" else RedactingLogger,
        **request_limits(int(app.config["GEOKG_MAX_URL_LENGTH"])),
        # In the forked worker process, which serves the requests: not in the arbiter.
        "post_worker_init": lambda _worker: _ready_to_serve(app),
        **(options or {}),
    }
    # gunicorn writes its error pages with this function (as text/html); this process serves only GeoKG.
    gunicorn.util.write_error = _write_problem
    GunicornServer(app, settings).run()


def _ready_to_serve(app: Flask) -> None:
    """Start the query workers, and take what is loaded so far out of the garbage collector's sight.

    A full collection looks at every object: with the app's modules loaded (rdflib, pyparsing, Flask: 150,000
    objects) it held the GIL, and so every request, for 0.3 s to 1 s on a busy machine. Frozen objects are never
    looked at again; the objects that requests make are still collected.
    """
    from api.query_limits import current_limits
    from api.query_workers import start_workers

    with app.app_context():
        start_workers(current_limits())
    gc.freeze()  # no collection first: it would take as long as the one this saves


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--threads", type=click.IntRange(min=1), help="Request threads (overrides GEOKG_THREADS, default 32)."
)
@click.pass_context
@one_line_errors
def serve_command(ctx: click.Context, host: str, port: int, threads: int | None) -> None:
    """Serve the API and web page (one process, threads: the embedded store has one writer)."""
    from api import create_app

    # The settings `geokg` read when it started (`--store` included), or read now when run on its own.
    settings = ctx.obj if ctx.obj is not None else read_settings()
    if threads is None:
        threads = positive_int("GEOKG_THREADS", settings["GEOKG_THREADS"])
    app = create_app(settings)
    click.echo(f"GeoKG on http://{host}:{port}/", err=True)
    serve(app, host=host, port=port, threads=threads)
