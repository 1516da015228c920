"""The exact route timing (schedule, insertion costs) against the slow oracle."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.solver_oracle import route_end_time
from tests.solver_strategies import small_problems

from itinera.solver import LunchBreak, ProblemData, RouteSpec
from itinera.solver.insertion import insertion_costs
from itinera.solver.schedule import INF, CompiledProblem, schedule_route
from itinera.solver.search import RouteState


@st.composite
def problems_and_routes(draw: st.DrawFn) -> tuple[ProblemData, list[int]]:
    data = draw(small_problems(max_visits=6, arbitrary_travel=draw(st.booleans())))
    nodes = [n for n in range(1, data.num_nodes) if data.windows[n]]
    route = draw(st.permutations(nodes)) if nodes else []
    return data, list(route[: draw(st.integers(0, len(route)))])


@settings(max_examples=300)
@given(problems_and_routes())
def test_schedule_route_agrees_with_the_oracle(case: tuple[ProblemData, list[int]]) -> None:
    data, visits = case
    schedule = schedule_route(CompiledProblem(data), 0, visits)
    expected = route_end_time(data, 0, visits)
    if expected is None:
        assert schedule is None
        return
    assert schedule is not None
    assert schedule.end_arrival == expected
    lunch = data.routes[0].lunch
    busy = [(s, s + int(data.service[v])) for v, s in zip(visits, schedule.starts, strict=True)]
    for node, start in zip(visits, schedule.starts, strict=True):
        assert any(o <= start <= c for o, c in data.windows[node])
    if lunch is not None:
        assert schedule.lunch_start is not None
        assert lunch.earliest_start <= schedule.lunch_start <= lunch.latest_start
        end = schedule.lunch_start + lunch.duration
        assert all(end <= b or schedule.lunch_start >= e for b, e in busy)


@settings(max_examples=300)
@given(problems_and_routes(), st.data())
def test_insertion_costs_are_feasible_exactly_when_the_oracle_agrees(
    case: tuple[ProblemData, list[int]], draw: st.DataObject
) -> None:
    data, visits = case
    problem = CompiledProblem(data)
    if route_end_time(data, 0, visits) is None:
        return
    state = RouteState(problem, 0, visits)
    outside = [n for n in range(1, data.num_nodes) if n not in visits and data.windows[n]]
    if not outside:
        return
    node = draw.draw(st.sampled_from(outside))
    for skip in (False, True):
        costs = insertion_costs(
            problem, state.spec.lunch, state.seq, state.times, np.array([node]), skip=skip
        )[:, 0]
        for gap, cost in enumerate(costs.tolist()):
            trial = list(visits)
            if skip:
                trial[gap] = node
            else:
                trial.insert(gap, node)
            assert (cost < INF) == (route_end_time(data, 0, trial) is not None)


def test_schedule_route_uses_the_second_window_and_places_lunch_in_a_gap() -> None:
    data = ProblemData(
        travel=np.array([[0, 10, 10], [10, 0, 10], [10, 10, 0]]),
        service=np.array([0, 30, 20]),
        prize=np.array([0, 5, 5]),
        windows=((), ((0, 5), (20, 40)), ((0, 200),)),
        routes=(
            RouteSpec(
                start=0,
                end=0,
                earliest_start=0,
                latest_end=200,
                lunch=LunchBreak(earliest_start=50, latest_start=70, duration=15),
            ),
        ),
    )
    schedule = schedule_route(CompiledProblem(data), 0, [1, 2])
    assert schedule is not None
    # Arrive at 1 at 10, too late for (0, 5): start 20, leave 50; lunch 50-65 between 1 and
    # 2, whose gap must hold the travel and the break: 2 starts at 75, back at 105.
    assert schedule.starts == (20, 75)
    assert schedule.lunch_start == 50
    assert schedule.end_arrival == 105
