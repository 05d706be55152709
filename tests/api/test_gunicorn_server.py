"""api.server.serve: gunicorn in process, one worker with threads, on the embedded store."""

from __future__ import annotations

import json
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

from api.server import GunicornServer, request_limits


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """`serve()` in a child process (gunicorn's arbiter wants the main thread); yields its base URL."""
    # One client sends 8 queries at once here: no per-client cap (tests/api/test_query_slots.py covers it).
    yield from _serve(tmp_path, {"GEOKG_API_TOKEN": None, "GEOKG_SPARQL_QUERIES_PER_CLIENT": "0"})


TOKEN = "gunicorn-test-token"


@pytest.fixture
def served_small_bodies(tmp_path: Path) -> Iterator[str]:
    """A server taking writes (with TOKEN) of at most 20,000 bytes."""
    yield from _serve(tmp_path, {"GEOKG_API_TOKEN": TOKEN, "GEOKG_MAX_BODY_BYTES": "20000"})


@pytest.fixture
def served_json_logs(tmp_path: Path) -> Iterator[str]:
    """A server taking writes (with TOKEN), logging JSON."""
    yield from _serve(tmp_path, {"GEOKG_API_TOKEN": TOKEN, "GEOKG_LOG_FORMAT": "json"})


def _serve(tmp_path: Path, settings: dict[str, str | None]) -> Iterator[str]:
    port = _free_port()
    config = {"GEOKG_STORE": str(tmp_path / "store"), **settings}
    script = textwrap.dedent(
        f"""
        from api import create_app
        from api.server import serve
        app = create_app({config!r})
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


def test_json_logs_carry_request_ids_and_never_the_text_or_a_token(
    served_json_logs: str, tmp_path: Path
) -> None:
    secret = TOKEN
    marker = "Zanzibarian-marker-sentence"  # in the article's text only
    text = f"Serbia and Kosovo met in Brussels on Monday. {marker} was said."
    posted = requests.post(
        f"{served_json_logs}/api/articles",
        json={"text": text},
        headers={"Authorization": f"Bearer {secret}", "X-Request-Id": "post-1"},
        timeout=120,
    )
    assert posted.status_code == 201 and posted.headers["X-Request-Id"] == "post-1"
    requests.get(f"{served_json_logs}/health", auth=(secret, ""), timeout=10)
    made = requests.get(f"{served_json_logs}/api/events", params={"token": secret}, timeout=10)
    access = tmp_path / "access.log"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "/api/events" not in access.read_text():
        time.sleep(0.1)
    entries = [json.loads(line) for line in access.read_text().splitlines() if line.strip()]
    by_path = {entry["path"]: entry for entry in entries}
    assert by_path["/api/articles"]["request_id"] == "post-1"
    assert by_path["/api/articles"]["status"] == 201
    assert by_path["/api/events"]["request_id"] == made.headers["X-Request-Id"]
    assert by_path["/api/events"]["query"] == "token=[redacted]"
    server_log = (tmp_path / "server.log").read_text()
    stored = [json.loads(line) for line in server_log.splitlines() if "Stored article" in line]
    assert stored and stored[0]["request_id"] == "post-1" and stored[0]["level"] == "INFO"
    for log in (access.read_text(), server_log):
        assert secret not in log and marker not in log


def _chunks(body: bytes, size: int = 4096) -> Iterator[bytes]:
    # A generator body: requests sends it with Transfer-Encoding: chunked and no Content-Length.
    for start in range(0, len(body), size):
        yield body[start : start + size]


def test_a_chunked_body_over_the_limit_is_413_and_nothing_is_stored(served_small_bodies: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    text = "Serbia and Kosovo met in Brussels on Monday. " * 600  # 27,000 bytes: valid JSON, over 20,000
    too_big = json.dumps({"text": text}).encode()
    response = requests.post(
        f"{served_small_bodies}/api/articles", data=_chunks(too_big), headers=auth, timeout=60
    )
    assert response.status_code == 413
    assert response.headers["Content-Type"] == "application/problem+json"
    assert requests.get(f"{served_small_bodies}/api/articles", timeout=10).json()["total"] == 0
    # Under the limit, a chunked body is read whole and stored.
    small = json.dumps({"text": text[:5_000]}).encode()
    response = requests.post(
        f"{served_small_bodies}/api/articles", data=_chunks(small), headers=auth, timeout=120
    )
    assert response.status_code == 201, response.text
    stored = requests.get(f"{served_small_bodies}{response.json()['url']}", timeout=10).json()
    assert stored["text"] == text[:5_000]


@pytest.mark.parametrize("url_bytes", [8_100, 9_000, 20_000])
def test_long_urls_get_a_414_problem_not_gunicorns_html(served: str, url_bytes: int) -> None:
    path = "/api/entities?q="
    response = requests.get(f"{served}{path}{'x' * (url_bytes - len(path))}", timeout=10)
    assert response.status_code == 414
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 414


def test_a_url_just_over_the_apps_limit_is_answered_by_the_app(served: str) -> None:
    # 8,100 bytes: over GEOKG_MAX_URL_LENGTH (8000), under gunicorn's request line (8190): the app's own detail.
    response = requests.get(f"{served}/api/entities?q={'x' * 8_084}", timeout=10)
    assert "send long queries by POST" in response.json()["detail"]


def test_a_malformed_request_gets_a_problem(served: str) -> None:
    host, port = served.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nBad Header Name: 1\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400")
    assert b"Content-Type: application/problem+json" in head
    assert json.loads(body)["status"] == 400


def test_a_url_limit_gunicorn_cannot_read_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match="GEOKG_MAX_URL_LENGTH is 9000"):
        request_limits(9_000)
    assert request_limits(8_000)["limit_request_line"] >= 8_000 + len("OPTIONS  HTTP/1.1")


def test_unknown_gunicorn_setting_is_refused() -> None:
    with pytest.raises(ValueError, match="wrokers"):
        GunicornServer(object(), {"wrokers": 2})  # type: ignore[arg-type]
