"""Iterated local search over the set of visited nodes (insert / shake), in numpy.

This is the outer search of :func:`itinera.solver.solve`. It follows Vansteenwegen et al.
(2009)'s ILS for the TOPTW: a greedy *insertion* step adds, one at a time, the node with the best
``value**2 / delay`` ratio at its best feasible position (the delay being exact thanks to the
forward/backward times of :mod:`itinera.solver.schedule`), and a *shake* step removes a run of
consecutive visits from every route; the size and place of that run cycle so the search visits
ever new neighbourhoods. OR-Tools then improves the best solutions (see ``solve.py``).

Side constraints are kept satisfied at every step: allowed routes, allowed successors (as
forbidden arcs), the budget, at most one node per choice group, linked nodes inserted and removed
together. Required nodes and unsatisfied choice groups get a bonus above any prize, so they go
first.
"""

from __future__ import annotations

import math

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from itinera.solver.insertion import insertion_costs
from itinera.solver.schedule import INF, backward_times, forward_times

if TYPE_CHECKING:
    import random
    from collections.abc import Callable

    from numpy.typing import NDArray

    from itinera.solver.schedule import CompiledProblem


class _Route:
    """One route being searched: its sequence and timing arrays."""

    __slots__ = ("end_arrival", "index", "lat0", "lat1", "end0", "end1", "seq", "spec")

    def __init__(self, problem: CompiledProblem, index: int, visits: list[int]) -> None:
        self.index = index
        self.spec = problem.data.routes[index]
        self.seq = [self.spec.start, *visits, self.spec.end]
        self.refresh(problem)

    def refresh(self, problem: CompiledProblem) -> None:
        self.end0, self.end1, _ = forward_times(problem, self.spec, self.seq)
        self.lat0, self.lat1 = backward_times(problem, self.spec, self.seq)
        self.end_arrival = self.end1[-1]

    @property
    def visits(self) -> list[int]:
        return self.seq[1:-1]


@dataclass(slots=True)
class SearchSpace:
    """Static helpers of the search: candidates, values, groups and links."""

    problem: CompiledProblem
    cands: NDArray[np.int64]
    value: NDArray[np.float64]
    group_of: dict[int, int] = field(default_factory=dict)
    component: dict[int, tuple[int, ...]] = field(default_factory=dict)
    route_mask: NDArray[np.bool_] | None = None

    @classmethod
    def build(cls, problem: CompiledProblem) -> SearchSpace:
        """Return the search space of a compiled problem."""
        data = problem.data
        cands = np.array(data.candidates, dtype=np.int64)
        prize = data.prize.astype(np.float64)
        bonus = float(prize.sum()) + 1.0
        value = prize.copy()
        for node in data.required:
            value[node] += bonus
        group_of: dict[int, int] = {}
        for g, group in enumerate(data.choice_groups):
            for node in group:
                group_of[node] = g
        component = _linked_components(data.linked)
        mask = None
        if data.allowed_routes:
            mask = np.ones((data.num_routes, cands.size), dtype=bool)
            for c, node in enumerate(cands.tolist()):
                allowed = data.allowed_routes.get(node)
                if allowed is not None:
                    mask[:, c] = [r in allowed for r in range(data.num_routes)]
        space = cls(problem, cands, value, group_of, component, mask)
        space.group_bonus = bonus
        return space

    group_bonus: float = 0.0


def _linked_components(pairs: tuple[tuple[int, int], ...]) -> dict[int, tuple[int, ...]]:
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for node in list(parent):
        groups.setdefault(find(node), []).append(node)
    return {node: tuple(sorted(members)) for members in groups.values() for node in members}


