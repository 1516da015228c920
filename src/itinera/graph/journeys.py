"""Earliest-arrival car-free journeys between places, for one party on one date.

A time-dependent Dijkstra over the destination graph: walking and cycling edges can be taken
at any time, timetabled edges at their next departure (the traveller at the stop
``BOARDING_BUFFER_S`` before), and the rides of the destination's GTFS timetable on the date
(:mod:`itinera.graph.rides`, found in ``G.graph["rides"]``) at the earliest-arriving trip the
party can board. All these travel times are FIFO, so Dijkstra is exact.
"""

from __future__ import annotations

import heapq
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from itinera.graph.build import REFERENCE_WALK_SPEED_MPS, build_destination_graph
from itinera.model.link import Link, Mode

if TYPE_CHECKING:
    import datetime as dt

    import networkx as nx

    from itinera.graph.rides import Ride, RideIndex
    from itinera.model.destination import Destination
    from itinera.model.emissions import EmissionClass
    from itinera.model.traveller import TravellerProfile

MIN_CYCLING_AGE = 8

DAY_S = 24 * 3600

SEARCH_CACHE_SIZE = 8192
"""One-to-all searches a planner keeps (about 8 KB each on the embedded graph); the cache is
emptied when it is full."""

SHARED_PLANNERS = 6
"""Planners :func:`shared_planner` keeps, one per destination and journey class."""

