"""Smoke run of ``benchmarks/bench_transit.py --quick``, so the script does not rot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from benchmarks.bench_transit import main

if TYPE_CHECKING:
    import pytest


def test_bench_transit_quick_prints_both_feeds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "tgv" in out
    assert "synthetic-2x" in out
    assert "growth" in out
