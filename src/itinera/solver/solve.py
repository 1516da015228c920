"""Solve a :class:`ProblemData`: diagnose, search, recombine, rescue, report.

The time budget is spent as follows (each choice measured on the TOPTW benchmark, see
``benchmarks/bench_toptw.py`` and the module docstring of :mod:`itinera.solver.search`):

1. Up-front checks prove the obvious infeasibilities (a required node no route can reach...).
2. The iterated local search of :mod:`itinera.solver.search` runs, collecting every route it
   builds in a pool.
3. With two routes or more, a set-packing MIP (SCIP) recombines pooled routes at 45 % of the
   budget (route recombination, as in Hu & Lim's I3CH) and again at the end; the ILS continues
   from the first recombination. Worth about 0.5 point of mean gap at 10 s.
4. If the best solution still misses a required node or a choice group, OR-Tools' guided local
   search on the full routing model gets a last try (the *rescue*). A greedy OR-Tools descent
   on every final solution was measured too: it cost more time than it gained (+0.2 point).
5. With ``workers >= 2``, that many independently seeded searches run in parallel processes
   until 90 % of the budget; one more set-packing solve then recombines the routes of all of
   them (on 13 hard rows at 2 s: 5.59 % mean gap with one worker, 5.01 % with two).

With ``max_iterations`` every limit is counted in iterations, search nodes or solutions, never
in seconds, so that the same seed gives the same result.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from itinera.solver._ortools import PackLimits, RoutingEngine, pack_routes
from itinera.solver.insertion import insertion_costs
from itinera.solver.params import SolveParams
from itinera.solver.problem import UNREACHABLE
from itinera.solver.result import SolveResult, SolveStatus
from itinera.solver.schedule import INF, CompiledProblem, schedule_route
from itinera.solver.search import IlsRun, SearchSpace, Solution, iterated_local_search

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from itinera.solver.problem import ProblemData

MAX_POOL = 30_000
"""Routes kept for recombination (the first ones met; later ones are dropped)."""

_GRACE = 0.97
UNION_PACK_AT = 0.9
"""With several workers, the searches end at this share of the budget; the routes of all of
them are then recombined by one set-packing solve until the grace share."""
RESCUE_SOLUTIONS = 500
"""With ``max_iterations``, OR-Tools' rescue search stops after this many solutions."""
_METRIC_CHECK_MAX = 400


@dataclass(slots=True)
class _Plan:
    """Shares of the time budget given to each phase (tuned on the TOPTW benchmark)."""

    mid_pack: float | None = 0.45
    pack_share: float = 0.06
    end_ils: float = 0.88
    rescue_share: float = 0.05


PLAN = _Plan()


def _is_metric(data: ProblemData) -> bool:
    """Return whether a node alone is always best reached directly (no detour is shorter).

    True when no arc is forbidden, no successor rule applies and the travel times (service
    included) satisfy the triangle inequality; only checked up to 400 nodes.
    """
    n = data.num_nodes
    if data.allowed_successors or n > _METRIC_CHECK_MAX or bool((data.travel >= UNREACHABLE).any()):
        return False
    travel = data.travel.astype(np.int64)
    service = data.service.astype(np.int64)
    for k in range(n):
        via = travel[:, k, None] + service[k] + travel[None, k, :]
        if bool((via < travel).any()):
            return False
    return True


def _may_host(data: ProblemData, route: int, node: int) -> bool:
    """Return whether a window of ``node`` meets the time span of ``route`` (necessary)."""
    spec = data.routes[route]
    return data.route_may_visit(route, node) and any(
        open_ <= spec.latest_end and close >= spec.earliest_start
        for open_, close in data.windows[node]
    )


