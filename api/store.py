"""One store per app, opened on first use and shared by all request threads."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from flask import Flask, current_app

if TYPE_CHECKING:
    from kg.graph.store import Store

_EXTENSION = "geokg.store"


class _StoreHolder:
    """Opens the app's store once, lazily, so a forking server opens it in the worker that uses it."""

    def __init__(self, location: str, **remote: str | None) -> None:
        self.location = location
        self.remote = remote  # update_url, gsp_url, dialect, user, password: what `open_store` takes
        self._store: Store | None = None
        self._lock = threading.Lock()

    def get(self) -> Store:
        # Embedded Oxigraph allows one opener per folder: threads must share this one.
        with self._lock:
            if self._store is None:
                from kg.graph.store import open_store

                self._store = open_store(self.location, **self.remote)
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


def init_app(app: Flask) -> None:
    """Attach the store named by GEOKG_STORE (and GEOKG_STORE_UPDATE, _GSP, _DIALECT, _USER, _PASSWORD)."""
    app.extensions[_EXTENSION] = _StoreHolder(
        str(app.config["GEOKG_STORE"]),
        update_url=app.config.get("GEOKG_STORE_UPDATE"),
        gsp_url=app.config.get("GEOKG_STORE_GSP"),
        dialect=app.config.get("GEOKG_STORE_DIALECT"),
        user=app.config.get("GEOKG_STORE_USER"),
        password=app.config.get("GEOKG_STORE_PASSWORD"),
    )


def get_store() -> Store:
    """The current app's store."""
    return current_app.extensions[_EXTENSION].get()


def close_store(app: Flask) -> None:
    """Close the app's store (tests and shutdown); the next `get_store` opens it again."""
    app.extensions[_EXTENSION].close()
