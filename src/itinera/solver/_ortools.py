"""The OR-Tools routing model of a :class:`ProblemData` (the only module importing ``ortools``).

Modelling choices
-----------------
* Each visit node sits in its own disjunction whose penalty is ``prize * prize_weight``; the arc
  cost is the travel time. With the default ``prize_weight`` larger than any possible total
  travel, the objective is lexicographic: prize first, then travel as a tie-breaker, which keeps
  routes short and so leaves room for later insertions. The collected prize can then be read
  back from the objective alone (:meth:`RoutingEngine.prize_of_cost`).
* Required nodes and choice groups are *soft* with a penalty above the total prize, so the local
  search always has a solution to improve; the caller checks them on the result.
* One time dimension, with slack (waiting), transit ``service[i] + travel[i, j]``; windows are
  ``SetRange`` plus ``RemoveInterval`` for the gaps; lunch is a vehicle break kept inside the
  route span; allowed successors restrict ``NextVar``; linked nodes equate ``ActiveVar``; the
  budget is a linear constraint over ``ActiveVar``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ortools.constraint_solver import (
    pywrapcp,
    routing_enums_pb2,
    routing_heuristic_parameters_pb2,
)

from itinera.solver.problem import MAX_TIME, UNREACHABLE

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from itinera.solver.problem import ProblemData

_FSS = routing_enums_pb2.FirstSolutionStrategy
_LSM = routing_enums_pb2.LocalSearchMetaheuristic
_LCI = routing_heuristic_parameters_pb2.LocalCheapestInsertionParameters

METAHEURISTICS: dict[str, Any] = {
    "greedy": _LSM.GREEDY_DESCENT,
    "gls": _LSM.GUIDED_LOCAL_SEARCH,
    "sa": _LSM.SIMULATED_ANNEALING,
    "tabu": _LSM.TABU_SEARCH,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class RunConfig:
    """Knobs of one OR-Tools search run.

    Attributes
    ----------
    metaheuristic
        ``"greedy"`` (descent to a local optimum), ``"gls"``, ``"sa"``, ``"tabu"`` or ``"ils"``
        (OR-Tools' iterated local search with ruin-and-recreate).
    time_limit_s
        Wall-clock limit, or ``None``.
    solution_limit
        Number of solutions after which the run stops, or ``None``.
    first_solution
        Name of an OR-Tools ``FirstSolutionStrategy`` used when no initial routes are given.
    ruin_visits
        ILS only: visits removed per random-walk ruin.
    temperature
        ILS only: initial simulated-annealing temperature, in prize units.
    """

    metaheuristic: str = "greedy"
    time_limit_s: float | None = None
    solution_limit: int | None = None
    first_solution: str = "LOCAL_CHEAPEST_INSERTION"
    ruin_visits: int = 10
    temperature: float = 1.0
    extra_operators: bool = True


class RoutingEngine:
    """An OR-Tools routing model built once, then searched many times.

    Parameters
    ----------
    data
        The problem.
    prize_weight
        Penalty per unit of prize for an unvisited node; by default larger than any total travel
        (lexicographic objective).
    """

    def __init__(self, data: ProblemData, *, prize_weight: int | None = None) -> None:
        self.data = data
        n, m = data.num_nodes, data.num_routes
        terminals = data.terminals
        self.visit_nodes = tuple(i for i in range(n) if i not in terminals)
        horizon = max(r.latest_end for r in data.routes)
        self.horizon = horizon
        travel_bound = sum(r.latest_end - r.earliest_start for r in data.routes) + 1
        self.prize_weight = prize_weight if prize_weight is not None else travel_bound
        self.total_prize = int(sum(int(data.prize[i]) for i in self.visit_nodes))
        self.hard_penalty = (self.total_prize + 1) * self.prize_weight + travel_bound

        self.manager = pywrapcp.RoutingIndexManager(
            n, m, [r.start for r in data.routes], [r.end for r in data.routes]
        )
        self.routing = pywrapcp.RoutingModel(self.manager)
        self.solver = self.routing.solver()
        self._node_index = {i: self.manager.NodeToIndex(i) for i in self.visit_nodes}
        self._build_time(n, horizon)
        self._build_disjunctions()
        self._build_successors()
        self._build_side_constraints()
        self.routing.CloseModel()

    # -- model -----------------------------------------------------------------------------

    def _build_time(self, n: int, horizon: int) -> None:
        data = self.data
        terminals = data.terminals
        cap = min(horizon + 1, MAX_TIME)
        travel = [[min(int(data.travel[i, j]), cap) for j in range(n)] for i in range(n)]
        transit = [
            [
                min(travel[i][j] + (0 if i in terminals else int(data.service[i])), cap)
                for j in range(n)
            ]
            for i in range(n)
        ]
        travel_index = self.routing.RegisterTransitMatrix(travel)
        transit_index = self.routing.RegisterTransitMatrix(transit)
        self.routing.SetArcCostEvaluatorOfAllVehicles(travel_index)
        self.routing.AddDimension(transit_index, horizon, horizon, False, "time")  # noqa: FBT003
        self.time = self.routing.GetDimensionOrDie("time")
        for v, route in enumerate(data.routes):
            self.time.CumulVar(self.routing.Start(v)).SetRange(
                route.earliest_start, route.latest_end
            )
            self.time.CumulVar(self.routing.End(v)).SetRange(route.earliest_start, route.latest_end)
        for node, index in self._node_index.items():
            windows = data.windows[node]
            cumul = self.time.CumulVar(index)
            if not windows:
                self.routing.ActiveVar(index).SetValue(0)
                continue
            cumul.SetRange(windows[0][0], min(windows[-1][1], horizon))
            for (_, close), (next_open, _) in zip(windows, windows[1:], strict=False):
                cumul.RemoveInterval(close + 1, next_open - 1)
        self._build_breaks()

    def _build_breaks(self) -> None:
        visit_transits = [
            0
            if self.manager.IndexToNode(index) in self.data.terminals
            else int(self.data.service[self.manager.IndexToNode(index)])
            for index in range(self.routing.Size() + self.data.num_routes)
        ]
        self.breaks: dict[int, Any] = {}
        for v, route in enumerate(self.data.routes):
            lunch = route.lunch
            if lunch is None:
                continue
            interval = self.solver.FixedDurationIntervalVar(
                lunch.earliest_start,
                lunch.latest_start,
                lunch.duration,
                False,
                f"lunch{v}",  # noqa: FBT003
            )
            self.time.SetBreakIntervalsOfVehicle([interval], v, visit_transits)
            self.solver.Add(interval.StartExpr() >= self.time.CumulVar(self.routing.Start(v)))
            self.solver.Add(interval.EndExpr() <= self.time.CumulVar(self.routing.End(v)))
            self.breaks[v] = interval

    def _build_disjunctions(self) -> None:
        data = self.data
        for node, index in self._node_index.items():
            penalty = int(data.prize[node]) * self.prize_weight
            if node in data.required:
                penalty += self.hard_penalty
            self.routing.AddDisjunction([index], penalty)
        for group in data.choice_groups:
            self.routing.AddDisjunction([self._node_index[i] for i in group], self.hard_penalty, 1)
        for node, allowed in data.allowed_routes.items():
            if node in self._node_index:
                self.routing.SetAllowedVehiclesForIndex(sorted(allowed), self._node_index[node])

    def _indices_of(self, node: int, *, as_successor: bool) -> list[int]:
        if node in self._node_index:
            return [self._node_index[node]]
        routes = self.data.routes
        if as_successor:
            return [self.routing.End(v) for v, r in enumerate(routes) if r.end == node]
        return [self.routing.Start(v) for v, r in enumerate(routes) if r.start == node]

    def _build_successors(self) -> None:
        data = self.data
        n = data.num_nodes
        forbidden_any = bool((data.travel >= UNREACHABLE).any())
        if not forbidden_any and not data.allowed_successors:
            return
        for i in range(n):
            for index in self._indices_of(i, as_successor=False):
                allowed = data.allowed_successors.get(i)
                targets = [j for j in (allowed if allowed is not None else range(n))]
                values = [
                    t
                    for j in targets
                    if int(data.travel[i, j]) < UNREACHABLE
                    for t in self._indices_of(j, as_successor=True)
                ]
                if index in self._node_index.values():
                    values.append(index)  # inactive: NextVar(i) == i
                self.routing.NextVar(index).SetValues(values)

    def _build_side_constraints(self) -> None:
        data = self.data
        for a, b in data.linked:
            self.solver.Add(
                self.routing.ActiveVar(self._node_index[a])
                == self.routing.ActiveVar(self._node_index[b])
            )
        if data.budget is not None and data.cost is not None:
            paying = [i for i in self.visit_nodes if int(data.cost[i]) > 0]
            if paying:
                self.solver.Add(
                    self.solver.ScalProd(
                        [self.routing.ActiveVar(self._node_index[i]) for i in paying],
                        [int(data.cost[i]) for i in paying],
                    )
                    <= data.budget
                )

    # -- search ------------------------------------------------------------------------------

    def prize_of_cost(self, cost: int) -> int:
        """Return the prize collected by a solution of objective ``cost`` (soft parts ignored)."""
        return self.total_prize - (cost % self.hard_penalty) // self.prize_weight

    def search_parameters(self, config: RunConfig) -> Any:
        """Return OR-Tools search parameters for ``config``."""
        params = pywrapcp.DefaultRoutingSearchParameters()
        params.first_solution_strategy = getattr(_FSS, config.first_solution)
        lcip = params.local_cheapest_insertion_parameters
        lcip.insertion_sorting_properties.append(_LCI.SORTING_PROPERTY_PENALTY)
        if config.metaheuristic == "ils":
            params.local_search_metaheuristic = _LSM.GREEDY_DESCENT
            params.use_iterated_local_search = True
            ils = params.iterated_local_search_parameters
            rr = ils.ruin_recreate_parameters
            rr.ClearField("ruin_strategies")
            rr.ruin_strategies.add().random_walk.num_removed_visits = config.ruin_visits
            sa = ils.reference_solution_acceptance_strategy.simulated_annealing
            sa.initial_temperature = config.temperature * self.prize_weight
            sa.final_temperature = 0.01 * self.prize_weight
        else:
            params.local_search_metaheuristic = METAHEURISTICS[config.metaheuristic]
        if config.extra_operators:
            ops = params.local_search_operators
            ops.use_extended_swap_active = 3
            ops.use_relocate_and_make_active = 3
            ops.use_exchange_and_make_active = 3
        if config.time_limit_s is not None:
            params.time_limit.FromMilliseconds(max(1, int(config.time_limit_s * 1000)))
        if config.solution_limit is not None:
            params.solution_limit = config.solution_limit
        return params

    def routes_to_assignment(self, routes: Sequence[Sequence[int]]) -> Any:
        """Return an OR-Tools assignment for node ``routes``, or ``None`` if infeasible."""
        index_routes = [[self._node_index[i] for i in route] for route in routes]
        return self.routing.ReadAssignmentFromRoutes(index_routes, True)  # noqa: FBT003

    def run(
        self,
        config: RunConfig,
        initial: Sequence[Sequence[int]] | None = None,
        on_solution: Callable[[int], None] | None = None,
    ) -> tuple[tuple[int, ...], ...] | None:
        """Search from ``initial`` routes (or a first-solution heuristic); return node routes."""
        params = self.search_parameters(config)
        if on_solution is not None:
            routing = self.routing
            callback = on_solution

            def at_solution() -> None:
                callback(int(routing.CostVar().Value()))

            monitor_id = self.routing.AddAtSolutionCallback(at_solution)
            del monitor_id
        if initial is not None:
            assignment = self.routes_to_assignment(initial)
            if assignment is None:
                return None
            solution = self.routing.SolveFromAssignmentWithParameters(assignment, params)
        elif config.metaheuristic == "ils":
            solution = self.routing.SolveWithIteratedLocalSearch(params)
        else:
            solution = self.routing.SolveWithParameters(params)
        if solution is None:
            return None
        return self.read_routes(solution)

    def read_routes(self, solution: Any) -> tuple[tuple[int, ...], ...]:
        """Return the node routes of an OR-Tools solution."""
        routes: list[tuple[int, ...]] = []
        for v in range(self.data.num_routes):
            nodes: list[int] = []
            index = solution.Value(self.routing.NextVar(self.routing.Start(v)))
            while not self.routing.IsEnd(index):
                nodes.append(self.manager.IndexToNode(index))
                index = solution.Value(self.routing.NextVar(index))
            routes.append(tuple(nodes))
        return tuple(routes)