def diagnose(problem: CompiledProblem) -> tuple[str, ...]:
    """Return the reasons why the problem is infeasible that can be proved up front.

    Checked: every route can be travelled empty; every required node, and at least one node of
    each choice group, has a window inside an allowed route's time span (and, when no detour can
    be shorter than a direct trip, fits alone into such a route); the budget covers the
    required nodes. Anything subtler is left to the search.
    """
    data = problem.data
    empty = Solution(SearchSpace(problem), [[] for _ in data.routes]).routes
    reasons = [
        f"route {route.index} cannot even go from its start to its end in time "
        "(with its lunch break)"
        for route in empty
        if route.end1[-1] >= INF
    ]
    if reasons:
        return tuple(reasons)
    metric = _is_metric(data)

    def fits(node: int) -> bool:
        for route in empty:
            if not _may_host(data, route.index, node):
                continue
            if not metric:
                return True
            cand = np.array([node], dtype=np.int64)
            costs = insertion_costs(problem, route.spec.lunch, route.seq, route.times, cand)
            if bool((costs < INF).any()):
                return True
        return False

    reasons.extend(
        f"required node {node} fits into no route (windows, travel or allowed routes)"
        for node in sorted(data.required)
        if not fits(node)
    )
    reasons.extend(
        f"no node of choice group {g} {group} fits into any route"
        for g, group in enumerate(data.choice_groups)
        if not any(fits(node) for node in group)
    )
    if data.budget is not None and data.cost is not None:
        needed = sum(int(data.cost[node]) for node in data.required)
        if needed > data.budget:
            reasons.append(f"the required nodes cost {needed}, over the budget {data.budget}")
    return tuple(reasons)


Pool = dict[tuple[int, frozenset[int]], tuple[int, tuple[int, ...]]]
"""Routes met by one search: ``(route class, visit set) -> (duration, visits in order)``."""


@dataclass(slots=True)
class _Outcome:
    routes: list[list[int]]
    key: tuple[float, int]
    iterations: int
    pool: Pool = field(default_factory=dict)


@dataclass(slots=True)
class _Search:
    """One independent search (one worker)."""

    problem: CompiledProblem
    params: SolveParams
    seed: int
    deadline: float
    started: float
    on_progress: Callable[[int, float], None] | None = None
    space: SearchSpace = field(init=False)
    pool: Pool = field(init=False)
    classes: list[int] = field(init=False)
    best_prize: int = -1
    iterations: int = 0

    def __post_init__(self) -> None:
        self.space = SearchSpace(self.problem)
        self.pool = {}
        first: dict[object, int] = {}
        self.classes = [
            first.setdefault(spec, r) for r, spec in enumerate(self.problem.data.routes)
        ]

    def _time_at(self, share: float) -> float:
        return self.started + share * (self.deadline - self.started)

    def _collect(self, solution: Solution) -> None:
        for route in solution.routes:
            visits = route.visits
            if visits:
                key = (self.classes[route.index], frozenset(visits))
                self._remember(key, (route.duration(), tuple(visits)))

    def _remember(
        self, key: tuple[int, frozenset[int]], route: tuple[int, tuple[int, ...]]
    ) -> None:
        """Keep ``route`` in the pool unless it is full or knows a shorter order of its visits."""
        known = self.pool.get(key)
        if known is None:
            if len(self.pool) < MAX_POOL:
                self.pool[key] = route
        elif route[0] < known[0]:
            self.pool[key] = route

    def _report(self, solution: Solution) -> None:
        prize = solution.prize()
        if prize > self.best_prize:
            self.best_prize = prize
            if self.on_progress is not None:
                self.on_progress(prize, time.monotonic() - self.started)

    def _ils(
        self, start: Solution, rng: random.Random, until: float, iterations: int | None
    ) -> Solution:
        done = self.iterations

        def should_stop(iteration: int) -> bool:
            if iterations is not None and done + iteration >= iterations:
                return True
            return time.monotonic() >= until

        run = IlsRun(should_stop=should_stop, on_best=self._report, on_candidate=self._collect)
        best, count = iterated_local_search(start, rng, run)
        self.iterations += count
        return best

    def _pack(self, best: Solution, until: float) -> Solution:
        if self.problem.data.num_routes < 2 or not self.pool:  # noqa: PLR2004
            return best
        remaining = until - time.monotonic()
        if self.params.max_iterations is None and remaining <= 0:
            return best
        limits = (
            PackLimits(node_limit=2000)
            if self.params.max_iterations is not None
            else PackLimits(time_limit_s=max(0.01, remaining - _pack_overhead(len(self.pool))))
        )
        columns = {key: visits for key, (_, visits) in self.pool.items()}
        routes = pack_routes(
            self.problem.data, columns, self.space.value, best.node_routes(), limits
        )
        if routes is None:
            return best
        packed = Solution(self.space, routes)
        if packed.key() > best.key():
            self._report(packed)
            return packed
        return best

    def _is_complete(self, solution: Solution) -> bool:
        data = self.problem.data
        return all(solution.visited[node] for node in data.required) and all(
            used == 1 for used in solution.groups_used
        )

    def _rescue(self, best: Solution, until: float) -> Solution:
        """Let OR-Tools' guided local search try to satisfy what the ILS could not."""
        if self._is_complete(best):
            return best
        reproducible = self.params.max_iterations is not None
        engine = RoutingEngine(self.problem.data, self.space.value)
        remaining = until - time.monotonic()
        if not reproducible and remaining <= 0:
            return best
        routes = engine.polish(
            best.node_routes(),
            None if reproducible else remaining,
            guided=True,
            solution_limit=RESCUE_SOLUTIONS if reproducible else None,
        )
        if routes is None:
            return best
        rescued = Solution(self.space, routes)
        self._collect(rescued)
        if rescued.key() > best.key():
            self._report(rescued)
            return rescued
        return best

    def run(self) -> _Outcome:
        """Search until the deadline (or the iteration limit); return the best solution."""
        rng = random.Random(self.seed)  # noqa: S311 - search randomness, not crypto
        limit = self.params.max_iterations
        best = Solution(self.space, [[] for _ in self.problem.data.routes])
        packing = self.problem.data.num_routes >= 2  # noqa: PLR2004
        if packing and PLAN.mid_pack is not None:
            half = None if limit is None else limit // 2
            best = self._ils(best, rng, self._time_at(PLAN.mid_pack), half)
            best = self._pack(best, self._time_at(PLAN.mid_pack + PLAN.pack_share))
        end_ils = PLAN.end_ils if packing else _GRACE - PLAN.rescue_share
        best = self._ils(best, rng, self._time_at(end_ils), limit)
        best = self._rescue(best, self._time_at(end_ils + PLAN.rescue_share))
        if packing:
            best = self._pack(best, self._time_at(_GRACE))
        return _Outcome(best.node_routes(), best.key(), self.iterations, self.pool)

    def pack_union(self, outcomes: Sequence[_Outcome], until: float) -> _Outcome:
        """Return the best of ``outcomes`` or a recombination of all their routes (0 iterations)."""
        best = max(outcomes, key=lambda o: o.key)
        if self.problem.data.num_routes < 2:  # noqa: PLR2004
            return _Outcome(best.routes, best.key, 0)
        for outcome in outcomes:
            if outcome.pool is not self.pool:
                for key, route in outcome.pool.items():
                    self._remember(key, route)
        packed = self._pack(Solution(self.space, best.routes), until)
        if packed.key() > best.key:
            return _Outcome(packed.node_routes(), packed.key(), 0)
        return _Outcome(best.routes, best.key, 0)


