"""Smoke run of ``benchmarks/bench_api.py --quick``: a real server, both scenarios, no error."""

from __future__ import annotations

from typing import TYPE_CHECKING

from benchmarks.bench_api import main

if TYPE_CHECKING:
    import pytest


def test_bench_api_quick_drives_both_endpoints_without_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--quick"]) == 0
    out = capsys.readouterr().out
    rows = {
        line.split("  ")[0]: line.split()
        for line in out.splitlines()
        if line.startswith(("GET", "POST"))
    }
    assert set(rows) == {"GET /v1/places", "POST /v1/itineraries (3 days)"}
    for cells in rows.values():
        requests, errors = int(cells[-6]), int(cells[-5])
        assert requests > 0
        assert errors == 0, out
    assert "target places p99" in out
    assert "target POST p95" in out
