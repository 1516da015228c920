"""Public-transport timetables: GTFS stops, routes, trips and stop times as numpy arrays.

A :class:`Timetable` is what the GTFS loader produces and the transit router reads. Stops,
routes and trips are small frozen dataclasses (GTFS field names); everything per stop time is a
read-only numpy array, trips are contiguous slices of it (``trip_start[t]:trip_start[t + 1]``,
in ``stop_sequence`` order).

Times are GTFS times: seconds since "noon minus 12 h" of the trip's *service day*, so they may
exceed 24:00 for trips running past midnight (``25:10:00`` is 01:10 the next morning). On most
days noon minus 12 h is local midnight; on the two daylight-saving days it is not, which is why
the router, not this module, turns service-day times into times of a query date.

Service days are a boolean matrix ``service_days[service, day]`` over consecutive dates from
``first_date``: small for real feeds (a year of 10,000 services is 3.6 MB) and one numpy
indexing step to find every trip running on a date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from itinera.errors import InvalidInputError
from itinera.model.link import Mode

if TYPE_CHECKING:
    from collections.abc import Mapping

    from numpy.typing import NDArray

LOCATION_STOP = 0
"""GTFS ``location_type`` of a stop or platform, the only kind trips call at."""
LOCATION_STATION = 1
"""GTFS ``location_type`` of a station grouping platforms (``parent_station``)."""

TRANSFER_RECOMMENDED = 0
TRANSFER_TIMED = 1
TRANSFER_MIN_TIME = 2
TRANSFER_NOT_POSSIBLE = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class Stop:
    """A GTFS stop (``location_type`` 0) or station (1); ids are namespaced when merged."""

    stop_id: str
    name: str
    lat: float
    lon: float
    location_type: int = LOCATION_STOP
    parent_station: str | None = None
    wheelchair_boarding: int = 0
    """GTFS: 0 no information, 1 some vehicles can be boarded in a wheelchair, 2 none."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Route:
    """A GTFS route (a line), with its basic or extended ``route_type``."""

    route_id: str
    agency_id: str
    short_name: str
    long_name: str
    route_type: int

    @property
    def name(self) -> str:
        """Return the name shown to travellers: the short name, else the long one."""
        return self.short_name or self.long_name or self.route_id

    @property
    def mode(self) -> Mode:
        """Return the car-free mode of the route's vehicles."""
        return mode_from_route_type(self.route_type)


