"""API keys: stored hashed, required by the solving routes, publishable keys bound to origins."""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from tests.api_server import ONE_DAY_TRIP, TEST_MAX_ITERATIONS, running_server, sqlite_url
from tests.cli_runner import run_itinera

from itinera.api.access import AccessSettings
from itinera.api.app import create_app
from itinera.api.keys import (
    KeyKind,
    create_api_key,
    hash_api_key,
    page_key,
    pepper,
    revoke_api_key,
)
from itinera.errors import InvalidInputError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from itinera.model.destination import Destination

PORTAL = "https://portal.example.org"
OTHER = "https://elsewhere.example.net"
PLACES = "/v1/places"


class Server:
    """A running app that requires keys, with a secret and a publishable key."""

    def __init__(self, url: str, secret: str, publishable: str, page: str) -> None:
        self.url = url
        self.secret = secret
        self.publishable = publishable
        self.page = page

    def client(self) -> httpx.Client:
        """Return a client of the server."""
        return httpx.Client(base_url=self.url, timeout=60.0)


@pytest.fixture(scope="module")
def server(
    default_destination: Destination, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    database = sqlite_url(tmp_path_factory.mktemp("keys") / "itinera.sqlite3")
    secret = create_api_key(database, name="operator", kind=KeyKind.SECRET)
    publishable = create_api_key(
        database, name="portal", kind=KeyKind.PUBLISHABLE, origins=(PORTAL,)
    )
    app = create_app(
        default_destination,
        database_url=database,
        max_iterations=TEST_MAX_ITERATIONS,
        require_api_key=True,
    )
    with running_server(app) as url:
        yield Server(url, secret, publishable, app.state.page_key)


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


def test_create_api_key_stores_only_a_peppered_hash(database_url: str) -> None:
    key = create_api_key(database_url, name="acme", kind=KeyKind.SECRET)
    assert key.startswith("sk_")
    assert len(key) > 40
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            row = connection.execute(text("SELECT * FROM api_keys WHERE name = 'acme'")).one()
    finally:
        engine.dispose()
    assert all(key not in str(value) for value in row)
    expected = hmac.new(pepper(), key.encode(), hashlib.sha256).hexdigest()
    assert row.key_hash == expected == hash_api_key(key)
    assert row.prefix == key[:8]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "two words"}, "name"),
        ({"rate_per_minute": 0}, "rate_per_minute"),
        ({"origins": (PORTAL,)}, "origins"),
        ({"kind": KeyKind.PUBLISHABLE, "origins": ("ftp://portal.example.org",)}, "origins"),
        ({"kind": KeyKind.PUBLISHABLE, "origins": ("https://portal.example.org/app",)}, "origins"),
    ],
)
def test_create_api_key_raises_when_an_argument_is_invalid(
    tmp_path: Path, kwargs: dict[str, Any], field: str
) -> None:
    arguments: dict[str, Any] = {"name": "acme", "kind": KeyKind.SECRET, **kwargs}
    with pytest.raises(InvalidInputError) as raised:
        create_api_key(sqlite_url(tmp_path / "k.sqlite3"), **arguments)
    assert raised.value.field == field


def test_create_api_key_raises_when_the_name_is_taken(tmp_path: Path) -> None:
    database = sqlite_url(tmp_path / "k.sqlite3")
    create_api_key(database, name="acme", kind=KeyKind.SECRET)
    with pytest.raises(InvalidInputError, match="already exists"):
        create_api_key(database, name="acme", kind=KeyKind.PUBLISHABLE)


def test_post_without_key_is_401_naming_the_header(server: Server) -> None:
    with server.client() as client:
        body = _problem(client.post("/v1/itineraries", json=ONE_DAY_TRIP), 401)
    assert "X-API-Key" in body["detail"]
    assert body["errors"] == [{"field": "header.X-API-Key", "reason": "missing"}]


def test_sample_needs_no_key_and_is_planned_once(server: Server) -> None:
    with server.client() as client:
        first = client.get("/v1/sample", follow_redirects=False)
        second = client.get("/v1/sample", follow_redirects=False)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]


def test_post_with_unknown_key_is_401(server: Server) -> None:
    with server.client() as client:
        response = client.post(
            "/v1/itineraries", json=ONE_DAY_TRIP, headers={"X-API-Key": "sk_not-a-key"}
        )
    body = _problem(response, 401)
    assert "X-API-Key" in body["detail"]
    assert response.headers["www-authenticate"] == 'ApiKey header="X-API-Key"'


def test_post_with_secret_key_plans_and_stores(server: Server) -> None:
    with server.client() as client:
        created = client.post(
            "/v1/itineraries", json=ONE_DAY_TRIP, headers={"X-API-Key": server.secret}
        )
        assert created.status_code == 201, created.text
        fetched = client.get(created.headers["location"])
    assert fetched.status_code == 200
    assert fetched.json()["id"] == created.json()["id"]


