"""Rides of the embedded GTFS feed: against a brute-force reading of the feed, and its calendar."""

from __future__ import annotations

import bisect
import datetime as dt
import functools

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.fixtures_destinations import load_default_destination

from itinera.graph.build import build_destination_graph
from itinera.graph.footpaths import build_footpaths
from itinera.graph.journeys import JourneyPlanner
from itinera.graph.rides import RideIndex, rides_of
from itinera.graph.transit import TransitRouter
from itinera.model.emissions import EmissionClass
from itinera.model.link import BOARDING_BUFFER_S, Mode
from itinera.model.traveller import profile_from_spec

FEED = "pays-cathare"
MONDAY = dt.date(2027, 6, 14)


@functools.cache
def _index() -> RideIndex:
    index = rides_of(load_default_destination())
    assert index is not None
    return index


def _brute_force_rides(day: dt.date) -> set[tuple[str, str, str, int, int]]:
    """Return every (from place, to place, trip id, depart, arrive) a trip offers on ``day``."""
    destination = load_default_destination()
    tt = _index().timetable
    found: set[tuple[str, str, str, int, int]] = set()
    for trip, runs in enumerate(tt.trips_on(day)):
        if not runs:
            continue
        calls = range(int(tt.trip_start[trip]), int(tt.trip_start[trip + 1]))
        for i in calls:
            for j in calls:
                a = destination.stop_places.get(tt.stops[int(tt.stop_time_stop[i])].stop_id)
                b = destination.stop_places.get(tt.stops[int(tt.stop_time_stop[j])].stop_id)
                if i < j and a and b and a != b and tt.pickup[i] and tt.drop_off[j]:
                    found.add(
                        (a, b, tt.trips[trip].trip_id, int(tt.departure_s[i]), int(tt.arrival_s[j]))
                    )
    return found


@pytest.mark.parametrize(
    "day",
    [MONDAY, dt.date(2027, 6, 13), dt.date(2027, 5, 1), dt.date(2027, 5, 6), dt.date(2027, 7, 14)],
)
def test_rides_are_exactly_the_feeds_trips_of_the_date(day: dt.date) -> None:
    index = _index()
    offered = {
        (origin, edge.target, index.trip_id(r), r.depart_s, r.arrive_s)
        for origin, edges in index.edges_on(day).items()
        for edge in edges
        for r in edge.rides
    }
    assert offered == _brute_force_rides(day)


@settings(max_examples=80, deadline=None)
@given(st.dates(dt.date(2027, 1, 1), dt.date(2027, 12, 31)), st.integers(0, 24 * 3600), st.data())
def test_next_ride_is_the_earliest_arrival_among_boardable_rides(
    day: dt.date, ready_s: int, data: st.DataObject
) -> None:
    edges = [e for group in _index().edges_on(day).values() for e in group]
    if not edges:
        return
    edge = data.draw(st.sampled_from(edges))
    boardable = [r for r in edge.rides if r.depart_s >= ready_s + BOARDING_BUFFER_S]
    ride = edge.next_ride(ready_s)
    if not boardable:
        assert ride is None
    else:
        assert ride is not None
        assert ride.arrive_s == min(r.arrive_s for r in boardable)
        assert ride.depart_s >= ready_s + BOARDING_BUFFER_S
    assert list(edge.departures) == sorted(edge.departures)
    assert bisect.bisect_left(edge.departures, 0) == 0


def test_the_feed_is_marked_illustrative_and_replaces_the_timetabled_links() -> None:
    destination = load_default_destination()
    assert destination.timetable is not None
    (feed,) = destination.timetable.feeds
    assert feed.version == "illustrative-2027"
    assert "illustrative" in feed.publisher_name
    assert not any(link.is_timetabled for link in destination.links)
    assert {link.mode for link in destination.links} <= {Mode.WALK, Mode.BIKE, Mode.BOAT}
    assert all(place in destination.places for place in destination.stop_places.values())


def _lines_running(day: dt.date) -> set[str]:
    tt = _index().timetable
    running = np.flatnonzero(tt.trips_on(day))
    return {tt.routes[int(tt.trip_route[t])].route_id for t in running}


