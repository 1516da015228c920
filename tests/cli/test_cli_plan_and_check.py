"""``itinera plan`` then ``itinera check`` on the embedded graph: the bar of the planning core."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERITAGE_KINDS = {"castle", "abbey", "religious", "museum", "monument"}


def test_cli_plans_the_sample_trip_and_check_accepts_it(tmp_path: Path) -> None:
    output = tmp_path / "itinerary.json"
    planned = subprocess.run(
        [
            sys.executable,
            "-m",
            "itinera",
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
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
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

    checked = subprocess.run(
        [sys.executable, "-m", "itinera", "check", str(output)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.startswith("feasible:")


def test_cli_check_reports_violations_of_a_tampered_itinerary(tmp_path: Path) -> None:
    source = tmp_path / "itinerary.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "itinera",
            "plan",
            "--from",
            "toulouse-matabiau",
            "--to",
            "toulouse-matabiau",
            "--start",
            "2027-06-15",
            "--days",
            "1",
            "--time-limit",
            "2",
            "--format",
            "json",
            "--output",
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    document = json.loads(source.read_text(encoding="utf-8"))
    document["total_cost_cents"] += 100
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(document), encoding="utf-8")
    checked = subprocess.run(
        [sys.executable, "-m", "itinera", "check", str(tampered)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert checked.returncode == 1
    assert "violation [cost]" in checked.stdout
