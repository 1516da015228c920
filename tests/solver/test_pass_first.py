"""Pass-first planning and the route-first ticket recommendation on the tiny destination."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest

from itinera.checker.feasibility import check_itinerary
from itinera.errors import InvalidInputError
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
from itinera.model.traveller import profile_from_spec
from itinera.model.trip_request import TripRequest
from itinera.solver.params import SolveParams
from itinera.solver.pass_first import (
    PassObjective,
    pass_window,
    plan_with_pass,
    value_per_euro,
)
from itinera.solver.plan import plan_itinerary
from itinera.solver.pricing import itinerary_tickets

if TYPE_CHECKING:
    from itinera.model.destination import Destination

PARAMS = SolveParams(time_limit_s=60.0, seed=0, max_iterations=100)
CASTLES = PassId("castles-pass")


def _pass(validity: PassValidity, *, price_cents: int = 300) -> PassProduct:
    return PassProduct(
        id=CASTLES,
        name="Castles pass",
        prices=PassPrices(adult_cents=price_cents, child_cents=0, reduced_cents=price_cents),
        validity=validity,
        benefits=(
            PassBenefit(place_id=PlaceId("chateau-comtal"), kind=BenefitKind.FREE),
            PassBenefit(place_id=PlaceId("chateaux-de-lastours"), kind=BenefitKind.FREE),
        ),
    )


def _with_pass(tiny: Destination, product: PassProduct) -> Destination:
    return replace(tiny, passes=(product,))


def _request(days: int = 1, profile: str = "couple") -> TripRequest:
    return TripRequest(
        origin=PlaceId("carcassonne-gare"),
        destination=PlaceId("carcassonne-gare"),
        start_date=dt.date(2027, 6, 15),
        days=days,
        profile=profile_from_spec(profile),
    )


ONE_DAY = PassValidity(kind=ValidityKind.CALENDAR_DAYS, amount=1)


@pytest.mark.parametrize(
    ("validity", "first_use", "expected"),
    [
        (PassValidity(kind=ValidityKind.CALENDAR_DAYS, amount=1), 15, (15,)),
        (PassValidity(kind=ValidityKind.CALENDAR_DAYS, amount=3), 15, (15, 16, 17)),
        (PassValidity(kind=ValidityKind.HOURS, amount=24), 15, (15,)),
        (PassValidity(kind=ValidityKind.HOURS, amount=48), 15, (15, 16)),
        (PassValidity(kind=ValidityKind.HOURS, amount=72), 14, (15, 16)),
        (PassValidity(kind=ValidityKind.CALENDAR_DAYS, amount=2), 16, (16, 17)),
    ],
)
def test_pass_window_covers_the_trip_dates_while_the_pass_runs_at_day_start(
    tiny_destination: Destination, validity: PassValidity, first_use: int, expected: tuple[int]
) -> None:
    window = pass_window(
        _request(days=3), tiny_destination, _pass(validity), dt.date(2027, 6, first_use)
    )
    assert tuple(d.day for d in window.dates) == expected
    assert window.end == validity.valid_until(window.start)


def test_pass_window_raises_when_the_pass_expires_before_the_trip(
    tiny_destination: Destination,
) -> None:
    with pytest.raises(InvalidInputError, match="pass_first_use") as caught:
        pass_window(_request(), tiny_destination, _pass(ONE_DAY), dt.date(2027, 6, 10))
    assert "before the trip's first day" in caught.value.reason


def test_pass_window_raises_when_first_use_is_after_the_trip(
    tiny_destination: Destination,
) -> None:
    with pytest.raises(InvalidInputError, match="pass_first_use"):
        pass_window(_request(), tiny_destination, _pass(ONE_DAY), dt.date(2027, 6, 16))


def test_plan_with_pass_raises_naming_the_unknown_pass(tiny_destination: Destination) -> None:
    destination = _with_pass(tiny_destination, _pass(ONE_DAY))
    with pytest.raises(InvalidInputError) as caught:
        plan_with_pass(_request(), destination, "no-such-pass", params=PARAMS)
    assert caught.value.field == "pass"
    assert "known: castles-pass" in caught.value.reason


def test_plan_itinerary_recommends_the_exact_cheapest_tickets(
    tiny_destination: Destination,
) -> None:
    destination = _with_pass(tiny_destination, _pass(ONE_DAY))
    result = plan_itinerary(_request(), destination, params=PARAMS)
    assert check_itinerary(result.itinerary, destination) == ()
    assert result.tickets == itinerary_tickets(result.itinerary, destination)
    visited = set(result.itinerary.visited_ids)
    counter = result.itinerary.total_cost_cents
    assert result.tickets.counter_cents == counter
    covered = visited & {"chateau-comtal", "chateaux-de-lastours"}
    # adults: 13 EUR at the Château comtal, 7 EUR at Lastours; the pass (3 EUR) frees both
    saving_each = {"chateau-comtal": 1300, "chateaux-de-lastours": 700}
    best_saving = max(0, sum(saving_each[p] for p in covered) - 300)
    assert result.tickets.saving_cents == 2 * best_saving
    assert all(bool(t.purchases) == (best_saving > 0) for t in result.tickets.travellers)


@pytest.mark.parametrize("objective", list(PassObjective))
def test_plan_with_pass_plans_pass_checked_and_priced_with_the_pass(
    tiny_destination: Destination, objective: PassObjective
) -> None:
    product = _pass(ONE_DAY)
    destination = _with_pass(tiny_destination, product)
    result = plan_with_pass(_request(), destination, CASTLES, objective=objective, params=PARAMS)
    itinerary = result.plan.itinerary
    assert check_itinerary(itinerary, destination) == ()
    assert result.with_pass == itinerary_tickets(itinerary, destination, passes=(product,))
    assert result.value_per_euro == value_per_euro(itinerary.score, result.paid_cents)
    assert result.window.dates == (dt.date(2027, 6, 15),)
    assert result.plan.tickets is not None


def test_plan_with_pass_for_value_beats_or_equals_the_interest_plan_per_euro(
    tiny_destination: Destination,
) -> None:
    destination = _with_pass(tiny_destination, _pass(ONE_DAY, price_cents=2500))
    request = _request(profile="family:8,12")
    interest = plan_with_pass(request, destination, CASTLES, params=PARAMS)
    value = plan_with_pass(
        request, destination, CASTLES, objective=PassObjective.VALUE, params=PARAMS
    )
    assert check_itinerary(value.plan.itinerary, destination) == ()
    assert value.value_per_euro >= interest.value_per_euro
    assert interest.interest >= value.interest
    assert 1 <= value.rounds <= 5
