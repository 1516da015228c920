"""Hypothesis strategies and builders for itineraries on the tiny destination.

:func:`feasible_itineraries` builds itineraries that are feasible *by construction*: it steps
through each day in local time, taking real links (journeys found on the destination graph,
which never uses a timetabled departure without the boarding buffer), visiting places only
inside their opening hours and for at least the party's visit time, and it keeps at every step
a way to have lunch and reach the night's stop before the end of the day. The checker must
accept everything it builds; nothing here uses the checker.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from hypothesis import assume
from hypothesis import strategies as st
from tests.fixtures_destinations import load_tiny_destination

from itinera.graph.build import REFERENCE_WALK_SPEED_MPS, build_destination_graph
from itinera.graph.journeys import JourneyPlanner
from itinera.model.ids import PlaceId
from itinera.model.itinerary import CostLine, DayPlan, Itinerary, Leg, Lunch, Visit
from itinera.model.link import Mode
from itinera.model.place import FREE, Theme
from itinera.model.traveller import family_profile, profile_from_spec
from itinera.model.trip_request import TripRequest

if TYPE_CHECKING:
    from collections.abc import Callable

    import networkx as nx

    from itinera.graph.journeys import Journey
    from itinera.model.destination import Destination
    from itinera.model.itinerary import Step
    from itinera.model.link import Link
    from itinera.model.place import Place
    from itinera.model.traveller import TravellerProfile

HOUR = 3600
MINUTE = 60
FIRST_DATE = dt.date(2027, 1, 1)
LAST_DATE = dt.date(2027, 12, 31)


_GRAPHS: dict[int, tuple[Destination, nx.MultiDiGraph[str]]] = {}


def destination_graph(destination: Destination) -> nx.MultiDiGraph[str]:
    """Return the destination's graph, built once per destination object."""
    cached = _GRAPHS.get(id(destination))
    if cached is None or cached[0] is not destination:
        cached = _GRAPHS[id(destination)] = (destination, build_destination_graph(destination))
    return cached[1]


def find_link(destination: Destination, from_id: str, to_id: str, mode: Mode) -> Link:
    """Return the graph's link of ``mode`` from ``from_id`` to ``to_id`` (KeyError if none)."""
    edges = destination_graph(destination).get_edge_data(from_id, to_id) or {}
    for data in edges.values():
        link: Link = data["link"]
        if link.mode is mode:
            return link
    msg = f"no {mode} link {from_id} -> {to_id}"
    raise KeyError(msg)


@dataclass(kw_only=True)
class DayBuilder:
    """Append steps to one day, in seconds from local midnight (a mutable test helper)."""

    destination: Destination
    profile: TravellerProfile
    date: dt.date
    here: PlaceId
    now_s: int
    steps: list[Step] = field(default_factory=list)
    lunch: Lunch | None = None

    def at(self, seconds: int) -> dt.datetime:
        """Return the local datetime of ``seconds`` on the day."""
        return self.destination.local_datetime(self.date, seconds)

    def visit(self, *, start_s: int | None = None, duration_s: int | None = None) -> None:
        """Visit the place the party is at, by default now and for the party's visit time."""
        place = self.destination.places[self.here]
        start = self.now_s if start_s is None else start_s
        duration = self.profile.visit_duration_s(place) if duration_s is None else duration_s
        self.steps.append(
            Visit(place_id=self.here, start=self.at(start), end=self.at(start + duration))
        )
        self.now_s = start + duration

    def take_lunch(self, *, start_s: int | None = None, duration_s: int | None = None) -> None:
        """Have lunch where the party is, by default as soon as the lunch window allows."""
        start = max(self.now_s, self.profile.lunch_earliest_s) if start_s is None else start_s
        duration = self.profile.lunch_s if duration_s is None else duration_s
        self.lunch = Lunch(place_id=self.here, start=self.at(start), end=self.at(start + duration))
        self.now_s = start + duration

    def go(self, to_id: str, mode: Mode = Mode.WALK, *, depart_s: int | None = None) -> None:
        """Follow the link of ``mode`` to ``to_id``, by default at the first possible time."""
        link = find_link(self.destination, self.here, to_id, mode)
        if depart_s is None:
            depart_s = link.next_departure_s(self.date, self.now_s)
            if depart_s is None:
                msg = f"no departure of {link.from_id} -> {link.to_id} after {self.now_s}"
                raise ValueError(msg)
        self._append_leg(link, depart_s, depart_s + self.travel_s(link))

    def follow(self, journey: Journey) -> None:
        """Append the legs of a journey found by the journey planner."""
        for hop in journey.hops:
            self._append_leg(hop.link, hop.depart_s, hop.arrive_s, trip_id=hop.trip_id)

    def travel_s(self, link: Link) -> int:
        """Return how long the party takes on ``link``."""
        if link.mode is Mode.WALK:
            return round(link.duration_s * REFERENCE_WALK_SPEED_MPS / self.profile.walk_speed_mps)
        return link.duration_s

    def day_plan(self, overnight: PlaceId | None) -> DayPlan:
        """Return the day built so far."""
        return DayPlan(
            date=self.date, steps=tuple(self.steps), overnight=overnight, lunch=self.lunch
        )

    def _append_leg(
        self, link: Link, depart_s: int, arrive_s: int, *, trip_id: str | None = None
    ) -> None:
        self.steps.append(
            Leg(
                mode=link.mode,
                from_id=link.from_id,
                to_id=link.to_id,
                depart=self.at(depart_s),
                arrive=self.at(arrive_s),
                distance_m=link.distance_m,
                line=link.line,
                trip_id=trip_id,
                is_estimated=bool(link.estimated),
            )
        )
        self.here, self.now_s = link.to_id, arrive_s