def _pack_overhead(columns: int) -> float:
    """Return the seconds SCIP needs beyond its time limit to build and presolve a model."""
    return 0.05 + columns * 1e-4


def _worker(
    data: ProblemData, params: SolveParams, seed: int, deadline: float, started: float, conn: object
) -> None:
    outcome = _Search(CompiledProblem(data), params, seed, deadline, started).run()
    conn.send(outcome)  # type: ignore[attr-defined]
    conn.close()  # type: ignore[attr-defined]


def _run_workers(
    data: ProblemData,
    problem: CompiledProblem,
    params: SolveParams,
    window: tuple[float, float],
    on_progress: Callable[[int, float], None] | None,
) -> list[_Outcome]:
    started, deadline = window
    if params.workers == 1:
        return [_Search(problem, params, params.seed, deadline, started, on_progress).run()]
    # The searches stop early enough for one more recombination over all their routes.
    searches_end = started + UNION_PACK_AT * (deadline - started)
    context = multiprocessing.get_context()
    children = []
    for worker in range(1, params.workers):
        parent_conn, child_conn = context.Pipe(duplex=False)
        process = context.Process(
            target=_worker,
            args=(data, params, params.seed + worker, searches_end, started, child_conn),
            daemon=True,
        )
        process.start()
        children.append((process, parent_conn))
    main = _Search(problem, params, params.seed, searches_end, started, on_progress)
    outcomes = [main.run()]
    for process, conn in children:
        wait = max(0.1, searches_end + 0.05 * (deadline - started) - time.monotonic())
        if conn.poll(wait):
            outcomes.append(conn.recv())
        process.join(timeout=0.1)
        if process.is_alive():
            process.terminate()
    union = main.pack_union(outcomes, started + _GRACE * (deadline - started))
    return [union, *outcomes]


