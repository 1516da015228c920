"""A brute-force earliest-arrival reference for the transit router, and a journey checker.

The reference is a label-correcting fixpoint over whole trips (Bellman-Ford style), written
independently of the Connection Scan: it takes every trip instance running on the query date
(and the day before, shifted by the service-day length), and for each one boards at the first
stop where the traveller is ready, relaxing every later stop where alighting is allowed; it
repeats over all trips until no label improves. It shares with the router only the rules of a
journey (``itinera.graph.transit`` module docstring) and the footpaths, which are its input.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from itinera.graph.transit import UNREACHED, service_day_shift_s
from itinera.model.link import Mode

if TYPE_CHECKING:
    from collections.abc import Sequence

    from itinera.graph.transit import TransitJourney, TransitRouter


def reference_arrivals(
    router: TransitRouter, origins: Sequence[int], day: dt.date, depart_s: int
) -> list[int]:
    """Return the earliest arrival at every stop, by exhaustive relaxation over all trips."""
    return _Reference(router, origins, day, depart_s).solve()


class _Reference:
    def __init__(
        self, router: TransitRouter, origins: Sequence[int], day: dt.date, depart_s: int
    ) -> None:
        self.tt, self.fp = router.timetable, router.footpaths
        n = self.tt.n_stops
        self.arrival, self.ready, self.vehicle = [UNREACHED] * n, [UNREACHED] * n, [UNREACHED] * n
        for o in origins:
            self.arrival[o], self.ready[o] = depart_s, depart_s + router.boarding_buffer_s
        for o in origins:
            self.walk_from(o, depart_s)
        shift = service_day_shift_s(self.tt.timezone, day)
        before = day - dt.timedelta(days=1)
        self.instances = [(int(t), 0) for t in self.tt.trips_on(day).nonzero()[0]]
        self.instances += [(int(t), shift) for t in self.tt.trips_on(before).nonzero()[0]]

    def solve(self) -> list[int]:
        changed = True
        while changed:  # one pass over all trips per extra ride, until nothing improves
            changed = False
            for trip, offset in self.instances:
                changed = self.ride(trip, offset) or changed
        return self.arrival

    def walk_from(self, stop: int, t: int) -> None:
        fp = self.fp
        for j in range(int(fp.start[stop]), int(fp.start[stop + 1])):
            u = int(fp.to_stop[j])
            self.arrival[u] = min(self.arrival[u], t + int(fp.walk_s[j]))
            self.ready[u] = min(self.ready[u], t + int(fp.ready_s[j]))

    def ride(self, trip: int, offset: int) -> bool:
        """Board at the first stop where the traveller is ready; relax every later stop."""
        tt = self.tt
        changed = on_board = False
        last = int(tt.trip_start[trip + 1]) - 1
        for i in range(int(tt.trip_start[trip]), last + 1):
            stop = int(tt.stop_time_stop[i])
            t = int(tt.arrival_s[i]) - offset
            if on_board and tt.drop_off[i] and t < self.vehicle[stop]:
                self.vehicle[stop] = t
                self.arrival[stop] = min(self.arrival[stop], t)
                self.ready[stop] = min(self.ready[stop], t + int(self.fp.change_s[stop]))
                self.walk_from(stop, t)
                changed = True
            dep = int(tt.departure_s[i]) - offset
            if not on_board and i < last and tt.pickup[i] and self.ready[stop] <= dep:
                on_board = True
        return changed


def check_journey(router: TransitRouter, journey: TransitJourney, origin: str, target: str) -> None:
    """Assert that ``journey`` follows the timetable and the rules, leg after leg."""
    tt, fp = router.timetable, router.footpaths
    here = set(tt.boarding_stops(origin))
    now = journey.depart_s
    ready = now + router.boarding_buffer_s
    trip_index = {t.trip_id: i for i, t in enumerate(tt.trips)}
    for leg in journey.legs:
        a, b = tt.stop_index(leg.from_stop_id), tt.stop_index(leg.to_stop_id)
        assert a in here, f"leg starts at {leg.from_stop_id}, not where the traveller is"
        assert leg.departure_s >= now
        if leg.mode is Mode.WALK:
            k = fp.between(a, b)
            assert k is not None
            assert leg.arrival_s == leg.departure_s + int(fp.walk_s[k])
            ready = leg.departure_s + int(fp.ready_s[k])
        else:
            assert leg.trip_id is not None
            assert leg.service_date is not None
            trip = trip_index[leg.trip_id]
            assert tt.trips_on(leg.service_date)[trip]
            offset = 0
            if leg.service_date != journey.day:
                assert leg.service_date == journey.day - dt.timedelta(days=1)
                offset = service_day_shift_s(tt.timezone, journey.day)
            rows = range(int(tt.trip_start[trip]), int(tt.trip_start[trip + 1]))
            stops = [int(tt.stop_time_stop[i]) for i in rows]
            i, j = rows[stops.index(a)], rows[len(stops) - 1 - stops[::-1].index(b)]
            assert i < j
            assert tt.pickup[i]
            assert tt.drop_off[j]
            assert leg.departure_s == int(tt.departure_s[i]) - offset
            assert leg.arrival_s == int(tt.arrival_s[j]) - offset
            assert ready <= leg.departure_s, "boarded before the buffer or change time"
            ready = leg.arrival_s + int(fp.change_s[b])
        now, here = leg.arrival_s, {b}
    assert now == journey.arrival_s
    assert here & set(tt.boarding_stops(target))
