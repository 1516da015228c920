"""plan_itinerary on the embedded Pays Cathare graph: feasible, checked, explained refusals."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from itinera.checker.feasibility import check_itinerary
from itinera.errors import InfeasibleRequestError, InvalidInputError
from itinera.model.ids import PlaceId
from itinera.model.place import Theme
from itinera.model.traveller import profile_from_spec
from itinera.model.trip_request import TripRequest
from itinera.solver.params import SolveParams
from itinera.solver.plan import plan_itinerary

if TYPE_CHECKING:
    from itinera.model.destination import Destination

PARAMS = SolveParams(time_limit_s=60.0, seed=1, max_iterations=40)
HERITAGE_KINDS = {"castle", "abbey", "religious", "museum", "monument"}


def _request(**overrides: object) -> TripRequest:
    fields: dict[str, object] = {
        "origin": PlaceId("toulouse-matabiau"),
        "destination": PlaceId("carcassonne-gare"),
        "start_date": dt.date(2027, 6, 14),
        "days": 3,
        "profile": profile_from_spec("family:5,10"),
        "themes": frozenset({Theme.CATHAR, Theme.UNESCO}),
    }
    fields.update(overrides)
    return TripRequest(**fields)  # type: ignore[arg-type]


def test_plan_itinerary_three_day_family_route_is_feasible_and_rich(
    default_destination: Destination,
) -> None:
    result = plan_itinerary(_request(), default_destination, params=PARAMS)
    itinerary = result.itinerary
    assert check_itinerary(itinerary, default_destination) == ()
    assert len(itinerary.days) == 3
    assert itinerary.days[-1].overnight is None
    assert all(day.overnight for day in itinerary.days[:-1])
    heritage = {
        v.place_id
        for v in itinerary.visits
        if default_destination.places[v.place_id].kind in HERITAGE_KINDS
    }
    assert len(heritage) >= 6
    assert len(set(itinerary.visited_ids)) == len(itinerary.visited_ids)


def test_plan_itinerary_is_reproducible_for_a_seed_and_iteration_limit(
    default_destination: Destination,
) -> None:
    request = _request(days=2, destination=PlaceId("albi-ville"))
    first = plan_itinerary(request, default_destination, params=PARAMS).itinerary
    second = plan_itinerary(request, default_destination, params=PARAMS).itinerary
    assert first == second
    assert check_itinerary(first, default_destination) == ()


def test_plan_itinerary_honours_must_see_and_exclusions(default_destination: Destination) -> None:
    request = _request(
        must_see=frozenset({PlaceId("chateau-comtal-carcassonne")}),
        excluded=frozenset({PlaceId("basilique-saint-sernin")}),
    )
    itinerary = plan_itinerary(request, default_destination, params=PARAMS).itinerary
    assert "chateau-comtal-carcassonne" in itinerary.visited_ids
    assert "basilique-saint-sernin" not in itinerary.visited_ids
    assert check_itinerary(itinerary, default_destination) == ()


def test_plan_itinerary_respects_the_budget(default_destination: Destination) -> None:
    request = _request(budget_cents=2000)
    itinerary = plan_itinerary(request, default_destination, params=PARAMS).itinerary
    assert itinerary.total_cost_cents <= 2000
    assert check_itinerary(itinerary, default_destination) == ()


def test_plan_itinerary_explains_a_must_see_closed_on_the_date(
    default_destination: Destination,
) -> None:
    request = _request(
        start_date=dt.date(2027, 1, 12),
        days=1,
        destination=PlaceId("toulouse-matabiau"),
        must_see=frozenset({PlaceId("chateau-de-queribus")}),
    )
    with pytest.raises(InfeasibleRequestError) as info:
        plan_itinerary(request, default_destination, params=PARAMS)
    assert "Château de Quéribus is closed on 2027-01-12" in info.value.reasons


def test_plan_itinerary_explains_a_must_see_without_car_free_access(
    default_destination: Destination,
) -> None:
    request = _request(must_see=frozenset({PlaceId("chateau-de-queribus")}))
    with pytest.raises(InfeasibleRequestError, match="cannot be reached without a car"):
        plan_itinerary(request, default_destination, params=PARAMS)


def test_plan_itinerary_explains_a_must_see_without_same_day_return(
    default_destination: Destination,
) -> None:
    # The Lastours coach (illustrative timetable) runs out at 12:15 and back at 07:05 and 13:10:
    # after a visit there is no way back the same day, and nobody can sleep at Lastours.
    request = _request(must_see=frozenset({PlaceId("chateaux-de-lastours")}))
    with pytest.raises(InfeasibleRequestError, match="no connection leaves it after a"):
        plan_itinerary(request, default_destination, params=PARAMS)


def test_plan_itinerary_raises_on_unknown_gateway(default_destination: Destination) -> None:
    with pytest.raises(InvalidInputError, match=r"^from: unknown place 'nowhere'$"):
        plan_itinerary(_request(origin=PlaceId("nowhere")), default_destination, params=PARAMS)
