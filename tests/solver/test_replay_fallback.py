"""The night fallback of the replay: a night from which the next day can't be finished moves."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from itinera.graph.build import build_destination_graph
from itinera.graph.journeys import JourneyPlanner
from itinera.model.ids import PlaceId
from itinera.model.traveller import profile_from_spec
from itinera.model.trip_request import TripRequest
from itinera.solver.expand import DayReplayer
from itinera.solver.plan import _replay
from itinera.solver.trip_problem import DaySkeleton

if TYPE_CHECKING:
    from itinera.model.destination import Destination

SATURDAY = dt.date(2027, 6, 19)
PUIVERT = PlaceId("puivert")


def test_replay_moves_a_night_the_next_day_cannot_leave(default_destination: Destination) -> None:
    # Saturday night in Puivert is reachable, but no coach leaves Puivert on Sunday: the
    # replay must sleep elsewhere rather than give up on the trip.
    request = TripRequest(
        origin=PlaceId("carcassonne-gare"),
        destination=PlaceId("toulouse-matabiau"),
        start_date=SATURDAY,
        days=2,
        profile=profile_from_spec("couple"),
    )
    planner = JourneyPlanner(build_destination_graph(default_destination), request.profile)
    replayer = DayReplayer(request, default_destination, planner)
    reaches_puivert = replayer.replay(0, request.origin, (), PUIVERT, keep=frozenset())
    assert reaches_puivert is not None
    sunday = 1
    assert replayer.replay(sunday, PUIVERT, (), request.destination, keep=frozenset()) is None
    skeleton = (DaySkeleton(visits=(), overnight=PUIVERT), DaySkeleton(visits=(), overnight=None))
    hotels = tuple(p.id for p in default_destination.accommodations)

    days, dropped = _replay(skeleton, request, replayer, hotels)

    assert dropped == ()
    assert days[0].overnight not in {PUIVERT, None}
    assert days[1].overnight is None
