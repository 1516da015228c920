from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import httpx
from tests.api_server import ONE_DAY_TRIP, TEST_MAX_ITERATIONS, running_server, sqlite_url

from itinera.api.app import create_app
from itinera.api.store import ItineraryStore

if TYPE_CHECKING:
    from pathlib import Path

    from itinera.model.destination import Destination

CONCURRENT_POSTS = 6


def test_itineraries_survive_a_restart(default_destination: Destination, tmp_path: Path) -> None:
    database = sqlite_url(tmp_path / "restart.sqlite3")
    first = create_app(
        default_destination, database_url=database, max_iterations=TEST_MAX_ITERATIONS
    )
    with running_server(first) as url, httpx.Client(base_url=url, timeout=60.0) as client:
        created = client.post("/v1/itineraries", json=ONE_DAY_TRIP)
        assert created.status_code == 201, created.text
    second = create_app(default_destination, database_url=database)
    with running_server(second) as url, httpx.Client(base_url=url, timeout=60.0) as client:
        again = client.get(f"/v1/itineraries/{created.json()['id']}")
    assert again.status_code == 200
    assert again.json() == created.json()


def test_concurrent_posts_lose_nothing(default_destination: Destination, tmp_path: Path) -> None:
    database = sqlite_url(tmp_path / "concurrent.sqlite3")
    app = create_app(default_destination, database_url=database, max_iterations=5)
    with running_server(app) as url, httpx.Client(base_url=url, timeout=120.0) as client:
        seeds = range(CONCURRENT_POSTS)
        with ThreadPoolExecutor(max_workers=CONCURRENT_POSTS) as pool:
            responses = list(
                pool.map(
                    lambda seed: client.post(
                        "/v1/itineraries", json={**ONE_DAY_TRIP, "seed": seed}
                    ),
                    seeds,
                )
            )
        assert [r.status_code for r in responses] == [201] * CONCURRENT_POSTS
        ids = {r.json()["id"] for r in responses}
        assert len(ids) == CONCURRENT_POSTS
        for response in responses:
            fetched = client.get(response.headers["location"])
            assert fetched.json() == response.json()
    store = ItineraryStore.open(database)
    try:
        assert store.count() == CONCURRENT_POSTS
    finally:
        store.close()
