"""The HTTP contract in the top-level ``api/`` folder stays in step with the code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import pytest

from itinera.api.document import ItineraryDocumentOut
from itinera.api.openapi import openapi_text
from itinera.api.schemas import ItineraryOut, ProblemOut, TripRequestIn
from itinera.checker.feasibility import check_itinerary
from itinera.loaders.itinerary_json import FORMAT, itinerary_from_json

if TYPE_CHECKING:
    import httpx

    from itinera.model.destination import Destination

CONTRACT_DIR = Path(__file__).resolve().parents[2] / "api"
EXAMPLES_DIR = CONTRACT_DIR / "examples"
REGENERATE = ".venv/bin/python -m itinera.api.openapi > api/openapi.json"


def _example(name: str) -> Any:  # noqa: ANN401 - any JSON value
    return json.loads((EXAMPLES_DIR / name).read_text(encoding="utf-8"))


def test_openapi_snapshot_matches_the_app() -> None:
    snapshot = (CONTRACT_DIR / "openapi.json").read_text(encoding="utf-8")
    assert openapi_text() == snapshot, f"api/openapi.json is stale; regenerate: {REGENERATE}"


def test_document_schema_names_the_current_format() -> None:
    assert get_args(ItineraryDocumentOut.model_fields["format"].annotation) == (FORMAT,)


@pytest.mark.parametrize("name", ["itinerary-request.json", "infeasible-request.json"])
def test_request_examples_are_valid_requests(name: str) -> None:
    TripRequestIn.model_validate(_example(name))


@pytest.mark.parametrize(
    "name", ["problem-invalid-request.json", "problem-infeasible-request.json"]
)
def test_problem_examples_are_problems(name: str) -> None:
    ProblemOut.model_validate(_example(name))


def test_created_example_is_a_feasible_stored_itinerary(default_destination: Destination) -> None:
    body = ItineraryOut.model_validate(_example("itinerary-created.json"))
    document = body.model_dump(mode="json", by_alias=True)["itinerary"]
    itinerary = itinerary_from_json(document, default_destination)
    assert check_itinerary(itinerary, default_destination) == ()


def test_infeasible_example_is_what_the_server_answers(client: httpx.Client) -> None:
    response = client.post("/v1/itineraries", json=_example("infeasible-request.json"))
    assert response.json() == _example("problem-infeasible-request.json")


def test_invalid_request_example_is_what_the_server_answers(client: httpx.Client) -> None:
    body = {**_example("itinerary-request.json"), "days": 0}
    response = client.post("/v1/itineraries", json=body)
    assert response.json() == _example("problem-invalid-request.json")
