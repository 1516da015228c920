"""ProblemData, RouteSpec, LunchBreak and SolveParams: invariants checked on construction."""

from __future__ import annotations

import pickle
from typing import Any

import numpy as np
import pytest

from itinera.errors import InvalidInputError
from itinera.solver import LunchBreak, ProblemData, RouteSpec, SolveParams
from itinera.solver.problem import MAX_TIME, ceil_units, floor_units


def _data(**overrides: object) -> ProblemData:
    fields: dict[str, object] = {
        "travel": np.array([[0, 5, 5], [5, 0, 5], [5, 5, 0]]),
        "service": np.array([0, 3, 3]),
        "prize": np.array([0, 4, 6]),
        "windows": ((), ((0, 50),), ((10, 20), (30, 40))),
        "routes": (RouteSpec(start=0, end=0, earliest_start=0, latest_end=100),),
    }
    fields.update(overrides)
    return ProblemData(**fields)  # type: ignore[arg-type]


def test_matrices_are_not_writeable() -> None:
    data = _data()
    for array in (data.travel, data.service, data.prize):
        assert not array.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 1


def test_problem_data_copies_its_arrays() -> None:
    travel = np.array([[0, 5, 5], [5, 0, 5], [5, 5, 0]])
    data = _data(travel=travel)
    travel[0, 1] = 99
    assert data.travel[0, 1] == 5
    assert travel.flags.writeable


def test_problem_data_survives_pickling() -> None:
    data = _data(allowed_routes={1: frozenset({0})}, allowed_successors={0: frozenset({1, 2})})
    copy = pickle.loads(pickle.dumps(data))  # noqa: S301 - our own bytes
    assert copy.allowed_routes == {1: frozenset({0})}
    assert np.array_equal(copy.travel, data.travel)


def test_problem_data_exposes_terminals_and_candidates() -> None:
    data = _data()
    assert data.num_nodes == 3
    assert data.terminals == frozenset({0})
    assert data.candidates == (1, 2)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"travel": np.zeros((3, 2))}, "travel"),
        ({"travel": -np.ones((3, 3))}, "travel"),
        ({"service": np.array([0, 1])}, "service"),
        ({"prize": np.array([0, -1, 2])}, "prize"),
        ({"windows": ((), ((5, 1),), ())}, "windows"),
        ({"windows": ((), ((0, 10), (5, 20)), ())}, "windows"),
        ({"windows": ((), ())}, "windows"),
        ({"routes": ()}, "routes"),
        ({"routes": (RouteSpec(start=0, end=7, earliest_start=0, latest_end=9),)}, "routes"),
        ({"required": frozenset({0})}, "required"),
        ({"required": frozenset({5})}, "required"),
        ({"choice_groups": ((1, 1),)}, "choice_groups"),
        ({"linked": ((1, 0),)}, "linked"),
        ({"allowed_routes": {1: frozenset({3})}}, "allowed_routes"),
        ({"allowed_successors": {1: frozenset({8})}}, "allowed_successors"),
        ({"budget": 10}, "budget"),
        ({"cost": np.array([1, 2]), "budget": 10}, "cost"),
        ({"cost": np.array([0, 1, 1]), "budget": -1}, "budget"),
    ],
)
def test_problem_data_raises_when_a_field_is_invalid(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        _data(**overrides)
    assert info.value.field == field


def test_route_spec_and_lunch_raise_when_times_are_inverted() -> None:
    with pytest.raises(InvalidInputError, match="routes"):
        RouteSpec(start=0, end=0, earliest_start=10, latest_end=5)
    with pytest.raises(InvalidInputError, match="lunch"):
        LunchBreak(earliest_start=10, latest_start=5, duration=3)
    with pytest.raises(InvalidInputError, match=r"lunch\.duration"):
        LunchBreak(earliest_start=1, latest_start=5, duration=-3)


def test_scaling_rounds_to_the_safe_side_and_caps() -> None:
    assert ceil_units(48.17, 100) == 4817
    assert floor_units(48.17, 100) == 4817
    assert ceil_units(0.001, 100) == 1
    assert floor_units(0.009, 100) == 0
    assert ceil_units(1e12) == MAX_TIME


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"time_limit_s": 0.0}, "time_limit_s"),
        ({"time_limit_s": float("inf")}, "time_limit_s"),
        ({"max_iterations": -1}, "max_iterations"),
        ({"workers": 0}, "workers"),
    ],
)
def test_solve_params_raise_when_a_field_is_invalid(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        SolveParams(**overrides)
    assert info.value.field == field
