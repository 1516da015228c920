"""Profile queries: every Pareto-optimal (departure, arrival) pair in a departure window.

"All departures from Carcassonne to Narbonne between 08:00 and 11:00": a journey leaving
later and arriving no later dominates. The answer is computed from earliest-arrival queries
(:class:`~itinera.graph.transit.TransitRouter`) at the only departure times that matter: the
latest moments to leave the origin and still catch each vehicle departing from it or from a
stop a footpath away. Between two such moments, waiting at the origin changes nothing, so the
pairs found are exactly the Pareto set (the idea of rRAPTOR, Delling, Pajor & Werneck 2012,
applied to CSA one departure at a time rather than in one backward scan: windows of a few
hours hold few departures, and each query is pruned to the targets).

Journeys that only walk are not listed: they exist at any departure time. Each target's
:attr:`Profile.walk_s` gives that baseline instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from itinera.graph.transit import UNREACHED

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Collection

    from itinera.graph.footpaths import Footpaths
    from itinera.graph.transit import TransitJourney, TransitRouter


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileEntry:
    """One Pareto-optimal journey; ``depart_s`` is the latest time to be at the origin."""

    depart_s: int
    arrival_s: int
    journey: TransitJourney


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    """The Pareto set to one target, ``entries`` sorted by departure (and so by arrival)."""

    target: str
    entries: tuple[ProfileEntry, ...]
    walk_s: int | None

    def earliest_arrival(self, depart_s: int) -> int | None:
        """Return the earliest arrival when leaving at ``depart_s``, walking included, or None.

        Exact for ``depart_s`` inside the queried window when the best journey boards inside
        it too.
        """
        later = [e.arrival_s for e in self.entries if e.depart_s >= depart_s]
        if self.walk_s is not None:
            later.append(depart_s + self.walk_s)
        return min(later, default=None)


def departure_candidates(
    router: TransitRouter, origin: str, day: dt.date, window_start_s: int, window_end_s: int
) -> list[int]:
    """Return the latest leaving times catching each vehicle in the window, latest first."""
    tt, fp = router.timetable, router.footpaths
    offsets: dict[int, int] = {}
    for o in tt.boarding_stops(origin):
        offsets[o] = min(offsets.get(o, router.boarding_buffer_s), router.boarding_buffer_s)
        for j in range(int(fp.start[o]), int(fp.start[o + 1])):
            u, ready = int(fp.to_stop[j]), int(fp.ready_s[j])
            offsets[u] = min(offsets.get(u, ready), ready)
    conns = router.connections(day)
    latest = window_end_s + max(offsets.values(), default=0)
    found: set[int] = set()
    for c in range(len(conns.departure)):
        dep = conns.departure[c]
        if dep > latest:
            break
        stop = conns.from_stop[c]
        if stop in offsets and conns.can_board[c]:
            leave = dep - offsets[stop]
            if window_start_s <= leave <= window_end_s:
                found.add(leave)
    return sorted(found, reverse=True)


def profile_query(
    router: TransitRouter,
    origin: str,
    targets: Collection[str],
    day: dt.date,
    window_start_s: int,
    window_end_s: int,
) -> dict[str, Profile]:
    """Return, per target, every Pareto-optimal journey leaving in the window.

    Parameters
    ----------
    origin, targets
        Stop ids (stations mean all their platforms).
    day
        The query date.
    window_start_s, window_end_s
        The window of times to leave the origin, seconds as in :mod:`itinera.graph.transit`.

    Raises
    ------
    InvalidInputError
        When a stop is unknown or ``day`` is outside the timetable.
    """
    tt, fp = router.timetable, router.footpaths
    best = dict.fromkeys(targets, UNREACHED)
    entries: dict[str, list[ProfileEntry]] = {t: [] for t in targets}
    for leave in departure_candidates(router, origin, day, window_start_s, window_end_s):
        result = router.earliest_arrivals(origin, day, leave, targets=targets)
        for target in targets:
            arrival = result.arrival_at(target)
            if arrival is None or arrival >= best[target]:
                continue
            journey = result.journey_to(target)
            if journey is None or not journey.rides:
                continue
            best[target] = arrival
            entries[target].append(ProfileEntry(depart_s=leave, arrival_s=arrival, journey=journey))
    origins = tt.boarding_stops(origin)
    return {
        target: Profile(
            target=target,
            entries=tuple(reversed(entries[target])),
            walk_s=_walk_s(fp, origins, tt.boarding_stops(target)),
        )
        for target in targets
    }


def _walk_s(fp: Footpaths, origins: tuple[int, ...], stops: tuple[int, ...]) -> int | None:
    """Return the shortest direct walk between two sets of stops (0 if they share one)."""
    best = None
    for a in origins:
        for b in stops:
            k = None if a == b else fp.between(a, b)
            walk = 0 if a == b else None if k is None else int(fp.walk_s[k])
            if walk is not None and (best is None or walk < best):
                best = walk
    return best
