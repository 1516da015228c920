"""Rate limits: token buckets per key and per client address; 429 problem+json with Retry-After."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest
from tests.api_server import running_server, sqlite_url

from itinera.api.access import AccessSettings
from itinera.api.app import create_app
from itinera.api.keys import KeyKind, create_api_key
from itinera.api.ratelimit import RateLimiter, retry_after_header

if TYPE_CHECKING:
    from pathlib import Path

    from itinera.model.destination import Destination

PLACES = "/v1/themes"


class FakeClock:
    """A clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        """Return the time."""
        return self.now


def test_rate_limiter_allows_a_burst_of_one_minute_then_the_steady_rate() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock)
    assert [limiter.acquire("a", 6) for _ in range(6)] == [None] * 6
    wait = limiter.acquire("a", 6)
    assert wait == pytest.approx(10.0)
    clock.now += 5.0
    assert limiter.acquire("a", 6) == pytest.approx(5.0)
    clock.now += 5.0
    assert limiter.acquire("a", 6) is None
    assert limiter.acquire("a", 6) == pytest.approx(10.0)


def test_rate_limiter_keeps_clients_apart() -> None:
    limiter = RateLimiter(FakeClock())
    assert limiter.acquire("a", 1) is None
    assert limiter.acquire("a", 1) is not None
    assert limiter.acquire("b", 1) is None


def test_rate_limiter_refills_no_more_than_its_capacity() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock)
    assert limiter.acquire("a", 2) is None
    clock.now += 3600.0
    assert [limiter.acquire("a", 2) is None for _ in range(3)] == [True, True, False]


@pytest.mark.parametrize(("wait", "header"), [(0.01, "1"), (1.0, "1"), (1.2, "2"), (59.5, "60")])
def test_retry_after_header_is_whole_seconds_rounded_up(wait: float, header: str) -> None:
    assert retry_after_header(wait) == header


def _assert_rate_limited(response: httpx.Response, who: str) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) >= 1
    body = response.json()
    assert body["status"] == 429
    assert body["type"] == "/problems/rate-limited"
    assert who in body["detail"]


def test_api_answers_429_per_key_and_per_address(
    default_destination: Destination, tmp_path: Path
) -> None:
    database = sqlite_url(tmp_path / "limits.sqlite3")
    slow = create_api_key(database, name="slow", kind=KeyKind.SECRET, rate_per_minute=3)
    fast = create_api_key(database, name="fast", kind=KeyKind.SECRET, rate_per_minute=1000)
    app = create_app(
        default_destination,
        database_url=database,
        access=AccessSettings(anonymous_rate_per_minute=2),
    )
    with running_server(app) as url, httpx.Client(base_url=url, timeout=60.0) as client:
        slow_answers = [client.get(PLACES, headers={"X-API-Key": slow}) for _ in range(4)]
        assert [r.status_code for r in slow_answers[:3]] == [200] * 3
        _assert_rate_limited(slow_answers[3], "'slow'")
        assert int(slow_answers[3].headers["retry-after"]) <= 20
        fast_answers = [client.get(PLACES, headers={"X-API-Key": fast}) for _ in range(10)]
        assert {r.status_code for r in fast_answers} == {200}
        anonymous = [client.get(PLACES) for _ in range(3)]
        assert [r.status_code for r in anonymous[:2]] == [200, 200]
        _assert_rate_limited(anonymous[2], "127.0.0.1")
        invalid = client.get(PLACES, headers={"X-API-Key": "sk_wrong"})
        _assert_rate_limited(invalid, "127.0.0.1")
        assert client.get("/healthz").status_code == 200


def test_publishable_key_limits_each_visitor_address_apart(
    default_destination: Destination, tmp_path: Path
) -> None:
    database = sqlite_url(tmp_path / "limits.sqlite3")
    origin = "https://portal.example.org"
    widget = create_api_key(
        database, name="widget", kind=KeyKind.PUBLISHABLE, origins=(origin,), rate_per_minute=2
    )
    app = create_app(default_destination, database_url=database)
    headers = {"X-API-Key": widget, "Origin": origin}
    with running_server(app) as url:
        with httpx.Client(base_url=url, timeout=60.0) as client:
            answers = [client.get(PLACES, headers=headers) for _ in range(3)]
        other_visitor = httpx.HTTPTransport(local_address="127.0.0.2")
        with httpx.Client(base_url=url, timeout=60.0, transport=other_visitor) as client:
            other = client.get(PLACES, headers=headers)
    assert [r.status_code for r in answers[:2]] == [200, 200]
    _assert_rate_limited(answers[2], "'widget'")
    assert answers[2].headers["access-control-allow-origin"] == origin
    assert other.status_code == 200, other.text