class Solution:
    """A solution under search: routes plus the bookkeeping of side constraints."""

    def __init__(self, space: SearchSpace, routes: list[list[int]]) -> None:
        self.space = space
        problem = space.problem
        self.routes = [_Route(problem, r, list(v)) for r, v in enumerate(routes)]
        n = problem.data.num_nodes
        self.visited = np.zeros(n, dtype=bool)
        self.groups_used = [0] * len(problem.data.choice_groups)
        self.spent = 0
        for route in self.routes:
            for node in route.visits:
                self._mark(node, 1)

    def _mark(self, node: int, sign: int) -> None:
        self.visited[node] = sign > 0
        group = self.space.group_of.get(node)
        if group is not None:
            self.groups_used[group] += sign
        cost = self.space.problem.data.cost
        if cost is not None:
            self.spent += sign * int(cost[node])

    def copy(self) -> Solution:
        """Return an independent copy."""
        return Solution(self.space, self.node_routes())

    def node_routes(self) -> list[list[int]]:
        """Return the visits of each route."""
        return [route.visits for route in self.routes]

    def value(self) -> float:
        """Return the search value: prize plus the bonuses of required nodes and groups."""
        space = self.space
        total = float(space.value[self.visited].sum())
        return total + space.group_bonus * sum(1 for used in self.groups_used if used > 0)

    def duration(self) -> int:
        """Return the total time of the routes (tie-breaker: shorter is better)."""
        return sum(r.end_arrival - r.spec.earliest_start for r in self.routes)

    def key(self) -> tuple[float, int]:
        """Return the comparison key (larger is better)."""
        return (self.value(), -self.duration())

    def remove(self, route: _Route, positions: list[int]) -> None:
        """Remove the visits at ``positions`` (1-based in ``route.seq``) and their links."""
        nodes = {route.seq[p] for p in positions}
        for node in list(nodes):
            nodes.update(self.space.component.get(node, ()))
        touched = set()
        for other in self.routes:
            kept = [other.seq[0]]
            for node in other.seq[1:-1]:
                if node in nodes:
                    self._mark(node, -1)
                    touched.add(other.index)
                else:
                    kept.append(node)
            kept.append(other.seq[-1])
            other.seq = kept
        for index in touched:
            self.routes[index].refresh(self.space.problem)

    def insert(self, route: _Route, position: int, node: int) -> None:
        """Insert ``node`` after ``route.seq[position]``."""
        route.seq.insert(position + 1, node)
        route.refresh(self.space.problem)
        self._mark(node, 1)


class Inserter:
    """Greedy best-ratio insertion with per-route caching of the rating tables."""

    def __init__(self, space: SearchSpace) -> None:
        self.space = space
        m = space.problem.data.num_routes
        c = space.cands.size
        self.ratio = np.full((m, c), -1.0)
        self.position = np.zeros((m, c), dtype=np.int64)
        self.value_sq = space.value[space.cands] ** 2

    def _rate(self, solution: Solution, route: _Route, noise: NDArray[np.float64] | None) -> None:
        space = self.space
        r = route.index
        cols = np.flatnonzero(~solution.visited[space.cands] & (self.value_sq > 0))
        self.ratio[r] = -1.0
        if cols.size == 0:
            return
        costs = insertion_costs(
            space.problem,
            route.spec.lunch,
            route.seq,
            (route.end0, route.end1, route.lat0, route.lat1),
            space.cands[cols],
        )
        best_pos = costs.argmin(axis=0)
        best = costs[best_pos, np.arange(cols.size)]
        ratio = self.value_sq[cols] / (np.maximum(best, 0) + 1.0)
        if noise is not None:
            ratio = ratio * noise[cols]
        ratio[best >= INF] = -1.0
        if space.route_mask is not None:
            ratio[~space.route_mask[r, cols]] = -1.0
        self.ratio[r, cols] = ratio
        self.position[r, cols] = best_pos

    def _available(self, solution: Solution) -> NDArray[np.bool_]:
        space = self.space
        data = space.problem.data
        cands = space.cands
        ok = ~solution.visited[cands] & (self.value_sq > 0)
        if data.cost is not None and data.budget is not None:
            ok &= data.cost[cands] <= data.budget - solution.spent
        if space.group_of:
            for c, node in enumerate(cands.tolist()):
                group = space.group_of.get(node)
                if group is not None and solution.groups_used[group] > 0:
                    ok[c] = False
        return ok

    def fill(self, solution: Solution, noise: NDArray[np.float64] | None = None) -> None:
        """Insert nodes greedily until none fits.

        ``noise`` (one factor per candidate) multiplies the ratios, to diversify.
        """
        space = self.space
        for route in solution.routes:
            self._rate(solution, route, noise)
        blocked = np.zeros(space.cands.size, dtype=bool)
        while True:
            ok = self._available(solution) & ~blocked
            masked = np.where(ok[None, :], self.ratio, -1.0)
            flat = int(masked.argmax())
            r, c = divmod(flat, space.cands.size)
            if masked[r, c] <= 0:
                return
            node = int(space.cands[c])
            route = solution.routes[r]
            solution.insert(route, int(self.position[r, c]), node)
            self._rate(solution, route, noise)
            members = space.component.get(node)
            if members and not self._insert_linked(solution, node, members, noise):
                blocked[c] = True

    def _insert_linked(
        self,
        solution: Solution,
        node: int,
        members: tuple[int, ...],
        noise: NDArray[np.float64] | None,
    ) -> bool:
        """Insert the other members of ``node``'s linked component, or undo everything."""
        space = self.space
        index = {int(v): i for i, v in enumerate(space.cands.tolist())}
        for other in members:
            if solution.visited[other]:
                continue
            c = index.get(other)
            if c is None or not self._available(solution)[c]:
                break
            r = int(self.ratio[:, c].argmax())
            if self.ratio[r, c] <= 0 and self.value_sq[c] > 0:
                break
            costs_ok = self.ratio[r, c] > 0 or self._force(solution, other, noise)
            if not costs_ok:
                break
            if self.ratio[r, c] > 0:
                route = solution.routes[r]
                solution.insert(route, int(self.position[r, c]), other)
                self._rate(solution, route, noise)
        else:
            return True
        for route in solution.routes:
            if node in route.seq:
                solution.remove(route, [route.seq.index(node)])
                break
        for route in solution.routes:
            self._rate(solution, route, noise)
        return False

    def _force(self, solution: Solution, node: int, noise: NDArray[np.float64] | None) -> bool:
        """Insert a zero-value ``node`` at its cheapest feasible place (for links)."""
        space = self.space
        best: tuple[int, int, int] | None = None
        cand = np.array([node], dtype=np.int64)
        for route in solution.routes:
            if space.route_mask is not None and not space.problem.data.route_may_visit(
                route.index, node
            ):
                continue
            costs = insertion_costs(
                space.problem,
                route.spec.lunch,
                route.seq,
                (route.end0, route.end1, route.lat0, route.lat1),
                cand,
            )[:, 0]
            k = int(costs.argmin())
            if costs[k] < INF and (best is None or costs[k] < best[0]):
                best = (int(costs[k]), route.index, k)
        if best is None:
            return False
        route = solution.routes[best[1]]
        solution.insert(route, best[2], node)
        self._rate(solution, route, noise)
        return True


