"""Planners shared between requests: one per journey class, searches shared by alike dates."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from itinera.graph.build import build_destination_graph
from itinera.graph.journeys import JourneyPlanner, journey_class, shared_planner
from itinera.model.ids import PlaceId
from itinera.model.traveller import profile_from_spec

if TYPE_CHECKING:
    from itinera.model.destination import Destination

MONDAY, TUESDAY, SUNDAY = dt.date(2027, 6, 14), dt.date(2027, 6, 15), dt.date(2027, 6, 20)
QUILLAN = PlaceId("quillan-gare-routiere")


def test_shared_planner_is_one_per_destination_and_journey_class(
    default_destination: Destination,
) -> None:
    older = shared_planner(default_destination, profile_from_spec("family:8,12"))
    same_class = shared_planner(default_destination, profile_from_spec("family:9,15"))
    toddler = shared_planner(default_destination, profile_from_spec("family:3"))
    assert journey_class(profile_from_spec("family:8,12")) == journey_class(
        profile_from_spec("family:9,15")
    )
    assert same_class is older
    assert toddler is not older


def test_shared_searches_answer_as_a_fresh_planner_on_every_date(
    default_destination: Destination,
) -> None:
    profile = profile_from_spec("couple")
    shared = shared_planner(default_destination, profile)
    for day in (MONDAY, TUESDAY, SUNDAY, MONDAY):
        fresh = JourneyPlanner(build_destination_graph(default_destination), profile)
        for ready_s in (9 * 3600, 13 * 3600):
            assert shared.earliest_arrivals(QUILLAN, day, ready_s) == fresh.earliest_arrivals(
                QUILLAN, day, ready_s
            )
    # Alike dates share a search; a Sunday (other coaches) does not.
    assert shared.earliest_arrivals(QUILLAN, MONDAY, 9 * 3600) != shared.earliest_arrivals(
        QUILLAN, SUNDAY, 9 * 3600
    )
