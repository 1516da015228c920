"""Profile queries: all Pareto-optimal departures in a window, on the fixtures and the TGV."""

from __future__ import annotations

import datetime as dt
import itertools

from tests.fixtures_transit import router
from tests.graph.transit_reference import check_journey

from itinera.graph.transit_profile import departure_candidates, profile_query
from itinera.model.link import BOARDING_BUFFER_S

H = 3600
M = 60
WEDNESDAY = dt.date(2025, 1, 22)
TGV_DAY = dt.date(2025, 2, 3)
PARIS_GARE_DE_LYON = "StopArea:OCE87686006"
MARSEILLE = "StopArea:OCE87751008"


def test_profile_query_lists_every_train_of_the_day() -> None:
    profile = profile_query(router("ter"), "TLS", ["NARB"], WEDNESDAY, 5 * H, 20 * H)["NARB"]
    pairs = [(e.depart_s, e.arrival_s) for e in profile.entries]
    leave = [6 * H + 10 * M, 8 * H + 10 * M, 12 * H + 10 * M, 17 * H + 10 * M]
    assert pairs == [(t - BOARDING_BUFFER_S, t + 92 * M) for t in leave]
    assert profile.walk_s is None


def test_profile_query_drops_departures_that_arrive_no_earlier() -> None:
    # 06:10 Toulouse train reaches Carcassonne too late for the 07:05 Quillan bus: the
    # 08:10 train catches the same 12:15 bus, so leaving at 06:05 is dominated.
    profile = profile_query(router("ter"), "TLS", ["QUIL"], WEDNESDAY, 5 * H, 20 * H)["QUIL"]
    assert [(e.depart_s, e.arrival_s) for e in profile.entries] == [
        (8 * H + 5 * M, 13 * H + 20 * M),
        (17 * H + 5 * M, 19 * H + 25 * M),
    ]


def test_profile_query_between_eight_and_eleven_on_the_tgv() -> None:
    r = router("tgv")
    profile = profile_query(r, PARIS_GARE_DE_LYON, [MARSEILLE], TGV_DAY, 8 * H, 11 * H)
    entries = profile[MARSEILLE].entries
    assert len(entries) >= 3
    for before, after in itertools.pairwise(entries):
        assert before.depart_s < after.depart_s
        assert before.arrival_s < after.arrival_s
    for entry in entries:
        assert 8 * H <= entry.depart_s <= 11 * H
        best = r.earliest_arrivals(PARIS_GARE_DE_LYON, TGV_DAY, entry.depart_s)
        assert best.arrival_at(MARSEILLE) == entry.arrival_s
        check_journey(r, entry.journey, PARIS_GARE_DE_LYON, MARSEILLE)
        assert entry.journey.rides[0].departure_s >= entry.depart_s + BOARDING_BUFFER_S


def test_profile_walk_baseline_covers_walkable_targets() -> None:
    profile = profile_query(router("ter"), "BASTIDE", ["CARC_BUS"], WEDNESDAY, 6 * H, 9 * H)
    walk = profile["CARC_BUS"].walk_s
    assert walk is not None
    assert profile["CARC_BUS"].earliest_arrival(6 * H) == min(
        [6 * H + walk] + [e.arrival_s for e in profile["CARC_BUS"].entries]
    )


def test_departure_candidates_are_latest_leaving_times_in_the_window() -> None:
    leave = departure_candidates(router("ter"), "NARB", WEDNESDAY, 6 * H, 10 * H)
    trains = [9 * H + 30 * M, 6 * H + 30 * M]  # westbound departures from Narbonne
    assert leave == [t - BOARDING_BUFFER_S for t in trains]
