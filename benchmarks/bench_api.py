"""Benchmark the HTTP API on a real uvicorn server: latency percentiles and throughput.

Starts ``itinera serve`` (the production entry point, keys required) as a subprocess on
127.0.0.1 with its own SQLite file in a temporary folder, creates a secret key with a high rate
limit, then drives it with httpx's async client:

- ``GET /v1/places`` at 50 concurrent clients;
- ``POST /v1/itineraries`` for a 3-day trip with a 2 s solver limit at 4 concurrent clients.

It prints, per endpoint, the number of requests, errors (anything but the expected status),
latency p50/p95/p99 and throughput, then the targets: places p99 < 50 ms; POST p95 < 3 s with
no error.

Run from the repo root::

    .venv/bin/python -m benchmarks.bench_api            # 2000 GETs, 16 POSTs
    .venv/bin/python -m benchmarks.bench_api --quick    # smoke run (100 GETs, 2 POSTs)

Client and server share the 2 cores (and whatever else runs): figures are pessimistic and noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import httpx
import numpy as np

from itinera.api.keys import MAX_RATE_PER_MINUTE, KeyKind, create_api_key

TARGET_PLACES_P99_MS = 50.0
TARGET_POST_P95_S = 3.0
STARTUP_TIMEOUT_S = 120.0

THREE_DAY_TRIP: dict[str, Any] = {
    "from": "toulouse-matabiau",
    "to": "carcassonne-gare",
    "start": "2027-06-14",
    "days": 3,
    "themes": ["cathar", "unesco"],
    "party": {"adults": 2, "children_ages": [5, 10]},
    "time_limit_s": 2.0,
}
"""The README's 3-day family trip, with the benchmark's 2 s solver limit."""


@dataclass(frozen=True, slots=True)
class Scenario:
    """One load: ``requests`` calls of one endpoint spread over ``clients`` concurrent clients."""

    label: str
    method: str
    path: str
    expected_status: int
    clients: int
    requests: int
    body: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Measure:
    """What one scenario measured."""

    scenario: Scenario
    latencies_s: tuple[float, ...]
    errors: tuple[str, ...]
    elapsed_s: float

    def percentile_ms(self, q: float) -> float:
        """Return the ``q``-th latency percentile in milliseconds (NaN if nothing succeeded)."""
        if not self.latencies_s:
            return float("nan")
        return float(np.percentile(np.asarray(self.latencies_s), q)) * 1000.0

    @property
    def throughput(self) -> float:
        """Return the completed requests per second over the whole scenario."""
        return (len(self.latencies_s) + len(self.errors)) / self.elapsed_s


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return 0 (figures are printed, never asserted)."""
    args = _parser().parse_args(argv)
    quick = args.quick
    scenarios = (
        Scenario(
            "GET /v1/places",
            "GET",
            "/v1/places",
            200,
            clients=10 if quick else args.places_clients,
            requests=100 if quick else args.places_requests,
        ),
        Scenario(
            "POST /v1/itineraries (3 days)",
            "POST",
            "/v1/itineraries",
            201,
            clients=2 if quick else args.post_clients,
            requests=2 if quick else args.post_requests,
            body={**THREE_DAY_TRIP, "time_limit_s": 1.0 if quick else args.time_limit},
        ),
    )
    with tempfile.TemporaryDirectory(prefix="itinera-bench-api-") as folder:
        database = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        key = create_api_key(
            database, name="bench", kind=KeyKind.SECRET, rate_per_minute=MAX_RATE_PER_MINUTE
        )
        with _server(database, Path(folder), workers=args.workers) as url:
            measures = [asyncio.run(_drive(url, key, scenario)) for scenario in scenarios]
    _report(measures, workers=args.workers)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: few requests")
    parser.add_argument("--places-clients", type=int, default=50)
    parser.add_argument("--places-requests", type=int, default=2000)
    parser.add_argument("--post-clients", type=int, default=4)
    parser.add_argument("--post-requests", type=int, default=16)
    parser.add_argument("--time-limit", type=float, default=2.0, help="solver limit per POST, s")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    return parser


