"""``itinera plan`` shows the recommended tickets (text and JSON) and plans pass-first.

The graph is a copy of ``fixtures/tiny-destination`` with one pass added, so that the expected
tickets are known: the Château comtal costs an adult 13 EUR, Lastours 7 EUR, and the pass
(3 EUR for adults, free for children) opens both.
"""

from __future__ import annotations

import json
import shutil
from typing import TYPE_CHECKING, Any

import pytest
from tests.cli_runner import run_itinera
from tests.fixtures_destinations import TINY_DESTINATION_DIR

from itinera.checker.feasibility import check_itinerary
from itinera.loaders.destination import load_destination
from itinera.loaders.itinerary_json import itinerary_from_json
from itinera.solver.pricing import itinerary_tickets

if TYPE_CHECKING:
    from pathlib import Path

PASS = {
    "id": "castles-pass",
    "name": "Castles pass",
    "prices": {"adult": 300, "child": 0, "reduced": 300},
    "validity": {"kind": "calendar-days", "amount": 2},
    "benefits": [
        {"place": "chateau-comtal", "kind": "free"},
        {"place": "chateaux-de-lastours", "kind": "free"},
    ],
    "conditions": "test pass",
}
TRIP = (
    *("--from", "carcassonne-gare", "--to", "carcassonne-gare", "--start", "2027-06-15"),
    *("--days", "1", "--profile", "family:8,12", "--time-limit", "60", "--max-iterations", "60"),
)


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a copy of the tiny destination with ``passes.json``."""
    folder = tmp_path_factory.mktemp("graph") / "tiny"
    shutil.copytree(TINY_DESTINATION_DIR, folder)
    (folder / "passes.json").write_text(json.dumps({"passes": [PASS]}), encoding="utf-8")
    return folder


def _plan_json(graph: Path, out: Path, *extra: str) -> dict[str, Any]:
    planned = run_itinera("plan", *TRIP, "--graph", str(graph), *extra, "--output", str(out))
    assert planned.returncode == 0, planned.stderr
    document: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return document


def test_cli_json_carries_the_exact_tickets_and_check_still_reads_it(
    graph: Path, tmp_path: Path
) -> None:
    out = tmp_path / "plan.json"
    document = _plan_json(graph, out, "--format", "json")
    tickets = document["tickets"]
    destination = load_destination(graph)
    itinerary = itinerary_from_json(document, destination)
    assert check_itinerary(itinerary, destination) == ()
    expected = itinerary_tickets(itinerary, destination)
    assert tickets["total_cents"] == expected.total_cents
    assert tickets["counter_cents"] == document["total_cost_cents"]
    assert tickets["saving_cents"] == tickets["counter_cents"] - tickets["total_cents"]
    assert tickets["passes_considered"] == ["castles-pass"]
    assert tickets["pass_first"] is None
    assert [t["label"] for t in tickets["travellers"]] == [
        "adult 1",
        "adult 2",
        "child aged 8",
        "child aged 12",
    ]
    visits = len(itinerary.visits)
    for traveller in tickets["travellers"]:
        assert len(traveller["lines"]) == visits
        paid = sum(line["paid_cents"] for line in traveller["lines"])
        bought = sum(p["price_cents"] for p in traveller["passes"])
        assert traveller["total_cents"] == paid + bought
    covered = {"chateau-comtal", "chateaux-de-lastours"} & set(itinerary.visited_ids)
    adult = tickets["travellers"][0]
    if covered:  # 13 EUR or 7 EUR saved for a 3 EUR pass: adults buy it
        assert [p["pass_id"] for p in adult["passes"]] == ["castles-pass"]
        assert (
            adult["saving_cents"]
            == sum({"chateau-comtal": 1300, "chateaux-de-lastours": 700}[p] for p in covered) - 300
        )
    checked = run_itinera("check", str(out), "--graph", str(graph))
    assert checked.returncode == 0, checked.stdout


def test_cli_text_has_a_tickets_section_per_traveller(graph: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.txt"
    planned = run_itinera("plan", *TRIP, "--graph", str(graph), "--output", str(out))
    assert planned.returncode == 0, planned.stderr
    text = out.read_text(encoding="utf-8")
    section = text[text.index("Tickets (exact cheapest for the party)") :]
    assert "Passes considered: Castles pass" in section
    assert "  Adult 1: " in section
    assert "  Adult 2: same as adult 1" in section
    assert "  Child aged 8: " in section
    assert "  Party total " in section
    assert "counter price" in section


def test_cli_pass_first_for_value_reports_the_pass_and_passes_check(
    graph: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pass-first.json"
    document = _plan_json(
        graph, out, "--format", "json", "--pass", "castles-pass", "--objective", "value"
    )
    pass_first = document["tickets"]["pass_first"]
    assert pass_first["pass_id"] == PASS["id"]
    assert pass_first["objective"] == "value"
    assert pass_first["window_dates"] == ["2027-06-15"]
    assert pass_first["interest"] == document["score"]
    paid = max(pass_first["paid_cents"], 100)
    assert pass_first["interest_per_eur"] == pytest.approx(document["score"] * 100 / paid, 1e-3)
    checked = run_itinera("check", str(out), "--graph", str(graph))
    assert checked.returncode == 0, checked.stdout


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--pass", "no-such-pass"), "itinera: error: pass: unknown pass 'no-such-pass'"),
        (("--objective", "value"), "itinera: error: objective: 'value' needs --pass"),
        (
            ("--pass", "castles-pass", "--pass-first-use", "2027-06-20"),
            "itinera: error: pass_first_use: must be on or before the last trip day",
        ),
    ],
)
def test_cli_pass_options_errors_are_one_line(
    graph: Path, extra: tuple[str, ...], message: str
) -> None:
    planned = run_itinera("plan", *TRIP, "--graph", str(graph), *extra)
    assert planned.returncode == 2
    assert planned.stderr.startswith(message), planned.stderr
    assert planned.stderr.count("\n") == 1
