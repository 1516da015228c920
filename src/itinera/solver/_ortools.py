"""Everything OR-Tools: the routing model of a problem, and route recombination.

This is the only module of itinera importing ``ortools``.

Routing model (:class:`RoutingEngine`)
--------------------------------------
* Each visit node sits in its own disjunction with penalty ``value * prize_weight``, where
  ``value`` is the search value (prize, plus a bonus above the total prize for required nodes
  and choice-group members) and ``prize_weight`` exceeds any possible total travel; the arc cost
  is the travel time. The objective is thus lexicographic: value first, travel as tie-breaker,
  which keeps routes short and leaves room for insertions. Required nodes and choice groups
  are soft this way, so the local search always has a solution to improve.
* One time dimension with slack (waiting), transit ``service[i] + travel[i, j]``; windows are
  ``SetRange`` plus ``RemoveInterval`` for the gaps; the lunch is a vehicle break kept inside
  the route span; allowed successors and forbidden arcs restrict ``NextVar``; linked nodes
  equate their ``ActiveVar``; at most one node per choice group (a max-cardinality-1
  disjunction); the budget is a linear constraint over ``ActiveVar``.

Measured on the TOPTW benchmark, OR-Tools' own metaheuristics from scratch stay far behind
the ILS of :mod:`itinera.solver.search` (guided local search about 15 % mean gap at 2 s on a
20-row subset, the built-in iterated local search with ruin-and-recreate about 21 %), and a
greedy descent from the ILS's best solution gains less than the time it takes. The engine is
therefore the exact model of last resort: :func:`itinera.solver.solve` hands it the best
solution when required nodes or choice groups are still unmet (:meth:`RoutingEngine.polish`).

Route recombination (:func:`pack_routes`)
-----------------------------------------
A set-packing MIP (SCIP) picks, among all routes met during the search, one per route with
disjoint visits and the largest value, under the choice groups, links and budget.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ortools.constraint_solver import pywrapcp, routing_enums_pb2
from ortools.linear_solver import pywraplp

from itinera.solver.problem import MAX_TIME, UNREACHABLE

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import numpy as np
    from numpy.typing import NDArray

    from itinera.solver.problem import ProblemData

_BOOL_TRUE = 3  # OptionalBoolean.BOOL_TRUE in OR-Tools' protos


class RoutingEngine:
    """An OR-Tools routing model built once, then used to polish solutions.

    Parameters
    ----------
    data
        The problem.
    value
        ``(n,)`` search value of each node (prize plus bonuses), integer-valued.
    """

    def __init__(self, data: ProblemData, value: NDArray[np.float64]) -> None:
        self.data = data
        n, m = data.num_nodes, data.num_routes
        terminals = data.terminals
        self.visit_nodes = tuple(i for i in range(n) if i not in terminals)
        self.horizon = max(r.latest_end for r in data.routes)
        self.prize_weight = sum(r.latest_end - r.earliest_start for r in data.routes) + 1
        self.manager = pywrapcp.RoutingIndexManager(
            n, m, [r.start for r in data.routes], [r.end for r in data.routes]
        )
        self.routing = pywrapcp.RoutingModel(self.manager)
        self.solver = self.routing.solver()
        self.index_of = {i: self.manager.NodeToIndex(i) for i in self.visit_nodes}
        self._build_time()
        self._build_breaks()
        self._build_disjunctions(value)
        self._build_successors()
        self._build_side_constraints()
        self.routing.CloseModel()

    def _build_time(self) -> None:
        data, routing = self.data, self.routing
        n = data.num_nodes
        terminals = data.terminals
        cap = min(self.horizon + 1, MAX_TIME)
        travel = [[min(int(data.travel[i, j]), cap) for j in range(n)] for i in range(n)]
        service = [0 if i in terminals else int(data.service[i]) for i in range(n)]
        transit = [[min(travel[i][j] + service[i], cap) for j in range(n)] for i in range(n)]
        routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(travel))
        transit_index = routing.RegisterTransitMatrix(transit)
        routing.AddDimension(transit_index, self.horizon, self.horizon, False, "time")  # noqa: FBT003
        self.time = routing.GetDimensionOrDie("time")
        for v, route in enumerate(data.routes):
            for index in (routing.Start(v), routing.End(v)):
                self.time.CumulVar(index).SetRange(route.earliest_start, route.latest_end)
        for node, index in self.index_of.items():
            windows = [
                (o, min(c, self.horizon)) for o, c in data.windows[node] if o <= self.horizon
            ]
            if not windows:
                routing.ActiveVar(index).SetValue(0)
                continue
            cumul = self.time.CumulVar(index)
            cumul.SetRange(windows[0][0], windows[-1][1])
            for (_, close), (next_open, _) in itertools.pairwise(windows):
                cumul.RemoveInterval(close + 1, next_open - 1)

    def _build_breaks(self) -> None:
        data, routing = self.data, self.routing
        terminals = data.terminals
        size = routing.Size() + data.num_routes
        visit_transits = []
        for index in range(size):
            node = self.manager.IndexToNode(index)
            visit_transits.append(0 if node in terminals else int(data.service[node]))
        for v, route in enumerate(data.routes):
            lunch = route.lunch
            if lunch is None:
                continue
            interval = self.solver.FixedDurationIntervalVar(
                lunch.earliest_start,
                lunch.latest_start,
                lunch.duration,
                False,  # noqa: FBT003 - not optional
                f"lunch{v}",
            )
            self.time.SetBreakIntervalsOfVehicle([interval], v, visit_transits)
            self.solver.Add(interval.StartExpr() >= self.time.CumulVar(routing.Start(v)))
            self.solver.Add(interval.EndExpr() <= self.time.CumulVar(routing.End(v)))

    def _build_disjunctions(self, value: NDArray[np.float64]) -> None:
        data, routing = self.data, self.routing
        for node, index in self.index_of.items():
            routing.AddDisjunction([index], round(float(value[node])) * self.prize_weight)
        for group in data.choice_groups:
            routing.AddDisjunction([self.index_of[i] for i in group], 0, 1)
        for node, allowed in data.allowed_routes.items():
            if node in self.index_of:
                # SetAllowedVehiclesForIndex's SWIG binding rejects Python lists in 9.15;
                # restricting the vehicle variable is equivalent (-1: unperformed).
                routing.VehicleVar(self.index_of[node]).SetValues([-1, *sorted(allowed)])

    def _successor_indices(self, node: int) -> list[int]:
        if node in self.index_of:
            return [self.index_of[node]]
        routing = self.routing
        return [routing.End(v) for v, r in enumerate(self.data.routes) if r.end == node]

    def _build_successors(self) -> None:
        data, routing = self.data, self.routing
        if not data.allowed_successors and not bool((data.travel >= UNREACHABLE).any()):
            return
        n = data.num_nodes
        sources = [(node, [index]) for node, index in self.index_of.items()]
        for v, route in enumerate(data.routes):
            sources.append((route.start, [routing.Start(v)]))
        for node, indices in sources:
            allowed = data.allowed_successors.get(node)
            targets = sorted(allowed) if allowed is not None else range(n)
            values = [
                index
                for j in targets
                if int(data.travel[node, j]) < UNREACHABLE
                for index in self._successor_indices(j)
            ]
            for index in indices:
                own = [index] if node in self.index_of else []  # inactive: NextVar == self
                routing.NextVar(index).SetValues(values + own)

    def _build_side_constraints(self) -> None:
        data, routing, solver = self.data, self.routing, self.solver
        for a, b in data.linked:
            solver.Add(routing.ActiveVar(self.index_of[a]) == routing.ActiveVar(self.index_of[b]))
        if data.budget is not None and data.cost is not None:
            paying = [i for i in self.visit_nodes if int(data.cost[i]) > 0]
            if paying:
                active = [routing.ActiveVar(self.index_of[i]) for i in paying]
                costs = [int(data.cost[i]) for i in paying]
                solver.Add(solver.ScalProd(active, costs) <= data.budget)

    def polish(
        self,
        routes: Sequence[Sequence[int]],
        time_limit_s: float | None,
        *,
        guided: bool = False,
        solution_limit: int | None = None,
    ) -> tuple[tuple[int, ...], ...] | None:
        """Return the best solution OR-Tools' local search reaches from ``routes``.

        Parameters
        ----------
        routes
            Visits per route (a feasible solution).
        time_limit_s
            Wall-clock limit, or ``None`` (reproducible: greedy descent stops at its local
            optimum; guided local search needs a ``solution_limit`` then).
        guided
            Guided local search instead of greedy descent.
        solution_limit
            Stop after this many solutions.

        Returns
        -------
        tuple of tuple of int or None
            The improved routes, or ``None`` if OR-Tools rejects ``routes``.
        """
        params = pywrapcp.DefaultRoutingSearchParameters()
        metaheuristics = routing_enums_pb2.LocalSearchMetaheuristic
        params.local_search_metaheuristic = (
            metaheuristics.GUIDED_LOCAL_SEARCH if guided else metaheuristics.GREEDY_DESCENT
        )
        if solution_limit is not None:
            params.solution_limit = solution_limit
        operators = params.local_search_operators
        operators.use_extended_swap_active = _BOOL_TRUE
        operators.use_relocate_and_make_active = _BOOL_TRUE
        operators.use_exchange_and_make_active = _BOOL_TRUE
        if time_limit_s is not None:
            params.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
        index_routes = [[self.index_of[i] for i in route] for route in routes]
        assignment = self.routing.ReadAssignmentFromRoutes(index_routes, True)  # noqa: FBT003
        if assignment is None:
            return None
        solution = self.routing.SolveFromAssignmentWithParameters(assignment, params)
        return None if solution is None else self.read_routes(solution)

    def read_routes(self, solution: pywrapcp.Assignment) -> tuple[tuple[int, ...], ...]:
        """Return the node routes of an OR-Tools assignment."""
        routing = self.routing
        routes: list[tuple[int, ...]] = []
        for v in range(self.data.num_routes):
            nodes: list[int] = []
            index = solution.Value(routing.NextVar(routing.Start(v)))
            while not routing.IsEnd(index):
                nodes.append(self.manager.IndexToNode(index))
                index = solution.Value(routing.NextVar(index))
            routes.append(tuple(nodes))
        return tuple(routes)


@dataclass(frozen=True, slots=True)
class PackLimits:
    """Limits of one set-packing solve: wall clock, or branch-and-bound nodes (reproducible)."""

    time_limit_s: float | None = None
    node_limit: int | None = None


def _route_classes(data: ProblemData) -> list[int]:
    """Return, per route, the index of the first route with an identical spec."""
    first: dict[object, int] = {}
    return [first.setdefault(spec, r) for r, spec in enumerate(data.routes)]


class _PackModel:
    """The set-packing MIP: one binary per (column, slot); a slot is a route or a class."""

    def __init__(self, data: ProblemData, solver: pywraplp.Solver) -> None:
        self.data = data
        self.solver = solver
        self.classes = _route_classes(data)
        self.members: dict[int, list[int]] = {}
        for r, klass in enumerate(self.classes):
            self.members.setdefault(klass, []).append(r)
        self.aggregate = not data.allowed_routes
        self.variables: list[tuple[Any, int, tuple[int, ...], bool]] = []
        self.per_slot: dict[int, list[Any]] = {}
        self.per_node: dict[int, list[Any]] = {}

    def add_columns(
        self,
        columns: Mapping[tuple[int, frozenset[int]], tuple[int, ...]],
        incumbent: Sequence[Sequence[int]],
    ) -> None:
        data = self.data
        known = {(self.classes[r], frozenset(visits)) for r, visits in enumerate(incumbent)}
        for (klass, nodes), visits in columns.items():
            if self.aggregate:
                slots = [klass]
            else:
                slots = [
                    r for r in self.members[klass] if all(data.route_may_visit(r, v) for v in nodes)
                ]
            for slot in slots:
                var = self.solver.BoolVar("")
                self.variables.append((var, slot, visits, (klass, nodes) in known))
                self.per_slot.setdefault(slot, []).append(var)
                for v in nodes:
                    self.per_node.setdefault(v, []).append(var)

    def add_constraints(self) -> None:
        solver = self.solver
        for slot, terms in self.per_slot.items():
            capacity = len(self.members[slot]) if self.aggregate else 1
            if len(terms) > capacity:
                solver.Add(solver.Sum(terms) <= capacity)
        for terms in self.per_node.values():
            if len(terms) > 1:
                solver.Add(solver.Sum(terms) <= 1)
        spend = [(var, visits) for var, _, visits, _ in self.variables]
        _add_side_constraints(solver, self.data, self.per_node, spend)

    def set_objective(self, value: NDArray[np.float64]) -> None:
        objective = self.solver.Objective()
        for var, _, visits, _ in self.variables:
            objective.SetCoefficient(var, float(sum(float(value[v]) for v in visits)))
        objective.SetMaximization()
        hint = [1.0 if known else 0.0 for _, _, _, known in self.variables]
        self.solver.SetHint([var for var, _, _, _ in self.variables], hint)

    def routes(self) -> list[list[int]]:
        routes: list[list[int]] = [[] for _ in self.data.routes]
        free = {klass: list(rs) for klass, rs in self.members.items()}
        for var, slot, visits, _ in self.variables:
            if var.solution_value() > 0.5:  # noqa: PLR2004 - binary
                r = free[slot].pop(0) if self.aggregate else slot
                routes[r] = list(visits)
        return routes


def pack_routes(
    data: ProblemData,
    columns: Mapping[tuple[int, frozenset[int]], tuple[int, ...]],
    value: NDArray[np.float64],
    incumbent: Sequence[Sequence[int]],
    limits: PackLimits,
) -> list[list[int]] | None:
    """Return the best combination of known routes, one per route, or ``None``.

    Parameters
    ----------
    data
        The problem.
    columns
        Feasible routes met so far: ``(route class, visit set) -> visits in order``, the class
        being the index of the first route with the same spec; a column fits every route of
        its class whose index all its nodes allow.
    value
        ``(n,)`` search value of each node.
    incumbent
        The best solution known (given to SCIP as a hint).
    limits
        How long SCIP may search.

    Returns
    -------
    list of list of int or None
        Visits per route, or ``None`` if SCIP found nothing.

    Notes
    -----
    Without allowed-route restrictions, the routes of a class are interchangeable: one
    variable per column and a capacity per class avoid the symmetric copies.
    """
    solver = pywraplp.Solver.CreateSolver("SCIP")
    if solver is None:
        return None
    model = _PackModel(data, solver)
    model.add_columns(columns, incumbent)
    model.add_constraints()
    model.set_objective(value)
    if limits.time_limit_s is not None:
        solver.SetTimeLimit(max(1, int(limits.time_limit_s * 1000)))
    if limits.node_limit is not None:
        solver.SetSolverSpecificParametersAsString(f"limits/nodes = {limits.node_limit}\n")
    status = solver.Solve()
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return None
    return model.routes()


def _add_side_constraints(
    solver: pywraplp.Solver,
    data: ProblemData,
    per_node: dict[int, list[Any]],
    columns: list[tuple[Any, tuple[int, ...]]],
) -> None:
    for group in data.choice_groups:
        terms = [var for node in group for var in per_node.get(node, [])]
        if len(terms) > 1:
            solver.Add(solver.Sum(terms) <= 1)
    for a, b in data.linked:
        left, right = per_node.get(a, []), per_node.get(b, [])
        if left or right:
            solver.Add(solver.Sum(left) - solver.Sum(right) == 0)
    if data.budget is not None and data.cost is not None:
        cost = data.cost
        terms = [
            sum(int(cost[v]) for v in visits) * var
            for var, visits in columns
            if any(int(cost[v]) for v in visits)
        ]
        if terms:
            solver.Add(solver.Sum(terms) <= data.budget)