@dataclass(slots=True)
class ShakeState:
    """Vansteenwegen's shake parameters: remove ``size`` visits from position ``start``."""

    start: int = 1
    size: int = 1


def shake(solution: Solution, state: ShakeState) -> None:
    """Remove ``state.size`` consecutive visits from each route, from ``state.start``."""
    for route in solution.routes:
        count = len(route.seq) - 2
        if count == 0:
            continue
        first = (state.start - 1) % count + 1
        positions = [(first - 1 + i) % count + 1 for i in range(min(state.size, count))]
        solution.remove(route, positions)


@dataclass(frozen=True, slots=True, kw_only=True)
class IlsConfig:
    """Tuning knobs of :func:`iterated_local_search` (defaults: the benchmark winners)."""

    perturbation: str = "shake"
    acceptance: str = "always"
    noise: float = 0.0
    remove_fraction: float = 0.3
    temperature: float = 0.0
    restart_after: int = 10


def _random_removal(solution: Solution, rng: random.Random, fraction: float) -> None:
    visits = [(r, p) for r in solution.routes for p in range(1, len(r.seq) - 1)]
    if not visits:
        return
    count = rng.randint(1, max(1, int(len(visits) * fraction)))
    chosen = rng.sample(visits, count)
    by_route: dict[int, list[int]] = {}
    for route, position in chosen:
        by_route.setdefault(route.index, []).append(position)
    for index, positions in by_route.items():
        route = solution.routes[index]
        nodes = [route.seq[p] for p in positions]
        solution.remove(route, [route.seq.index(v) for v in nodes if v in route.seq])


def iterated_local_search(
    space: SearchSpace,
    initial: Solution,
    rng: random.Random,
    *,
    should_stop: Callable[[int], bool],
    on_best: Callable[[Solution], None] | None = None,
    config: IlsConfig | None = None,
) -> tuple[Solution, int]:
    """Run the ILS from ``initial``; return the best solution and the iteration count.

    ``should_stop(iteration)`` is asked before every iteration.
    """
    config = config or IlsConfig()
    inserter = Inserter(space)
    current = initial.copy()
    inserter.fill(current)
    best = current.copy()
    best_key = best.key()
    current_key = best_key
    if on_best is not None:
        on_best(best)
    state = ShakeState()
    stale = 0
    iteration = 0
    max_size = max(2, space.cands.size // (3 * len(current.routes)))
    np_rng = np.random.default_rng(rng.getrandbits(32))
    while not should_stop(iteration):
        iteration += 1
        candidate = current if config.acceptance == "always" else current.copy()
        if config.perturbation == "shake":
            shake(candidate, state)
        else:
            _random_removal(candidate, rng, config.remove_fraction)
        noise = None
        if config.noise > 0:
            noise = 1.0 + config.noise * np_rng.random(space.cands.size)
        inserter.fill(candidate, noise)
        key = candidate.key()
        if key > best_key:
            best, best_key = candidate.copy(), key
            state.size = 1
            stale = 0
            if on_best is not None:
                on_best(best)
        else:
            state.size += 1
            stale += 1
        if config.acceptance == "sa":
            delta = key[0] - current_key[0]
            if delta >= 0 or rng.random() < math.exp(delta / max(config.temperature, 1e-9)):
                current, current_key = candidate, key
        else:
            current, current_key = candidate, key
        state.start += state.size
        shortest = min(len(r.seq) - 2 for r in current.routes)
        if shortest > 0 and state.start > shortest:
            state.start -= shortest
        if state.size > max_size:
            state.size = 1
        if stale > config.restart_after * max_size:
            current, current_key = best.copy(), best_key
            stale = 0
    return best, iteration
