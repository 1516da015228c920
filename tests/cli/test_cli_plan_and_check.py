"""``itinera plan`` then ``itinera check`` on the embedded graph: the bar of the planning core."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_runner import run_itinera

HERITAGE_KINDS = {"castle", "abbey", "religious", "museum", "monument"}


def test_cli_plans_the_sample_trip_and_check_accepts_it(tmp_path: Path) -> None:
    output = tmp_path / "itinerary.json"
    planned = run_itinera(
        "plan",
        "--from",
        "toulouse-matabiau",
        "--to",
        "carcassonne-gare",
        "--start",
        "2027-06-14",
        "--days",
        "3",
        "--themes",
        "cathar,unesco",
        "--profile",
        "family:5,10",
        "--time-limit",
        "120",
        "--max-iterations",
        "40",
        "--format",
        "json",
        "--output",
        str(output),
    )
    assert planned.returncode == 0, planned.stderr
    document = json.loads(output.read_text(encoding="utf-8"))
    assert [day["date"] for day in document["days"]] == ["2027-06-14", "2027-06-15", "2027-06-16"]
    assert document["days"][-1]["overnight"] is None
    steps = [step for day in document["days"] for step in day["steps"]]
    assert {step["kind"] for step in steps} == {"visit", "leg"}
    assert all(step["depart"].endswith("+02:00") for step in steps if step["kind"] == "leg")
    places = json.loads(Path("graphs/pays-cathare/places.geojson").read_text(encoding="utf-8"))
    kinds = {f["properties"]["id"]: f["properties"]["kind"] for f in places["features"]}
    heritage = {
        s["place_id"]
        for s in steps
        if s["kind"] == "visit" and kinds[s["place_id"]] in HERITAGE_KINDS
    }
    assert len(heritage) >= 6

    checked = run_itinera("check", str(output))
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.startswith("feasible:")


def test_cli_check_reports_violations_of_a_tampered_itinerary(tmp_path: Path) -> None:
    source = tmp_path / "itinerary.json"
    planned = run_itinera(
        *("plan", "--from", "toulouse-matabiau", "--to", "toulouse-matabiau"),
        *("--start", "2027-06-15", "--days", "1", "--time-limit", "60", "--max-iterations", "10"),
        *("--format", "json", "--output", str(source)),
    )
    assert planned.returncode == 0, planned.stderr
    document = json.loads(source.read_text(encoding="utf-8"))
    document["total_cost_cents"] += 100
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(document), encoding="utf-8")
    checked = run_itinera("check", str(tampered))
    assert checked.returncode == 1
    assert "violation [cost]" in checked.stdout
