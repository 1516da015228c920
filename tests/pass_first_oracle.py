"""Enumerated optimum of pass-first planning on tiny destinations (tests only).

Every itinerary the day replayer can build is enumerated: for every choice of overnight stops,
every order of every subset of the candidate sites on each day, replayed on the timetable
(:class:`~itinera.solver.expand.DayReplayer`, the same replay the planner uses), kept if the
independent checker accepts it. Nothing of the solver's search is used.

Pruning is exact: the replay serves visits one after the other, so a prefix whose visits cannot
all be served (checked by replaying the prefix and ending where it stands) has no feasible
extension.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from itinera.checker.feasibility import check_itinerary
from itinera.graph.build import build_destination_graph
from itinera.graph.journeys import JourneyPlanner
from itinera.model.itinerary import Itinerary
from itinera.model.pricing import entry_cost_lines
from itinera.solver.expand import DayReplayer
from itinera.solver.trip_problem import PRIZE_SCALE, visit_prize

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from itinera.model.destination import Destination
    from itinera.model.ids import PlaceId
    from itinera.model.itinerary import DayPlan
    from itinera.model.trip_request import TripRequest


@dataclass(frozen=True, slots=True)
class _Day:
    visits: frozenset[PlaceId]
    plan: DayPlan


def day_plans(
    replayer: DayReplayer,
    day_index: int,
    start: str,
    end: str,
    candidates: Sequence[PlaceId],
) -> list[_Day]:
    """Return every feasible replayed day from ``start`` to ``end`` (one per visit order)."""
    found: list[_Day] = []
    empty = replayer.day_plan(day_index, start, (), end)
    if empty is not None:
        found.append(_Day(frozenset(), empty))
    stack: list[tuple[PlaceId, ...]] = [()]
    while stack:
        prefix = stack.pop()
        for place in candidates:
            if place in prefix:
                continue
            trial = (*prefix, place)
            if replayer.day_plan(day_index, start, trial, place) is None:
                continue  # the visits themselves cannot all be served: no extension can
            stack.append(trial)
            plan = replayer.day_plan(day_index, start, trial, end)
            if plan is not None:
                found.append(_Day(frozenset(trial), plan))
    return found


def enumerate_itineraries(
    request: TripRequest, destination: Destination, candidates: Sequence[PlaceId]
) -> Iterator[Itinerary]:
    """Yield every itinerary of 1 or 2 days over ``candidates`` that the checker accepts."""
    planner = JourneyPlanner(build_destination_graph(destination), request.profile)
    replayer = DayReplayer(request, destination, planner)
    hotels = [p.id for p in destination.accommodations if p.id not in request.excluded]
    nights = [[]] if request.days == 1 else [[h] for h in hotels]
    for overnight in nights:
        stops = [request.origin, *overnight, request.destination]
        per_day = [
            day_plans(replayer, d, stops[d], stops[d + 1], candidates) for d in range(request.days)
        ]
        for combo in itertools.product(*per_day):
            visited = [p for day in combo for p in day.visits]
            if len(set(visited)) < len(visited):
                continue  # a site visited twice
            itinerary = _itinerary(request, destination, [day.plan for day in combo])
            if not check_itinerary(itinerary, destination):
                yield itinerary


def _itinerary(
    request: TripRequest, destination: Destination, days: Sequence[DayPlan]
) -> Itinerary:
    places = [destination.places[v.place_id] for day in days for v in day.visits]
    costs = tuple(line for p in places for line in entry_cost_lines(p, request.profile))
    return Itinerary(
        request=request,
        days=tuple(days),
        costs=costs,
        total_cost_cents=sum(line.total_cents for line in costs),
        score=sum(visit_prize(p, request) for p in places) / PRIZE_SCALE,
    )