class _server:  # noqa: N801 - used as a context manager, like a function
    """Run ``itinera serve`` on a free port; yield its URL once ``/readyz`` answers 200."""

    def __init__(self, database: str, folder: Path, *, workers: int) -> None:
        self.database = database
        self.folder = folder
        self.workers = workers
        self.process: subprocess.Popen[bytes] | None = None
        self.log: BinaryIO | None = None

    def __enter__(self) -> str:
        port = _free_port()
        command = [
            sys.executable, "-m", "itinera", "serve",
            "--host", "127.0.0.1", "--port", str(port), "--database-url", self.database,
        ]  # fmt: skip
        if self.workers > 1:
            command += ["--workers", str(self.workers)]
        self.log = (self.folder / "server.log").open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ}
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                text = (self.folder / "server.log").read_text(errors="replace")
                msg = f"the server exited with {self.process.returncode}:\n{text}"
                raise RuntimeError(msg)
            try:
                if httpx.get(f"{url}/readyz", timeout=2.0).status_code == 200:  # noqa: PLR2004
                    return url
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.__exit__()
        msg = f"the server did not become ready within {STARTUP_TIMEOUT_S} s"
        raise RuntimeError(msg)

    def __exit__(self, *_exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log is not None:
            self.log.close()


async def _drive(url: str, key: str, scenario: Scenario) -> Measure:
    if scenario.body is None:
        return await _drive_raw(url, key, scenario)
    return await _drive_httpx(url, key, scenario)


async def _drive_raw(url: str, key: str, scenario: Scenario) -> Measure:
    """Drive a GET scenario over raw keep-alive HTTP/1.1 connections, one per client.

    httpx's async client costs a few milliseconds of CPU per request, on the same two cores as
    the server: at hundreds of requests per second the load generator would measure itself.
    This client writes the request line and reads the status line, the headers and exactly
    ``Content-Length`` bytes, nothing more. Connections are opened and used once before the
    clock starts, so the figures are those of a warm server, not of TCP set-up.
    """
    parts = httpx.URL(url)
    request = (
        f"{scenario.method} {scenario.path} HTTP/1.1\r\nHost: {parts.host}:{parts.port}\r\n"
        f"X-API-Key: {key}\r\nAccept: application/json\r\n\r\n"
    ).encode()
    latencies: list[float] = []
    errors: list[str] = []
    remaining = [scenario.requests]
    connections = [
        await asyncio.open_connection(parts.host, parts.port) for _ in range(scenario.clients)
    ]
    for reader, writer in connections:  # warm-up, outside the measure: one request each
        writer.write(request)
        await _read_response(reader)

    async def client_loop(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while remaining[0] > 0:
                remaining[0] -= 1
                started = time.perf_counter()
                writer.write(request)
                status, body = await _read_response(reader)
                took = time.perf_counter() - started
                if status == scenario.expected_status and body:
                    latencies.append(took)
                else:
                    errors.append(f"{status}: {body[:200]!r}")
        finally:
            writer.close()
            await writer.wait_closed()

    started = time.perf_counter()
    await asyncio.gather(*(client_loop(reader, writer) for reader, writer in connections))
    elapsed = time.perf_counter() - started
    return Measure(scenario, tuple(latencies), tuple(errors), elapsed)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    return status, await reader.readexactly(length)


async def _drive_httpx(url: str, key: str, scenario: Scenario) -> Measure:
    """Drive a POST scenario with httpx's async client (a few requests, seconds each)."""
    limits = httpx.Limits(
        max_connections=scenario.clients, max_keepalive_connections=scenario.clients
    )
    latencies: list[float] = []
    errors: list[str] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(scenario.requests):
        queue.put_nowait(i)

    async def client_loop(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            index = queue.get_nowait()
            body = None if scenario.body is None else {**scenario.body, "seed": index}
            started = time.perf_counter()
            try:
                response = await client.request(scenario.method, scenario.path, json=body)
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            took = time.perf_counter() - started
            if response.status_code == scenario.expected_status:
                latencies.append(took)
            else:
                errors.append(f"{response.status_code}: {response.text[:200]}")

    headers = {"X-API-Key": key}
    async with httpx.AsyncClient(
        base_url=url, headers=headers, limits=limits, timeout=120.0
    ) as client:
        await client.get("/v1/themes")  # one warm-up request
        started = time.perf_counter()
        await asyncio.gather(*(client_loop(client) for _ in range(scenario.clients)))
        elapsed = time.perf_counter() - started
    return Measure(scenario, tuple(latencies), tuple(errors), elapsed)


def _report(measures: list[Measure], *, workers: int) -> None:
    print(f"itinera API benchmark: itinera serve, {workers} worker(s), {os.cpu_count()} cores")
    header = f"{'endpoint':<32}{'clients':>8}{'requests':>9}{'errors':>7}"
    header += f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>8}"
    print(header)
    for m in measures:
        s = m.scenario
        print(
            f"{s.label:<32}{s.clients:>8}{s.requests:>9}{len(m.errors):>7}"
            f"{m.percentile_ms(50):>9.1f}{m.percentile_ms(95):>9.1f}{m.percentile_ms(99):>9.1f}"
            f"{m.throughput:>8.1f}"
        )
    for m in measures:
        for error in sorted(set(m.errors))[:5]:
            print(f"  error ({m.scenario.label}): {error}")
    places, post = measures
    places_ok = places.percentile_ms(99) < TARGET_PLACES_P99_MS and not places.errors
    post_ok = post.percentile_ms(95) < TARGET_POST_P95_S * 1000.0 and not post.errors
    print(
        f"target places p99 < {TARGET_PLACES_P99_MS:.0f} ms: "
        f"{'met' if places_ok else 'missed'} ({places.percentile_ms(99):.1f} ms)"
    )
    print(
        f"target POST p95 < {TARGET_POST_P95_S:.0f} s with no error: "
        f"{'met' if post_ok else 'missed'} ({post.percentile_ms(95) / 1000:.2f} s, "
        f"{len(post.errors)} errors)"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


if __name__ == "__main__":
    raise SystemExit(main())
