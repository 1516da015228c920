"""Earliest-arrival routing (CSA) on the real TGV feed and the Aude fixtures: worked examples.

The property tests against a brute-force reference are in ``test_transit_properties.py``.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from tests.fixtures_transit import router, timetable
from tests.graph.transit_reference import check_journey

from itinera.errors import InvalidInputError
from itinera.graph.build import REFERENCE_WALK_SPEED_MPS, WALK_DETOUR_FACTOR
from itinera.graph.footpaths import TRANSFER_RADIUS_M, build_footpaths, haversine_m
from itinera.graph.transit import TransitRouter, service_day_shift_s
from itinera.model.link import BOARDING_BUFFER_S, Mode

H = 3600
M = 60
WEDNESDAY = dt.date(2025, 1, 22)
FRIDAY = dt.date(2025, 1, 24)
SATURDAY = dt.date(2025, 1, 25)
WORKS_MONDAY = dt.date(2025, 2, 3)  # weekday service replaced by the weekend one
TGV_DAY = dt.date(2025, 2, 3)
LYON = "StopArea:OCE87723197"
CARCASSONNE = "StopArea:OCE87615286"
TOULOUSE = "StopArea:OCE87611004"


def _arrival(name: str, origin: str, target: str, day: dt.date, depart_s: int) -> int | None:
    return router(name).earliest_arrivals(origin, day, depart_s).arrival_at(target)


# -- the real TGV feed ---------------------------------------------------------------------


def test_transit_router_finds_the_lyon_carcassonne_tgv() -> None:
    journey = router("tgv").journey(LYON, CARCASSONNE, TGV_DAY, 6 * H)
    assert journey is not None
    assert journey.arrival_s == 10 * H + 7 * M
    assert [(leg.mode, leg.departure_s, leg.route_name) for leg in journey.rides] == [
        (Mode.TRAIN, 6 * H + 40 * M, "041G")
    ]
    assert journey.rides[0].service_date == TGV_DAY
    check_journey(router("tgv"), journey, LYON, CARCASSONNE)


def test_transit_router_needs_the_boarding_buffer_before_a_departure() -> None:
    just_in_time = 6 * H + 40 * M - BOARDING_BUFFER_S
    assert _arrival("tgv", LYON, CARCASSONNE, TGV_DAY, just_in_time) == 10 * H + 7 * M
    late = _arrival("tgv", LYON, CARCASSONNE, TGV_DAY, just_in_time + 1)
    assert late is not None
    assert late > 10 * H + 7 * M


def test_transit_router_changes_trains_on_the_tgv_feed() -> None:
    journey = router("tgv").journey("StopArea:OCE87686006", CARCASSONNE, TGV_DAY, 7 * H)
    assert journey is not None
    assert journey.n_transfers == 1  # Paris Gare de Lyon -> Lyon Part-Dieu -> Carcassonne
    check_journey(router("tgv"), journey, "StopArea:OCE87686006", CARCASSONNE)


def test_transit_router_runs_tgv_trips_past_midnight_on_the_next_date() -> None:
    tt = timetable("tgv")
    ends = tt.arrival_s[tt.trip_start[1:] - 1]
    late = [
        int(t)
        for t in np.argsort(-ends)
        if min(tt.service_dates(tt.trips[t].service_id)) < tt.validity[1]
    ]
    t = late[0]  # the latest-ending trip that runs before the feed's last day
    rows = tt.trip_stop_times(t)
    assert int(tt.arrival_s[rows][-1]) > 25 * H
    service_day = min(tt.service_dates(tt.trips[t].service_id))
    after_midnight = int(np.flatnonzero(tt.departure_s[rows] >= 24 * H)[0])
    board = tt.stops[int(tt.stop_time_stop[rows][after_midnight])].stop_id
    end = tt.stops[int(tt.stop_time_stop[rows][-1])].stop_id
    leave = int(tt.departure_s[rows][after_midnight]) - 24 * H - BOARDING_BUFFER_S
    journey = router("tgv").journey(board, end, service_day + dt.timedelta(days=1), leave)
    assert journey is not None
    assert journey.arrival_s <= int(tt.arrival_s[rows][-1]) - 24 * H
    assert any(leg.service_date == service_day for leg in journey.rides)


def test_transit_router_arrivals_at_a_station_are_its_best_platform() -> None:
    result = router("tgv").earliest_arrivals(LYON, TGV_DAY, 6 * H)
    tt = timetable("tgv")
    platforms = tt.boarding_stops(TOULOUSE)
    assert result.arrival_at(TOULOUSE) == min(int(result.arrival_s[p]) for p in platforms)
    assert result.arrival_at(LYON) == 6 * H


def test_transit_router_raises_when_date_is_outside_the_feed() -> None:
    with pytest.raises(InvalidInputError, match=r"day: outside .*2025-01-22\.\.2025-02-21"):
        router("tgv").earliest_arrivals(LYON, dt.date(2025, 3, 1), 8 * H)


def test_transit_router_raises_when_departure_is_negative() -> None:
    with pytest.raises(InvalidInputError, match=r"depart_s: must be >= 0, .*\(got -60\)"):
        router("tgv").earliest_arrivals(LYON, TGV_DAY, -60)


def test_transit_router_raises_when_stop_is_unknown() -> None:
    with pytest.raises(InvalidInputError, match="stop_id: unknown stop"):
        router("tgv").earliest_arrivals("StopArea:nowhere", TGV_DAY, 8 * H)


def test_transit_router_targeted_query_agrees_with_one_to_all() -> None:
    targets = (CARCASSONNE, TOULOUSE, "StopArea:OCE87686006")
    full = router("tgv").earliest_arrivals(LYON, TGV_DAY, 9 * H)
    pruned = router("tgv").earliest_arrivals(LYON, TGV_DAY, 9 * H, targets=targets)
    assert [pruned.arrival_at(t) for t in targets] == [full.arrival_at(t) for t in targets]


def test_travel_time_matrix_matches_single_queries() -> None:
    stops = (LYON, CARCASSONNE, TOULOUSE, "StopArea:OCE87686006")
    slots = (7 * H, 12 * H)
    matrix = router("tgv").travel_time_matrix(stops, TGV_DAY, slots)
    assert matrix.shape == (2, 4, 4)
    for k, depart in enumerate(slots):
        for i, origin in enumerate(stops):
            assert matrix[k, i, i] == 0
            result = router("tgv").earliest_arrivals(origin, TGV_DAY, depart)
            for j, target in enumerate(stops):
                arrival = result.arrival_at(target)
                assert matrix[k, i, j] == (-1 if arrival is None else arrival - depart)


def test_service_day_shift_is_shorter_and_longer_on_dst_days() -> None:
    assert service_day_shift_s("Europe/Paris", WEDNESDAY) == 24 * H
    assert service_day_shift_s("Europe/Paris", dt.date(2025, 3, 30)) == 23 * H
    assert service_day_shift_s("Europe/Paris", dt.date(2025, 10, 26)) == 25 * H


# -- the Aude fixtures ---------------------------------------------------------------------


def test_transit_router_changes_to_a_frequency_bus_after_the_transfer_time() -> None:
    journey = router("ter").journey("TLS", "CITE", WEDNESDAY, 6 * H)
    assert journey is not None
    legs = [(leg.mode, leg.from_stop_id, leg.to_stop_id, leg.departure_s) for leg in journey.legs]
    assert legs == [
        (Mode.TRAIN, "TLS:1", "CARC:1", 6 * H + 10 * M),
        (Mode.WALK, "CARC:1", "CARC_BUS", 7 * H + 2 * M),  # transfers.txt: 420 s
        (Mode.BUS, "CARC_BUS", "CITE", 7 * H + 20 * M),  # 07:05 Quillan bus and 07:00 run missed
    ]
    assert journey.rides[1].trip_id == "NAV-UP@07:20:00"
    assert journey.arrival_s == 7 * H + 35 * M
    check_journey(router("ter"), journey, "TLS", "CITE")


def test_transit_router_respects_the_last_departure_of_the_day() -> None:
    assert _arrival("ter", "TLS", "NARB", WEDNESDAY, 23 * H + 25 * M) == 25 * H + 2 * M
    assert _arrival("ter", "TLS", "NARB", WEDNESDAY, 23 * H + 26 * M) is None


def test_transit_router_takes_last_nights_train_after_midnight() -> None:
    journey = router("ter").journey("LEZ", "NARB", SATURDAY, 30 * M)
    assert journey is not None
    assert journey.arrival_s == 1 * H + 2 * M
    assert journey.rides[0].trip_id == "TN-E-2330"
    assert journey.rides[0].service_date == FRIDAY
    missed = _arrival("ter", "LEZ", "NARB", SATURDAY, 42 * M)
    assert missed == 10 * H + 42 * M  # Saturday's first train


def test_transit_router_shifts_last_nights_train_on_the_dst_night() -> None:
    # Saturday 29 March 23:30 from Toulouse, at Lézignan 24:46 in Saturday's service day;
    # Sunday 30 March's service day starts at 23:00 on Saturday (noon CEST minus 12 h).
    journey = router("ter").journey("LEZ", "NARB", dt.date(2025, 3, 30), 1 * H + 40 * M)
    assert journey is not None
    assert journey.rides[0].departure_s == 24 * H + 46 * M - 23 * H
    assert journey.arrival_s == 25 * H + 2 * M - 23 * H


def test_transit_router_follows_calendar_exceptions() -> None:
    usual = _arrival("ter", "TLS", "NARB", dt.date(2025, 1, 27), 6 * H)
    works = _arrival("ter", "TLS", "NARB", WORKS_MONDAY, 6 * H)
    assert usual == 7 * H + 42 * M
    assert works == 10 * H + 42 * M  # the weekend 09:10 train runs instead
    assert _arrival("ter", "CARC_BUS", "LAST", SATURDAY, 8 * H) == 9 * H + 40 * M
    assert _arrival("ter", "CARC_BUS", "LAST", dt.date(2025, 1, 26), 8 * H) is None


def test_transit_router_walks_when_no_vehicle_helps() -> None:
    journey = router("ter").journey("BASTIDE", "CARC_BUS", WEDNESDAY, 6 * H)
    assert journey is not None
    assert [leg.mode for leg in journey.legs] == [Mode.WALK]
    assert journey.legs[0].distance_m is not None
    assert journey.legs[0].distance_m > 600


def test_transit_router_walks_between_feeds() -> None:
    journey = router("merged").journey("ter:TLS", "coach:3", WEDNESDAY, 6 * H)
    assert journey is not None
    assert [leg.mode for leg in journey.legs] == [Mode.TRAIN, Mode.WALK, Mode.COACH]
    assert journey.legs[1].to_stop_id == "coach:1"
    assert journey.arrival_s == 9 * H + 25 * M
    check_journey(router("merged"), journey, "ter:TLS", "coach:3")


def test_transit_router_uses_a_custom_boarding_buffer() -> None:
    strict = TransitRouter(timetable("ter"), boarding_buffer_s=15 * M)
    assert strict.earliest_arrivals("TLS", WEDNESDAY, 5 * H + 55 * M).arrival_at("NARB") == (
        7 * H + 42 * M
    )
    assert strict.earliest_arrivals("TLS", WEDNESDAY, 5 * H + 56 * M).arrival_at("NARB") == (
        9 * H + 42 * M
    )


# -- footpaths -----------------------------------------------------------------------------


def test_build_footpaths_applies_gtfs_transfer_rules() -> None:
    fp, tt = router("ter").footpaths, timetable("ter")

    def path(a: str, b: str) -> tuple[int, int] | None:
        k = fp.between(tt.stop_index(a), tt.stop_index(b))
        return None if k is None else (int(fp.walk_s[k]), int(fp.ready_s[k]))

    assert path("CARC:1", "CARC_BUS") == (420, 420)
    assert path("CARC_BUS", "CARC:2") == (600, 600)  # a rule on the station: all platforms
    assert path("CARC_BUS", "BASTIDE") is None  # transfer_type 3
    walk = path("BASTIDE", "CARC_BUS")
    assert walk is not None
    assert walk[1] == walk[0] + BOARDING_BUFFER_S  # no rule that way: straight line
    assert fp.change_s[tt.stop_index("NARB:1")] == 600
    assert fp.change_s[tt.stop_index("CARC:1")] == BOARDING_BUFFER_S


def test_build_footpaths_joins_every_pair_within_the_radius() -> None:
    tt = timetable("tgv")
    fp = build_footpaths(tt)
    lat = np.array([s.lat for s in tt.stops])
    lon = np.array([s.lon for s in tt.stops])
    platforms = [i for i, s in enumerate(tt.stops) if s.location_type == 0]
    expected = {}
    for a in platforms:
        for b in platforms:
            d = float(haversine_m(lat[a], lon[a], lat[b], lon[b]))
            if a != b and d <= TRANSFER_RADIUS_M:
                expected[a, b] = round(d * WALK_DETOUR_FACTOR / REFERENCE_WALK_SPEED_MPS)
    got = {
        (a, int(fp.to_stop[k])): int(fp.walk_s[k])
        for a in range(tt.n_stops)
        for k in range(int(fp.start[a]), int(fp.start[a + 1]))
    }
    assert got == expected
    assert len(got) > 100  # sibling platforms, and e.g. the Paris termini
