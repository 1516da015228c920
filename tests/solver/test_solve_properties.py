"""Property tests of ``solve`` on small random problems, judged by ``tests.solver_oracle``."""

from __future__ import annotations

from hypothesis import given, settings
from tests.solver_oracle import brute_force_optimum, prize, violations
from tests.solver_strategies import small_problems

from itinera.solver import ProblemData, SolveParams, SolveStatus, solve

PARAMS = SolveParams(time_limit_s=60.0, seed=3, max_iterations=40)


@settings(max_examples=40)
@given(small_problems(max_visits=9))
def test_solve_output_always_passes_the_oracle(data: ProblemData) -> None:
    result = solve(data, PARAMS)
    assert result.status is SolveStatus.FEASIBLE
    assert violations(data, result.routes) == []
    assert result.prize == prize(data, result.routes)
    for route, starts in zip(result.routes, result.start_times, strict=True):
        assert len(route) == len(starts)
        for node, start in zip(route, starts, strict=True):
            assert any(o <= start <= c for o, c in data.windows[node])


@settings(max_examples=40)
@given(small_problems(max_visits=7))
def test_solve_matches_the_brute_force_optimum_on_tiny_problems(data: ProblemData) -> None:
    result = solve(data, PARAMS)
    assert violations(data, result.routes) == []
    assert result.prize == brute_force_optimum(data)