def cost_lines(
    destination: Destination, profile: TravellerProfile, visited: tuple[PlaceId, ...]
) -> tuple[CostLine, ...]:
    """Return the entry cost lines of the visited places (places with prices only)."""
    lines: list[CostLine] = []
    for place_id in dict.fromkeys(visited):
        prices = destination.places[place_id].prices
        if prices == FREE:
            continue
        counts: Counter[tuple[str, int]] = Counter()
        for t in profile.party:
            is_reduced = t.is_reduced_rate or t.uses_wheelchair
            unit = prices.for_age(t.age, is_reduced=is_reduced)
            if t.age is not None and t.age < prices.child_min_age:
                category = "free"
            elif t.age is not None and t.age <= prices.child_max_age:
                category = "child"
            else:
                category = "reduced" if is_reduced else "adult"
            counts[category, unit] += 1
        lines.extend(
            CostLine(place_id=place_id, category=c, count=n, unit_cents=u)
            for (c, u), n in counts.items()
        )
    return tuple(lines)


def itinerary_from_days(
    request: TripRequest, days: tuple[DayPlan, ...], destination: Destination
) -> Itinerary:
    """Return the itinerary of ``days`` with its costs and score computed from the places."""
    visited = tuple(v.place_id for day in days for v in day.visits)
    costs = cost_lines(destination, request.profile, visited)
    score = sum(destination.places[p].score for p in dict.fromkeys(visited))
    return Itinerary(
        request=request,
        days=days,
        costs=costs,
        total_cost_cents=sum(line.total_cents for line in costs),
        score=score,
    )


# --- a hand-built feasible itinerary -----------------------------------------------------------

EXAMPLE_START = dt.date(2027, 6, 15)
"""A Tuesday: the cathedral is closed on Mondays, the coach does not run on Sundays."""


def example_itinerary(destination: Destination) -> Itinerary:
    """Return a two-day family itinerary on the tiny destination, feasible by hand.

    Day 1 (Tuesday) walks around Carcassonne (cathedral at opening time, the Cité, lunch,
    the castle, the basilica) and sleeps in the Bastide. Day 2 takes the 10:05 coach to Lastours,
    visits the village, lunches at noon, walks up to the castles and takes the 16:45 coach back.
    """
    profile = family_profile((10,))
    request = TripRequest(
        origin=PlaceId("carcassonne-gare"),
        destination=PlaceId("carcassonne-gare"),
        start_date=EXAMPLE_START,
        days=2,
        profile=profile,
        themes=frozenset({Theme.CATHAR}),
        must_see=frozenset({PlaceId("chateau-comtal")}),
    )
    first = DayBuilder(
        destination=destination,
        profile=profile,
        date=EXAMPLE_START,
        here=PlaceId("carcassonne-gare"),
        now_s=profile.day_start_s,
    )
    first.go("cathedrale-saint-michel")
    first.visit(start_s=10 * HOUR)
    first.go("cite-de-carcassonne")
    first.visit()
    first.take_lunch()
    for place_id in ("chateau-comtal", "basilique-saint-nazaire"):
        first.go(place_id)
        first.visit()
    first.go("carcassonne")
    second = DayBuilder(
        destination=destination,
        profile=profile,
        date=EXAMPLE_START + dt.timedelta(days=1),
        here=PlaceId("carcassonne"),
        now_s=profile.day_start_s,
    )
    second.go("carcassonne-gare")
    second.go("lastours", Mode.COACH)
    second.visit()
    second.take_lunch(start_s=12 * HOUR)
    second.go("chateaux-de-lastours")
    second.visit()
    second.go("lastours")
    second.go("carcassonne-gare", Mode.COACH)
    days = (first.day_plan(PlaceId("carcassonne")), second.day_plan(None))
    return itinerary_from_days(request, days, destination)


