"""Servers for the benchmarks: a free port, waiting until a server answers, and one served for a `with` block."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import requests


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, server: subprocess.Popen[bytes], *, within_s: float = 120) -> None:
    """Return once `url` answers; exit when the server ends or `within_s` passes first."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"{url}: the server exited with {server.returncode}")
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not answer within {within_s:g} s")


@contextmanager
def served(command: list[str], probe: str, *, env: Mapping[str, str] | None = None) -> Iterator[None]:
    """`command` running (until the block ends, with environment `env` if given), once `probe` answers."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        wait_until_up(probe, process)
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
