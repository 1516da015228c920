"""solve on tiny hand-made problems: each side constraint, statuses and reproducibility.

Every result is judged by the independent ``tests.solver_oracle``.
"""

from __future__ import annotations

import numpy as np
from tests.solver_oracle import brute_force_optimum, violations

from itinera.solver import (
    UNREACHABLE,
    LunchBreak,
    ProblemData,
    RouteSpec,
    SolveParams,
    SolveResult,
    SolveStatus,
    solve,
)

PARAMS = SolveParams(time_limit_s=60.0, seed=0, max_iterations=30)


def _star(
    prizes: list[int],
    *,
    routes: int | tuple[RouteSpec, ...] = 1,
    latest_end: int = 100,
    **overrides: object,
) -> ProblemData:
    """Depot 0; visit i (1..k) is 10 away from the depot and 10 from each other; service 5."""
    n = len(prizes) + 1
    if isinstance(routes, int):
        routes = (RouteSpec(start=0, end=0, earliest_start=0, latest_end=latest_end),) * routes
    travel = np.full((n, n), 10, dtype=np.int64)
    np.fill_diagonal(travel, 0)
    fields: dict[str, object] = {
        "travel": travel,
        "service": np.array([0] + [5] * len(prizes)),
        "prize": np.array([0, *prizes]),
        "windows": ((), *(((0, 1000),),) * len(prizes)),
        "routes": routes,
    }
    fields.update(overrides)
    return ProblemData(**fields)  # type: ignore[arg-type]


def _solve_checked(data: ProblemData, params: SolveParams = PARAMS) -> SolveResult:
    result = solve(data, params)
    assert result.status is SolveStatus.FEASIBLE, result.reasons
    assert violations(data, result.routes) == []
    return result


def _visited(result: SolveResult) -> set[int]:
    return {node for route in result.routes for node in route}


def test_solve_collects_the_best_prize_within_the_time_budget() -> None:
    # Latest end 50: at most three visits of 15 each (10 travel + 5 service) plus the return.
    data = _star([5, 9, 1, 7, 3], latest_end=55)
    result = _solve_checked(data)
    assert _visited(result) == {2, 4, 1}
    assert result.prize == brute_force_optimum(data) == 21


def test_solve_visits_a_required_node_even_if_it_pays_less() -> None:
    data = _star([5, 9, 1, 7, 3], latest_end=55, required=frozenset({3}))
    result = _solve_checked(data)
    assert 3 in _visited(result)
    assert result.prize == 1 + 9 + 7


def test_solve_reports_an_unreachable_required_node_as_infeasible() -> None:
    windows = ((), ((0, 1000),), ((500, 600),))
    result = solve(_star([5, 9], windows=windows, required=frozenset({2})), PARAMS)
    assert result.status is SolveStatus.INFEASIBLE
    assert not result.is_feasible()
    assert any("required node 2" in reason for reason in result.reasons)


def test_solve_reports_required_nodes_that_do_not_fit_together_as_infeasible() -> None:
    data = _star([5, 9, 4], latest_end=39, required=frozenset({1, 2}))
    result = solve(data, PARAMS)
    assert result.status is SolveStatus.INFEASIBLE
    assert result.reasons


def test_solve_visits_exactly_one_node_of_a_choice_group() -> None:
    data = _star([5, 9, 0, 0], choice_groups=((3, 4), (1, 2)))
    result = _solve_checked(data)
    visited = _visited(result)
    assert len(visited & {3, 4}) == 1
    assert len(visited & {1, 2}) == 1
    assert 2 in visited


def test_solve_respects_allowed_successors_and_forbidden_arcs() -> None:
    travel = np.full((4, 4), 10, dtype=np.int64)
    np.fill_diagonal(travel, 0)
    travel[1, 0] = UNREACHABLE  # from 1 one must go on to 2 or 3
    data = _star(
        [5, 5, 5],
        travel=travel,
        allowed_successors={2: frozenset({1}), 0: frozenset({1, 2, 3, 0})},
    )
    result = _solve_checked(data)
    (route,) = result.routes
    for a, b in zip((0, *route), (*route, 0), strict=True):
        assert travel[a, b] < UNREACHABLE
        assert a != 2 or b == 1
    assert result.prize == 15


def test_solve_visits_linked_nodes_together_or_not_at_all() -> None:
    both = _solve_checked(_star([8, 0, 1], latest_end=55, linked=((1, 2),)))
    assert {1, 2} <= _visited(both)
    windows = ((), ((0, 1000),), ((900, 1000),), ((0, 1000),))
    neither = _solve_checked(_star([8, 0, 1], windows=windows, linked=((1, 2),)))
    assert not {1, 2} & _visited(neither)
    assert neither.prize == 1