# --- random feasible itineraries ---------------------------------------------------------------


def profiles() -> st.SearchStrategy[TravellerProfile]:
    """Return a strategy of traveller profiles: the presets and families, some reduced rates."""
    presets = st.sampled_from(["solo", "couple", "seniors", "reduced-mobility"]).map(
        profile_from_spec
    )
    families = st.lists(st.integers(0, 17), max_size=3).map(lambda a: family_profile(tuple(a)))
    return st.one_of(presets, families).flatmap(_with_reduced_rates)


def _with_reduced_rates(profile: TravellerProfile) -> st.SearchStrategy[TravellerProfile]:
    flags = st.lists(st.booleans(), min_size=len(profile.party), max_size=len(profile.party))
    return flags.map(
        lambda fs: replace(
            profile,
            party=tuple(
                replace(t, is_reduced_rate=f and not t.is_child)
                for t, f in zip(profile.party, fs, strict=True)
            ),
        )
    )


@dataclass(frozen=True, kw_only=True)
class _Trip:
    """What every day of a generated trip shares."""

    destination: Destination
    profile: TravellerProfile
    planner: JourneyPlanner
    final_id: PlaceId
    last_date: dt.date


@st.composite
def feasible_itineraries(
    draw: st.DrawFn, destination: Destination | None = None, *, max_days: int = 3
) -> Itinerary:
    """Return itineraries on ``destination`` (the tiny one by default) feasible by construction.

    Dates fall anywhere in 2027 (seasons, closing days, Sundays without coaches, DST changes);
    profiles are the presets and families; days hold random visits, moves, waits and lunch.
    """
    destination = destination or load_tiny_destination()
    profile = draw(profiles())
    origin = draw(st.sampled_from([g.id for g in destination.gateways]))
    final = draw(st.sampled_from([g.id for g in destination.gateways]))
    n_days = draw(st.integers(1, max_days))
    start = draw(st.dates(FIRST_DATE, LAST_DATE))
    dates = tuple(start + dt.timedelta(days=d) for d in range(n_days))
    trip = _Trip(
        destination=destination,
        profile=profile,
        planner=JourneyPlanner(destination_graph(destination), profile),
        final_id=final,
        last_date=dates[-1],
    )
    visited: set[PlaceId] = set()
    here = origin
    plans = []
    for date in dates:
        end_id = final if date == dates[-1] else _draw_overnight(draw, trip, date, here)
        plans.append(_draw_day(draw, trip, date, here, end_id, visited))
        here = end_id
    request = _draw_request(draw, trip, origin, start, n_days, visited)
    return itinerary_from_days(request, tuple(plans), destination)


def _can_finish(
    trip: _Trip, day: dt.date, here: str, now_s: int, *, end_id: str, lunch: bool
) -> bool:
    """Return whether the party can still lunch (unless done) and reach ``end_id`` in time."""
    profile = trip.profile
    if not lunch:
        if now_s > profile.lunch_latest_s:
            return False
        now_s = max(now_s, profile.lunch_earliest_s) + profile.lunch_s
    if here == end_id:
        return now_s <= profile.day_end_s
    journey = trip.planner.journey(here, end_id, day, now_s)
    return journey is not None and journey.arrive_s <= profile.day_end_s


def _draw_overnight(draw: st.DrawFn, trip: _Trip, day: dt.date, here: PlaceId) -> PlaceId:
    start_s = trip.profile.day_start_s
    candidates = [
        p.id
        for p in trip.destination.accommodations
        if _can_finish(trip, day, here, start_s, end_id=p.id, lunch=False)
        and _can_finish(trip, trip.last_date, p.id, start_s, end_id=trip.final_id, lunch=False)
    ]
    assume(candidates)
    return draw(st.sampled_from(candidates))


