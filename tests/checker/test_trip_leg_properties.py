"""Properties of the checker's timetable rules on random rides of the embedded GTFS feed.

A ride is drawn straight from the feed's arrays (a date, a trip running that date, two of its
calls at places): the checker accepts it exactly as timetabled, and flags every mutation of it
(times shifted, a date without service, ends swapped) with the expected violation kind.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from tests.fixtures_destinations import load_default_destination

from itinera.checker._context import Day
from itinera.checker._leg_rules import check_leg
from itinera.checker._violation import ViolationKind
from itinera.graph.rides import RideIndex, rides_of
from itinera.model.ids import PlaceId
from itinera.model.itinerary import DayPlan, Itinerary, Leg
from itinera.model.traveller import profile_from_spec
from itinera.model.trip_request import TripRequest

K = ViolationKind
FIRST = dt.date(2026, 1, 1)
LAST = dt.date(2028, 12, 31)


@functools.cache
def _index() -> RideIndex:
    index = rides_of(load_default_destination())
    assert index is not None
    return index


@st.composite
def timetabled_legs(draw: st.DrawFn) -> Leg:
    """Return a leg exactly as a trip of the feed runs it, on a date it runs."""
    index = _index()
    tt = index.timetable
    day = draw(st.dates(FIRST, LAST))
    running = np.flatnonzero(tt.trips_on(day))
    assume(len(running) > 0)
    trip = int(draw(st.sampled_from(running.tolist())))
    calls = [
        i
        for i in range(int(tt.trip_start[trip]), int(tt.trip_start[trip + 1]))
        if index.place_of_stop_time(i) is not None
    ]
    board, alight = sorted(
        draw(st.lists(st.sampled_from(calls), min_size=2, max_size=2, unique=True))
    )
    origin, target = index.place_of_stop_time(board), index.place_of_stop_time(alight)
    assert origin is not None
    assert target is not None
    assume(origin != target)
    destination = load_default_destination()
    return Leg(
        mode=index.mode_of(trip),
        from_id=origin,
        to_id=target,
        depart=destination.local_datetime(day, int(tt.departure_s[board])),
        arrive=destination.local_datetime(day, int(tt.arrival_s[alight])),
        distance_m=index.distance_m(board, alight),
        line="any",
        trip_id=tt.trips[trip].trip_id,
    )


def _judge(leg: Leg, day: dt.date) -> set[ViolationKind]:
    destination = load_default_destination()
    request = TripRequest(
        origin=PlaceId("toulouse-matabiau"),
        destination=PlaceId("toulouse-matabiau"),
        start_date=day,
        days=1,
        profile=profile_from_spec("couple"),
    )
    plan = DayPlan(date=day, steps=(leg,), overnight=None)
    itinerary = Itinerary(request=request, days=(plan,), costs=(), total_cost_cents=0, score=0)
    context = Day(
        index=0,
        plan=plan,
        itinerary=itinerary,
        destination=destination,
        start_id=leg.from_id,
        end_id=leg.to_id,
    )
    return {v.kind for v in check_leg(context, leg)[1]}


def _local_day(leg: Leg) -> dt.date:
    return leg.depart.date()


@settings(max_examples=60, deadline=None)
@given(timetabled_legs())
def test_a_ride_as_timetabled_is_accepted(leg: Leg) -> None:
    assert _judge(leg, _local_day(leg)) == set()


@settings(max_examples=60, deadline=None)
@given(timetabled_legs(), st.integers(-180, 180).filter(bool))
def test_shifted_times_are_a_timetable_violation(leg: Leg, minutes: int) -> None:
    shift = dt.timedelta(minutes=minutes)
    moved = dataclasses.replace(leg, depart=leg.depart + shift, arrive=leg.arrive + shift)
    assume(moved.depart.date() == leg.depart.date())
    assert K.TIMETABLE in _judge(moved, _local_day(leg))
    late = dataclasses.replace(leg, arrive=leg.arrive + shift)
    assert K.TIMETABLE in _judge(late, _local_day(leg))


@settings(max_examples=60, deadline=None)
@given(timetabled_legs(), st.data())
def test_a_date_the_trip_does_not_run_is_a_trip_violation(leg: Leg, data: st.DataObject) -> None:
    index = _index()
    tt = index.timetable
    trip = index.trip_of(leg.trip_id or "")
    assert trip is not None
    service = int(tt.trip_service[trip])
    off = [
        tt.first_date + dt.timedelta(days=int(d)) for d in np.flatnonzero(~tt.service_days[service])
    ]
    other = data.draw(st.sampled_from([*off, LAST + dt.timedelta(days=400)]))
    shift = dt.timedelta(days=(other - _local_day(leg)).days)
    moved = dataclasses.replace(leg, depart=leg.depart + shift, arrive=leg.arrive + shift)
    assert _judge(moved, other) == {K.TRIP}


@settings(max_examples=60, deadline=None)
@given(timetabled_legs())
def test_swapped_ends_are_a_timetable_violation(leg: Leg) -> None:
    swapped = dataclasses.replace(leg, from_id=leg.to_id, to_id=leg.from_id)
    assert K.TIMETABLE in _judge(swapped, _local_day(leg))
