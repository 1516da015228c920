"""load_toptw on the real benchmark files and on malformed input."""

from __future__ import annotations

from pathlib import Path

import pytest

from itinera.errors import DataSourceError
from itinera.loaders.toptw import load_toptw, rounding_for
from itinera.model.toptw import DistanceRounding

TOPTW_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "toptw"
needs_data = pytest.mark.skipif(not TOPTW_DIR.exists(), reason="TOPTW benchmark data absent")

HEADER = "4 10 2 1\n0 200\n"
DEPOT = "0 40.00 50.00 0.00 0.00 0 0 0 1236\n"
VERTEX1 = "1 45.00 68.00 90.00 10.00 1 1 1 912 967\n"
VERTEX2 = "2 45.00 70.00 90.00 30.00 1 2 1 2 825 870\n"


def _write(tmp_path: Path, text: str, name: str = "c999.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@needs_data
def test_load_toptw_reads_c101() -> None:
    instance = load_toptw(TOPTW_DIR / "solomon" / "c101.txt")
    assert instance.name == "c101"
    assert instance.num_vertices == 101
    assert instance.tmax == 1236
    assert instance.routes_needed == 10
    assert sum(instance.score) == 1810
    assert instance.coords[1] == (45.0, 68.0)
    assert (instance.service[1], instance.open[1], instance.close[1]) == (90.0, 912.0, 967.0)
    assert instance.rounding is DistanceRounding.FLOOR1


@needs_data
def test_load_toptw_reads_cordeau_with_two_decimal_rounding() -> None:
    instance = load_toptw(TOPTW_DIR / "cordeau" / "pr01.txt")
    assert instance.num_vertices == 49
    assert instance.tmax == 1000
    assert instance.rounding is DistanceRounding.FLOOR2
    assert instance.coords[0] == (-10.442, 19.999)


@needs_data
def test_load_toptw_reads_every_benchmark_file() -> None:
    files = sorted(TOPTW_DIR.rglob("*.txt"))
    assert len(files) == 76
    for path in files:
        instance = load_toptw(path)
        assert instance.num_vertices in {49, 73, 97, 101, 145, 193, 217, 241, 289}
        assert instance.score[0] == 0


def test_load_toptw_parses_variable_length_vertex_lines(tmp_path: Path) -> None:
    instance = load_toptw(_write(tmp_path, HEADER + DEPOT + VERTEX1 + VERTEX2))
    assert instance.open[2] == 825
    assert instance.close[2] == 870
    assert instance.score == (0, 10, 30)


def test_rounding_for_infers_the_family_from_the_name() -> None:
    assert rounding_for("pr17") is DistanceRounding.FLOOR2
    assert rounding_for("rc208") is DistanceRounding.FLOOR1


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (HEADER + DEPOT + VERTEX1, "line 4", "expected 3 vertex lines"),
        ("4 x 2 1\n0 200\n" + DEPOT + VERTEX1 + VERTEX2, "line 1", "not a number"),
        ("4 10\n0 200\n" + DEPOT, "line 1", "header must be"),
        (HEADER + DEPOT + "1 45 68 90\n" + VERTEX2, "line 4", "at least 7 fields"),
        (HEADER + DEPOT + VERTEX2 + VERTEX1, "line 4", "out of sequence"),
        (
            HEADER + DEPOT + VERTEX1.replace("10.00", "1.5") + VERTEX2,
            "line 4",
            "must be an integer",
        ),
        (HEADER + DEPOT + VERTEX1.replace("90.00", "-9") + VERTEX2, "line 4", ">= 0"),
        (HEADER + DEPOT + VERTEX1.replace("967", "900") + VERTEX2, "line 4", "before opening"),
        (HEADER + DEPOT + VERTEX1.replace("45.00", "nan") + VERTEX2, "line 4", "not finite"),
    ],
)
def test_load_toptw_raises_when_the_file_is_malformed(
    tmp_path: Path, text: str, line: str, reason: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(DataSourceError, match=reason) as info:
        load_toptw(path)
    assert info.value.location == line
    assert info.value.path == str(path)


def test_load_toptw_raises_when_the_file_is_missing_or_empty(tmp_path: Path) -> None:
    with pytest.raises(DataSourceError, match="cannot read"):
        load_toptw(tmp_path / "absent.txt")
    with pytest.raises(DataSourceError, match="too short"):
        load_toptw(_write(tmp_path, "\n\n"))
