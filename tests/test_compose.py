"""docker-compose.yml, run without Docker: its services' own commands and environment, started here on
127.0.0.1 (container paths mapped to folders, service names and ports to local ones), ingest a folder of
articles through the `ingest` service and answer queries through the `api` service."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

from bench.article_texts import generate_articles, write_articles
from tests.conftest import stop_process

ROOT = Path(__file__).parents[1]
ARTICLES = 6
TOKEN = "compose-test-token"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's own interpolation: ${NAME:?message}, ${NAME:-default}, and $$ for a literal $."""

    def one(match: re.Match[str]) -> str:
        name, op, word = match.group(1), match.group(2), match.group(3)
        if env.get(name):
            return env[name]
        if op == ":?":
            raise AssertionError(f"compose needs {name}: {word}")
        return word or ""

    value = re.sub(r"(?<!\$)\$\{(\w+)(?:(:[?-])([^}]*))?\}", one, value)
    return value.replace("$$", "$")


class Host:
    """Maps a service's container world to this machine: ports, service names and mounted paths."""

    def __init__(self, compose: dict[str, Any], tmp: Path) -> None:
        self.ports: dict[str, int] = {}  # "7878" -> a free local port
        self.names = set(compose["services"])
        self.tmp = tmp
        self.paths: dict[str, Path] = {}

    def port(self, container_port: str) -> int:
        return self.ports.setdefault(container_port, _free_port())

    def mount(self, service: dict[str, Any]) -> None:
        for volume in service.get("volumes", []):
            source, target = volume.split(":")[:2]
            folder = self.tmp / source.strip("./").replace("/", "_")
            folder.mkdir(exist_ok=True)
            self.paths[target] = folder

    def local(self, text: str) -> str:
        text = re.sub(r"0\.0\.0\.0:(\d+)", lambda m: f"127.0.0.1:{self.port(m.group(1))}", text)
        names = "|".join(sorted(self.names))
        text = re.sub(rf"//({names}):(\d+)", lambda m: f"//127.0.0.1:{self.port(m.group(2))}", text)
        for target, folder in sorted(self.paths.items(), key=lambda item: -len(item[0])):
            text = re.sub(rf"(?<![\w/]){re.escape(target)}(?![\w])", str(folder), text)
        return text


def _program(name: str) -> str:
    """The program a container would run, from this venv (beside python) or PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.is_file() else shutil.which(name)
    assert found, f"{name} is neither beside {sys.executable} nor on PATH"
    return found


def _command(service: dict[str, Any], host: Host, env: dict[str, str]) -> list[str]:
    words = [*service.get("entrypoint", []), *service["command"]]
    words = [host.local(_interpolate(word, env)) for word in words]
    return [_program(words[0]), *words[1:]]


def _environment(service: dict[str, Any], host: Host, env: dict[str, str]) -> dict[str, str]:
    own = {
        name: host.local(_interpolate(str(value), env))
        for name, value in service.get("environment", {}).items()
    }
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return {**os.environ, "PYTHONPATH": str(ROOT), "PATH": path, "GEOKG_STORE": "", **own}


def _bound_port(service: dict[str, Any]) -> str:
    """The container port a service's command binds (`0.0.0.0:PORT`)."""
    bound = re.search(r"0\.0\.0\.0:(\d+)", " ".join(service["command"]))
    assert bound, f"{service['command']} binds no 0.0.0.0:PORT"
    return bound.group(1)


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{process.args} exited with {process.returncode}"
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    pytest.fail(f"{url} did not answer within 60 s", pytrace=False)


@pytest.fixture
def running(compose: dict[str, Any], tmp_path: Path) -> Iterator[tuple[Host, dict[str, str]]]:
    """The `store` and `api` services, started as compose would start them, then stopped."""
    host = Host(compose, tmp_path)
    for service in compose["services"].values():
        host.mount(service)
    env = {"GEOKG_API_TOKEN": TOKEN}
    started = []
    try:
        for name, ready in (("store", "/query?query=ASK%7B%7D"), ("api", "/health")):
            service = compose["services"][name]
            log = (tmp_path / f"{name}.log").open("wb")
            process = subprocess.Popen(
                _command(service, host, env), env=_environment(service, host, env), stdout=log, stderr=log
            )
            started.append((process, log))
            _wait_for(f"http://127.0.0.1:{host.port(_bound_port(service))}{ready}", process)
        yield host, env
    finally:
        for process, log in reversed(started):
            stop_process(process)
            log.close()


def test_the_compose_file_has_the_three_services(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"store", "api", "ingest"}
    assert "gunicorn" in services["api"]["command"]
    for name in ("api", "ingest"):
        assert services[name]["environment"]["GEOKG_STORE"] == "http://store:7878/query"
        assert services[name]["depends_on"]["store"]["condition"] == "service_healthy"


def test_the_services_ingest_a_folder_and_answer_queries(
    compose: dict[str, Any], running: tuple[Host, dict[str, str]]
) -> None:
    host, env = running
    inbox = host.paths["/inbox"]
    write_articles(generate_articles(ARTICLES, seed=41), inbox / "articles.jsonl")
    service = compose["services"]["ingest"]
    for expected in (f"{ARTICLES} stored", f"{ARTICLES} unchanged and skipped"):  # a second run skips them
        done = subprocess.run(
            _command(service, host, env),
            env=_environment(service, host, env),
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert expected in done.stdout
    api = f"http://127.0.0.1:{host.port(_bound_port(compose['services']['api']))}"
    articles = requests.get(f"{api}/api/articles", timeout=30)
    assert articles.status_code == 200
    count = requests.get(
        f"{api}/sparql",
        params={
            "query": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://w3id.org/geokg/ontology#Article> }"
        },
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert count.status_code == 200
    assert count.json()["results"]["bindings"][0]["n"]["value"] == str(ARTICLES)
    events = requests.get(f"{api}/api/events", params={"limit": 5}, timeout=30)
    assert events.status_code == 200 and events.json()