JourneyClass = tuple[int, float, bool, bool]
"""What of a traveller profile decides its journeys (:func:`journey_class`)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Hop:
    """One link taken at a given time (seconds from local midnight of the journey's date).

    A ride on a GTFS trip has its ``trip_id`` and the CO2 ``emission_class`` of its vehicle.
    """

    link: Link
    depart_s: int
    arrive_s: int
    distance_m: int
    trip_id: str | None = None
    emission_class: EmissionClass | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Journey:
    """A sequence of hops from one place to another; empty when origin and target coincide."""

    hops: tuple[Hop, ...]
    ready_s: int
    arrive_s: int

    @property
    def duration_s(self) -> int:
        """Return the time from being ready to leave until arrival, waiting included."""
        return self.arrive_s - self.ready_s


_Parent = tuple[str, "Link | Ride", int, int, int]
"""How a place was reached: previous place, link or ride, departure, arrival, distance."""
_Search = tuple[dict[str, int], dict[str, _Parent]]
"""One one-to-all search: earliest arrival per place, and how each was reached."""


class JourneyPlanner:
    """Earliest-arrival queries on a destination graph for one traveller profile."""

    def __init__(self, G: nx.MultiDiGraph[str], profile: TravellerProfile) -> None:
        self._profile = profile
        self._rides: RideIndex | None = G.graph.get("rides")
        self._ride_hops: dict[Ride, Hop] = {}
        self._searches: dict[tuple[str, object, int, int], _Search] = {}
        self._day_keys: dict[dt.date, object] = {}
        self._out: dict[str, list[tuple[str, Link, int, int]]] = {n: [] for n in G}
        for a, b, data in G.edges(data=True):
            link: Link = data["link"]
            if not self._usable(link):
                continue
            self._out[a].append((b, link, walk_duration_s(link, profile), link.distance_m))
        self._timetabled = tuple(
            link for edges in self._out.values() for _, link, _, _ in edges if link.is_timetabled
        )

    def earliest_arrivals(
        self, origin: str, day: dt.date, ready_s: int, *, latest_s: int | None = None
    ) -> dict[str, Journey]:
        """Return the earliest-arrival journey from ``origin`` to every reachable place.

        Parameters
        ----------
        origin
            Place id to leave from.
        day
            Local date (decides which services run).
        ready_s
            When the party is ready to leave, in seconds from local midnight.
        latest_s
            Ignore arrivals after this time (defaults to the end of the day).
        """
        limit = latest_s if latest_s is not None else DAY_S
        best, parent = self._search(origin, day, ready_s, limit)
        return {node: self._unwind(node, origin, ready_s, best[node], parent) for node in best}

    def journey(self, origin: str, target: str, day: dt.date, ready_s: int) -> Journey | None:
        """Return the earliest-arrival journey to ``target``, or None if it can't be reached.

        Notes
        -----
        The planner asks the same few hundred (origin, date, time) questions thousands of times
        while it replays and extends a plan, so the one-to-all search behind each is kept (up to
        :data:`SEARCH_CACHE_SIZE` of them) and only the target's journey is rebuilt.
        """
        best, parent = self._search(origin, day, ready_s, DAY_S)
        if target not in best:
            return None
        return self._unwind(target, origin, ready_s, best[target], parent)

    def _day_key(self, day: dt.date) -> object:
        """Return a key equal for two dates on which every link and ride runs alike."""
        key = self._day_keys.get(day)
        if key is None:
            pattern = tuple(link.runs_on(day) for link in self._timetabled)
            key = self._day_keys[day] = (self.service_key(day), pattern)
        return key

    def _search(self, origin: str, day: dt.date, ready_s: int, limit: int) -> _Search:
        # Searches depend on the date only through what runs on it: dates alike share them.
        key = (origin, self._day_key(day), ready_s, limit)
        found = self._searches.get(key)
        if found is None:
            if len(self._searches) >= SEARCH_CACHE_SIZE:
                self._searches.clear()
            found = self._searches[key] = self._dijkstra(origin, day, ready_s, limit)
        return found

    def _dijkstra(self, origin: str, day: dt.date, ready_s: int, limit: int) -> _Search:
        best: dict[str, int] = {origin: ready_s}
        parent: dict[str, _Parent] = {}
        rides = (
            self._rides.edges_on(day, step_free=self._profile.needs_step_free_access)
            if self._rides is not None
            else {}
        )
        queue = [(ready_s, origin)]
        while queue:
            t, node = heapq.heappop(queue)
            if t > best.get(node, limit + 1):
                continue
            for target, link, duration_s, distance_m in self._out[node]:
                depart = link.next_departure_s(day, t)
                if depart is None:
                    continue
                arrive = depart + duration_s
                if arrive <= limit and arrive < best.get(target, limit + 1):
                    best[target] = arrive
                    parent[target] = (node, link, depart, arrive, distance_m)
                    heapq.heappush(queue, (arrive, target))
            for edge in rides.get(node, ()):
                ride = edge.next_ride(t)
                if ride is None:
                    continue
                arrive = ride.arrive_s
                if arrive <= limit and arrive < best.get(edge.target, limit + 1):
                    best[edge.target] = arrive
                    parent[edge.target] = (node, ride, ride.depart_s, arrive, -1)
                    heapq.heappush(queue, (arrive, edge.target))
        return best, parent

    def service_key(self, day: dt.date) -> bytes:
        """Return a key equal for two dates on which the same GTFS trips run."""
        return self._rides.service_key(day) if self._rides is not None else b""

    def _unwind(
        self,
        node: str,
        origin: str,
        ready_s: int,
        arrive_s: int,
        parent: dict[str, _Parent],
    ) -> Journey:
        hops: list[Hop] = []
        while node != origin:
            node, how, depart, arrive, distance_m = parent[node]
            hops.append(self._hop(how, depart, arrive, distance_m))
        return Journey(hops=tuple(reversed(hops)), ready_s=ready_s, arrive_s=arrive_s)

    def _hop(self, how: Link | Ride, depart_s: int, arrive_s: int, distance_m: int) -> Hop:
        if isinstance(how, Link):
            return Hop(link=how, depart_s=depart_s, arrive_s=arrive_s, distance_m=distance_m)
        hop = self._ride_hops.get(how)
        if hop is None:
            assert self._rides is not None  # noqa: S101 - rides come from the ride index
            link = self._rides.link_of(how)
            hop = self._ride_hops[how] = Hop(
                link=link,
                depart_s=depart_s,
                arrive_s=arrive_s,
                distance_m=link.distance_m,
                trip_id=self._rides.trip_id(how),
                emission_class=self._rides.emission_class(how.trip),
            )
        return hop

    def _usable(self, link: Link) -> bool:
        if link.mode is Mode.WALK:
            return link.distance_m <= self._profile.max_walk_m
        if link.mode is Mode.BIKE:
            youngest = min(self._profile.children_ages, default=99)
            return not self._profile.needs_step_free_access and youngest >= MIN_CYCLING_AGE
        return True


def journey_class(profile: TravellerProfile) -> JourneyClass:
    """Return what of ``profile`` decides its journeys; profiles of one class travel alike.

    That is the longest walk, the walking speed, step-free access and whether the party cycles
    (:meth:`JourneyPlanner._usable`, :func:`walk_duration_s`).
    """
    youngest = min(profile.children_ages, default=MIN_CYCLING_AGE)
    return (
        profile.max_walk_m,
        profile.walk_speed_mps,
        profile.needs_step_free_access,
        youngest >= MIN_CYCLING_AGE,
    )


_shared: OrderedDict[tuple[int, JourneyClass], tuple[Destination, JourneyPlanner]] = OrderedDict()
_shared_lock = threading.Lock()


def shared_planner(destination: Destination, profile: TravellerProfile) -> JourneyPlanner:
    """Return a journey planner for ``profile`` on ``destination``, shared between calls.

    Notes
    -----
    A server plans many trips on one destination for a handful of journey classes (families,
    couples, seniors...). Sharing the planner shares its one-to-all searches between requests,
    which makes the typical travel-time matrix of a repeated pattern (same weekdays, same
    class) a lookup instead of hundreds of searches. The last :data:`SHARED_PLANNERS` are kept;
    the destination itself is held so that its ``id`` cannot be reused while cached.
    """
    key = (id(destination), journey_class(profile))
    with _shared_lock:
        entry = _shared.get(key)
        if entry is not None and entry[0] is destination:
            _shared.move_to_end(key)
            return entry[1]
    planner = JourneyPlanner(build_destination_graph(destination), profile)
    with _shared_lock:
        _shared[key] = (destination, planner)
        while len(_shared) > SHARED_PLANNERS:
            _shared.popitem(last=False)
    return planner


def walk_duration_s(link: Link, profile: TravellerProfile) -> int:
    """Return how long ``profile`` takes on ``link``: walks scale with the party's speed."""
    if link.mode is Mode.WALK:
        return round(link.duration_s * REFERENCE_WALK_SPEED_MPS / profile.walk_speed_mps)
    return link.duration_s