def _draw_day(
    draw: st.DrawFn,
    trip: _Trip,
    day: dt.date,
    here: PlaceId,
    end_id: PlaceId,
    visited: set[PlaceId],
) -> DayPlan:
    profile = trip.profile
    builder = DayBuilder(
        destination=trip.destination,
        profile=profile,
        date=day,
        here=here,
        now_s=profile.day_start_s,
    )
    assume(_can_finish(trip, day, here, builder.now_s, end_id=end_id, lunch=False))
    actions: dict[str, Callable[[DayBuilder], bool]] = {
        "visit": lambda b: _try_visit(draw, trip, b, visited),
        "move": lambda b: _try_move(draw, trip, b),
        "tour": lambda b: _try_tour(draw, trip, b, visited),
        "wait": lambda b: _try_wait(draw, b),
        "lunch": lambda b: _try_lunch(draw, b),
    }
    choices = ["tour", "tour", "tour", "visit", "move", "wait", "lunch"]
    for _ in range(draw(st.sampled_from([2, 4, 6, 10]))):
        action = actions[draw(st.sampled_from(choices))]
        trial = replace(builder, steps=list(builder.steps))
        if action(trial) and _can_finish(
            trip, day, trial.here, trial.now_s, end_id=end_id, lunch=trial.lunch is not None
        ):
            builder = trial
    if builder.lunch is None:
        builder.take_lunch()
    if builder.here != end_id:
        journey = trip.planner.journey(builder.here, end_id, day, builder.now_s)
        if journey is None:  # pragma: no cover - _can_finish guaranteed it
            msg = "lost the way home"
            raise AssertionError(msg)
        builder.follow(journey)
    visited.update(v.place_id for v in builder.steps if isinstance(v, Visit))
    return builder.day_plan(None if day == trip.last_date else end_id)


def _try_visit(draw: st.DrawFn, trip: _Trip, b: DayBuilder, visited: set[PlaceId]) -> bool:
    place = trip.destination.places[b.here]
    done = visited | {s.place_id for s in b.steps if isinstance(s, Visit)}
    if not place.kind.is_attraction or place.id in done or not trip.profile.fits(place):
        return False
    needed = trip.profile.visit_duration_s(place)
    duration = needed + round(needed * draw(st.sampled_from([0.0, 0.0, 0.5, 1.0, 1.5])))
    start = _first_open_start(place, b.date, b.now_s, duration)
    if start is None:
        return False
    b.visit(start_s=start, duration_s=duration)
    return True


def _first_open_start(place: Place, day: dt.date, ready_s: int, duration_s: int) -> int | None:
    for opens, closes in place.opening_hours.intervals_on(day):
        start = max(opens, ready_s)
        if start + duration_s <= closes:
            return start
    return None


def _try_move(draw: st.DrawFn, trip: _Trip, b: DayBuilder) -> bool:
    target = draw(st.sampled_from(sorted(trip.destination.places)))
    if target == b.here:
        return False
    journey = trip.planner.journey(b.here, target, b.date, b.now_s)
    if journey is None:
        return False
    b.follow(journey)
    return True


def _try_tour(draw: st.DrawFn, trip: _Trip, b: DayBuilder, visited: set[PlaceId]) -> bool:
    done = visited | {s.place_id for s in b.steps if isinstance(s, Visit)}
    targets = sorted(
        p.id
        for p in trip.destination.places.values()
        if p.kind.is_attraction and p.id not in done and trip.profile.fits(p)
    )
    if not targets:
        return False
    target = draw(st.sampled_from(targets))
    if target != b.here:
        journey = trip.planner.journey(b.here, target, b.date, b.now_s)
        if journey is None:
            return False
        b.follow(journey)
    return _try_visit(draw, trip, b, visited)


def _try_wait(draw: st.DrawFn, b: DayBuilder) -> bool:
    b.now_s += draw(st.sampled_from([5 * MINUTE, 15 * MINUTE, 40 * MINUTE]))
    return True


def _try_lunch(draw: st.DrawFn, b: DayBuilder) -> bool:
    profile = b.profile
    if b.lunch is not None or b.now_s > profile.lunch_latest_s:
        return False
    extra = draw(st.sampled_from([0, 0, 15 * MINUTE]))
    b.take_lunch(duration_s=profile.lunch_s + extra)
    return True


def _draw_request(
    draw: st.DrawFn,
    trip: _Trip,
    origin: PlaceId,
    start: dt.date,
    n_days: int,
    visited: set[PlaceId],
) -> TripRequest:
    attractions = sorted(p.id for p in trip.destination.places.values() if p.kind.is_attraction)
    must_see = draw(st.sets(st.sampled_from(sorted(visited)))) if visited else set()
    unvisited = [p for p in attractions if p not in visited]
    excluded = draw(st.sets(st.sampled_from(unvisited))) if unvisited else set()
    themes = draw(st.sets(st.sampled_from(sorted(trip.destination.themes))))
    total = sum(
        line.total_cents
        for line in cost_lines(trip.destination, trip.profile, tuple(sorted(visited)))
    )
    budget = draw(st.one_of(st.none(), st.integers(total, total + 5000)))
    return TripRequest(
        origin=origin,
        destination=trip.final_id,
        start_date=start,
        days=n_days,
        profile=trip.profile,
        themes=frozenset(themes),
        budget_cents=budget,
        must_see=frozenset(must_see),
        excluded=frozenset(excluded),
    )
