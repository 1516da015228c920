"""``GET /v1/passes``, the ``tickets`` of planned itineraries and pass-first requests, over HTTP.

The pass list is read from the session's server (embedded graph). Planning runs on a second
real server over the tiny destination with one known pass, so that the tickets are predictable.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from tests.api_server import TEST_MAX_ITERATIONS, running_server, sqlite_url

from itinera.api.app import create_app
from itinera.api.pass_schemas import PassOut, TicketsOut
from itinera.checker.feasibility import check_itinerary
from itinera.loaders.itinerary_json import itinerary_from_json
from itinera.loaders.tickets_json import tickets_to_json
from itinera.model.ids import PlaceId
from itinera.model.passes import (
    BenefitKind,
    PassBenefit,
    PassId,
    PassPrices,
    PassProduct,
    PassValidity,
    ValidityKind,
)
from itinera.solver.pricing import itinerary_tickets

if TYPE_CHECKING:
    from collections.abc import Iterator

    from itinera.model.destination import Destination

CASTLES = PassProduct(
    id=PassId("castles-pass"),
    name="Castles pass",
    prices=PassPrices(adult_cents=300, child_cents=0, reduced_cents=300),
    validity=PassValidity(kind=ValidityKind.HOURS, amount=24),
    benefits=(
        PassBenefit(place_id=PlaceId("chateau-comtal"), kind=BenefitKind.FREE),
        PassBenefit(
            place_id=PlaceId("chateaux-de-lastours"), kind=BenefitKind.PERCENT_OFF, percent_off=50
        ),
    ),
)
TRIP: dict[str, Any] = {
    "from": "carcassonne-gare",
    "to": "carcassonne-gare",
    "start": "2027-06-15",
    "days": 1,
    "party": {"adults": 2, "children_ages": [8, 12]},
    "time_limit_s": 5,
}


@pytest.fixture(scope="module")
def tiny_server(
    tiny_destination: Destination, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Destination]]:
    """Return the URL of a server over the tiny destination with the castles pass."""
    destination = replace(tiny_destination, passes=(CASTLES,))
    database = sqlite_url(tmp_path_factory.mktemp("passes") / "itinera.sqlite3")
    app = create_app(destination, database_url=database, max_iterations=TEST_MAX_ITERATIONS)
    with running_server(app) as url:
        yield url, destination


def test_get_passes_lists_every_pass_with_prices_benefits_and_sources(
    client: httpx.Client, default_destination: Destination
) -> None:
    response = client.get("/v1/passes")
    assert response.status_code == 200
    body = response.json()
    assert [p["id"] for p in body] == [p.id for p in default_destination.passes]
    for raw, product in zip(body, default_destination.passes, strict=True):
        PassOut.model_validate(raw)
        assert raw["prices"]["adult_cents"] == product.prices.adult_cents
        assert raw["validity"] == {
            "kind": product.validity.kind.value,
            "amount": product.validity.amount,
        }
        assert [b["place_id"] for b in raw["benefits"]] == [b.place_id for b in product.benefits]
        assert all(b["name"] for b in raw["benefits"])
        assert raw["source"], f"{product.id} has no source"
        assert raw["estimated"] == sorted(product.estimated)
    toulouse = next(p for p in body if p["id"] == "pass-tourisme-toulouse-24h")
    assert toulouse["includes_transport"] is True
    assert "Tisseo" in toulouse["transport"]


def test_created_itinerary_carries_the_exact_tickets(
    tiny_server: tuple[str, Destination],
) -> None:
    url, destination = tiny_server
    with httpx.Client(base_url=url, timeout=60.0) as http:
        response = http.post("/v1/itineraries", json=TRIP)
        assert response.status_code == 201, response.text
        document = response.json()["itinerary"]
        fetched = http.get(response.headers["Location"]).json()["itinerary"]
    assert fetched == document
    tickets = TicketsOut.model_validate(document["tickets"])
    itinerary = itinerary_from_json(document, destination)
    assert check_itinerary(itinerary, destination) == ()
    expected = itinerary_tickets(itinerary, destination)
    assert tickets.total_cents == expected.total_cents
    assert tickets.counter_cents == document["total_cost_cents"]
    assert [t.total_cents for t in tickets.travellers] == [
        t.total_cents for t in expected.travellers
    ]
    assert tickets.pass_first is None


@pytest.mark.parametrize("objective", ["interest", "value"])
def test_pass_first_request_plans_with_the_pass(
    tiny_server: tuple[str, Destination], objective: str
) -> None:
    url, destination = tiny_server
    body = {**TRIP, "pass": "castles-pass", "objective": objective}
    with httpx.Client(base_url=url, timeout=60.0) as http:
        response = http.post("/v1/itineraries", json=body)
    assert response.status_code == 201, response.text
    document = response.json()["itinerary"]
    itinerary = itinerary_from_json(document, destination)
    assert check_itinerary(itinerary, destination) == ()
    pass_first = document["tickets"]["pass_first"]
    assert pass_first["pass_id"] == CASTLES.id
    assert pass_first["objective"] == objective
    assert pass_first["window_dates"] == ["2027-06-15"]
    with_pass = itinerary_tickets(itinerary, destination, passes=(CASTLES,))
    assert pass_first["paid_cents"] == with_pass.total_cents


@pytest.mark.parametrize(
    ("extra", "field", "reason"),
    [
        ({"pass": "no-such-pass"}, "body.pass", "unknown pass 'no-such-pass'"),
        ({"objective": "value"}, "body.objective", "needs `pass`"),
        ({"pass_first_use": "2027-06-14"}, "body.pass_first_use", "needs `pass`"),
        ({"objective": "cheapest"}, "body.objective", "Input should be 'interest' or 'value'"),
        (
            {"pass": "castles-pass", "pass_first_use": "2027-06-10"},
            "body.pass_first_use",
            "before the trip's first day starts",
        ),
    ],
)
def test_pass_fields_errors_name_the_field(
    tiny_server: tuple[str, Destination], extra: dict[str, str], field: str, reason: str
) -> None:
    url, _ = tiny_server
    with httpx.Client(base_url=url, timeout=60.0) as http:
        response = http.post("/v1/itineraries", json={**TRIP, **extra})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    errors = response.json()["errors"]
    assert errors[0]["field"] == field, json.dumps(errors)
    assert reason in errors[0]["reason"]


def test_created_example_tickets_are_the_exact_tickets_of_its_itinerary(
    default_destination: Destination,
) -> None:
    path = Path(__file__).resolve().parents[2] / "api" / "examples" / "itinerary-created.json"
    document = json.loads(path.read_text(encoding="utf-8"))["itinerary"]
    itinerary = itinerary_from_json(document, default_destination)
    expected = tickets_to_json(
        itinerary_tickets(itinerary, default_destination), default_destination
    )
    assert document["tickets"] == expected
    TicketsOut.model_validate(document["tickets"])
