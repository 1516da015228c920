"""Turn a trip request into the generic routing problem, and the solution back into days.

One route per day. Day 0 starts at the origin gateway, the last day ends at the destination
gateway. Every night ``n`` is a choice among accommodation places, modelled by an *evening* node
(last stop of day ``n``, followed only by that day's end) and a *morning* node (first stop of day
``n + 1``, reached only from that day's start), linked so that both are visited or neither, and
grouped so that exactly one evening node is chosen per night. Time is seconds from local
midnight of the first day (day ``d`` spans ``d * 86 400`` plus local seconds).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np

from itinera.graph.travel_times import UNREACHABLE_S
from itinera.model.opening_hours import SECONDS_PER_DAY
from itinera.solver.problem import UNREACHABLE, LunchBreak, ProblemData, RouteSpec

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from numpy.typing import NDArray

    from itinera.model.destination import Destination
    from itinera.model.ids import PlaceId
    from itinera.model.place import Place
    from itinera.model.trip_request import TripRequest
    from itinera.solver.result import SolveResult

PRIZE_SCALE = 100
"""Prize units per interest point (scores have one decimal, so this is exact)."""

OVERNIGHT_PRIZE = 1
"""A token prize on evening and morning nodes so that insertion heuristics consider them (a
visit is worth at least ``PRIZE_SCALE`` times more, so it never changes which sites win)."""

OFF_THEME_WEIGHT = 0.2
"""Share of its interest an attraction outside the requested themes still brings."""


class NodeRole(StrEnum):
    """What a node of the trip problem stands for."""

    VISIT = "visit"
    EVENING = "evening"
    MORNING = "morning"
    DAY_START = "day_start"
    DAY_END = "day_end"
    ORIGIN = "origin"
    DESTINATION = "destination"


@dataclass(frozen=True, slots=True, kw_only=True)
class TripNode:
    """A node of the trip problem: its role, its place (None for dummies) and its day."""

    role: NodeRole
    place_id: PlaceId | None
    day: int


@dataclass(frozen=True, slots=True, kw_only=True)
class DaySkeleton:
    """The solver's decision for one day: the visits in order and where the party sleeps."""

    visits: tuple[PlaceId, ...]
    overnight: PlaceId | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TripProblem:
    """The generic problem for a request, with the meaning of every node."""

    data: ProblemData
    nodes: tuple[TripNode, ...]

    def skeleton(self, result: SolveResult) -> tuple[DaySkeleton, ...]:
        """Return the per-day visits and overnight stops of a solution."""
        days = []
        for route in result.routes:
            visits = tuple(
                place
                for i in route
                if self.nodes[i].role is NodeRole.VISIT and (place := self.nodes[i].place_id)
            )
            evenings = [
                self.nodes[i].place_id for i in route if self.nodes[i].role is NodeRole.EVENING
            ]
            days.append(DaySkeleton(visits=visits, overnight=evenings[0] if evenings else None))
        return tuple(days)


def visit_prize(place: Place, request: TripRequest) -> int:
    """Return the prize of visiting ``place`` for this request (interest, theme-weighted)."""
    on_theme = not request.themes or bool(place.themes & request.themes)
    weight = 1.0 if on_theme else OFF_THEME_WEIGHT
    return round(place.score * weight * PRIZE_SCALE)


def visit_windows(
    place: Place, dates: Sequence[dt.date], visit_s: int
) -> tuple[tuple[int, int], ...]:
    """Return the allowed visit start times over the trip, in trip seconds.

    A visit must fit entirely inside one opening interval of its date.
    """
    windows = []
    for d, day in enumerate(dates):
        for start_s, end_s in place.opening_hours.intervals_on(day):
            if end_s - start_s >= visit_s:
                windows.append(
                    (d * SECONDS_PER_DAY + start_s, d * SECONDS_PER_DAY + end_s - visit_s)
                )
    return tuple(windows)


