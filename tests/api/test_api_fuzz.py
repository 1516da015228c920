"""Schemathesis against the live OpenAPI of a real server: no 5xx, no response off the schema.

The fuzzer runs as its own process (its command line, as a user would run it) against a uvicorn
server that requires keys; it sends a valid secret key so that it reaches the handlers. Every
check is on except ``positive_data_acceptance``: a schema-valid request may still be refused
with 422 by design (unknown place ids, both ``days`` and ``end``, an infeasible trip), which
the problem document explains. The seed is fixed and the examples are few, so the run is
reproducible and short; the solver is capped at a few iterations per request.
"""

from __future__ import annotations

import re
import subprocess
import sys
from typing import TYPE_CHECKING

import httpx
import pytest
from tests.api_server import running_server, sqlite_url

from itinera.api.access import AccessSettings
from itinera.api.app import create_app
from itinera.api.keys import MAX_RATE_PER_MINUTE, KeyKind, create_api_key

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from itinera.model.destination import Destination

FUZZ_MAX_ITERATIONS = 2
"""Solver iterations per fuzzed request: the point is the HTTP layer, not the plan."""

MAX_EXAMPLES = 15
FUZZ_TIMEOUT_S = 600

_CONFIG = """\
[phases.stateful]
max-steps = 4
"""


class FuzzTarget:
    """A running server that requires keys, and a valid secret key for it."""

    def __init__(self, url: str, key: str) -> None:
        self.url = url
        self.key = key


@pytest.fixture(scope="module")
def target(
    default_destination: Destination, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FuzzTarget]:
    database = sqlite_url(tmp_path_factory.mktemp("fuzz") / "itinera.sqlite3")
    key = create_api_key(
        database, name="fuzzer", kind=KeyKind.SECRET, rate_per_minute=MAX_RATE_PER_MINUTE
    )
    app = create_app(
        default_destination,
        database_url=database,
        max_iterations=FUZZ_MAX_ITERATIONS,
        require_api_key=True,
        access=AccessSettings(anonymous_rate_per_minute=MAX_RATE_PER_MINUTE),
    )
    with running_server(app) as url:
        yield FuzzTarget(url, key)


def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    target: FuzzTarget, tmp_path: Path
) -> None:
    config = tmp_path / "schemathesis.toml"
    config.write_text(_CONFIG, encoding="utf-8")
    command = [
        sys.executable, "-m", "schemathesis.cli",
        "--config-file", str(config),
        "--no-color",
        "run", f"{target.url}/openapi.json",
        "--checks", "all",
        "--exclude-checks", "positive_data_acceptance",
        "--header", f"X-API-Key: {target.key}",
        "--max-examples", str(MAX_EXAMPLES),
        "--seed", "1",
        "--workers", "1",
        "--request-timeout", "120",
    ]  # fmt: skip
    result = subprocess.run(
        command,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=FUZZ_TIMEOUT_S,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    selected = re.search(r"Selected: (\d+)/(\d+)", output)
    tested = re.search(r"Tested: (\d+)", output)
    assert selected is not None
    assert tested is not None
    assert int(tested.group(1)) == int(selected.group(1)) == int(selected.group(2)) > 0


def test_body_that_is_not_utf8_json_is_422_naming_the_body(target: FuzzTarget) -> None:
    """Found by the fuzzer: FastAPI answers such a body with a bare 400."""
    with httpx.Client(base_url=target.url, timeout=60.0) as client:
        response = client.post(
            "/v1/itineraries",
            content=b"\xff",
            headers={"Content-Type": "application/json", "X-API-Key": target.key},
        )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["errors"][0]["field"] == "body"
    assert body["errors"][0]["reason"].startswith("not valid JSON")
