"""The command line answers bad input with one readable line and exit status 2."""

from __future__ import annotations

import pytest
from tests.cli_runner import run_itinera

BASE = [
    "plan",
    "--from",
    "toulouse-matabiau",
    "--to",
    "carcassonne-gare",
    "--start",
    "2027-06-14",
]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [
                "plan",
                "--from",
                "nowhere",
                "--to",
                "carcassonne-gare",
                "--start",
                "2027-06-14",
                "--days",
                "3",
            ],
            "itinera: error: from: unknown place 'nowhere'",
        ),
        (
            [
                "plan",
                "--from",
                "cite-de-carcassonne",
                "--to",
                "carcassonne-gare",
                "--start",
                "2027-06-14",
                "--days",
                "2",
            ],
            "itinera: error: from: 'cite-de-carcassonne' is not a gateway",
        ),
        ([*BASE, "--days", "0"], "itinera: error: days: must be between 1 and 14 (got 0)"),
        (
            [*BASE, "--end", "2027-06-10"],
            "itinera: error: end: must not be before start 2027-06-14",
        ),
        (
            [*BASE, "--days", "2", "--themes", "castles"],
            "itinera: error: themes: unknown theme 'castles'",
        ),
        (
            [
                "plan",
                "--from",
                "toulouse-matabiau",
                "--to",
                "carcassonne-gare",
                "--start",
                "14/06/2027",
                "--days",
                "2",
            ],
            "itinera: error: start: not a date YYYY-MM-DD (got '14/06/2027')",
        ),
        (
            [*BASE, "--days", "2", "--profile", "family:5,x"],
            "itinera: error: profile: children's ages",
        ),
        (
            [*BASE, "--days", "2", "--must-see", "chateau-imaginaire"],
            "itinera: error: must_see: unknown place",
        ),
        ([*BASE], "itinera: error: one of the arguments --days --end is required"),
        (
            ["check", "no-such-file.json"],
            "itinera: error: no-such-file.json: cannot read itinerary JSON",
        ),
    ],
)
def test_cli_prints_one_line_and_exits_2_on_bad_input(args: list[str], message: str) -> None:
    completed = run_itinera(*args)
    assert completed.returncode == 2
    assert completed.stdout == ""
    lines = [line for line in completed.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, completed.stderr
    assert lines[0].startswith(message)


def test_cli_explains_an_infeasible_request_in_one_line() -> None:
    completed = run_itinera(
        "plan",
        "--from",
        "toulouse-matabiau",
        "--to",
        "toulouse-matabiau",
        "--start",
        "2027-01-12",
        "--days",
        "1",
        "--must-see",
        "chateau-de-queribus",
    )
    assert completed.returncode == 2
    assert completed.stderr.strip().splitlines() == [
        "itinera: error: infeasible request: Château de Quéribus is closed on 2027-01-12"
    ]
