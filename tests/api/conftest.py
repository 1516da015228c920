"""A real uvicorn server on 127.0.0.1 (free port, temporary SQLite file), shared per session."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest
from tests.api_server import TEST_MAX_ITERATIONS, TWO_DAY_TRIP, running_server, sqlite_url
from tests.fixtures_databases import database_url

from itinera.api.app import create_app

__all__ = ["database_url"]

if TYPE_CHECKING:
    from collections.abc import Iterator

    from itinera.model.destination import Destination


@pytest.fixture(scope="session")
def api_url(
    default_destination: Destination, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Return the base URL of the session's server."""
    database = sqlite_url(tmp_path_factory.mktemp("api") / "itinera.sqlite3")
    app = create_app(default_destination, database_url=database, max_iterations=TEST_MAX_ITERATIONS)
    with running_server(app) as url:
        yield url


@pytest.fixture
def client(api_url: str) -> Iterator[httpx.Client]:
    """Return an HTTP client of the session's server."""
    with httpx.Client(base_url=api_url, timeout=60.0) as http:
        yield http


@pytest.fixture(scope="session")
def planned(api_url: str) -> httpx.Response:
    """Return the answer to one ``POST /v1/itineraries`` of the two-day trip."""
    with httpx.Client(base_url=api_url, timeout=60.0) as http:
        return http.post("/v1/itineraries", json=TWO_DAY_TRIP)
