"""The mobility figures of the itinerary JSON: CO2 per leg, distance, CO2 and car-free share."""

from __future__ import annotations

import copy
import dataclasses
from typing import TYPE_CHECKING

import pytest
from tests.strategies import example_itinerary

from itinera.errors import InvalidInputError
from itinera.loaders.itinerary_json import itinerary_from_json, itinerary_to_json
from itinera.model.itinerary import Leg

if TYPE_CHECKING:
    from itinera.model.destination import Destination
    from itinera.model.itinerary import Itinerary


@pytest.fixture(scope="module")
def with_co2(tiny_destination: Destination) -> Itinerary:
    """Return the example itinerary with a CO2 figure on each ride, as the planner writes."""
    itinerary = example_itinerary(tiny_destination)
    days = tuple(
        dataclasses.replace(
            day,
            steps=tuple(
                dataclasses.replace(s, co2_g=7 * s.distance_m // 100)
                if isinstance(s, Leg) and not s.mode.is_active
                else s
                for s in day.steps
            ),
        )
        for day in itinerary.days
    )
    return dataclasses.replace(itinerary, days=days)


def test_the_figures_are_written_and_read_back(
    with_co2: Itinerary, tiny_destination: Destination
) -> None:
    document = itinerary_to_json(with_co2, tiny_destination)
    day = document["days"][1]
    legs = [s for s in day["steps"] if s["kind"] == "leg"]
    assert day["distance_m"] == sum(s["distance_m"] for s in legs)
    assert day["co2_g"] == sum(s["co2_g"] for s in legs) > 0
    assert day["car_free_share"] == 1.0
    assert all(s["duration_s"] > 0 for s in legs)
    assert itinerary_from_json(document, tiny_destination) == with_co2


def test_a_document_saved_before_the_figures_still_loads(
    with_co2: Itinerary, tiny_destination: Destination
) -> None:
    document = copy.deepcopy(itinerary_to_json(with_co2, tiny_destination))
    for day in document["days"]:
        for key in ("distance_m", "co2_g", "car_free_share"):
            del day[key]
        for step in day["steps"]:
            step.pop("duration_s", None)
            step.pop("co2_g", None)
    loaded = itinerary_from_json(document, tiny_destination)
    assert all(leg.co2_g == 0 for day in loaded.days for leg in day.legs)


@pytest.mark.parametrize(
    ("where", "key", "value", "field"),
    [
        ("day", "distance_m", 1, "days[1].distance_m"),
        ("day", "co2_g", 1, "days[1].co2_g"),
        ("day", "car_free_share", 0.5, "days[1].car_free_share"),
        ("leg", "duration_s", 1, "duration_s"),
    ],
)
def test_derived_figures_must_agree_with_the_steps(
    with_co2: Itinerary,
    tiny_destination: Destination,
    where: str,
    key: str,
    value: float,
    field: str,
) -> None:
    document = copy.deepcopy(itinerary_to_json(with_co2, tiny_destination))
    day = document["days"][1]
    target = day if where == "day" else next(s for s in day["steps"] if s["kind"] == "leg")
    target[key] = value
    with pytest.raises(InvalidInputError) as caught:
        itinerary_from_json(document, tiny_destination)
    assert field in caught.value.field
