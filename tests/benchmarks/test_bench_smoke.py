"""Smoke test: the TOPTW benchmark script runs end to end (``--quick`` and FILE mode)."""

from __future__ import annotations

import json

import pytest

from benchmarks import bench_toptw

pytestmark = pytest.mark.skipif(
    not bench_toptw.DATA_DIR.exists(), reason="TOPTW benchmark data absent"
)


def test_bench_toptw_quick_runs_and_reports(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_toptw.main(["--quick", "--time-limit", "0.3"]) == 0
    out = capsys.readouterr().out
    assert "mean gap" in out
    assert "checker failures: 0" in out
    assert out.count(" ok") == 3


def test_bench_toptw_compares_with_pyvrp_in_the_same_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert bench_toptw.main(["--quick", "--time-limit", "0.3", "--compare", "pyvrp"]) == 0
    out = capsys.readouterr().out
    assert out.count("ok / pyvrp ok") == 3
    assert "pyvrp    rows 3" in out
    assert "itinera vs pyvrp: wins" in out


def test_bench_toptw_file_mode_prints_one_json_object_per_instance(
    capsys: pytest.CaptureFixture[str],
) -> None:
    files = [str(bench_toptw.instance_path(name)) for name in ("c101", "pr01")]
    args = [*files, "--routes", "2", "--time-limit", "0.3", "--json"]
    assert bench_toptw.main(args) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["instance"] for r in records] == ["c101", "pr01"]
    for record in records:
        assert record["m"] == 2
        assert len(record["routes"]) == 2
        assert record["score"] > 0
        assert all(0 not in route for route in record["routes"])
