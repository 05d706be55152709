"""api.server.serve: gunicorn in process, one worker with threads, on the embedded store."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from api.server import GunicornServer


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """`serve()` in a child process (gunicorn's arbiter wants the main thread); yields its base URL."""
    port = _free_port()
    script = textwrap.dedent(
        f"""
        from api import create_app
        from api.server import serve
        app = create_app({{"GEOKG_STORE": {str(tmp_path / "store")!r}, "GEOKG_API_TOKEN": None}})
        serve(app, host="127.0.0.1", port={port}, threads=4, options={{"accesslog": {str(tmp_path / "access.log")!r}}})
        """
    )
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-c", script], cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, process, tmp_path / "server.log")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()
    assert process.returncode == 0, (tmp_path / "server.log").read_text()


def _wait_for(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()}", pytrace=False)
        try:
            requests.get(f"{base}/health", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    pytest.fail(f"the server did not answer within 60 s:\n{log.read_text()}", pytrace=False)


def test_serves_health_and_parallel_queries(served: str) -> None:
    assert requests.get(f"{served}/health", timeout=10).json() == {
        "status": "ok",
        "store": "embedded",
        "triples": 0,
    }
    query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(
            pool.map(lambda _: requests.get(f"{served}/sparql", params=query, timeout=30), range(16))
        )
    assert {r.status_code for r in responses} == {200}
    assert {r.json()["results"]["bindings"][0]["n"]["value"] for r in responses} == {"0"}


def test_serves_problems_over_http(served: str) -> None:
    response = requests.post(f"{served}/api/articles", json={"text": "Serbia."}, timeout=10)
    assert response.status_code == 403
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 403


def test_tokens_never_reach_the_access_log(served: str, tmp_path: Path) -> None:
    secret = "s3cr3t-t0ken-value"
    requests.get(f"{served}/health", auth=(secret, ""), timeout=10)  # curl -u token:
    requests.get(f"{served}/api/events", params={"token": secret, "type": "Clash"}, timeout=10)
    requests.get(f"{served}/api/events", params={"type": "Clash", "api_key": secret}, timeout=10)
    log = tmp_path / "access.log"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and log.read_text().count("/api/events") < 2:
        time.sleep(0.1)
    text = log.read_text()
    assert text.count("/api/events") == 2 and "/health" in text
    assert secret not in text
    assert "token=[redacted]" in text and "type=Clash" in text


def test_unknown_gunicorn_setting_is_refused() -> None:
    with pytest.raises(ValueError, match="wrokers"):
        GunicornServer(object(), {"wrokers": 2})  # type: ignore[arg-type]