def test_solve_keeps_routes_to_their_allowed_nodes() -> None:
    data = _star([5, 5, 5], routes=2, latest_end=30, allowed_routes={1: frozenset({1})})
    result = _solve_checked(data)
    assert 1 in result.routes[1]
    assert result.prize == 10


def test_solve_takes_the_lunch_break_between_visits() -> None:
    lunch = LunchBreak(earliest_start=20, latest_start=25, duration=30)
    route = RouteSpec(start=0, end=0, earliest_start=0, latest_end=120, lunch=lunch)
    data = _star([5, 5, 5, 5], routes=(route,))
    result = _solve_checked(data)
    (lunch_start,) = result.lunch_starts
    assert lunch_start is not None
    assert 20 <= lunch_start <= 25
    for node, start in zip(result.routes[0], result.start_times[0], strict=True):
        end = start + int(data.service[node])
        assert end <= lunch_start or start >= lunch_start + 30
    assert result.prize == brute_force_optimum(data)


def test_solve_stays_within_the_budget() -> None:
    data = _star([5, 9, 4, 6], cost=np.array([0, 10, 30, 10, 10]), budget=30)
    result = _solve_checked(data)
    assert data.cost is not None
    assert sum(int(data.cost[n]) for n in _visited(result)) <= 30
    assert result.prize == brute_force_optimum(data) == 15


def test_solve_waits_for_the_second_window_of_a_node() -> None:
    windows = ((), ((0, 5), (40, 60)), ((0, 1000),))
    result = _solve_checked(_star([5, 1], windows=windows))
    position = result.routes[0].index(1)
    assert result.start_times[0][position] >= 40
    assert result.prize == 6


def test_solve_reports_a_route_that_cannot_be_travelled() -> None:
    travel = np.array([[0, 5, 5], [5, 0, 5], [5, 5, 0]])
    route = RouteSpec(start=1, end=2, earliest_start=0, latest_end=3)
    data = ProblemData(
        travel=travel,
        service=np.zeros(3, dtype=np.int64),
        prize=np.array([3, 0, 0]),
        windows=(((0, 10),), (), ()),
        routes=(route,),
    )
    result = solve(data, PARAMS)
    assert result.status is SolveStatus.INFEASIBLE
    assert "route 0" in result.reasons[0]
    assert result.routes == ((),)


def test_solve_calls_on_progress_with_increasing_prizes() -> None:
    seen: list[tuple[int, float]] = []
    _solve_checked(_star([5, 9, 1, 7, 3], latest_end=55), PARAMS)
    solve(
        _star([5, 9, 1, 7, 3], latest_end=55), PARAMS, on_progress=lambda p, t: seen.append((p, t))
    )
    prizes = [p for p, _ in seen]
    assert prizes
    assert prizes == sorted(set(prizes))
    assert prizes[-1] == 21


def test_solve_with_two_workers_keeps_the_best() -> None:
    data = _star([5, 9, 1, 7, 3], routes=2, latest_end=40)
    result = _solve_checked(data, SolveParams(time_limit_s=5.0, seed=1, workers=2))
    assert result.prize == brute_force_optimum(data)
    assert "status: feasible" in result.summary()


def test_routing_engine_polish_keeps_every_side_constraint() -> None:
    from itinera.solver._ortools import RoutingEngine  # noqa: PLC0415 - internal module
    from itinera.solver.schedule import CompiledProblem  # noqa: PLC0415
    from itinera.solver.search import SearchSpace  # noqa: PLC0415

    lunch = LunchBreak(earliest_start=20, latest_start=40, duration=10)
    travel = np.full((7, 7), 10, dtype=np.int64)
    np.fill_diagonal(travel, 0)
    travel[5, 0] = UNREACHABLE
    routes = (
        RouteSpec(start=0, end=0, earliest_start=0, latest_end=90, lunch=lunch),
        RouteSpec(start=0, end=0, earliest_start=0, latest_end=90),
    )
    data = _star(
        [5, 9, 1, 7, 3, 4],
        routes=routes,
        travel=travel,
        windows=((), ((0, 90),), ((0, 20), (50, 80)), *(((0, 90),),) * 4),
        required=frozenset({3}),
        choice_groups=((4, 6),),
        linked=((1, 5),),
        allowed_routes={2: frozenset({1})},
        allowed_successors={6: frozenset({0, 1, 2})},
        cost=np.array([0, 1, 1, 1, 1, 1, 5]),
        budget=4,
    )
    space = SearchSpace(CompiledProblem(data))
    engine = RoutingEngine(data, space.value)
    for guided, limit in ((False, None), (True, 50)):
        polished = engine.polish([[3, 4], []], None, guided=guided, solution_limit=limit)
        assert polished is not None
        assert violations(data, polished) == []
        assert sum(int(data.prize[v]) for r in polished for v in r) >= 8
