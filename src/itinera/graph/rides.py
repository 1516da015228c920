"""Timetabled rides between places, from the destination's GTFS timetable.

On a date, every trip running that day offers a ride between each pair of its calls at stops
that serve places (``Destination.stop_places``): board at call ``i`` where pickup is allowed,
alight at a later call ``j`` where drop-off is allowed, at two different places. Staying on board
through intermediate stops is thus one ride, with no transfer time. Rides between the same two
places are grouped into a :class:`RideEdge` whose earliest arrival for a traveller ready at a
given time is one binary search (the suffix minimum of arrivals, so a later but faster train is
taken when it arrives first): the edge is FIFO and time-dependent Dijkstra over places stays
exact (:mod:`itinera.graph.journeys`).

Times are GTFS service-day times of the date, which are local wall-clock times except in the
night of a daylight-saving change; trips of the previous service day still running after
midnight are not offered (a day plan starts in the morning).

Distances are the great-circle distances between consecutive calls, summed along the trip and
multiplied by ``RIDE_DETOUR_FACTOR``, flagged as estimated (feeds' ``shape_dist_traveled`` units
vary between operators, so they are not used).
"""

from __future__ import annotations

import bisect
import functools
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from itinera.model.emissions import EmissionClass, class_of_route_type
from itinera.model.link import BOARDING_BUFFER_S, Link, Mode

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Collection, Mapping

    from numpy.typing import NDArray

    from itinera.model.destination import Destination
    from itinera.model.ids import PlaceId
    from itinera.model.timetable import Timetable

RIDE_DETOUR_FACTOR = 1.1
"""Track or road distance over the straight line between consecutive stops (the Toulouse-
Carcassonne-Narbonne line is 1.07-1.08 times the straight line between its stations)."""

WHEELCHAIR_NOT_POSSIBLE = 2
"""GTFS ``wheelchair_accessible``/``wheelchair_boarding`` value: no wheelchair."""

_DAY_CACHE_SIZE = 16
_EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True, slots=True, kw_only=True)
class Ride:
    """One trip from one call to a later one; times in seconds from the date's midnight."""

    trip: int
    board: int
    alight: int
    depart_s: int
    arrive_s: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RideEdge:
    """All rides of one date between two places, for earliest-arrival lookups.

    ``departures`` is sorted; ``best[k]`` is the index in ``rides`` of the earliest-arriving
    ride among those leaving at ``departures[k]`` or later.
    """

    target: PlaceId
    departures: tuple[int, ...]
    best: tuple[int, ...]
    rides: tuple[Ride, ...]

    def next_ride(self, ready_s: int) -> Ride | None:
        """Return the earliest-arriving ride a traveller at the stop at ``ready_s`` can board.

        Boarding needs the traveller there ``BOARDING_BUFFER_S`` before the departure.
        """
        k = bisect.bisect_left(self.departures, ready_s + BOARDING_BUFFER_S)
        return self.rides[self.best[k]] if k < len(self.departures) else None