def test_get_places_needs_no_key(server: Server) -> None:
    with server.client() as client:
        response = client.get(PLACES)
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_publishable_key_from_an_allowed_origin_gets_cors_headers(server: Server) -> None:
    headers = {"X-API-Key": server.publishable, "Origin": PORTAL}
    with server.client() as client:
        response = client.get(PLACES, headers=headers)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == PORTAL
    assert "Origin" in response.headers["vary"]
    assert "Location" in response.headers["access-control-expose-headers"]


def test_publishable_key_from_another_origin_is_403_naming_it(server: Server) -> None:
    with server.client() as client:
        response = client.post(
            "/v1/itineraries",
            json=ONE_DAY_TRIP,
            headers={"X-API-Key": server.publishable, "Origin": OTHER},
        )
    body = _problem(response, 403)
    assert OTHER in body["detail"]
    assert body["errors"][0]["field"] == "header.Origin"
    assert "access-control-allow-origin" not in response.headers


def test_publishable_key_without_origin_is_403(server: Server) -> None:
    with server.client() as client:
        response = client.get(PLACES, headers={"X-API-Key": server.publishable})
    assert "Origin" in _problem(response, 403)["detail"]


def test_publishable_key_from_an_allowed_page_referer_is_accepted(server: Server) -> None:
    headers = {"X-API-Key": server.publishable, "Referer": f"{PORTAL}/trips/plan?x=1"}
    with server.client() as client:
        response = client.get(PLACES, headers=headers)
    assert response.status_code == 200, response.text


def test_page_key_works_from_the_server_own_origin_only(server: Server) -> None:
    assert server.page == page_key()
    assert server.page.startswith("pk_")
    with server.client() as client:
        own = client.get(PLACES, headers={"X-API-Key": server.page, "Origin": server.url})
        foreign = client.get(PLACES, headers={"X-API-Key": server.page, "Origin": PORTAL})
    assert own.status_code == 200, own.text
    assert "access-control-allow-origin" not in own.headers
    assert PORTAL in _problem(foreign, 403)["detail"]


def test_preflight_from_an_allowed_origin_is_204(server: Server) -> None:
    headers = {
        "Origin": PORTAL,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, x-api-key",
    }
    with server.client() as client:
        response = client.options("/v1/itineraries", headers=headers)
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == PORTAL
    allowed = {h.strip() for h in response.headers["access-control-allow-headers"].split(",")}
    assert allowed == {"content-type", "x-api-key"}
    assert "POST" in response.headers["access-control-allow-methods"]


def test_preflight_from_an_unknown_origin_is_403_naming_it(server: Server) -> None:
    headers = {"Origin": OTHER, "Access-Control-Request-Method": "POST"}
    with server.client() as client:
        response = client.options("/v1/itineraries", headers=headers)
    assert OTHER in _problem(response, 403)["detail"]
    assert "access-control-allow-origin" not in response.headers


def test_keys_created_or_revoked_while_running_take_effect(
    default_destination: Destination, database_url: str
) -> None:
    app = create_app(
        default_destination,
        database_url=database_url,
        require_api_key=True,
        access=AccessSettings(cache_ttl_s=0.0),
    )
    with running_server(app) as url, httpx.Client(base_url=url, timeout=60.0) as client:
        secret = create_api_key(database_url, name="late", kind=KeyKind.SECRET)
        widget = create_api_key(
            database_url, name="late-widget", kind=KeyKind.PUBLISHABLE, origins=(OTHER,)
        )
        assert client.get(PLACES, headers={"X-API-Key": secret}).status_code == 200
        preflight = client.options(
            PLACES, headers={"Origin": OTHER, "Access-Control-Request-Method": "GET"}
        )
        assert preflight.status_code == 204
        cross = client.get(PLACES, headers={"X-API-Key": widget, "Origin": OTHER})
        assert cross.headers["access-control-allow-origin"] == OTHER
        revoke_api_key(database_url, "late")
        _problem(client.get(PLACES, headers={"X-API-Key": secret}), 401)


def test_cli_keys_create_prints_the_key_once_and_list_never_shows_it(tmp_path: Path) -> None:
    database = sqlite_url(tmp_path / "cli.sqlite3")
    created = run_itinera(
        "keys", "create", "--name", "portal", "--publishable", "--origin", PORTAL,
        "--rate-per-minute", "30", "--database-url", database,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    assert key.startswith("pk_")
    assert "\n" not in key
    assert "not be shown again" in created.stderr
    listed = run_itinera("keys", "list", "--database-url", database)
    assert listed.returncode == 0
    assert "portal\tpublishable\t" in listed.stdout
    assert "30/min" in listed.stdout
    assert PORTAL in listed.stdout
    assert key not in listed.stdout
    assert key[:8] in listed.stdout
    revoked = run_itinera("keys", "revoke", "portal", "--database-url", database)
    assert revoked.returncode == 0
    assert "portal" not in run_itinera("keys", "list", "--database-url", database).stdout


def test_cli_keys_create_refuses_bad_input_in_one_line(tmp_path: Path) -> None:
    database = sqlite_url(tmp_path / "cli.sqlite3")
    result = run_itinera(
        "keys", "create", "--name", "x", "--origin", PORTAL, "--database-url", database
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"itinera: error: origins: only publishable keys have allowed origins (got ['{PORTAL}'])"
    ]
