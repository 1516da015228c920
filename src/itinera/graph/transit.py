"""Earliest-arrival public-transport journeys on a timetable: the Connection Scan Algorithm.

CSA (Dibbelt, Pajor, Strasser & Wagner, "Connection Scan Algorithm", JEA 2018) scans every
elementary connection (one vehicle between two consecutive stops) of the query date once, in
departure order, keeping for each stop the earliest time a traveller can be there. It is exact
for earliest arrival, needs no preprocessing beyond sorting, and on a national rail feed scans
a few thousand connections per query: plain Python is fast enough (see
``benchmarks/bench_transit.py``).

Rules of a journey (the reference implementation in ``tests/graph/transit_reference.py``
follows the same rules with a different algorithm):

- ``depart_s`` is when the traveller is at the origin, in seconds from the query date's
  "noon minus 12 h" (local midnight except on daylight-saving days); a station origin means
  all its platforms.
- Boarding at a stop needs the traveller there ``boarding_buffer_s`` before the departure
  (:data:`~itinera.model.link.BOARDING_BUFFER_S`), or the stop's ``transfers.txt`` change time
  after alighting there; staying on the same trip needs nothing.
- After alighting (and at the origin), one footpath of :mod:`itinera.graph.footpaths` may be
  walked; footpaths are not chained.
- Passengers board only where ``pickup_type`` allows and alight where ``drop_off_type`` allows.
- Trips of the query date run, and trips of the day before still running after midnight (their
  GTFS times past 24:00). Trips of the next day do not: after the last departure of the day,
  nothing more is reachable, as for :meth:`~itinera.model.link.Link.next_departure_s`.
"""

from __future__ import annotations

import datetime as dt
import threading
import zoneinfo
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from itinera.errors import InvalidInputError
from itinera.graph.footpaths import build_footpaths
from itinera.model.link import BOARDING_BUFFER_S, Mode

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from numpy.typing import NDArray

    from itinera.graph.footpaths import Footpaths
    from itinera.model.timetable import Timetable

UNREACHED = 2**62
"""Arrival time of a stop that cannot be reached (larger than any real time)."""

_DAY_CACHE_SIZE = 8


@dataclass(frozen=True, slots=True, kw_only=True)
class TransitLeg:
    """One ride on a trip, or one walk between stops; times as in the module docstring.

    ``service_date`` is the trip's GTFS service day: the day before the query date for a trip
    that left before midnight.
    """

    mode: Mode
    from_stop_id: str
    to_stop_id: str
    departure_s: int
    arrival_s: int
    trip_id: str | None = None
    route_name: str | None = None
    headsign: str | None = None
    service_date: dt.date | None = None
    distance_m: int | None = None

    @property
    def duration_s(self) -> int:
        """Return the leg's duration in seconds."""
        return self.arrival_s - self.departure_s


@dataclass(frozen=True, slots=True, kw_only=True)
class TransitJourney:
    """Legs from the origin to a stop on query date ``day``; empty when it is the origin."""

    legs: tuple[TransitLeg, ...]
    day: dt.date
    depart_s: int
    arrival_s: int

    @property
    def rides(self) -> tuple[TransitLeg, ...]:
        """Return the legs on a vehicle."""
        return tuple(leg for leg in self.legs if leg.trip_id is not None)

    @property
    def n_transfers(self) -> int:
        """Return the number of changes between vehicles."""
        return max(0, len(self.rides) - 1)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class DayConnections:
    """The connections running on one query date, sorted by departure, as Python lists.

    ``trip`` is a dense trip-instance number; instance ``k`` is timetable trip
    ``instance_trip[k]`` on its service day (the query date, or the day before when
    ``instance_prev[k]``). ``stop_time`` is the stop time a connection departs from.
    """

    day: dt.date
    departure: list[int]
    arrival: list[int]
    from_stop: list[int]
    to_stop: list[int]
    trip: list[int]
    can_board: list[bool]
    can_alight: list[bool]
    stop_time: list[int]
    instance_trip: list[int]
    instance_prev: list[bool]


@dataclass(slots=True)
class _Labels:
    vehicle: list[int]
    vehicle_board: list[int]
    vehicle_alight: list[int]
    ready: list[int]
    ready_from: list[int]
    arrival: list[int]
    arrival_from: list[int]


def service_day_shift_s(timezone: str, day: dt.date) -> int:
    """Return the seconds from the previous service day's reference time to ``day``'s.

    86,400 except on daylight-saving days (82,800 in spring, 90,000 in autumn in Europe).
    """
    zone = zoneinfo.ZoneInfo(timezone)
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=zone)
    before = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(12), tzinfo=zone)
    return round(noon.timestamp() - before.timestamp())