@dataclass(frozen=True, slots=True, kw_only=True)
class Trip:
    """A GTFS trip; trips expanded from ``frequencies.txt`` are named ``<trip_id>@HH:MM:SS``."""

    trip_id: str
    route_id: str
    service_id: str
    headsign: str = ""
    wheelchair_accessible: int = 0
    """GTFS: 0 no information, 1 at least one wheelchair place, 2 none."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Transfer:
    """A ``transfers.txt`` row between two stops (the same stop for a change-time rule)."""

    from_stop_id: str
    to_stop_id: str
    transfer_type: int
    min_transfer_s: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedInfo:
    """Where one merged feed came from and the dates it claims to cover (``feed_info.txt``)."""

    feed_id: str
    path: str
    publisher_name: str = ""
    version: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None


def mode_from_route_type(route_type: int) -> Mode:
    """Return the :class:`Mode` of a basic or extended (HVT) GTFS ``route_type``.

    Trams, metros, funiculars and cable cars count as trains (rail, no booking); buses and
    trolleybuses as buses; extended types 200-299 are coaches.

    Examples
    --------
    >>> mode_from_route_type(2), mode_from_route_type(3), mode_from_route_type(202)
    (<Mode.TRAIN: 'train'>, <Mode.BUS: 'bus'>, <Mode.COACH: 'coach'>)
    """
    if route_type in {3, 11} or 700 <= route_type < 900:  # noqa: PLR2004 - GTFS codes
        return Mode.BUS
    if 200 <= route_type < 300:  # noqa: PLR2004 - GTFS extended coach codes
        return Mode.COACH
    if route_type == 4 or 1000 <= route_type < 1300:  # noqa: PLR2004 - GTFS ferry codes
        return Mode.BOAT
    return Mode.TRAIN


def _read_only(*arrays: NDArray[np.generic]) -> None:
    for array in arrays:
        array.setflags(write=False)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Timetable:
    """One or several merged GTFS feeds, ready for routing.

    Parameters
    ----------
    timezone
        IANA zone of every agency (``agency_timezone``); service-day times are local to it.
    trip_route, trip_service
        Per trip, the index of its route in ``routes`` and of its service in ``service_ids``.
    trip_start
        ``n_trips + 1`` offsets: trip ``t``'s stop times are ``trip_start[t]:trip_start[t+1]``.
    stop_time_stop
        Per stop time, the index of its stop in ``stops``.
    arrival_s, departure_s
        Per stop time, GTFS times in seconds (see the module docstring).
    pickup, drop_off
        Per stop time, whether passengers may board or alight (``pickup_type``/
        ``drop_off_type`` other than 1).
    service_days
        ``service_days[s, d]`` is true when service ``s`` runs on ``first_date + d`` days.
    """

    timezone: str
    feeds: tuple[FeedInfo, ...]
    stops: tuple[Stop, ...]
    routes: tuple[Route, ...]
    trips: tuple[Trip, ...]
    transfers: tuple[Transfer, ...] = ()
    service_ids: tuple[str, ...]
    first_date: dt.date
    service_days: NDArray[np.bool_]
    trip_route: NDArray[np.int32]
    trip_service: NDArray[np.int32]
    trip_start: NDArray[np.int64]
    stop_time_stop: NDArray[np.int32]
    arrival_s: NDArray[np.int32]
    departure_s: NDArray[np.int32]
    pickup: NDArray[np.bool_]
    drop_off: NDArray[np.bool_]
    _stop_index: dict[str, int] = field(init=False, repr=False)
    _children: dict[str, tuple[int, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        n_trips, n_stop_times = len(self.trips), len(self.stop_time_stop)
        shapes = {
            "trip_route": (self.trip_route.shape, (n_trips,)),
            "trip_service": (self.trip_service.shape, (n_trips,)),
            "trip_start": (self.trip_start.shape, (n_trips + 1,)),
            "arrival_s": (self.arrival_s.shape, (n_stop_times,)),
            "departure_s": (self.departure_s.shape, (n_stop_times,)),
            "pickup": (self.pickup.shape, (n_stop_times,)),
            "drop_off": (self.drop_off.shape, (n_stop_times,)),
            "service_days": (self.service_days.shape[:1], (len(self.service_ids),)),
        }
        for name, (got, want) in shapes.items():
            if got != want:
                msg = f"must have shape {want} (got {got})"
                raise InvalidInputError(name, msg)
        if n_trips and (self.trip_start[0] != 0 or self.trip_start[-1] != n_stop_times):
            msg = f"must run from 0 to {n_stop_times} (got {self.trip_start[[0, -1]]})"
            raise InvalidInputError("trip_start", msg)
        if np.any(self.departure_s < self.arrival_s):
            msg = "a departure precedes its arrival at the same stop"
            raise InvalidInputError("departure_s", msg)
        _read_only(
            self.service_days,
            self.trip_route,
            self.trip_service,
            self.trip_start,
            self.stop_time_stop,
            self.arrival_s,
            self.departure_s,
            self.pickup,
            self.drop_off,
        )
        index = {stop.stop_id: i for i, stop in enumerate(self.stops)}
        children: dict[str, list[int]] = {}
        for i, stop in enumerate(self.stops):
            if stop.parent_station is not None and stop.location_type == LOCATION_STOP:
                children.setdefault(stop.parent_station, []).append(i)
        object.__setattr__(self, "_stop_index", index)
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})

    @property
    def n_stops(self) -> int:
        """Return the number of stops and stations."""
        return len(self.stops)

    @property
    def n_trips(self) -> int:
        """Return the number of trips (frequency-based trips expanded)."""
        return len(self.trips)

    @property
    def n_stop_times(self) -> int:
        """Return the number of stop times."""
        return len(self.stop_time_stop)

    @property
    def last_date(self) -> dt.date:
        """Return the last date of the service-day matrix."""
        return self.first_date + dt.timedelta(days=max(0, self.service_days.shape[1] - 1))

    @property
    def validity(self) -> tuple[dt.date, dt.date]:
        """Return the first and last dates any service runs (``feed_info`` dates if wider).

        Raises
        ------
        InvalidInputError
            When no service runs on any date.
        """
        days = np.flatnonzero(self.service_days.any(axis=0))
        if not len(days):
            msg = "no service runs on any date"
            raise InvalidInputError("service_days", msg)
        first = self.first_date + dt.timedelta(days=int(days[0]))
        last = self.first_date + dt.timedelta(days=int(days[-1]))
        starts = [f.start_date for f in self.feeds if f.start_date is not None]
        ends = [f.end_date for f in self.feeds if f.end_date is not None]
        return min([first, *starts]), max([last, *ends])

    def stop_index(self, stop_id: str) -> int:
        """Return the index of ``stop_id`` in ``stops``.

        Raises
        ------
        InvalidInputError
            When the stop is not in the timetable.
        """
        try:
            return self._stop_index[stop_id]
        except KeyError:
            msg = f"unknown stop (got {stop_id!r})"
            raise InvalidInputError("stop_id", msg) from None

    def boarding_stops(self, stop_id: str) -> tuple[int, ...]:
        """Return the stops trips call at for ``stop_id``: a station's platforms, or itself."""
        i = self.stop_index(stop_id)
        if self.stops[i].location_type == LOCATION_STATION:
            return self._children.get(stop_id, ())
        return (i,)

    def day_index(self, day: dt.date) -> int | None:
        """Return the column of ``day`` in ``service_days``, or None outside the matrix."""
        d = (day - self.first_date).days
        return d if 0 <= d < self.service_days.shape[1] else None

    def trips_on(self, day: dt.date) -> NDArray[np.bool_]:
        """Return, per trip, whether it runs on service day ``day``."""
        d = self.day_index(day)
        if d is None:
            return np.zeros(self.n_trips, dtype=np.bool_)
        running: NDArray[np.bool_] = self.service_days[self.trip_service, d]
        return running

    def service_dates(self, service_id: str) -> tuple[dt.date, ...]:
        """Return the dates ``service_id`` runs, in order.

        Raises
        ------
        InvalidInputError
            When the service is not in the timetable.
        """
        try:
            s = self.service_ids.index(service_id)
        except ValueError:
            msg = f"unknown service (got {service_id!r})"
            raise InvalidInputError("service_id", msg) from None
        return tuple(
            self.first_date + dt.timedelta(days=int(d))
            for d in np.flatnonzero(self.service_days[s])
        )

    def covers(self, day: dt.date) -> bool:
        """Return whether ``day`` lies within the timetable's :attr:`validity`."""
        first, last = self.validity
        return first <= day <= last

    def trip_stop_times(self, trip: int) -> slice:
        """Return the slice of trip ``trip``'s stop times in the per-stop-time arrays."""
        return slice(int(self.trip_start[trip]), int(self.trip_start[trip + 1]))

    def summary(self) -> Mapping[str, int]:
        """Return counts of stops, routes, trips, stop times and services."""
        return {
            "stops": self.n_stops,
            "routes": len(self.routes),
            "trips": self.n_trips,
            "stop_times": self.n_stop_times,
            "services": len(self.service_ids),
        }
