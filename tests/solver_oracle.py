"""A slow, independent judge of generic solver solutions, and a brute-force optimum.

Written from the :class:`~itinera.solver.problem.ProblemData` contract only (no solver code):
a route departs its start at ``earliest_start``; service at a visit starts at the earliest
point of one of its windows at or after the arrival; the lunch break is tried in every gap
between two stops (it may not overlap a service, and the time between the two stops must hold
the travel and the break); the route must reach its end by ``latest_end``.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from itinera.solver.problem import UNREACHABLE

if TYPE_CHECKING:
    from collections.abc import Sequence

    from itinera.solver.problem import ProblemData


def _first_start(windows: Sequence[tuple[int, int]], arrival: int) -> int | None:
    starts = [max(arrival, o) for o, c in windows if arrival <= c]
    return min(starts) if starts else None


def _arc_ok(data: ProblemData, i: int, j: int) -> bool:
    if int(data.travel[i, j]) >= UNREACHABLE:
        return False
    allowed = data.allowed_successors.get(i)
    return allowed is None or j in allowed


def route_end_time(data: ProblemData, r: int, visits: Sequence[int]) -> int | None:
    """Return the earliest arrival at the route end, or ``None`` if the route is infeasible."""
    spec = data.routes[r]
    seq = [spec.start, *visits, spec.end]
    if not all(_arc_ok(data, a, b) for a, b in itertools.pairwise(seq)):
        return None
    gaps: list[int | None] = [None] if spec.lunch is None else list(range(len(seq) - 1))
    best: int | None = None
    for gap in gaps:
        end = _simulate(data, r, seq, gap)
        if end is not None and (best is None or end < best):
            best = end
    return best


def _simulate(
    data: ProblemData, r: int, seq: Sequence[int], gap: int | None, *, open_end: bool = False
) -> int | None:
    """Return the arrival at ``seq[-1]`` with the lunch in ``gap`` (``None``: infeasible).

    With ``open_end``, ``seq`` is a prefix: its last node is a visit, not the route end.
    """
    spec = data.routes[r]
    lunch = spec.lunch
    leave = spec.earliest_start  # end of service at the previous stop
    for k in range(len(seq) - 1):
        node = seq[k + 1]
        travel = int(data.travel[seq[k], node])
        ready = leave + travel
        if gap == k and lunch is not None:
            begin = max(leave, lunch.earliest_start)
            if begin > lunch.latest_start:
                return None
            ready = max(leave + travel + lunch.duration, begin + lunch.duration)
        if k + 1 == len(seq) - 1 and not open_end:
            return ready if ready <= spec.latest_end else None
        start = _first_start(data.windows[node], ready)
        if start is None:
            return None
        leave = start + int(data.service[node])
    return leave


def prefix_feasible(data: ProblemData, r: int, visits: Sequence[int]) -> bool:
    """Return whether every visit of this route prefix can be served (end not checked)."""
    spec = data.routes[r]
    seq = [spec.start, *visits]
    if not all(_arc_ok(data, a, b) for a, b in itertools.pairwise(seq)):
        return False
    gaps: list[int | None] = [None, *range(len(seq) - 1)] if spec.lunch else [None]
    return any(_simulate(data, r, seq, gap, open_end=True) is not None for gap in gaps)


def violations(data: ProblemData, routes: Sequence[Sequence[int]]) -> list[str]:
    """Return every broken rule of ``routes`` (empty: valid)."""
    found: list[str] = []
    if len(routes) != data.num_routes:
        return [f"{len(routes)} routes for {data.num_routes}"]
    terminals = {s.start for s in data.routes} | {s.end for s in data.routes}
    seen: list[int] = []
    for r, visits in enumerate(routes):
        for node in visits:
            allowed = data.allowed_routes.get(node)
            if node in terminals or not data.windows[node]:
                found.append(f"node {node} cannot be visited")
            if allowed is not None and r not in allowed:
                found.append(f"node {node} not allowed on route {r}")
        seen.extend(visits)
        if route_end_time(data, r, visits) is None:
            found.append(f"route {r} is infeasible")
    visited = set(seen)
    if len(visited) != len(seen):
        found.append("a node is visited twice")
    found.extend(f"required {n} missing" for n in data.required if n not in visited)
    found.extend(
        f"group {g} not exactly one"
        for g in data.choice_groups
        if sum(n in visited for n in g) != 1
    )
    found.extend(f"link {a}-{b} broken" for a, b in data.linked if (a in visited) != (b in visited))
    if data.budget is not None and data.cost is not None:
        spent = sum(int(data.cost[n]) for n in visited)
        if spent > data.budget:
            found.append(f"budget exceeded: {spent}")
    return found


def prize(data: ProblemData, routes: Sequence[Sequence[int]]) -> int:
    """Return the prize of the visited nodes."""
    return sum(int(data.prize[n]) for route in routes for n in route)


def brute_force_optimum(data: ProblemData) -> int:
    """Return the best prize over every valid solution (tiny problems only).

    Depth-first: each route is extended node by node while it stays feasible, then the next
    route is built from the remaining nodes.
    """
    terminals = {s.start for s in data.routes} | {s.end for s in data.routes}
    nodes = [n for n in range(data.num_nodes) if n not in terminals and data.windows[n]]
    best = -1

    def extend(r: int, routes: list[list[int]], used: set[int]) -> None:
        nonlocal best
        if r == data.num_routes:
            if not violations(data, routes):
                best = max(best, prize(data, routes))
            return
        extend(r + 1, [*routes, []], used)
        stack: list[list[int]] = [[]]
        while stack:
            prefix = stack.pop()
            for node in nodes:
                if node in used or node in prefix:
                    continue
                candidate = [*prefix, node]
                if not prefix_feasible(data, r, candidate):
                    continue
                if route_end_time(data, r, candidate) is not None:
                    extend(r + 1, [*routes, candidate], used | set(candidate))
                stack.append(candidate)

    extend(0, [], set())
    return best