class TransitRouter:
    """Earliest-arrival queries on a timetable (rules in the module docstring).

    Parameters
    ----------
    timetable
        The merged feeds.
    footpaths
        Walking transfers; built from the stops' coordinates when None.
    boarding_buffer_s
        Time needed at a stop before boarding (also the default change time).
    """

    def __init__(
        self,
        timetable: Timetable,
        *,
        footpaths: Footpaths | None = None,
        boarding_buffer_s: int = BOARDING_BUFFER_S,
    ) -> None:
        self.timetable = timetable
        self.boarding_buffer_s = boarding_buffer_s
        if footpaths is None:
            footpaths = build_footpaths(timetable, boarding_buffer_s=boarding_buffer_s)
        self.footpaths = footpaths
        tt = timetable
        last = np.zeros(tt.n_stop_times, dtype=np.bool_)
        last[tt.trip_start[1:] - 1] = True
        src = np.flatnonzero(~last)
        trip_of = np.repeat(np.arange(tt.n_trips), np.diff(tt.trip_start))
        self._c_stop_time = src
        self._c_trip = trip_of[src]
        self._c_dep = tt.departure_s[src].astype(np.int64)
        self._c_arr = tt.arrival_s[src + 1].astype(np.int64)
        self._fp = (
            footpaths.start.tolist(),
            footpaths.to_stop.tolist(),
            footpaths.walk_s.tolist(),
            footpaths.ready_s.tolist(),
        )
        self._change = footpaths.change_s.tolist()
        self._days: OrderedDict[dt.date, DayConnections] = OrderedDict()
        self._days_lock = threading.Lock()  # the API answers from a thread pool
        self._validity = timetable.validity

    def connections(self, day: dt.date) -> DayConnections:
        """Return the connections usable on query date ``day`` (cached for a few dates)."""
        with self._days_lock:
            if day in self._days:
                self._days.move_to_end(day)
                return self._days[day]
        conns = self._build_connections(day)
        with self._days_lock:
            self._days[day] = conns
            if len(self._days) > _DAY_CACHE_SIZE:
                self._days.popitem(last=False)
        return conns

    def _build_connections(self, day: dt.date) -> DayConnections:
        tt = self.timetable
        shift = service_day_shift_s(tt.timezone, day)
        today = np.flatnonzero(tt.trips_on(day)[self._c_trip])
        prev = np.flatnonzero(
            tt.trips_on(day - dt.timedelta(days=1))[self._c_trip] & (self._c_dep >= shift)
        )
        idx = np.concatenate((today, prev))
        offset = np.concatenate((np.zeros(len(today), np.int64), np.full(len(prev), shift)))
        dep = self._c_dep[idx] - offset
        arr = self._c_arr[idx] - offset
        stop_time = self._c_stop_time[idx]
        key = self._c_trip[idx] * 2 + (offset > 0)
        instances, inst = np.unique(key, return_inverse=True)
        order = np.lexsort((stop_time, arr, dep))
        st = stop_time[order]
        return DayConnections(
            day=day,
            departure=dep[order].tolist(),
            arrival=arr[order].tolist(),
            from_stop=tt.stop_time_stop[st].tolist(),
            to_stop=tt.stop_time_stop[st + 1].tolist(),
            trip=inst[order].tolist(),
            can_board=tt.pickup[st].tolist(),
            can_alight=tt.drop_off[st + 1].tolist(),
            stop_time=st.tolist(),
            instance_trip=(instances // 2).tolist(),
            instance_prev=(instances % 2 == 1).tolist(),
        )

    def earliest_arrivals(
        self,
        origin: str,
        day: dt.date,
        depart_s: int,
        *,
        latest_s: int | None = None,
        targets: Collection[str] | None = None,
    ) -> TransitArrivals:
        """Return the earliest arrival at every stop from ``origin`` leaving at ``depart_s``.

        Parameters
        ----------
        origin
            A ``stop_id`` (a station means all its platforms).
        day
            The query date.
        depart_s
            When the traveller is at the origin (module docstring).
        latest_s
            Ignore connections departing after this time.
        targets
            When given, stop as soon as no later connection can improve an arrival there;
            other stops' arrivals are then only upper bounds.

        Raises
        ------
        InvalidInputError
            When a stop id is unknown, ``day`` is outside the timetable's validity or
            ``depart_s`` is negative.
        """
        tt = self.timetable
        first, last = self._validity
        if not first <= day <= last:
            msg = f"outside the timetable's validity {first}..{last} (got {day})"
            raise InvalidInputError("day", msg)
        if depart_s < 0:
            msg = f"must be >= 0, seconds from the service day's start (got {depart_s})"
            raise InvalidInputError("depart_s", msg)
        origins = tt.boarding_stops(origin)
        target_stops = None
        if targets is not None:
            target_stops = sorted({s for t in targets for s in tt.boarding_stops(t)})
        conns = self.connections(day)
        labels = self._scan(conns, origins, depart_s, latest_s, target_stops)
        return TransitArrivals(
            router=self,
            origin=origin,
            day=day,
            depart_s=depart_s,
            connections=conns,
            labels=labels,
        )

    def journey(
        self, origin: str, target: str, day: dt.date, depart_s: int
    ) -> TransitJourney | None:
        """Return the earliest-arrival journey from ``origin`` to ``target``, or None."""
        result = self.earliest_arrivals(origin, day, depart_s, targets=(target,))
        return result.journey_to(target)

    def travel_time_matrix(
        self, stop_ids: Sequence[str], day: dt.date, departures_s: Sequence[int]
    ) -> NDArray[np.int64]:
        """Return ``m[k, i, j]``: seconds from stop ``i`` at ``departures_s[k]`` to stop ``j``.

        Travel times include waiting at the origin; -1 where ``j`` is unreachable that day.
        """
        out = np.full((len(departures_s), len(stop_ids), len(stop_ids)), -1, dtype=np.int64)
        for k, depart in enumerate(departures_s):
            for i, origin in enumerate(stop_ids):
                result = self.earliest_arrivals(origin, day, depart, targets=stop_ids)
                for j, target in enumerate(stop_ids):
                    arrival = result.arrival_at(target)
                    if arrival is not None:
                        out[k, i, j] = arrival - depart
        return out

    def _scan(  # noqa: C901, PLR0912, PLR0915 - one tight loop, kept flat for speed
        self,
        conns: DayConnections,
        origins: Sequence[int],
        depart_s: int,
        latest_s: int | None,
        targets: list[int] | None,
    ) -> _Labels:
        n = self.timetable.n_stops
        fp_start, fp_to, fp_walk, fp_ready = self._fp
        change = self._change
        vehicle = [UNREACHED] * n
        v_board = [-1] * n
        v_alight = [-1] * n
        ready = [UNREACHED] * n
        ready_from = [0] * n
        arrival = [UNREACHED] * n
        arrival_from = [0] * n
        for o in origins:
            arrival[o], arrival_from[o] = depart_s, -1 - o
            ready[o], ready_from[o] = depart_s + self.boarding_buffer_s, -1 - o
        for o in origins:
            tag = -1 - o
            for j in range(fp_start[o], fp_start[o + 1]):
                u = fp_to[j]
                if depart_s + fp_walk[j] < arrival[u]:
                    arrival[u], arrival_from[u] = depart_s + fp_walk[j], tag
                if depart_s + fp_ready[j] < ready[u]:
                    ready[u], ready_from[u] = depart_s + fp_ready[j], tag
        is_target = [False] * n
        for x in targets or ():
            is_target[x] = True
        bound = UNREACHED if not targets else max(arrival[x] for x in targets)
        dirty = False
        limit = UNREACHED if latest_s is None else latest_s
        departure, arr_c = conns.departure, conns.arrival
        from_stop, to_stop, trip = conns.from_stop, conns.to_stop, conns.trip
        can_board, can_alight = conns.can_board, conns.can_alight
        boarded = [-1] * len(conns.instance_trip)
        start = _first_at_or_after(departure, depart_s)
        for c in range(start, len(departure)):
            dep = departure[c]
            if dep > limit or dep >= bound:
                break
            k = trip[c]
            if boarded[k] < 0:
                if not can_board[c] or ready[from_stop[c]] > dep:
                    continue
                boarded[k] = c
            if not can_alight[c]:
                continue
            t = arr_c[c]
            s = to_stop[c]
            if t >= vehicle[s]:
                continue
            vehicle[s], v_board[s], v_alight[s] = t, boarded[k], c
            if t < arrival[s]:
                arrival[s], arrival_from[s] = t, s
                dirty = is_target[s]
            if t + change[s] < ready[s]:
                ready[s], ready_from[s] = t + change[s], s
            for j in range(fp_start[s], fp_start[s + 1]):
                u = fp_to[j]
                if t + fp_walk[j] < arrival[u]:
                    arrival[u], arrival_from[u] = t + fp_walk[j], s
                    dirty = dirty or is_target[u]
                if t + fp_ready[j] < ready[u]:
                    ready[u], ready_from[u] = t + fp_ready[j], s
            if dirty and targets:
                bound = max(arrival[x] for x in targets)
                dirty = False
        return _Labels(
            vehicle=vehicle,
            vehicle_board=v_board,
            vehicle_alight=v_alight,
            ready=ready,
            ready_from=ready_from,
            arrival=arrival,
            arrival_from=arrival_from,
        )


def _first_at_or_after(values: list[int], x: int) -> int:
    lo, hi = 0, len(values)
    while lo < hi:
        mid = (lo + hi) // 2
        if values[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class TransitArrivals:
    """The result of one earliest-arrival query: arrival times and journeys to every stop."""

    router: TransitRouter
    origin: str
    day: dt.date
    depart_s: int
    connections: DayConnections
    labels: _Labels

    @property
    def arrival_s(self) -> NDArray[np.int64]:
        """Return the arrival time at every stop (``UNREACHED`` where not reachable)."""
        return np.array(self.labels.arrival, dtype=np.int64)

    def arrival_at(self, stop_id: str) -> int | None:
        """Return the earliest arrival at ``stop_id`` (a station: any platform), or None."""
        stops = self.router.timetable.boarding_stops(stop_id)
        best = min((self.labels.arrival[s] for s in stops), default=UNREACHED)
        return None if best >= UNREACHED else best

    def journey_to(self, stop_id: str) -> TransitJourney | None:
        """Return the legs of the earliest-arrival journey to ``stop_id``, or None."""
        stops = self.router.timetable.boarding_stops(stop_id)
        labels = self.labels
        best = min(
            stops, key=lambda s: (labels.arrival[s], labels.arrival_from[s] != s), default=None
        )
        if best is None or self.labels.arrival[best] >= UNREACHED:
            return None
        legs = _unwind(self, best)
        return TransitJourney(
            legs=tuple(legs),
            day=self.day,
            depart_s=self.depart_s,
            arrival_s=labels.arrival[best],
        )


def _unwind(result: TransitArrivals, stop: int) -> list[TransitLeg]:
    """Return the legs to ``stop``, following the labels' parent pointers backwards."""
    labels, conns = result.labels, result.connections
    legs: list[TransitLeg] = []
    source = labels.arrival_from[stop]
    for _ in range(10_000):  # a journey is far shorter; guards against a corrupt label
        if source < 0:
            origin = -1 - source
            if origin != stop:
                legs.append(_walk(result, origin, stop, result.depart_s))
            break
        if source != stop:
            legs.append(_walk(result, source, stop, labels.vehicle[source]))
        board, alight = labels.vehicle_board[source], labels.vehicle_alight[source]
        legs.append(_ride(result, conns, board, alight))
        stop = conns.from_stop[board]
        source = labels.ready_from[stop]
    legs.reverse()
    return legs


def _walk(result: TransitArrivals, a: int, b: int, leave_s: int) -> TransitLeg:
    footpaths = result.router.footpaths
    k = footpaths.between(a, b)
    if k is None:  # pragma: no cover - labels only point along footpaths
        msg = f"no footpath from stop {a} to {b}"
        raise AssertionError(msg)
    stops = result.router.timetable.stops
    return TransitLeg(
        mode=Mode.WALK,
        from_stop_id=stops[a].stop_id,
        to_stop_id=stops[b].stop_id,
        departure_s=leave_s,
        arrival_s=leave_s + int(footpaths.walk_s[k]),
        distance_m=int(footpaths.distance_m[k]),
    )


def _ride(result: TransitArrivals, conns: DayConnections, board: int, alight: int) -> TransitLeg:
    tt = result.router.timetable
    instance = conns.trip[board]
    trip = tt.trips[conns.instance_trip[instance]]
    route = tt.routes[int(tt.trip_route[conns.instance_trip[instance]])]
    prev = conns.instance_prev[instance]
    return TransitLeg(
        mode=route.mode,
        from_stop_id=tt.stops[conns.from_stop[board]].stop_id,
        to_stop_id=tt.stops[conns.to_stop[alight]].stop_id,
        departure_s=conns.departure[board],
        arrival_s=conns.arrival[alight],
        trip_id=trip.trip_id,
        route_name=route.name,
        headsign=trip.headsign or None,
        service_date=conns.day - dt.timedelta(days=1) if prev else conns.day,
    )
