"""check_toptw_routes and toptw_score: the benchmark's independent judge."""

from __future__ import annotations

from pathlib import Path

import pytest

from itinera.checker.toptw import check_toptw_routes, toptw_score
from itinera.loaders.toptw import load_toptw
from itinera.model.toptw import DistanceRounding, OrienteeringInstance, rounded_distance

TOPTW_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "toptw"
C101_OPTIMUM = (57, 63, 62, 74, 93, 97, 12, 2, 21, 75)


def _line() -> OrienteeringInstance:
    """Depot at 0, customers at x = 10, 20, 30 on a line; Tmax 100."""
    return OrienteeringInstance(
        name="line",
        coords=((0.0, 0.0), (10.0, 0.0), (20.0, 0.0), (30.0, 0.0)),
        service=(0.0, 5.0, 5.0, 5.0),
        score=(0, 10, 20, 30),
        open=(0.0, 0.0, 20.0, 0.0),
        close=(100.0, 50.0, 40.0, 45.0),
        rounding=DistanceRounding.FLOOR1,
    )


def test_rounded_distance_floors_to_the_rule() -> None:
    assert rounded_distance(3.0, 4.0, DistanceRounding.FLOOR1) == 5.0
    assert rounded_distance(1.0, 1.0, DistanceRounding.FLOOR1) == 1.4
    assert rounded_distance(1.0, 1.0, DistanceRounding.FLOOR2) == 1.41
    assert rounded_distance(0.3 - 0.1, 0.0, DistanceRounding.FLOOR1) == 0.2


def test_check_toptw_routes_accepts_a_feasible_plan_with_waiting() -> None:
    instance = _line()
    # 0 -> 1 at 10, leaves 15, reaches 2 at 25 (opens 20), leaves 30, 3 at 40, back at 75.
    assert check_toptw_routes(instance, [[1, 2, 3]]) == ()
    assert toptw_score(instance, [[1, 2, 3]]) == 60


@pytest.mark.skipif(not TOPTW_DIR.exists(), reason="TOPTW benchmark data absent")
def test_check_toptw_routes_accepts_the_published_c101_optimum() -> None:
    instance = load_toptw(TOPTW_DIR / "solomon" / "c101.txt")
    assert check_toptw_routes(instance, [C101_OPTIMUM], max_routes=1) == ()
    assert toptw_score(instance, [C101_OPTIMUM]) == 320


@pytest.mark.parametrize(
    ("routes", "kind"),
    [
        ([[1, 4]], "unknown vertex"),
        ([[0, 1]], "unknown vertex"),
        ([[1, 2], [1]], "repeated vertex"),
        ([[1, 1]], "repeated vertex"),
        ([[3, 2]], "late service"),
        ([[2], [3], [1]], "too many routes"),
    ],
)
def test_check_toptw_routes_flags_each_violation_kind(routes: list[list[int]], kind: str) -> None:
    violations = check_toptw_routes(_line(), routes, max_routes=2)
    assert violations
    assert {v.split(":")[0] for v in violations} == {kind}


def test_check_toptw_routes_flags_a_late_return() -> None:
    instance = _line()
    tight = OrienteeringInstance(
        name="tight",
        coords=instance.coords,
        service=instance.service,
        score=instance.score,
        open=instance.open,
        close=(70.0, *instance.close[1:]),
        rounding=instance.rounding,
    )
    violations = check_toptw_routes(tight, [[1, 2, 3]])
    assert len(violations) == 1
    assert violations[0].startswith("late return")


def test_toptw_score_counts_each_customer_once_and_ignores_unknown_ids() -> None:
    assert toptw_score(_line(), [[1, 2], [2, 3, 9, 0]]) == 60
