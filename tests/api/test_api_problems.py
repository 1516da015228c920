from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from tests.api_server import ONE_DAY_TRIP

if TYPE_CHECKING:
    from collections.abc import Iterator

    import httpx

PROBLEM = "application/problem+json"


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    problem: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail"} <= problem.keys()
    assert problem["status"] == status
    return problem


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"from": "nowhere-gare"}, "body.from", "unknown place 'nowhere-gare'"),
        ({"to": "cite-de-carcassonne"}, "body.to", "is not a gateway"),
        ({"days": 0}, "body.days", "greater than or equal to 1 (got 0)"),
        ({"days": 15}, "body.days", "(got 15)"),
        ({"days": None, "end": "2027-06-10"}, "body.end", "(got 2027-06-10)"),
        ({"days": None}, "body.end", "give exactly one of `days` and `end`"),
        ({"end": "2027-06-16"}, "body.end", "give exactly one of `days` and `end`"),
        ({"themes": ["cathar", "surfing"]}, "body.themes[1]", "(got 'surfing')"),
        ({"start": "2027-02-30"}, "body.start", "(got '2027-02-30')"),
        ({"start": "next monday"}, "body.start", "(got 'next monday')"),
        ({"start": 20270614}, "body.start", "must be a date YYYY-MM-DD"),
        ({"must_see": ["atlantis"]}, "body.must_see", "unknown place 'atlantis'"),
        ({"party": {"adults": 0}}, "body.party.adults", "(got 0)"),
        ({"party": {"children_ages": [5, 40]}}, "body.party.children_ages[1]", "(got 40)"),
        ({"budget_eur": -1}, "body.budget_eur", "(got -1)"),
        ({"time_limit_s": 300}, "body.time_limit_s", "(got 300)"),
        ({"colour": "red"}, "body.colour", "Extra inputs are not permitted"),
    ],
)
def test_create_itinerary_answers_422_naming_the_bad_field(
    client: httpx.Client, change: dict[str, Any], field: str, reason: str
) -> None:
    body = {k: v for k, v in {**ONE_DAY_TRIP, **change}.items() if v is not None}
    problem = _problem(client.post("/v1/itineraries", json=body), 422)
    assert problem["type"] == "/problems/invalid-request"
    assert [e["field"] for e in problem["errors"]] == [field]
    assert reason in problem["errors"][0]["reason"]
    assert field in problem["detail"]


def test_create_itinerary_answers_422_for_a_missing_field(client: httpx.Client) -> None:
    body = {k: v for k, v in ONE_DAY_TRIP.items() if k != "from"}
    problem = _problem(client.post("/v1/itineraries", json=body), 422)
    assert problem["errors"] == [{"field": "body.from", "reason": "Field required"}]


def test_create_itinerary_answers_422_for_malformed_json(client: httpx.Client) -> None:
    response = client.post(
        "/v1/itineraries", content=b'{"from": ', headers={"content-type": "application/json"}
    )
    problem = _problem(response, 422)
    assert problem["errors"][0]["field"] == "body"
    assert "not valid JSON" in problem["errors"][0]["reason"]


def test_create_itinerary_answers_422_with_reasons_when_infeasible(
    client: httpx.Client,
) -> None:
    body = {
        "from": "toulouse-matabiau",
        "to": "toulouse-matabiau",
        "start": "2027-01-12",
        "days": 1,
        "must_see": ["chateau-de-queribus"],
        "time_limit_s": 1,
    }
    problem = _problem(client.post("/v1/itineraries", json=body), 422)
    assert problem["type"] == "/problems/infeasible-request"
    assert problem["title"] == "Infeasible request"
    assert "Château de Quéribus is closed on 2027-01-12" in problem["reasons"]


def test_create_itinerary_answers_413_to_a_declared_oversized_body(client: httpx.Client) -> None:
    oversized = b'{"from": "' + b"x" * (70 * 1024) + b'"}'
    response = client.post(
        "/v1/itineraries", content=oversized, headers={"content-type": "application/json"}
    )
    problem = _problem(response, 413)
    assert problem["type"] == "/problems/body-too-large"


def test_create_itinerary_answers_413_to_an_oversized_chunked_body(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(20):
            yield b" " * 4096

    response = client.post(
        "/v1/itineraries", content=chunks(), headers={"content-type": "application/json"}
    )
    assert "content-length" not in response.request.headers
    problem = _problem(response, 413)
    assert "more than 65536 bytes" in problem["detail"]


def test_unknown_path_and_method_answer_problem_json(client: httpx.Client) -> None:
    assert _problem(client.get("/v1/nothing"), 404)["type"] == "about:blank"
    assert _problem(client.delete("/v1/themes"), 405)["type"] == "about:blank"