def _result(
    problem: CompiledProblem,
    routes: Sequence[Sequence[int]],
    status: SolveStatus,
    stats: tuple[float, int],
    reasons: tuple[str, ...] = (),
) -> SolveResult:
    data = problem.data
    start_times: list[tuple[int, ...]] = []
    lunch_starts: list[int | None] = []
    for r, visits in enumerate(routes):
        schedule = schedule_route(problem, r, visits)
        start_times.append(schedule.starts if schedule is not None else ())
        lunch_starts.append(schedule.lunch_start if schedule is not None else None)
    return SolveResult(
        routes=tuple(tuple(v) for v in routes),
        start_times=tuple(start_times),
        lunch_starts=tuple(lunch_starts),
        prize=int(sum(int(data.prize[v]) for route in routes for v in route)),
        status=status,
        runtime_s=stats[0],
        iterations=stats[1],
        reasons=reasons,
    )


def solution_violations(
    problem: CompiledProblem, routes: Sequence[Sequence[int]]
) -> tuple[str, ...]:
    """Return every constraint ``routes`` break (empty: a valid solution).

    Checked: one entry per route, timing (windows, travel, forbidden arcs and successors,
    route end, lunch), each node at most once and never a route start or end, allowed routes,
    required nodes, choice groups (exactly one), linked nodes, the budget.
    """
    data = problem.data
    problems: list[str] = []
    if len(routes) != data.num_routes:
        return (f"expected {data.num_routes} routes, got {len(routes)}",)
    seen: set[int] = set()
    terminals = data.terminals
    for r, visits in enumerate(routes):
        for node in visits:
            if node in seen or node in terminals or not 0 <= node < data.num_nodes:
                problems.append(f"route {r}: node {node} is repeated, a terminal or unknown")
            if not data.route_may_visit(r, node):
                problems.append(f"route {r}: node {node} is not allowed on this route")
            seen.add(node)
        if all(0 <= node < data.num_nodes for node in visits) and (
            schedule_route(problem, r, visits) is None
        ):
            problems.append(f"route {r}: infeasible timing")
    problems.extend(f"required node {node} is not visited" for node in sorted(data.required - seen))
    for g, group in enumerate(data.choice_groups):
        count = sum(1 for node in group if node in seen)
        if count != 1:
            problems.append(f"choice group {g} {group} has {count} visited nodes, not one")
    problems.extend(
        f"linked nodes {a} and {b}: only one is visited"
        for a, b in data.linked
        if (a in seen) != (b in seen)
    )
    if data.budget is not None and data.cost is not None:
        spent = sum(int(data.cost[node]) for node in seen)
        if spent > data.budget:
            problems.append(f"cost {spent} is over the budget {data.budget}")
    return tuple(problems)


def solve(
    data: ProblemData,
    params: SolveParams | None = None,
    *,
    on_progress: Callable[[int, float], None] | None = None,
) -> SolveResult:
    """Return the best routes found for ``data`` within ``params``' limits.

    Parameters
    ----------
    data
        The problem.
    params
        Time limit, seed, iteration limit and workers; defaults to :class:`SolveParams` ().
    on_progress
        Called with ``(best_prize, elapsed_s)`` each time a better solution is found (by the
        first worker).

    Returns
    -------
    SolveResult
        ``FEASIBLE`` routes; ``INFEASIBLE`` when required nodes, choice groups or the routes
        themselves cannot be satisfied (``reasons`` says why); never an empty "feasible" plan
        when something was required. The solve never raises on a valid ``data``.
    """
    params = params or SolveParams()
    started = time.monotonic()
    deadline = started + params.time_limit_s
    problem = CompiledProblem(data)
    empty: list[list[int]] = [[] for _ in data.routes]
    reasons = diagnose(problem)
    if reasons:
        return _result(
            problem, empty, SolveStatus.INFEASIBLE, (time.monotonic() - started, 0), reasons
        )
    outcomes = _run_workers(data, problem, params, (started, deadline), on_progress)
    best = max(outcomes, key=lambda o: o.key)
    stats = (time.monotonic() - started, sum(o.iterations for o in outcomes))
    violations = solution_violations(problem, best.routes)
    if not violations:
        return _result(problem, best.routes, SolveStatus.FEASIBLE, stats)
    unmet = tuple(v for v in violations if v.startswith(("required", "choice")))
    if len(unmet) == len(violations):
        return _result(problem, best.routes, SolveStatus.INFEASIBLE, stats, unmet)
    return _result(problem, empty, SolveStatus.NO_SOLUTION_FOUND, stats, violations)
