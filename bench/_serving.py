"""Servers for the benchmarks: a free port, waiting until a server answers, and one served for a `with` block."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

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


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) used so far by process `pid` and its living descendants, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    stats = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name (field 2) may hold spaces: the fields after its ')' are fixed.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):  # gone meanwhile
            continue
        stats[int(stat.parent.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    family = {pid}
    for child, (parent, _) in sorted(stats.items()):  # a child's pid is almost always above its parent's
        if parent in family:
            family.add(child)
    return sum(seconds for child, (_, seconds) in stats.items() if child in family)


def wait_until_quiet(pid: int, *, busy_share: float = 0.05, within_s: float = 120) -> float:
    """Return (the seconds waited) once process `pid` and its children use under `busy_share` of a core over a
    second: a server that has just answered its first request may still be starting worker processes or
    counting its store, and a benchmark timed then measures the start, not the service."""
    start = time.monotonic()
    before = cpu_seconds(pid)
    while time.monotonic() - start < within_s:
        time.sleep(1.0)
        now = cpu_seconds(pid)
        if now - before < busy_share:
            break
        before = now
    return time.monotonic() - start


@contextmanager
def served(
    command: list[str], probe: str, *, env: Mapping[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """`command` running (until the block ends, with environment `env` if given), once `probe` answers."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        wait_until_up(probe, process)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
