"""REST load from `wrk` (a C load generator, Debian package `wrk`), when it is on PATH: the clients then cost the
machine almost nothing, so the figures measure the server rather than the load generator.

The benchmarks' Python clients are threads of the benchmark's own process: on the 2 shared cores of the
development machine 16 of them took 43-80% of a core, and each request waited for them (the GIL, parsing the
answer) as much as for the server. wrk runs the same closed loop (each client sends its next request when the
answer to the last one is in) from a few threads of C.

Each client is one wrk thread with one connection, so its Lua state sees its requests and answers strictly in
turn: `request` notes the route and the time (CLOCK_MONOTONIC through LuaJIT's ffi, as wrk's own clock), and
`response` adds the latency and the status under the route. That gives per-route latencies (wrk's own histogram
mixes the routes) of every request answered, 2xx or not; a request answered with no 2xx is an error, as one that
lost its connection (the next request of its client is sent without an answer to the last) or was still waiting
at the end for longer than the request time limit. The samples are written to a file by `done` and summed up in
Python, with the same percentiles as the Python clients' (`bench._serve.percentile`): the latency of each request
sent, as before. wrk's own p99 is given beside it; it is corrected for coordinated omission (a client that waits
for a slow answer sends no requests meanwhile, and wrk adds those it would have sent at the run's mean rate, with
the latencies they would have had), so it is higher whenever some answers are slow.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SCRIPT = r"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } geokg_timespec;
int clock_gettime(int clk_id, geokg_timespec *tp);
]]
local clock = ffi.new("geokg_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, clock)  -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local threads = {}
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

-- Per thread (one client): its routes, starting at its own, and what it measured.
local names, paths = {}, {}
local turn = 0
local answered = 0  -- wrk asks thread 0 for one request before the run (to check it): never sent
samples = {}      -- "name<TAB>status<TAB>ms" lines
pending = nil     -- the route of the request sent and not answered yet
pending_at = 0
function init(args)
  for i = 1, #args, 2 do
    table.insert(names, args[i])
    table.insert(paths, args[i + 1])
  end
  turn = id % #names
end

function request()
  local now = now_ms()
  if pending ~= nil and answered > 0 then  -- the last request got no answer: its connection was lost
    table.insert(samples, pending .. "\tlost\t" .. string.format("%.3f", now - pending_at))
  end
  turn = turn % #names + 1
  pending, pending_at = names[turn], now
  return wrk.format("GET", paths[turn])
end

function response(status, headers, body)
  local now = now_ms()
  if pending ~= nil then
    table.insert(samples, pending .. "\t" .. status .. "\t" .. string.format("%.3f", now - pending_at))
  end
  pending = nil
  answered = answered + 1
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("GEOKG_WRK_OUT"), "w"))
  local now = now_ms()
  for _, thread in ipairs(threads) do
    for _, line in ipairs(thread:get("samples")) do
      out:write(line, "\n")
    end
    local route = thread:get("pending")
    if route ~= nil then
      out:write(route, "\tpending\t", string.format("%.3f", now - thread:get("pending_at")), "\n")
    end
  end
  out:write("#wrk\t", summary.requests, "\t", summary.errors.connect, "\t", summary.errors.read, "\t",
            summary.errors.write, "\t", latency:percentile(50) / 1000, "\t", latency:percentile(99) / 1000, "\n")
  out:close()
end
"""


def wrk_path() -> str | None:
    """The `wrk` program, if installed."""
    return shutil.which("wrk")


@dataclass
class Samples:
    """What wrk measured, per route: (ms, status) of each request, the status a number or what befell it
    (`lost`: its connection closed without an answer; `pending`: unanswered at the end, after ms)."""

    routes: dict[str, list[tuple[float, str]]] = field(default_factory=dict)
    seconds: float = 0.0
    # wrk's own count and histogram over every route: requests, socket errors, p50 and p99 ms. wrk corrects its
    # histogram for coordinated omission (it adds the requests a client would have sent while it waited for a
    # slow answer, at the run's mean interval), so its p99 is above the p99 of the requests sent; both are given.
    wrk_requests: int = 0
    socket_errors: int = 0
    wrk_p50_ms: float = float("nan")
    wrk_p99_ms: float = float("nan")


def run_wrk(
    base: str, routes: list[tuple[str, str]], *, clients: int, seconds: float, timeout_s: float
) -> Samples:
    """`clients` closed-loop clients for `seconds` on `routes` ((name, path) pairs, client i starting at the
    i-th and going round them); a request still unanswered at the end counts only if it waited over
    `timeout_s`."""
    wrk = wrk_path()
    if wrk is None:
        raise RuntimeError("wrk is not installed (Debian: apt-get install wrk)")
    with tempfile.TemporaryDirectory() as folder:
        script, out = Path(folder) / "routes.lua", Path(folder) / "samples.tsv"
        script.write_text(SCRIPT, encoding="utf-8")
        command = [
            wrk,
            f"--threads={clients}",
            f"--connections={clients}",
            f"--duration={max(1, round(seconds))}s",
            # wrk's own limit only decides what its histogram keeps; ours is applied to the samples below.
            f"--timeout={max(1, round(timeout_s))}s",
            f"--script={script}",
            base,
            "--",
            *(part for route in routes for part in route),
        ]
        started = time.monotonic()
        subprocess.run(
            command, check=True, capture_output=True, env={**os.environ, "GEOKG_WRK_OUT": str(out)}
        )
        samples = Samples({name: [] for name, _ in routes}, seconds=time.monotonic() - started)
        for line in out.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if parts[0] == "#wrk":
                samples.wrk_requests = int(parts[1])
                samples.socket_errors = sum(int(n) for n in parts[2:5])
                samples.wrk_p50_ms, samples.wrk_p99_ms = float(parts[5]), float(parts[6])
                continue
            name, status, ms = parts
            if status == "pending" and float(ms) <= timeout_s * 1000:
                continue  # cut off by the end of the run, not (yet) late
            samples.routes[name].append((float(ms), status))
    return samples


def ok(status: str) -> bool:
    return status.isdigit() and 200 <= int(status) < 300
