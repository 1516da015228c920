"""Iterated local search over the set of visited nodes: ruin, greedy recreate, replace.

This is the main search of :func:`itinera.solver.solve`, after Vansteenwegen et al. (2009)'s
ILS for the TOPTW, with what measured better on the TOPTW benchmark
(``benchmarks/bench_toptw.py``; mean gaps on a 15-row subset of hard rows at 3 s):

* *recreate*: insert, one at a time, the node with the best ``value**2 / delay`` ratio at its
  best feasible position (the delay is exact thanks to :mod:`itinera.solver.insertion`); the
  ratios are multiplied by a random factor in ``[1, 1 + noise]`` at each iteration (without
  noise 5.5 %, with 3.8 %; ``value`` or ``value**3`` instead of ``value**2``: 5.2 and 4.8 %);
* *replace*: then, while it pays, swap a visit for an unvisited node of higher value that fits
  in its place, and recreate again (4.5 -> 3.9 %);
* *ruin*: remove a random set of visits (Vansteenwegen's shake, a run of consecutive visits
  from each route, and string removal around a seed did no better);
* accept every new solution, go back to the best one after a long series without improvement
  (simulated-annealing acceptance did worse); every second such restart in a row ruins up to
  half of the best solution first (5.99 -> 5.59 % on 13 hard rows at 2 s, 2 seeds; 2-opt and
  or-opt reordering of the routes after each recreate, tried too, cost 40 % of the iterations
  for no measurable gain).

Side constraints hold at every step: allowed routes, allowed successors (as forbidden arcs),
the budget, at most one node per choice group, linked nodes inserted and removed together.
Required nodes and choice-group members carry a bonus above the total prize, so they go first
and are never swapped out for a plain node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from itinera.solver.insertion import Candidates, insertion_costs
from itinera.solver.schedule import INF, backward_times, forward_times

if TYPE_CHECKING:
    import random
    from collections.abc import Callable, Sequence

    from numpy.typing import NDArray

    from itinera.solver.problem import ProblemData
    from itinera.solver.schedule import CompiledProblem


def _linked_components(pairs: Sequence[tuple[int, int]]) -> dict[int, tuple[int, ...]]:
    """Return, for every linked node, all the nodes of its component (union-find)."""
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


class SearchSpace:
    """What the search needs beyond the timing: candidates, values, groups, links.

    Parameters
    ----------
    problem
        The compiled problem.
    """

    def __init__(self, problem: CompiledProblem) -> None:
        data = problem.data
        self.problem = problem
        self.cands: NDArray[np.int64] = np.array(data.candidates, dtype=np.int64)
        self.column = {int(node): c for c, node in enumerate(self.cands.tolist())}
        prize = data.prize.astype(np.float64)
        self.bonus = float(prize.sum()) + 1.0
        value = prize.copy()
        for node in data.required:
            value[node] += self.bonus
        self.group_of: dict[int, int] = {}
        for g, group in enumerate(data.choice_groups):
            for node in group:
                self.group_of[node] = g
                value[node] += self.bonus
        self.value: NDArray[np.float64] = value
        self.component = _linked_components(data.linked)
        self.route_mask: NDArray[np.bool_] | None = None
        if data.allowed_routes:
            mask = np.ones((data.num_routes, self.cands.size), dtype=bool)
            for c, node in enumerate(self.cands.tolist()):
                allowed = data.allowed_routes.get(node)
                if allowed is not None:
                    mask[:, c] = [r in allowed for r in range(data.num_routes)]
            self.route_mask = mask

    @property
    def data(self) -> ProblemData:
        """Return the problem data."""
        return self.problem.data


class RouteState:
    """One route under search: its sequence (terminals included) and timing arrays."""

    __slots__ = ("end0", "end1", "index", "lat0", "lat1", "seq", "spec")

    def __init__(self, problem: CompiledProblem, index: int, visits: Sequence[int]) -> None:
        self.index = index
        self.spec = problem.data.routes[index]
        self.seq = [self.spec.start, *visits, self.spec.end]
        self.refresh(problem)

    def refresh(self, problem: CompiledProblem) -> None:
        """Recompute the timing arrays after a change of ``seq``."""
        self.end0, self.end1, _ = forward_times(problem, self.spec, self.seq)
        self.lat0, self.lat1 = backward_times(problem, self.spec, self.seq)

    @property
    def visits(self) -> list[int]:
        """Return the visited nodes in order."""
        return self.seq[1:-1]

    @property
    def times(self) -> tuple[list[int], list[int], list[int], list[int]]:
        """Return ``(end0, end1, lat0, lat1)``."""
        return self.end0, self.end1, self.lat0, self.lat1

    def duration(self) -> int:
        """Return the arrival at the end minus the earliest departure."""
        return self.end1[-1] - self.spec.earliest_start


class Solution:
    """A solution under search: routes plus the bookkeeping of side constraints."""

    def __init__(self, space: SearchSpace, routes: Sequence[Sequence[int]]) -> None:
        self.space = space
        problem = space.problem
        self.routes = [RouteState(problem, r, visits) for r, visits in enumerate(routes)]
        self.visited = np.zeros(problem.data.num_nodes, dtype=bool)
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
        cost = self.space.data.cost
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
        return float(self.space.value[self.visited].sum())

    def prize(self) -> int:
        """Return the collected prize."""
        return int(self.space.data.prize[self.visited].sum())

    def key(self) -> tuple[float, int]:
        """Return the comparison key, larger is better: value, then shorter total time."""
        return (self.value(), -sum(route.duration() for route in self.routes))

    def remove(self, route: RouteState, positions: Sequence[int]) -> bool:
        """Remove the visits at ``positions`` of ``route.seq`` and their linked nodes.

        All or nothing: if a route would become infeasible without them (a forbidden arc
        between the nodes around them, say), nothing is removed and the result is false.
        """
        nodes = {route.seq[p] for p in positions}
        for node in list(nodes):
            nodes.update(self.space.component.get(node, ()))
        problem = self.space.problem
        changed: list[tuple[RouteState, list[int]]] = []
        for other in self.routes:
            if any(node in nodes for node in other.seq[1:-1]):
                kept = [node for node in other.seq if node not in nodes]
                changed.append((other, kept))
        for other, kept in changed:
            _, end1, _ = forward_times(problem, other.spec, kept)
            if end1[-1] >= INF:
                return False
        for other, kept in changed:
            for node in other.seq[1:-1]:
                if node in nodes:
                    self._mark(node, -1)
            other.seq = kept
            other.refresh(problem)
        return True

    def substitute(self, route: RouteState, position: int, node: int) -> None:
        """Put ``node`` in place of the visit at ``position`` (it must not be linked)."""
        self._mark(route.seq[position], -1)
        route.seq[position] = node
        route.refresh(self.space.problem)
        self._mark(node, 1)

    def insert(self, route: RouteState, gap: int, node: int) -> None:
        """Insert ``node`` between ``route.seq[gap]`` and ``route.seq[gap + 1]``."""
        route.seq.insert(gap + 1, node)
        route.refresh(self.space.problem)
        self._mark(node, 1)


class Inserter:
    """Greedy best-ratio insertion with one rating row per route, updated as routes change.

    Parameters
    ----------
    space
        The search space.
    power
        Exponent of the value in the ratio ``value**power / delay``.
    """

    def __init__(self, space: SearchSpace, power: float = 2.0) -> None:
        self.space = space
        m, c = space.data.num_routes, space.cands.size
        self.ratio = np.full((m, c), -1.0)
        self.gap = np.zeros((m, c), dtype=np.int64)
        self.weight = space.value[space.cands] ** power
        self.noise: NDArray[np.float64] | None = None
        self.jitter_rng = np.random.default_rng(0)
        self.cols: NDArray[np.intp] = np.arange(space.cands.size)
        self.cset = Candidates(space.problem, space.cands)
        # With a budget, money counts in the ratio's denominator like time: spending the whole
        # budget weighs as much as using up every route's whole span.
        self.cost_weight: NDArray[np.float64] | None = None
        data = space.data
        if data.cost is not None and data.budget is not None:
            span = sum(r.latest_end - r.earliest_start for r in data.routes)
            scale = span / max(1, data.budget)
            self.cost_weight = data.cost[space.cands].astype(np.float64) * scale

    def available(self, solution: Solution, *, worthless: bool = False) -> NDArray[np.bool_]:
        """Return which candidates may still be inserted (budget, groups, not visited).

        Nodes of no value are left out unless ``worthless`` (a linked node may need them).
        """
        space = self.space
        data = space.data
        cands = space.cands
        ok = ~solution.visited[cands]
        if not worthless:
            ok &= self.weight > 0
        if data.cost is not None and data.budget is not None:
            ok &= data.cost[cands] <= data.budget - solution.spent
        if space.group_of and any(solution.groups_used):
            for node, group in space.group_of.items():
                if solution.groups_used[group] > 0 and node in space.column:
                    ok[space.column[node]] = False
        return ok

    def rate(self, route: RouteState) -> None:
        """Recompute the best gap and ratio of every unvisited candidate on ``route``."""
        space = self.space
        r = route.index
        self.ratio[r] = -1.0
        cols = self.cols
        if cols.size == 0:
            return
        costs = insertion_costs(space.problem, route.spec.lunch, route.seq, route.times, self.cset)
        if self.noise is not None:  # break ties between equally cheap gaps at random
            jitter = self.jitter_rng.random((costs.shape[0], 1))
            best_gap = (costs + 0.5 * jitter).argmin(axis=0)
        else:
            best_gap = costs.argmin(axis=0)
        best = costs[best_gap, np.arange(cols.size)]
        delay = np.maximum(best, 0).astype(np.float64)
        if self.cost_weight is not None:
            delay += self.cost_weight[cols]
        ratio = self.weight[cols] / (delay + 1.0)
        if self.noise is not None:
            ratio *= self.noise[cols]
        ratio[best >= INF] = -1.0
        if space.route_mask is not None:
            ratio[~space.route_mask[r, cols]] = -1.0
        self.ratio[r, cols] = ratio
        self.gap[r, cols] = best_gap

    def fill(self, solution: Solution, noise: NDArray[np.float64] | None = None) -> None:
        """Insert nodes by best ratio until none fits.

        ``noise`` (one factor per candidate) multiplies the ratios, to diversify.
        """
        self.noise = noise
        space = self.space
        self.cols = np.flatnonzero(~solution.visited[space.cands] & (self.weight > 0))
        if self.cols.size == 0:
            return
        self.cset = Candidates(space.problem, space.cands[self.cols])
        for route in solution.routes:
            self.rate(route)
        blocked = np.zeros(self.space.cands.size, dtype=bool)
        while True:
            masked = np.where((self.available(solution) & ~blocked)[None, :], self.ratio, -1.0)
            r, c = divmod(int(masked.argmax()), masked.shape[1])
            if masked[r, c] <= 0:
                return
            node = int(self.space.cands[c])
            route = solution.routes[r]
            solution.insert(route, int(self.gap[r, c]), node)
            self.rate(route)
            members = self.space.component.get(node)
            if members and not self._complete_component(solution, node, members):
                blocked[c] = True

    def _complete_component(self, solution: Solution, node: int, members: tuple[int, ...]) -> bool:
        """Insert the other linked nodes of ``node`` at their cheapest places, or undo."""
        for other in members:
            if not solution.visited[other] and not self._insert_cheapest(solution, other):
                for route in solution.routes:
                    if node in route.seq:
                        solution.remove(route, [route.seq.index(node)])
                        break
                for route in solution.routes:
                    self.rate(route)
                return False
        return True

    def _insert_cheapest(self, solution: Solution, node: int) -> bool:
        space = self.space
        column = space.column.get(node)
        if column is None or not self.available(solution, worthless=True)[column]:
            return False
        best: tuple[int, int, int] | None = None
        cand = np.array([node], dtype=np.int64)
        for route in solution.routes:
            if not space.data.route_may_visit(route.index, node):
                continue
            costs = insertion_costs(space.problem, route.spec.lunch, route.seq, route.times, cand)
            gap = int(costs[:, 0].argmin())
            if costs[gap, 0] < INF and (best is None or costs[gap, 0] < best[0]):
                best = (int(costs[gap, 0]), route.index, gap)
        if best is None:
            return False
        route = solution.routes[best[1]]
        solution.insert(route, best[2], node)
        self.rate(route)
        return True

    def replace(self, solution: Solution) -> bool:
        """Apply the best "an unvisited node takes a visit's place" move of positive gain.

        Returns
        -------
        bool
            Whether a move was applied.
        """
        space = self.space
        data = space.data
        ok = self.available(solution)
        cols = np.flatnonzero(ok)
        cols = np.array([c for c in cols.tolist() if int(space.cands[c]) not in space.component])
        if cols.size == 0:
            return False
        cands = space.cands[cols]
        cset = Candidates(space.problem, cands)
        value = space.value[cands]
        best: tuple[float, int, int, int] | None = None
        for route in solution.routes:
            visits = np.asarray(route.visits, dtype=np.int64)
            if visits.size == 0:
                continue
            costs = insertion_costs(
                space.problem, route.spec.lunch, route.seq, route.times, cset, skip=True
            )
            gain = value[None, :] - space.value[visits][:, None]
            gain[costs >= INF] = -1.0
            if space.route_mask is not None:
                gain[:, ~space.route_mask[route.index, cols]] = -1.0
            if data.cost is not None and data.budget is not None:
                room = data.budget - solution.spent
                gain[data.cost[cands][None, :] - data.cost[visits][:, None] > room] = -1.0
            for k, node in enumerate(visits.tolist()):
                if node in space.component:
                    gain[k] = -1.0
            k, c = divmod(int(gain.argmax()), gain.shape[1])
            if gain[k, c] > 0 and (best is None or gain[k, c] > best[0]):
                best = (float(gain[k, c]), route.index, k + 1, int(cands[c]))
        if best is None:
            return False
        _, r, position, node = best
        solution.substitute(solution.routes[r], position, node)
        return True

    def improve(self, solution: Solution, noise: NDArray[np.float64] | None = None) -> None:
        """Recreate, then replace and recreate while a replacement pays."""
        self.fill(solution, noise)
        while self.replace(solution):
            self.fill(solution)

    def repair(self, solution: Solution) -> Solution | None:
        """Return a better solution where another choice-group member lets required nodes in.

        Which member of a choice group is visited can decide whether a required node fits at
        all (a hotel from which a must-see site is reachable, say). While required nodes are
        missing, each visited member is swapped, in turn, for each other member of its group,
        and the solution refilled; the first swap that gains value is returned.
        """
        data = self.space.data
        if not data.choice_groups or all(solution.visited[node] for node in data.required):
            return None
        base = solution.value()
        for group in data.choice_groups:
            current = [node for node in group if solution.visited[node]]
            for other in group:
                if solution.visited[other]:
                    continue
                trial = self._swap_member(solution, current, other)
                if trial is not None and trial.value() > base:
                    return trial
        return None

    def _swap_member(self, solution: Solution, current: list[int], other: int) -> Solution | None:
        """Return a refilled copy of ``solution`` with ``other`` instead of ``current``."""
        trial = solution.copy()
        for node in current:
            for route in trial.routes:
                if node in route.seq and not trial.remove(route, [route.seq.index(node)]):
                    return None
        if not self._insert_cheapest(trial, other):
            return None
        members = self.space.component.get(other)
        if members and not self._complete_component(trial, other, members):
            return None
        self.improve(trial)
        return trial


def random_removal(
    solution: Solution, rng: random.Random, fraction: float, bounds: tuple[int, int] = (1, 10**9)
) -> None:
    """Remove between one visit and ``fraction`` of them (clamped to ``bounds``) at random."""
    visits = [(route.index, node) for route in solution.routes for node in route.visits]
    if not visits:
        return
    cap = min(max(int(len(visits) * fraction), bounds[0]), bounds[1], len(visits))
    count = rng.randint(1, max(1, cap))
    by_route: dict[int, list[int]] = {}
    for index, node in rng.sample(visits, count):
        by_route.setdefault(index, []).append(node)
    for index, nodes in by_route.items():
        route = solution.routes[index]
        present = [node for node in nodes if node in route.seq]
        if present and not solution.remove(route, [route.seq.index(v) for v in present]):
            for node in present:  # one at a time, skipping those that must stay
                if node in route.seq:
                    solution.remove(route, [route.seq.index(node)])


@dataclass(frozen=True, slots=True, kw_only=True)
class IlsConfig:
    """Tuning knobs of :func:`iterated_local_search` (defaults: the benchmark winners).

    Attributes
    ----------
    noise
        Ratios are multiplied by a uniform factor in ``[1, 1 + noise]`` per iteration.
    remove_fraction
        At most this share of the visits is removed per iteration...
    remove_min, remove_max
        ... but at most ``remove_min`` anyway and never more than ``remove_max``.
    big_noise, big_noise_rate
        With probability ``big_noise_rate``, an iteration uses ``big_noise`` instead of
        ``noise``.
    restart_after
        Go back to the best solution after ``restart_after * max(2, C / (3 m))`` iterations
        without improvement (``C`` candidates, ``m`` routes).
    power
        Exponent of the value in the insertion ratio.
    use_replace
        Whether to apply the replace move after each recreate.
    deep_ruin_every, deep_ruin_fraction
        Every ``deep_ruin_every``-th restart in a row without a new best solution, the best
        solution is ruined deeper (up to ``deep_ruin_fraction`` of its visits) before the
        search goes on from it; ``0`` never.
    """

    noise: float = 0.6
    big_noise: float = 0.0
    big_noise_rate: float = 0.0
    remove_fraction: float = 0.3
    remove_min: int = 10
    remove_max: int = 20
    restart_after: int = 10
    power: float = 2.0
    use_replace: bool = True
    deep_ruin_every: int = 2
    deep_ruin_fraction: float = 0.5


@dataclass(slots=True)
class IlsRun:
    """Hooks and limits of one ILS run.

    Attributes
    ----------
    should_stop
        Asked with the iteration number before every iteration.
    on_best
        Called with each new best solution.
    on_candidate
        Called with every solution produced (e.g. to collect routes).
    """

    should_stop: Callable[[int], bool]
    on_best: Callable[[Solution], None] | None = None
    on_candidate: Callable[[Solution], None] | None = None


class _Ils:
    """The state of one ILS run: current and best solutions, stagnation counter."""

    def __init__(
        self, initial: Solution, rng: random.Random, run: IlsRun, config: IlsConfig
    ) -> None:
        self.rng = rng
        self.run = run
        self.config = config
        space = initial.space
        self.inserter = Inserter(space, config.power)
        self.inserter.jitter_rng = np.random.default_rng(rng.getrandbits(64))
        self.current = initial.copy()
        self.inserter.improve(self.current)
        self.current = self.inserter.repair(self.current) or self.current
        self.best, self.best_key = self.current.copy(), self.current.key()
        if run.on_best is not None:
            run.on_best(self.best)
        self.np_rng = np.random.default_rng(rng.getrandbits(64))
        routes = len(self.current.routes)
        self.patience = config.restart_after * max(2, space.cands.size // (3 * routes))
        self.stale = 0
        self.restarts = 0

    def _noise(self) -> NDArray[np.float64] | None:
        config = self.config
        level = config.big_noise if self.rng.random() < config.big_noise_rate else config.noise
        if not level:
            return None
        return 1.0 + level * self.np_rng.random(self.inserter.space.cands.size)

    def _offer(self, solution: Solution) -> bool:
        """Keep ``solution`` as the best one if it is better; return whether it was."""
        key = solution.key()
        if key <= self.best_key:
            return False
        self.best, self.best_key, self.stale = solution.copy(), key, 0
        if self.run.on_best is not None:
            self.run.on_best(self.best)
        return True

    def step(self) -> None:
        """Ruin, recreate, accept; go back to the best solution after a long stagnation."""
        config = self.config
        bounds = (config.remove_min, config.remove_max)
        random_removal(self.current, self.rng, config.remove_fraction, bounds)
        if self.config.use_replace:
            self.inserter.improve(self.current, self._noise())
        else:
            self.inserter.fill(self.current, self._noise())
        if self.run.on_candidate is not None:
            self.run.on_candidate(self.current)
        if self._offer(self.current):
            self.restarts = 0
            return
        self.stale += 1
        if self.stale > self.patience:
            self.stale = 0
            self.restarts += 1
            self.current = self.inserter.repair(self.best) or self.best.copy()
            if config.deep_ruin_every and self.restarts % config.deep_ruin_every == 0:
                random_removal(self.current, self.rng, config.deep_ruin_fraction, (1, 10**9))
                self.inserter.improve(self.current, self._noise())
            self._offer(self.current)


def iterated_local_search(
    initial: Solution, rng: random.Random, run: IlsRun, config: IlsConfig | None = None
) -> tuple[Solution, int]:
    """Run the ILS from ``initial``; return the best solution and the iterations done."""
    ils = _Ils(initial, rng, run, config or IlsConfig())
    iteration = 0
    while not run.should_stop(iteration):
        iteration += 1
        ils.step()
    return ils.best, iteration
