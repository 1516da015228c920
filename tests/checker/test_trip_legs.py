"""check_itinerary on legs naming GTFS trips of the embedded feed: each mutation is caught.

The itineraries are built by hand on the Pays Cathare graph from the planner's journeys
(``tests.strategies.DayBuilder``), then one field of one timetabled leg is changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

import pytest
from tests.strategies import HOUR, MINUTE, DayBuilder, itinerary_from_days

from itinera.checker.feasibility import ViolationKind, check_itinerary
from itinera.graph.build import build_destination_graph
from itinera.graph.journeys import JourneyPlanner
from itinera.model.ids import PlaceId
from itinera.model.itinerary import Leg
from itinera.model.link import Mode
from itinera.model.traveller import profile_from_spec
from itinera.model.trip_request import TripRequest

if TYPE_CHECKING:
    from itinera.model.destination import Destination
    from itinera.model.itinerary import Itinerary, Step

K = ViolationKind
MONDAY = dt.date(2027, 6, 14)
FEED = "pays-cathare"


def _one_day(destination: Destination, *, origin: str, steps: list[tuple[str, int]]) -> Itinerary:
    """Return a one-day couple itinerary from ``origin``: timed rides, then lunch at the end.

    ``steps`` are ``(target, ready_s)``: the planner's journey to ``target`` for a party ready
    at ``ready_s`` is followed.
    """
    profile = profile_from_spec("couple")
    planner = JourneyPlanner(build_destination_graph(destination), profile)
    builder = DayBuilder(
        destination=destination,
        profile=profile,
        date=MONDAY,
        here=PlaceId(origin),
        now_s=profile.day_start_s,
    )
    for target, ready_s in steps:
        journey = planner.journey(builder.here, target, MONDAY, max(ready_s, builder.now_s))
        assert journey is not None
        builder.follow(journey)
    builder.take_lunch()
    request = TripRequest(
        origin=PlaceId(origin),
        destination=builder.here,
        start_date=MONDAY,
        days=1,
        profile=profile,
    )
    return itinerary_from_days(request, (builder.day_plan(None),), destination)


@pytest.fixture(scope="module")
def by_train(default_destination: Destination) -> Itinerary:
    """Toulouse to Carcassonne on the 09:42 TER (arrives 10:48), lunch at the station."""
    return _one_day(
        default_destination,
        origin="toulouse-matabiau",
        steps=[("carcassonne-gare", 9 * HOUR + 30 * MINUTE)],
    )


def _ride(itinerary: Itinerary, index: int = 0) -> Leg:
    legs = [s for s in itinerary.days[0].steps if isinstance(s, Leg) and s.trip_id]
    return legs[index]


def _with_leg(itinerary: Itinerary, old: Leg, new: Leg) -> Itinerary:
    day = itinerary.days[0]
    steps = tuple(new if s is old else s for s in day.steps)
    return dataclasses.replace(itinerary, days=(dataclasses.replace(day, steps=steps),))


def _kinds(itinerary: Itinerary, destination: Destination) -> set[ViolationKind]:
    return {v.kind for v in check_itinerary(itinerary, destination)}


def test_a_ride_of_the_feed_is_accepted(
    by_train: Itinerary, default_destination: Destination
) -> None:
    leg = _ride(by_train)
    assert leg.trip_id == f"{FEED}:ter-tls-nar-a-0942"
    assert leg.line == "TER Toulouse\u2013Carcassonne\u2013Narbonne"
    assert leg.mode is Mode.TRAIN
    assert check_itinerary(by_train, default_destination) == ()


@pytest.mark.parametrize(
    ("trip_id", "kind", "words"),
    [
        ("nowhere:trip-1", K.TRIP, "not in the destination's timetable"),
        (f"{FEED}:car-crc-qln-dim-a-0930", K.TRIP, "does not run on 2027-06-14"),
        (f"{FEED}:ter-tls-rdz-a-0825", K.TIMETABLE, "does not call at Gare de Carcassonne"),
        (f"{FEED}:ter-tls-nar-b-0550", K.TIMETABLE, "before Gare de Toulouse-Matabiau"),
        (f"{FEED}:ter-tls-nar-a-0712", K.TIMETABLE, "leaves Gare de Toulouse-Matabiau at 07:12"),
    ],
)
def test_a_leg_on_the_wrong_trip_is_caught(
    by_train: Itinerary,
    default_destination: Destination,
    trip_id: str,
    kind: ViolationKind,
    words: str,
) -> None:
    leg = _ride(by_train)
    found = check_itinerary(
        _with_leg(by_train, leg, dataclasses.replace(leg, trip_id=trip_id)), default_destination
    )
    assert {v.kind for v in found} == {kind}
    assert any(words in v.message for v in found), found


@pytest.mark.parametrize("minutes", [-3, 1, 10])
def test_a_leg_shifted_off_the_stop_times_is_caught(
    by_train: Itinerary, default_destination: Destination, minutes: int
) -> None:
    leg = _ride(by_train)
    shift = dt.timedelta(minutes=minutes)
    moved = dataclasses.replace(leg, depart=leg.depart + shift, arrive=leg.arrive + shift)
    assert K.TIMETABLE in _kinds(_with_leg(by_train, leg, moved), default_destination)
    later = dataclasses.replace(leg, arrive=leg.arrive + shift)
    assert K.TIMETABLE in _kinds(_with_leg(by_train, leg, later), default_destination)


def test_a_leg_on_a_date_without_service_is_caught(
    by_train: Itinerary, default_destination: Destination
) -> None:
    may_day = dt.date(2027, 5, 1)  # no regional service in the illustrative feed
    day = by_train.days[0]
    shift = dt.timedelta(days=(may_day - day.date).days)

    def moved(step: Step) -> Step:
        if isinstance(step, Leg):
            return dataclasses.replace(step, depart=step.depart + shift, arrive=step.arrive + shift)
        return step

    assert day.lunch is not None
    lunch = dataclasses.replace(day.lunch, start=day.lunch.start + shift, end=day.lunch.end + shift)
    plan = dataclasses.replace(
        day, date=may_day, steps=tuple(moved(s) for s in day.steps), lunch=lunch
    )
    request = dataclasses.replace(by_train.request, start_date=may_day)
    itinerary = dataclasses.replace(by_train, request=request, days=(plan,))
    found = check_itinerary(itinerary, default_destination)
    assert {v.kind for v in found} == {K.TRIP}
    assert "does not run on 2027-05-01" in found[0].message


def test_a_wrong_mode_or_distance_is_caught(
    by_train: Itinerary, default_destination: Destination
) -> None:
    leg = _ride(by_train)
    by_coach = _with_leg(by_train, leg, dataclasses.replace(leg, mode=Mode.COACH))
    assert _kinds(by_coach, default_destination) == {K.LEG}
    longer = _with_leg(by_train, leg, dataclasses.replace(leg, distance_m=leg.distance_m + 1))
    assert _kinds(longer, default_destination) == {K.LEG}


def test_staying_on_board_needs_no_transfer_but_a_tight_change_is_caught(
    default_destination: Destination,
) -> None:
    # Toulouse -> Castelnaudary (arrives 10:26) then on to Carcassonne on the same train (10:27).
    through = _one_day(
        default_destination,
        origin="toulouse-matabiau",
        steps=[("castelnaudary-gare", 9 * HOUR + 30 * MINUTE)],
    )
    first = _ride(through)
    rest = Leg(
        mode=Mode.TRAIN,
        from_id=PlaceId("castelnaudary-gare"),
        to_id=PlaceId("carcassonne-gare"),
        depart=first.arrive + dt.timedelta(minutes=1),
        arrive=first.arrive + dt.timedelta(minutes=22),
        distance_m=0,
        line=first.line,
        trip_id=first.trip_id,
    )
    rides = [s for s in through.days[0].steps if isinstance(s, Leg)]
    from itinera.graph.rides import rides_of  # noqa: PLC0415 - the checker's own distance

    index = rides_of(default_destination)
    assert index is not None
    tt = index.timetable
    trip = index.trip_of(first.trip_id or "")
    assert trip is not None
    calls = list(range(int(tt.trip_start[trip]), int(tt.trip_start[trip + 1])))
    rest = dataclasses.replace(rest, distance_m=index.distance_m(calls[1], calls[2]))
    day = through.days[0]
    assert day.lunch is not None
    steps = (*rides, rest)
    itinerary = dataclasses.replace(
        through,
        request=dataclasses.replace(through.request, destination=PlaceId("carcassonne-gare")),
        days=(dataclasses.replace(day, steps=steps),),
    )
    kinds = _kinds(itinerary, default_destination)
    assert K.TRANSFER not in kinds
    assert K.TIMETABLE not in kinds
    # The same change onto another trip (a train leaving 1 min after arrival) is too tight.
    other = dataclasses.replace(rest, trip_id=f"{FEED}:ter-tls-nar-a-0812")
    tight = dataclasses.replace(itinerary, days=(dataclasses.replace(day, steps=(*rides, other)),))
    assert K.TRANSFER in _kinds(tight, default_destination)
