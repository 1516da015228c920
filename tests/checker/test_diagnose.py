"""explain_infeasible: one plain sentence per cause, naming the place and the date."""

from __future__ import annotations

import datetime as dt

from shapely import Point

from itinera.checker.diagnose import explain_infeasible
from itinera.graph.build import build_destination_graph
from itinera.graph.journeys import JourneyPlanner
from itinera.model.destination import Destination
from itinera.model.ids import PlaceId
from itinera.model.opening_hours import AlwaysOpen, DailyInterval, OpeningSchedule, WeeklySchedule
from itinera.model.place import Place, PlaceKind, Prices, Theme, Wheelchair
from itinera.model.traveller import TravellerProfile, profile_from_spec
from itinera.model.trip_request import TripRequest

H = 3600
TUESDAY = dt.date(2027, 1, 12)
CLOSED_MONDAYS = WeeklySchedule(weekly={d: (DailyInterval(10 * H, 17 * H),) for d in range(1, 7)})
CLOSED_IN_WINTER = WeeklySchedule(weekly={})


def _place(
    place_id: str,
    kind: PlaceKind,
    lon: float,
    lat: float,
    *,
    hours: OpeningSchedule | None = None,
    themes: frozenset[Theme] = frozenset(),
    wheelchair: Wheelchair = Wheelchair.YES,
) -> Place:
    return Place(
        id=PlaceId(place_id),
        name=place_id.replace("-", " ").title(),
        kind=kind,
        location=Point(lon, lat),
        opening_hours=hours or AlwaysOpen(),
        themes=themes,
        visit_s=3600,
        score=5.0,
        wheelchair=wheelchair,
        prices=Prices(
            adult_cents=1000, child_cents=500, child_min_age=6, child_max_age=17, reduced_cents=800
        ),
        accommodation=kind is PlaceKind.TOWN,
    )


def _destination() -> Destination:
    places = [
        _place("carcassonne-gare", PlaceKind.STATION, 2.35171, 43.21800),
        _place("carcassonne", PlaceKind.TOWN, 2.35198, 43.21292),
        _place(
            "cite",
            PlaceKind.MONUMENT,
            2.36460,
            43.20650,
            hours=CLOSED_MONDAYS,
            themes=frozenset({Theme.UNESCO}),
        ),
        _place(
            "queribus",
            PlaceKind.CASTLE,
            2.62050,
            42.83650,
            hours=CLOSED_IN_WINTER,
            themes=frozenset({Theme.CATHAR}),
            wheelchair=Wheelchair.NO,
        ),
        _place("lastours", PlaceKind.CASTLE, 2.37810, 43.33340, themes=frozenset({Theme.CATHAR})),
    ]
    return Destination(name="test", places={p.id: p for p in places}, links=())


def _explain(profile: TravellerProfile | None = None, **overrides: object) -> tuple[str, ...]:
    destination = _destination()
    fields: dict[str, object] = {
        "origin": PlaceId("carcassonne-gare"),
        "destination": PlaceId("carcassonne-gare"),
        "start_date": TUESDAY,
        "days": 1,
        "profile": profile or profile_from_spec("couple"),
    }
    fields.update(overrides)
    request = TripRequest(**fields)  # type: ignore[arg-type]
    planner = JourneyPlanner(build_destination_graph(destination), request.profile)
    return explain_infeasible(request, destination, planner)


def test_explain_names_a_must_see_closed_on_the_single_date() -> None:
    reasons = _explain(must_see=frozenset({PlaceId("queribus")}))
    assert reasons == ("Queribus is closed on 2027-01-12",)


def test_explain_names_the_date_range_when_closed_every_day() -> None:
    reasons = _explain(days=3, must_see=frozenset({PlaceId("queribus")}))
    assert reasons == ("Queribus is closed every day from 2027-01-12 to 2027-01-14",)


def test_explain_names_a_must_see_out_of_car_free_reach() -> None:
    reasons = _explain(must_see=frozenset({PlaceId("lastours")}))
    assert reasons == (
        "Lastours cannot be reached without a car from any gateway or overnight town",
    )


def test_explain_names_a_must_see_without_wheelchair_access() -> None:
    reasons = _explain(
        profile_from_spec("reduced-mobility"), must_see=frozenset({PlaceId("queribus")})
    )
    assert reasons == ("Queribus has no wheelchair access",)


def test_explain_names_budget_too_small_for_the_must_see() -> None:
    reasons = _explain(must_see=frozenset({PlaceId("cite")}), budget_cents=1500)
    assert reasons == (
        "the must-see entries cost 20.00 EUR for this party, over the 15.00 EUR budget",
    )


def test_explain_lists_closed_places_when_no_themed_site_is_open() -> None:
    reasons = _explain(themes=frozenset({Theme.UNESCO}), start_date=dt.date(2027, 1, 11))
    assert reasons == ("Cite is closed on 2027-01-11",)


def test_explain_finds_nothing_wrong_in_a_feasible_request() -> None:
    assert _explain(themes=frozenset({Theme.UNESCO}), must_see=frozenset({PlaceId("cite")})) == ()