def test_the_calendar_follows_weekdays_holidays_and_seasons() -> None:
    weekday, sunday = _lines_running(MONDAY), _lines_running(dt.date(2027, 6, 13))
    ascension, may_day = _lines_running(dt.date(2027, 5, 6)), _lines_running(dt.date(2027, 5, 1))
    coach, sunday_coach = f"{FEED}:lio-crc-lgr", f"{FEED}:car-crc-qln-dim"
    assert coach in weekday
    assert coach not in sunday
    assert coach not in ascension  # liO coaches: Monday to Saturday, not on public holidays
    assert sunday_coach in sunday
    assert sunday_coach in ascension
    assert sunday_coach not in weekday
    assert f"{FEED}:ter-tls-nar" in weekday & sunday & ascension
    # 1 May: no train or coach at all in the illustrative feed, urban buses only.
    tt = _index().timetable
    modes = {
        tt.routes[int(tt.trip_route[t])].mode
        for t in np.flatnonzero(tt.trips_on(dt.date(2027, 5, 1)))
    }
    assert modes == {Mode.BUS}
    assert may_day
    shuttle = f"{FEED}:navette-ete-qln-lpd"
    assert shuttle in _lines_running(dt.date(2027, 7, 1))
    assert shuttle in _lines_running(dt.date(2027, 8, 31))
    assert shuttle not in _lines_running(dt.date(2027, 6, 30))
    assert shuttle not in _lines_running(dt.date(2027, 9, 1))


def test_a_journey_rides_the_feeds_trips_with_line_and_emission_class() -> None:
    destination = load_default_destination()
    planner = JourneyPlanner(build_destination_graph(destination), profile_from_spec("couple"))
    journey = planner.journey("toulouse-matabiau", "narbonne-gare", MONDAY, 7 * 3600 + 30 * 60)
    assert journey is not None
    (hop,) = journey.hops
    # The 07:40 Intercités arrives before the 08:12 TER: the earliest arrival wins.
    assert hop.trip_id == f"{FEED}:ic-bdx-mrs-a-0740"
    assert (hop.depart_s, hop.arrive_s) == (7 * 3600 + 40 * 60, 8 * 3600 + 58 * 60)
    assert hop.link.line == "Intercités Bordeaux\u2013Marseille"
    assert hop.emission_class is EmissionClass.INTERCITY
    assert hop.link.mode is Mode.TRAIN
    assert 140_000 < hop.distance_m < 170_000
    assert (
        planner.journey("toulouse-matabiau", "narbonne-gare", dt.date(2027, 5, 1), 8 * 3600) is None
    )


def test_dates_with_the_same_trips_share_a_service_key() -> None:
    index = _index()
    assert index.service_key(MONDAY) == index.service_key(MONDAY + dt.timedelta(days=1))
    assert index.service_key(MONDAY) != index.service_key(dt.date(2027, 6, 13))


@functools.cache
def _csa() -> TransitRouter:
    """Return the Connection Scan router on the same feed, stops joined by no footpath."""
    tt = _index().timetable
    return TransitRouter(tt, footpaths=build_footpaths(tt, radius_m=0.0))


@functools.cache
def _rides_only_planner() -> JourneyPlanner:
    """Return a journey planner over the rides of the feed alone (no walks, no bikes)."""
    destination = load_default_destination()
    G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    G.add_nodes_from(destination.places)
    G.graph["rides"] = _index()
    return JourneyPlanner(G, profile_from_spec("couple"))


@settings(max_examples=60, deadline=None)
@given(
    st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31)),
    st.integers(4 * 3600, 22 * 3600),
    st.data(),
)
def test_ride_journeys_arrive_as_early_as_connection_scan(
    day: dt.date, ready_s: int, data: st.DataObject
) -> None:
    destination = load_default_destination()
    stop_id = data.draw(st.sampled_from(sorted(destination.stop_places)))
    place = destination.stop_places[stop_id]
    found = _rides_only_planner().earliest_arrivals(place, day, ready_s)
    scan = _csa().earliest_arrivals(stop_id, day, ready_s)
    for other_stop, other_place in destination.stop_places.items():
        if other_place == place:
            continue
        journey = found.get(other_place)
        assert (journey.arrive_s if journey else None) == scan.arrival_at(other_stop), other_place