class RideIndex:
    """The rides a destination's timetable offers between its places, date by date."""

    def __init__(self, destination: Destination) -> None:
        timetable = destination.timetable
        if timetable is None:
            msg = "the destination has no timetable"
            raise ValueError(msg)
        self.timetable: Timetable = timetable
        tt = timetable
        self._place_of_stop: list[PlaceId | None] = [
            destination.stop_places.get(s.stop_id) for s in tt.stops
        ]
        self._trip_index = trip_index(tt)
        self._distance_m = _cumulative_distances(tt)
        self._step_free_stop = [s.wheelchair_boarding != WHEELCHAIR_NOT_POSSIBLE for s in tt.stops]
        feed_of_trip = [t.trip_id.partition(":")[0] for t in tt.trips]
        self._emission: list[EmissionClass] = []
        for t, feed in enumerate(feed_of_trip):
            route = tt.routes[int(tt.trip_route[t])]
            configured = destination.feed_emission_classes.get(feed)
            self._emission.append(configured or class_of_route_type(route.route_type, route.mode))
        self._days: OrderedDict[tuple[dt.date, bool], dict[str, tuple[RideEdge, ...]]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()

    def service_key(self, day: dt.date) -> bytes:
        """Return a key equal for two dates exactly when the same trips run on both."""
        return np.packbits(self.timetable.trips_on(day)).tobytes()

    def edges_on(
        self, day: dt.date, *, step_free: bool = False
    ) -> Mapping[str, tuple[RideEdge, ...]]:
        """Return, per origin place, its ride edges on ``day`` (cached for a few dates).

        With ``step_free``, trips and stops marked not wheelchair-accessible are left out.
        """
        key = (day, step_free)
        with self._lock:
            if key in self._days:
                self._days.move_to_end(key)
                return self._days[key]
        edges = self._build(day, step_free=step_free)
        with self._lock:
            self._days[key] = edges
            if len(self._days) > _DAY_CACHE_SIZE:
                self._days.popitem(last=False)
        return edges

    def _build(self, day: dt.date, *, step_free: bool) -> dict[str, tuple[RideEdge, ...]]:
        tt = self.timetable
        grouped: dict[tuple[PlaceId, PlaceId], list[Ride]] = {}
        for trip in np.flatnonzero(tt.trips_on(day)).tolist():
            if step_free and tt.trips[trip].wheelchair_accessible == WHEELCHAIR_NOT_POSSIBLE:
                continue
            calls = [
                (i, place)
                for i in range(int(tt.trip_start[trip]), int(tt.trip_start[trip + 1]))
                if (place := self._place_of_stop[int(tt.stop_time_stop[i])]) is not None
                and (not step_free or self._step_free_stop[int(tt.stop_time_stop[i])])
            ]
            for a, (i, origin) in enumerate(calls):
                if not tt.pickup[i]:
                    continue
                for j, target in calls[a + 1 :]:
                    if target == origin or not tt.drop_off[j]:
                        continue
                    ride = Ride(
                        trip=trip,
                        board=i,
                        alight=j,
                        depart_s=int(tt.departure_s[i]),
                        arrive_s=int(tt.arrival_s[j]),
                    )
                    grouped.setdefault((origin, target), []).append(ride)
        out: dict[str, list[RideEdge]] = {}
        for (origin, target), rides in grouped.items():
            rides.sort(key=lambda r: (r.depart_s, r.arrive_s))
            best = list(range(len(rides)))
            for k in range(len(rides) - 2, -1, -1):
                if rides[best[k + 1]].arrive_s < rides[k].arrive_s:
                    best[k] = best[k + 1]
            out.setdefault(origin, []).append(
                RideEdge(
                    target=target,
                    departures=tuple(r.depart_s for r in rides),
                    best=tuple(best),
                    rides=tuple(rides),
                )
            )
        return {origin: tuple(edges) for origin, edges in out.items()}

    def link_of(self, ride: Ride) -> Link:
        """Return the ride as a :class:`Link` (mode, line, duration, distance) for a hop."""
        tt = self.timetable
        route = tt.routes[int(tt.trip_route[ride.trip])]
        origin = self._place_of_stop[int(tt.stop_time_stop[ride.board])]
        target = self._place_of_stop[int(tt.stop_time_stop[ride.alight])]
        assert origin is not None  # noqa: S101 - rides only join stops serving places
        assert target is not None  # noqa: S101
        return Link(
            from_id=origin,
            to_id=target,
            mode=route.mode,
            duration_s=max(1, ride.arrive_s - ride.depart_s),
            distance_m=self.distance_m(ride.board, ride.alight),
            line=route_display_name(route.short_name, route.long_name, route.route_id),
            source=f"GTFS trip {tt.trips[ride.trip].trip_id}",
            estimated=frozenset({"distance_m"}),
        )

    def mode_of(self, trip: int) -> Mode:
        """Return the mode of trip ``trip``'s route."""
        return self.timetable.routes[int(self.timetable.trip_route[trip])].mode

    def trips_leaving(self, place_id: str, day: dt.date, modes: Collection[Mode]) -> set[int]:
        """Return the trips of ``modes`` one can board at ``place_id`` on ``day``."""
        return {
            ride.trip
            for edge in self.edges_on(day).get(place_id, ())
            for ride in edge.rides
            if self.mode_of(ride.trip) in modes
        }

    def trip_id(self, ride: Ride) -> str:
        """Return the GTFS ``trip_id`` of the ride's trip (namespaced ``feed:trip``)."""
        return self.timetable.trips[ride.trip].trip_id

    def emission_class(self, trip: int) -> EmissionClass:
        """Return the emission class of trip ``trip``'s vehicle."""
        return self._emission[trip]

    def trip_of(self, trip_id: str) -> int | None:
        """Return the index of ``trip_id`` in the timetable, or None if unknown."""
        return self._trip_index.get(trip_id)

    def distance_m(self, board: int, alight: int) -> int:
        """Return the estimated distance between two stop times of one trip (module doc)."""
        straight = float(self._distance_m[alight] - self._distance_m[board])
        return round(straight * RIDE_DETOUR_FACTOR)

    def place_of_stop_time(self, stop_time: int) -> PlaceId | None:
        """Return the place the stop of ``stop_time`` serves, or None."""
        return self._place_of_stop[int(self.timetable.stop_time_stop[stop_time])]


def route_display_name(short_name: str, long_name: str, route_id: str) -> str:
    """Return a line name for travellers: ``"TER Toulouse-Albi-Rodez"``.

    Examples
    --------
    >>> route_display_name("TER", "Toulouse-Albi", "r1"), route_display_name("", "", "r1")
    ('TER Toulouse-Albi', 'r1')
    """
    return " ".join(p for p in (short_name, long_name) if p) or route_id


@functools.lru_cache(maxsize=8)
def trip_index(timetable: Timetable) -> dict[str, int]:
    """Return trip id -> index of a timetable (cached per timetable object)."""
    return {trip.trip_id: t for t, trip in enumerate(timetable.trips)}


_INDEXES: dict[int, tuple[Destination, RideIndex]] = {}
_INDEXES_LOCK = threading.Lock()


def rides_of(destination: Destination) -> RideIndex | None:
    """Return the destination's ride index (built once per destination object), or None."""
    if destination.timetable is None:
        return None
    with _INDEXES_LOCK:
        cached = _INDEXES.get(id(destination))
        if cached is not None and cached[0] is destination:
            return cached[1]
    index = RideIndex(destination)
    with _INDEXES_LOCK:
        if len(_INDEXES) >= _DAY_CACHE_SIZE:
            _INDEXES.pop(next(iter(_INDEXES)))
        _INDEXES[id(destination)] = (destination, index)
    return index


def _cumulative_distances(tt: Timetable) -> NDArray[np.float64]:
    """Return, per stop time, the straight-line distance from its trip's first call."""
    lat = np.radians(np.array([s.lat for s in tt.stops], dtype=np.float64))
    lon = np.radians(np.array([s.lon for s in tt.stops], dtype=np.float64))
    stop = tt.stop_time_stop.astype(np.int64)
    out = np.zeros(tt.n_stop_times, dtype=np.float64)
    if tt.n_stop_times < 2:  # noqa: PLR2004
        return out
    a, b = stop[:-1], stop[1:]
    h = (
        np.sin((lat[b] - lat[a]) / 2) ** 2
        + np.cos(lat[a]) * np.cos(lat[b]) * np.sin((lon[b] - lon[a]) / 2) ** 2
    )
    step = 2 * _EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    first = np.zeros(tt.n_stop_times, dtype=np.bool_)
    first[tt.trip_start[:-1][np.diff(tt.trip_start) > 0]] = True
    step = np.where(first[1:], 0.0, step)
    out[1:] = np.cumsum(step)
    trip_of = np.repeat(np.arange(tt.n_trips), np.diff(tt.trip_start))
    base = out[tt.trip_start[:-1]]
    out -= base[trip_of] if tt.n_trips else 0.0
    return out
