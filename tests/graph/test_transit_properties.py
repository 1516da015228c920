"""Property tests: the Connection Scan equals a brute-force search on random queries.

Random origin, date inside the feed's validity and departure time (up to 27:00, so that the
day's own trips past midnight are in play), on the real TGV feed and on the merged Aude
fixtures (TER + frequency buses + coaches, GTFS transfer rules). The reference is
``tests/graph/transit_reference.py``: a label-correcting fixpoint over whole trips.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.fixtures_transit import router, timetable
from tests.graph.transit_reference import check_journey, reference_arrivals

if TYPE_CHECKING:
    import datetime as dt

from itinera.graph.transit_profile import profile_query

FEEDS = ("tgv", "merged")
H = 3600


@functools.cache
def _served_stops(name: str) -> tuple[int, ...]:
    return tuple(sorted(set(timetable(name).stop_time_stop.tolist())))


@st.composite
def _queries(draw: st.DrawFn) -> tuple[str, int, dt.date, int]:
    name = draw(st.sampled_from(FEEDS))
    first, last = timetable(name).validity
    origin = draw(st.sampled_from(_served_stops(name)))
    day = draw(st.dates(min_value=first, max_value=last))
    depart_s = draw(st.integers(min_value=0, max_value=27 * H))
    return name, origin, day, depart_s


@given(_queries())
def test_earliest_arrivals_equal_brute_force_reference(
    query: tuple[str, int, dt.date, int],
) -> None:
    name, origin, day, depart_s = query
    r = router(name)
    result = r.earliest_arrivals(r.timetable.stops[origin].stop_id, day, depart_s)
    assert result.arrival_s.tolist() == reference_arrivals(r, [origin], day, depart_s)


@given(_queries())
def test_earliest_arrival_journeys_follow_the_timetable(
    query: tuple[str, int, dt.date, int],
) -> None:
    name, origin, day, depart_s = query
    r = router(name)
    tt = r.timetable
    result = r.earliest_arrivals(tt.stops[origin].stop_id, day, depart_s)
    reached = [s for s in _served_stops(name) if result.arrival_at(tt.stops[s].stop_id) is not None]
    for s in reached[:: max(1, len(reached) // 12)]:
        journey = result.journey_to(tt.stops[s].stop_id)
        assert journey is not None
        assert journey.arrival_s == result.arrival_at(tt.stops[s].stop_id)
        check_journey(r, journey, tt.stops[origin].stop_id, tt.stops[s].stop_id)


@given(_queries(), st.data())
def test_targeted_queries_equal_one_to_all(
    query: tuple[str, int, dt.date, int], data: st.DataObject
) -> None:
    name, origin, day, depart_s = query
    r = router(name)
    ids = [r.timetable.stops[s].stop_id for s in _served_stops(name)]
    targets = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=5, unique=True))
    origin_id = r.timetable.stops[origin].stop_id
    full = r.earliest_arrivals(origin_id, day, depart_s)
    pruned = r.earliest_arrivals(origin_id, day, depart_s, targets=targets)
    assert [pruned.arrival_at(t) for t in targets] == [full.arrival_at(t) for t in targets]


@settings(max_examples=25)
@given(_queries(), st.data())
def test_profile_gives_the_earliest_arrival_at_any_departure_time(
    query: tuple[str, int, dt.date, int], data: st.DataObject
) -> None:
    name, origin, day, _ = query
    r = router(name)
    ids = [r.timetable.stops[s].stop_id for s in _served_stops(name)]
    target = data.draw(st.sampled_from(ids))
    origin_id = r.timetable.stops[origin].stop_id
    profile = profile_query(r, origin_id, [target], day, 0, 48 * H)[target]
    departures = [e.depart_s for e in profile.entries]
    arrivals = [e.arrival_s for e in profile.entries]
    assert departures == sorted(set(departures))
    assert arrivals == sorted(set(arrivals))  # Pareto: leaving later means arriving later
    for entry in profile.entries:
        assert r.earliest_arrivals(origin_id, day, entry.depart_s).arrival_at(target) == (
            entry.arrival_s
        )
        check_journey(r, entry.journey, origin_id, target)
    for depart_s in data.draw(st.lists(st.integers(0, 27 * H), min_size=1, max_size=4)):
        expected = r.earliest_arrivals(origin_id, day, depart_s).arrival_at(target)
        assert profile.earliest_arrival(depart_s) == expected
