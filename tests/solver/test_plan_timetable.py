"""plan_itinerary on the embedded GTFS feed: every train and coach of a plan runs that day."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from itinera.checker.feasibility import check_itinerary
from itinera.errors import InfeasibleRequestError
from itinera.model.ids import PlaceId
from itinera.model.link import Mode
from itinera.model.place import Theme
from itinera.model.traveller import profile_from_spec
from itinera.model.trip_request import TripRequest
from itinera.solver.params import SolveParams
from itinera.solver.plan import plan_itinerary

if TYPE_CHECKING:
    from itinera.model.destination import Destination
    from itinera.model.itinerary import Itinerary

PARAMS = SolveParams(time_limit_s=60.0, seed=1, max_iterations=40)
HERITAGE_KINDS = {"castle", "abbey", "religious", "museum", "monument"}


def _request(start: dt.date, days: int) -> TripRequest:
    return TripRequest(
        origin=PlaceId("toulouse-matabiau"),
        destination=PlaceId("carcassonne-gare"),
        start_date=start,
        days=days,
        profile=profile_from_spec("family:5,10"),
        themes=frozenset({Theme.CATHAR, Theme.UNESCO}),
    )


@pytest.fixture(scope="module")
def planned(default_destination: Destination) -> Itinerary:
    return plan_itinerary(
        _request(dt.date(2027, 6, 14), 3), default_destination, params=PARAMS
    ).itinerary


def test_every_train_and_coach_of_the_plan_is_a_trip_of_the_feed_on_that_date(
    planned: Itinerary, default_destination: Destination
) -> None:
    tt = default_destination.timetable
    assert tt is not None
    trips = {trip.trip_id: t for t, trip in enumerate(tt.trips)}
    stop_of = {v: k for k, v in default_destination.stop_places.items()}
    rides = [
        (day, leg)
        for day in planned.days
        for leg in day.legs
        if leg.mode in {Mode.TRAIN, Mode.COACH, Mode.BUS}
    ]
    assert any(leg.mode is Mode.TRAIN for _, leg in rides)
    for day, leg in rides:
        assert leg.trip_id in trips, leg
        t = trips[leg.trip_id]
        assert tt.trips_on(day.date)[t], f"{leg.trip_id} does not run on {day.date}"
        calls = range(int(tt.trip_start[t]), int(tt.trip_start[t + 1]))
        stops = [tt.stops[int(tt.stop_time_stop[i])].stop_id for i in calls]
        board = stops.index(stop_of[leg.from_id])
        alight = stops.index(stop_of[leg.to_id])
        assert board < alight
        depart = leg.depart - default_destination.local_datetime(day.date, 0)
        arrive = leg.arrive - default_destination.local_datetime(day.date, 0)
        assert depart.total_seconds() == tt.departure_s[calls[board]]
        assert arrive.total_seconds() == tt.arrival_s[calls[alight]]
        assert leg.line
        assert leg.co2_g > 0
    assert check_itinerary(planned, default_destination) == ()


def test_the_plan_still_visits_six_heritage_sites_and_reports_mobility_figures(
    planned: Itinerary, default_destination: Destination
) -> None:
    heritage = {
        v.place_id
        for v in planned.visits
        if default_destination.places[v.place_id].kind in HERITAGE_KINDS
    }
    assert len(heritage) >= 6
    for day in planned.days:
        assert day.car_free_share == 1.0
        assert day.walk_m == sum(leg.distance_m for leg in day.legs if leg.mode is Mode.WALK)
        assert day.co2_g == sum(leg.co2_g for leg in day.legs)
        assert all(leg.co2_g == 0 for leg in day.legs if leg.mode.is_active)


def test_a_date_without_service_says_so(default_destination: Destination) -> None:
    with pytest.raises(InfeasibleRequestError) as caught:
        plan_itinerary(_request(dt.date(2027, 5, 1), 1), default_destination, params=PARAMS)
    assert "no train or coach runs from Gare de Toulouse-Matabiau on 2027-05-01" in str(
        caught.value
    )
