"""Run the API on a real uvicorn server in a thread, for the tests of ``tests/api``."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import uvicorn

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from fastapi import FastAPI


TEST_MAX_ITERATIONS = 20
"""Solver iterations per request: keeps every solve short and reproducible."""

STARTUP_TIMEOUT_S = 30.0

ONE_DAY_TRIP: dict[str, Any] = {
    "from": "carcassonne-gare",
    "to": "carcassonne-gare",
    "start": "2027-06-15",
    "days": 1,
    "themes": ["medieval"],
    "party": {"adults": 2},
    "time_limit_s": 1,
}
"""A cheap request: one day around Carcassonne."""

TWO_DAY_TRIP: dict[str, Any] = {
    "from": "toulouse-matabiau",
    "to": "carcassonne-gare",
    "start": "2027-06-14",
    "days": 2,
    "themes": ["cathar", "unesco"],
    "party": {"adults": 2, "children_ages": [5, 10]},
    "time_limit_s": 2,
}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running_server(app: FastAPI) -> Iterator[str]:
    """Run ``app`` with uvicorn in a thread; yield its base URL; stop it on exit."""
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            msg = f"uvicorn did not start on port {port}"
            raise RuntimeError(msg)
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_TIMEOUT_S)


def sqlite_url(path: Path) -> str:
    """Return the SQLAlchemy URL of a SQLite file."""
    return f"sqlite:///{path}"
