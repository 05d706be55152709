"""The server entry: `geokg serve` runs the app with gunicorn in process, one worker (embedded Oxigraph allows one
process) and many threads. The command is found by `kg.cli` through the `geokg.commands` entry point."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import click
from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.config import Config
from gunicorn.glogging import Logger

from kg.cli import one_line_errors
from kg.settings import positive_int, read_settings

# A secret in a URL: the API token, or anything a client named like one.
_SECRET_PARAM = re.compile(r"(?i)((?:^|[?&])(?:token|access_token|api_key|apikey|key|password)=)[^&\s\"]*")


class RedactingLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger with secrets kept out of the access log: no HTTP Basic user name (`curl -u
    token:` puts the token there), and token-like query parameters replaced by [redacted]."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = dict(super().atoms(resp, req, environ, request_time))
        atoms["u"] = "-"
        for key in ("r", "q"):
            atoms[key] = _SECRET_PARAM.sub(r"\1[redacted]", atoms.get(key) or "")
        return atoms


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


def serve(
    app: Flask,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    threads: int,
    options: Mapping[str, Any] | None = None,
) -> None:
    """Run `app` until SIGINT/SIGTERM; `options` are extra gunicorn settings (e.g. {"timeout": 120})."""
    settings = {
        "bind": f"{host}:{port}",
        # One process: the embedded store's folder admits a single opener, so threads share it.
        "workers": 1,
        # gthread, plus threads of its own for /health: the probe never waits behind slow requests.
        "worker_class": "api.health_first.HealthFirstWorker",
        "threads": threads,
        "accesslog": "-",
        "logger_class": RedactingLogger,
        **(options or {}),
    }
    GunicornServer(app, settings).run()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--threads", type=click.IntRange(min=1), help="Request threads (overrides GEOKG_THREADS, default 8)."
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
