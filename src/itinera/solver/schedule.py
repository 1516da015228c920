"""Exact timing of one route: earliest schedule, latest start times, the lunch break.

A route is ``start, v1, ..., vK, end``. Service at ``vk`` starts at the earliest point of one of
its windows at or after the arrival, and lasts ``service[vk]``; route start and end nodes have no
service. Arrival at the next node is the end of service plus the travel time.

The lunch break (if the route has one) starts at some ``b`` in ``[earliest_start,
latest_start]`` no earlier than the departure, lies between two stops, and the time between the
end of service at ``u`` and the start at the next stop ``w`` must hold both the travel and the
break. Taken between ``u`` (service ending at ``e``) and ``w``, the earliest arrival at ``w`` is
``max(e + travel, max(e, earliest_start)) + duration``, provided ``e <= latest_start`` (the break
may be taken during the trip, as OR-Tools vehicle breaks are). Every route with a lunch takes it.

Forward, :func:`forward_times` gives the earliest end of service at each position in two states:
``0`` (lunch still to take) and ``1`` (lunch taken, or no lunch). Backward,
:func:`backward_times` gives the latest start of service at each position from which the rest of
the route stays feasible, in the same two states. Both are exact with several windows per node,
because arriving earlier never hurts. :mod:`itinera.solver.insertion` builds on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import numpy as np

from itinera.solver.problem import UNREACHABLE

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

    from itinera.solver.problem import LunchBreak, ProblemData, RouteSpec

INF: Final[int] = 10**15
"""Infeasible time (earliest); ``-INF`` is an infeasible latest time."""

FORBIDDEN: Final[int] = 10**13
"""Travel time given to arcs that may not be used: any arrival after it misses every window."""


class CompiledProblem:
    """:class:`ProblemData` prepared for fast timing: plain lists and padded window arrays.

    Parameters
    ----------
    data
        The problem.
    """

    def __init__(self, data: ProblemData) -> None:
        self.data = data
        n = data.num_nodes
        terminals = data.terminals
        travel = np.array(data.travel, dtype=np.int64)
        travel[travel >= UNREACHABLE] = FORBIDDEN
        for node, allowed in data.allowed_successors.items():
            mask = np.ones(n, dtype=bool)
            mask[list(allowed)] = False
            travel[node, mask] = FORBIDDEN
        self.travel: NDArray[np.int64] = travel
        self.travel_t: NDArray[np.int64] = np.ascontiguousarray(travel.T)
        self.travel_rows: list[list[int]] = travel.tolist()
        service = np.array(data.service, dtype=np.int64)
        service[list(terminals)] = 0
        self.service: NDArray[np.int64] = service
        self.service_list: list[int] = service.tolist()
        self.windows = data.windows
        width = max(1, *(len(w) for w in data.windows))
        self.window_open = np.full((n, width), INF, dtype=np.int64)
        self.window_close = np.full((n, width), -1, dtype=np.int64)
        for node, node_windows in enumerate(data.windows):
            for k, (open_, close) in enumerate(node_windows):
                self.window_open[node, k] = open_
                self.window_close[node, k] = close
        self.single_window = width == 1

    def earliest_start(self, node: int, arrival: int) -> int:
        """Return the earliest service start of ``node`` at or after ``arrival`` (or ``INF``)."""
        for open_, close in self.windows[node]:
            if arrival <= close:
                return max(arrival, open_)
        return INF

    def latest_start(self, node: int, bound: int) -> int:
        """Return the latest service start of ``node`` at or before ``bound`` (or ``-INF``)."""
        for open_, close in reversed(self.windows[node]):
            if bound >= open_:
                return min(bound, close)
        return -INF


def lunch_arrival(end: int, travel: int, lunch: LunchBreak) -> int:
    """Return the earliest arrival after leaving at ``end`` with the break on the way."""
    if end > lunch.latest_start:
        return INF
    return max(end + travel, end, lunch.earliest_start) + lunch.duration


def forward_times(
    problem: CompiledProblem, spec: RouteSpec, seq: Sequence[int], *, is_end_last: bool = True
) -> tuple[list[int], list[int], list[bool]]:
    """Return the earliest end of service per position, lunch pending (0) and taken (1).

    Parameters
    ----------
    problem
        The compiled problem.
    spec
        The route.
    seq
        ``start, visits..., end``.
    is_end_last
        Whether ``seq[-1]`` is the route end (it has no window and no service).

    Returns
    -------
    tuple
        ``end0``, ``end1`` and ``lunch_here``: ``lunch_here[k]`` tells whether the best state-1
        time at ``k`` takes the break in the gap just before ``k``.
    """
    lunch = spec.lunch
    travel = problem.travel_rows
    service = problem.service_list
    size = len(seq)
    end0 = [INF] * size
    end1 = [INF] * size
    lunch_here = [False] * size
    if lunch is None:
        end1[0] = spec.earliest_start
    else:
        end0[0] = spec.earliest_start
    for k in range(1, size):
        u, w = seq[k - 1], seq[k]
        t = travel[u][w]
        last = is_end_last and k == size - 1
        a1 = end1[k - 1] + t
        if lunch is not None:
            a0 = end0[k - 1] + t
            s0 = _arrive_any(problem, spec, w, a0, is_end=last)
            end0[k] = s0 + service[w] if s0 < INF else INF
            via = lunch_arrival(end0[k - 1], t, lunch) if end0[k - 1] < INF else INF
            if via < a1:
                a1 = via
                lunch_here[k] = True
        s1 = _arrive_any(problem, spec, w, a1, is_end=last)
        end1[k] = s1 + service[w] if s1 < INF else INF
    return end0, end1, lunch_here


def _arrive_any(
    problem: CompiledProblem, spec: RouteSpec, node: int, arrival: int, *, is_end: bool
) -> int:
    if arrival >= INF:
        return INF
    if is_end:
        return arrival if arrival <= spec.latest_end else INF
    return problem.earliest_start(node, arrival)


def backward_times(
    problem: CompiledProblem, spec: RouteSpec, seq: Sequence[int]
) -> tuple[list[int], list[int]]:
    """Return the latest service start per position keeping the rest feasible.

    ``lat0[k]``: the break is still to take after ``k``; ``lat1[k]``: it was taken before
    (or there is none). ``-INF`` where impossible. Position 0 (the start) is bounded by the
    departure time window only.
    """
    lunch = spec.lunch
    travel = problem.travel_rows
    service = problem.service_list
    size = len(seq)
    lat0 = [-INF] * size
    lat1 = [-INF] * size
    lat1[-1] = spec.latest_end
    for k in range(size - 2, -1, -1):
        u, w = seq[k], seq[k + 1]
        t = travel[u][w]
        svc = service[u]
        bound1 = lat1[k + 1] - t - svc if lat1[k + 1] > -INF else -INF
        bound0 = -INF
        if lunch is not None:
            if lat0[k + 1] > -INF:
                bound0 = lat0[k + 1] - t - svc
            if lat1[k + 1] > -INF and lunch.earliest_start + lunch.duration <= lat1[k + 1]:
                end_max = min(lat1[k + 1] - t - lunch.duration, lunch.latest_start)
                bound0 = max(bound0, end_max - svc)
        if k == 0:
            lat1[0] = bound1 if bound1 >= spec.earliest_start else -INF
            lat0[0] = bound0 if bound0 >= spec.earliest_start else -INF
        else:
            lat1[k] = problem.latest_start(u, bound1) if bound1 > -INF else -INF
            lat0[k] = problem.latest_start(u, bound0) if bound0 > -INF else -INF
    return lat0, lat1


@dataclass(frozen=True, slots=True)
class RouteSchedule:
    """The earliest schedule of a feasible route.

    Attributes
    ----------
    starts
        Service start of each visit (route start and end excluded).
    end_arrival
        Arrival at the route end.
    lunch_start
        Start of the lunch break, or ``None`` if the route has none.
    """

    starts: tuple[int, ...]
    end_arrival: int
    lunch_start: int | None


def schedule_route(
    problem: CompiledProblem, route: int, visits: Sequence[int]
) -> RouteSchedule | None:
    """Return the earliest schedule of ``visits`` on ``route``, or ``None`` if infeasible.

    Windows, travel (forbidden arcs included) and the lunch break are checked; which nodes may
    be visited by which route, repetitions and global constraints are not (see
    :func:`itinera.solver.solution.check_solution`).
    """
    spec = problem.data.routes[route]
    seq = (spec.start, *visits, spec.end)
    end0, end1, lunch_here = forward_times(problem, spec, seq)
    if end1[-1] >= INF:
        return None
    service = problem.service_list
    size = len(seq)
    if spec.lunch is None:
        starts = tuple(end1[k] - service[seq[k]] for k in range(1, size - 1))
        return RouteSchedule(starts=starts, end_arrival=end1[-1], lunch_start=None)
    gap = size - 1
    while not lunch_here[gap]:
        gap -= 1
    starts = tuple((end0[k] if k < gap else end1[k]) - service[seq[k]] for k in range(1, size - 1))
    lunch_start = max(end0[gap - 1], spec.lunch.earliest_start)
    return RouteSchedule(starts=starts, end_arrival=end1[-1], lunch_start=lunch_start)
