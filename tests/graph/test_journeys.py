"""Earliest-arrival journeys: timetables, boarding buffer, service days, walking limits."""

from __future__ import annotations

import datetime as dt

from shapely import Point

from itinera.graph.build import WALK_DETOUR_FACTOR, build_destination_graph
from itinera.graph.journeys import JourneyPlanner
from itinera.model.destination import Destination
from itinera.model.geo import great_circle_m
from itinera.model.ids import PlaceId
from itinera.model.link import BOARDING_BUFFER_S, Link, Mode
from itinera.model.opening_hours import AlwaysOpen, DailyInterval, WeeklySchedule
from itinera.model.place import Place, PlaceKind
from itinera.model.traveller import profile_from_spec

H = 3600
MONDAY = dt.date(2027, 6, 14)
SUNDAY = dt.date(2027, 6, 20)


def _place(place_id: str, kind: PlaceKind, lon: float, lat: float) -> Place:
    return Place(
        id=PlaceId(place_id),
        name=place_id.replace("-", " ").title(),
        kind=kind,
        location=Point(lon, lat),
        opening_hours=AlwaysOpen(),
    )


def _destination() -> Destination:
    # Real coordinates: Carcassonne station, the Bastide, the Cité, and Lastours.
    places = [
        _place("carcassonne-gare", PlaceKind.STATION, 2.35171, 43.21800),
        _place("place-carnot", PlaceKind.MONUMENT, 2.35198, 43.21292),
        _place("cite-de-carcassonne", PlaceKind.MONUMENT, 2.36460, 43.20650),
        _place("lastours", PlaceKind.CASTLE, 2.37810, 43.33340),
    ]
    weekdays = WeeklySchedule(weekly={d: (DailyInterval(0, 24 * H),) for d in range(6)})
    coach = Link(
        from_id=PlaceId("carcassonne-gare"),
        to_id=PlaceId("lastours"),
        mode=Mode.COACH,
        line="test coach",
        duration_s=40 * 60,
        distance_m=18_000,
        departures=(8 * H, 12 * H, 17 * H),
        service_days=weekdays,
    )
    return Destination(name="test", places={p.id: p for p in places}, links=(coach,))


def test_timetabled_link_waits_for_next_departure_with_boarding_buffer() -> None:
    planner = JourneyPlanner(build_destination_graph(_destination()), profile_from_spec("couple"))
    ready = 12 * H - BOARDING_BUFFER_S + 1  # one second too late for the 12:00 coach
    journey = planner.journey("carcassonne-gare", "lastours", MONDAY, ready)
    assert journey is not None
    assert journey.hops[-1].depart_s == 17 * H
    assert journey.arrive_s == 17 * H + 40 * 60
    on_time = planner.journey("carcassonne-gare", "lastours", MONDAY, 12 * H - BOARDING_BUFFER_S)
    assert on_time is not None
    assert on_time.hops[-1].depart_s == 12 * H


def test_no_journey_after_last_departure_or_on_a_day_without_service() -> None:
    planner = JourneyPlanner(build_destination_graph(_destination()), profile_from_spec("couple"))
    assert planner.journey("carcassonne-gare", "lastours", MONDAY, 17 * H) is None
    assert planner.journey("carcassonne-gare", "lastours", SUNDAY, 7 * H) is None


def test_walking_uses_detour_factor_and_profile_speed() -> None:
    destination = _destination()
    G = build_destination_graph(destination)
    couple = JourneyPlanner(G, profile_from_spec("couple"))
    seniors = JourneyPlanner(G, profile_from_spec("seniors"))
    a, b = destination.places["carcassonne-gare"], destination.places["place-carnot"]  # type: ignore[index]
    expected_m = round(great_circle_m(a.location, b.location) * WALK_DETOUR_FACTOR)
    fast = couple.journey("carcassonne-gare", "place-carnot", MONDAY, 10 * H)
    slow = seniors.journey("carcassonne-gare", "place-carnot", MONDAY, 10 * H)
    assert fast is not None
    assert slow is not None
    assert [h.link.mode for h in fast.hops] == [Mode.WALK]
    assert fast.hops[0].distance_m == expected_m
    assert slow.duration_s > fast.duration_s


def test_walks_longer_than_the_profile_limit_are_not_taken() -> None:
    G = build_destination_graph(_destination())
    wheelchair = JourneyPlanner(G, profile_from_spec("reduced-mobility"))  # 1 km limit
    couple = JourneyPlanner(G, profile_from_spec("couple"))
    assert couple.journey("carcassonne-gare", "cite-de-carcassonne", MONDAY, 10 * H) is not None
    assert wheelchair.journey("carcassonne-gare", "cite-de-carcassonne", MONDAY, 10 * H) is None