def build_trip_problem(
    request: TripRequest,
    destination: Destination,
    *,
    candidates: Sequence[PlaceId],
    hotels: Sequence[PlaceId],
    travel_s: NDArray[np.int64],
    matrix_ids: Sequence[PlaceId],
) -> TripProblem:
    """Return the routing problem for ``request``.

    Parameters
    ----------
    candidates
        Attractions the party may visit (already filtered for theme, access, opening, reach).
    hotels
        Accommodation places to choose the nights from.
    travel_s
        Typical door-to-door travel times between ``matrix_ids`` (``UNREACHABLE_S`` if none).
    matrix_ids
        Row/column order of ``travel_s``; must contain the candidates, hotels and gateways.
    """
    profile = request.profile
    dates = request.dates
    last = request.days - 1
    nodes: list[TripNode] = [TripNode(role=NodeRole.ORIGIN, place_id=request.origin, day=0)]
    nodes.append(TripNode(role=NodeRole.DESTINATION, place_id=request.destination, day=last))
    nodes += [TripNode(role=NodeRole.DAY_END, place_id=None, day=d) for d in range(last)]
    nodes += [
        TripNode(role=NodeRole.DAY_START, place_id=None, day=d) for d in range(1, request.days)
    ]
    nodes += [TripNode(role=NodeRole.VISIT, place_id=p, day=-1) for p in candidates]
    for night in range(last):
        nodes += [TripNode(role=NodeRole.EVENING, place_id=h, day=night) for h in hotels]
        nodes += [TripNode(role=NodeRole.MORNING, place_id=h, day=night + 1) for h in hotels]
    index = {(node.role, node.place_id, node.day): i for i, node in enumerate(nodes)}

    travel = _node_travel(nodes, travel_s, {p: i for i, p in enumerate(matrix_ids)})
    service = np.zeros(len(nodes), dtype=np.int64)
    prize = np.zeros(len(nodes), dtype=np.int64)
    cost = np.zeros(len(nodes), dtype=np.int64)
    horizon = ((0, request.days * SECONDS_PER_DAY),)
    windows: list[tuple[tuple[int, int], ...]] = [horizon] * len(nodes)
    allowed_routes: dict[int, frozenset[int]] = {}
    allowed_successors: dict[int, frozenset[int]] = {}
    for i, node in enumerate(nodes):
        if node.role is NodeRole.VISIT and node.place_id is not None:
            place = destination.places[node.place_id]
            service[i] = profile.visit_duration_s(place)
            prize[i] = visit_prize(place, request)
            cost[i] = profile.entry_price_cents(place.prices)
            windows[i] = visit_windows(place, dates, int(service[i]))
        elif node.role in {NodeRole.EVENING, NodeRole.MORNING}:
            prize[i] = OVERNIGHT_PRIZE
            allowed_routes[i] = frozenset({node.day})
            windows[i] = ((node.day * SECONDS_PER_DAY, (node.day + 1) * SECONDS_PER_DAY - 1),)
            if node.role is NodeRole.EVENING:
                allowed_successors[i] = frozenset({index[(NodeRole.DAY_END, None, node.day)]})

    routes = tuple(
        RouteSpec(
            start=index[(NodeRole.DAY_START, None, d)] if d else 0,
            end=index[(NodeRole.DAY_END, None, d)] if d < last else 1,
            earliest_start=d * SECONDS_PER_DAY + profile.day_start_s,
            latest_end=d * SECONDS_PER_DAY + profile.day_end_s,
            lunch=LunchBreak(
                earliest_start=d * SECONDS_PER_DAY + profile.lunch_earliest_s,
                latest_start=d * SECONDS_PER_DAY + profile.lunch_latest_s,
                duration=profile.lunch_s,
            ),
        )
        for d in range(request.days)
    )
    data = ProblemData(
        travel=travel,
        service=service,
        prize=prize,
        windows=tuple(windows),
        routes=routes,
        required=frozenset(
            index[(NodeRole.VISIT, p, -1)]
            for p in request.must_see
            if (NodeRole.VISIT, p, -1) in index
        ),
        choice_groups=tuple(
            tuple(index[(NodeRole.EVENING, h, night)] for h in hotels) for night in range(last)
        ),
        allowed_routes=allowed_routes,
        allowed_successors=allowed_successors,
        linked=tuple(
            (index[(NodeRole.EVENING, h, night)], index[(NodeRole.MORNING, h, night + 1)])
            for night in range(last)
            for h in hotels
        ),
        cost=cost,
        budget=request.budget_cents,
    )
    return TripProblem(data=data, nodes=tuple(nodes))


def _node_travel(
    nodes: Sequence[TripNode], travel_s: NDArray[np.int64], position: dict[PlaceId, int]
) -> NDArray[np.int64]:
    """Return node-to-node travel: place-to-place times, and the hops to and from dummies.

    A morning can only be reached from its day's start (so it is always first). Every node may
    go to a day-end dummy at no cost, and a day-start dummy may go to every node at no cost:
    these free hops keep a partial solution feasible while a search builds it one insertion at
    a time. A complete solution never uses them to skip a night: every night's evening is
    required (choice group), may only be followed by the day's end, and is linked to the next
    morning, which sits right after the next day's start.
    """
    n = len(nodes)
    travel = np.full((n, n), UNREACHABLE, dtype=np.int64)
    placed = [i for i, node in enumerate(nodes) if node.place_id is not None]
    rows = np.array([position[nodes[i].place_id] for i in placed], dtype=np.int64)  # type: ignore[index]
    sub = travel_s[np.ix_(rows, rows)]
    travel[np.ix_(placed, placed)] = np.where(sub == UNREACHABLE_S, UNREACHABLE, sub)
    for i, node in enumerate(nodes):
        if node.role is NodeRole.DAY_END:
            travel[:, i] = 0
        elif node.role is NodeRole.DAY_START:
            travel[i, :] = 0
    for i, node in enumerate(nodes):
        if node.role is NodeRole.MORNING:
            travel[:, i] = UNREACHABLE
            start = next(
                j for j, m in enumerate(nodes) if m.role is NodeRole.DAY_START and m.day == node.day
            )
            travel[start, i] = 0
    for i, node in enumerate(nodes):
        if node.role in {NodeRole.DAY_START, NodeRole.DAY_END}:
            travel[i, [j for j, m in enumerate(nodes) if m.role is NodeRole.DAY_START]] = (
                UNREACHABLE
            )
            travel[[j for j, m in enumerate(nodes) if m.role is NodeRole.DAY_END], i] = UNREACHABLE
    np.fill_diagonal(travel, 0)
    return travel
