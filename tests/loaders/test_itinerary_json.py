"""The itinera/itinerary@1 JSON format: exact round trips and errors that name the JSON path."""

from __future__ import annotations

import copy
import json
import re
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from tests.fixtures_destinations import load_tiny_destination
from tests.strategies import example_itinerary, feasible_itineraries

from itinera.errors import InvalidInputError
from itinera.loaders.itinerary_json import FORMAT, itinerary_from_json, itinerary_to_json

if TYPE_CHECKING:
    from itinera.model.destination import Destination
    from itinera.model.itinerary import Itinerary


@pytest.fixture(scope="module")
def document(tiny_destination: Destination) -> dict[str, Any]:
    return itinerary_to_json(example_itinerary(tiny_destination), tiny_destination)


def _through_text(document: dict[str, Any]) -> Any:  # noqa: ANN401 - parsed JSON
    return json.loads(json.dumps(document))


def test_itinerary_to_json_writes_the_documented_shape(document: dict[str, Any]) -> None:
    assert document["format"] == FORMAT
    assert document["destination"] == "Tiny Carcassonne (test fixture)"
    assert document["request"]["profile"]["day_start"] == "09:30"
    assert document["request"]["profile"]["lunch_min"] == 75
    assert document["total_cost_cents"] == 4400
    assert document["costs"][0] == {
        "place_id": "chateau-comtal",
        "category": "adult",
        "count": 2,
        "unit_cents": 1300,
        "total_cents": 2600,
    }
    first_day = document["days"][0]
    assert first_day["overnight"] == "carcassonne"
    assert first_day["steps"][1] == {
        "kind": "visit",
        "place_id": "cathedrale-saint-michel",
        "name": "Cathédrale Saint-Michel",
        "start": "2027-06-15T10:00:00+02:00",
        "end": "2027-06-15T10:33:00+02:00",
    }
    coach = document["days"][1]["steps"][1]
    assert coach["mode"] == "coach"
    assert coach["depart"] == "2027-06-16T10:05:00+02:00"
    assert coach["line"] == "Coach 2 Carcassonne - Lastours"
    assert document["days"][1]["overnight"] is None


def test_itinerary_from_json_round_trips_the_example(tiny_destination: Destination) -> None:
    itinerary = example_itinerary(tiny_destination)
    document = _through_text(itinerary_to_json(itinerary, tiny_destination))

    assert itinerary_from_json(document, tiny_destination) == itinerary


@given(feasible_itineraries())
def test_itinerary_from_json_round_trips_feasible_itineraries(itinerary: Itinerary) -> None:
    destination = load_tiny_destination()
    document = _through_text(itinerary_to_json(itinerary, destination))

    again = itinerary_from_json(document, destination)

    assert again == itinerary
    assert itinerary_to_json(again, destination) == document


def test_itinerary_from_json_reads_times_in_other_offsets(
    document: dict[str, Any], tiny_destination: Destination
) -> None:
    utc = _through_text(document)
    utc["days"][0]["steps"][1]["start"] = "2027-06-15T08:00:00Z"

    itinerary = itinerary_from_json(utc, tiny_destination)

    start = itinerary.days[0].steps[1].start  # type: ignore[union-attr]
    assert start.isoformat() == "2027-06-15T10:00:00+02:00"


def _set(document: dict[str, Any], path: str, value: object) -> dict[str, Any]:
    """Return a copy of ``document`` with the value at a dotted/indexed ``path`` replaced."""
    changed = copy.deepcopy(document)
    keys = [int(k) if k.isdigit() else k for k in re.findall(r"[^.\[\]]+", path)]
    target: Any = changed
    for key in keys[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value
    return changed


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            "days[1].steps[3].depart",
            "2027-06-16 13:15",
            (
                "days[1].steps[3].depart: not an ISO 8601 datetime with UTC offset "
                "(got '2027-06-16 13:15')"
            ),
        ),
        (
            "days[0].steps[0].arrive",
            "2027-06-15T09:49:03",
            (
                "days[0].steps[0].arrive: not an ISO 8601 datetime with UTC offset "
                "(got '2027-06-15T09:49:03')"
            ),
        ),
        ("format", "itinera/itinerary@0", "format: must be 'itinera/itinerary@1'"),
        ("destination", "Elsewhere", "destination: itinerary is for 'Elsewhere'"),
        ("request.days", 0, "request.days: must be between 1 and 14 (got 0)"),
        ("request.days", "2", "request.days: must be an integer (got a string)"),
        ("request.budget_cents", -5, "request.budget_cents: must be >= 0 (got -5)"),
        ("request.start", "15/06/2027", "request.start: not an ISO 8601 date YYYY-MM-DD"),
        ("request.themes[0]", "castles", "request.themes[0]: unknown value 'castles' (known:"),
        ("request.profile.kind", "group", "request.profile.kind: unknown value 'group'"),
        ("request.profile.day_start", "9h30", "request.profile.day_start: not a local time"),
        ("request.profile.party[2].age", 130, "request.profile.party[2].age: must be between"),
        ("request.profile.party", [], "request.profile.party: the party needs at least one"),
        ("request.profile.pace", None, "request.profile.pace: must be a number (got null)"),
        ("costs[1].total_cents", 1, "costs[1].total_cents: must be count x unit_cents = 0"),
        ("days[0].walk_m", 1, "days[0].walk_m: must be the day's walking distance 4763 (got 1)"),
        ("days[0].date", None, "days[0].date: not an ISO 8601 date YYYY-MM-DD (got None)"),
        ("days[0].lunch", [], "days[0].lunch: must be an object (got an array)"),
        ("days[0].steps[1].kind", "meal", "days[0].steps[1].kind: must be 'visit' or 'leg'"),
        ("days[0].steps[0].mode", "car", "days[0].steps[0].mode: unknown value 'car'"),
        ("days[0].steps[0].estimated", 1, "days[0].steps[0].estimated: must be true or false"),
        ("days[0].steps[0].distance_m", 1.5, "days[0].steps[0].distance_m: must be an integer"),
        ("days[0].steps[1].place_id", "", "days[0].steps[1].place_id: must be a non-empty"),
        ("days[0].steps[1].colour", "red", "days[0].steps[1].colour: unknown field"),
        ("days[0].steps[1].end", _DELETE, "days[0].steps[1].end: is required"),
        ("days", {}, "days: must be an array (got an object)"),
    ],
)
def test_itinerary_from_json_raises_naming_the_json_path(
    document: dict[str, Any],
    tiny_destination: Destination,
    path: str,
    value: object,
    message: str,
) -> None:
    broken = _set(_through_text(document), path, value)

    with pytest.raises(InvalidInputError) as excinfo:
        itinerary_from_json(broken, tiny_destination)

    assert str(excinfo.value).startswith(message)


def test_itinerary_from_json_raises_when_the_document_is_not_an_object(
    tiny_destination: Destination,
) -> None:
    with pytest.raises(InvalidInputError, match=r"^document: must be an object \(got an array\)$"):
        itinerary_from_json([], tiny_destination)
