"""Itineraries and keys survive restarts and concurrent writes, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import httpx
from tests.api_server import ONE_DAY_TRIP, TEST_MAX_ITERATIONS, running_server

from itinera.api.app import create_app
from itinera.api.keys import KeyKind, KeyStore
from itinera.api.store import ItineraryStore
from itinera.errors import InvalidInputError

if TYPE_CHECKING:
    from itinera.model.destination import Destination

CONCURRENT_POSTS = 6
WRITER_THREADS = 16
WRITES_PER_THREAD = 10


def test_itineraries_survive_a_restart(default_destination: Destination, database_url: str) -> None:
    first = create_app(
        default_destination, database_url=database_url, max_iterations=TEST_MAX_ITERATIONS
    )
    with running_server(first) as url, httpx.Client(base_url=url, timeout=60.0) as client:
        created = client.post("/v1/itineraries", json=ONE_DAY_TRIP)
        assert created.status_code == 201, created.text
    second = create_app(default_destination, database_url=database_url)
    with running_server(second) as url, httpx.Client(base_url=url, timeout=60.0) as client:
        again = client.get(f"/v1/itineraries/{created.json()['id']}")
    assert again.status_code == 200
    assert again.json() == created.json()


def test_concurrent_posts_lose_nothing(default_destination: Destination, database_url: str) -> None:
    app = create_app(default_destination, database_url=database_url, max_iterations=5)
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
    store = ItineraryStore.open(database_url)
    try:
        assert store.count() == CONCURRENT_POSTS
    finally:
        store.close()


def test_concurrent_store_writes_lose_nothing(database_url: str) -> None:
    store = ItineraryStore.open(database_url)
    start = threading.Barrier(WRITER_THREADS)

    def write(thread: int) -> list[str]:
        start.wait()
        return [
            store.add(request={"thread": thread, "n": n}, document={"n": n}).id
            for n in range(WRITES_PER_THREAD)
        ]

    try:
        with ThreadPoolExecutor(max_workers=WRITER_THREADS) as pool:
            ids = [i for batch in pool.map(write, range(WRITER_THREADS)) for i in batch]
        assert len(set(ids)) == WRITER_THREADS * WRITES_PER_THREAD
        assert store.count() == WRITER_THREADS * WRITES_PER_THREAD
        assert store.get(ids[-1]).request["n"] == WRITES_PER_THREAD - 1
    finally:
        store.close()


def test_concurrent_key_creation_keeps_names_unique(database_url: str) -> None:
    store = ItineraryStore.open(database_url)
    keys = KeyStore(store.engine)
    names = [f"operator-{i % (WRITER_THREADS // 2)}" for i in range(WRITER_THREADS)]
    start = threading.Barrier(WRITER_THREADS)

    def create(name: str) -> str | InvalidInputError:
        start.wait()
        try:
            return keys.create(name=name, kind=KeyKind.SECRET)
        except InvalidInputError as exc:
            return exc

    try:
        with ThreadPoolExecutor(max_workers=WRITER_THREADS) as pool:
            outcomes = list(pool.map(create, names))
        created = [key for key in outcomes if isinstance(key, str)]
        refused = [exc for exc in outcomes if isinstance(exc, InvalidInputError)]
        assert len(created) == len(refused) == WRITER_THREADS // 2
        assert {exc.field for exc in refused} == {"name"}
        stored = keys.list()
        assert sorted(k.name for k in stored) == sorted(set(names))
        assert all(keys.find(key) is not None for key in created)
    finally:
        store.close()
