"""Itineraries: days made of visits and legs, with their costs (r5py's Trip/Leg shape)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from itinera.model.link import Mode

if TYPE_CHECKING:
    import datetime as dt

    from itinera.model.ids import PlaceId
    from itinera.model.trip_request import TripRequest


@dataclass(frozen=True, slots=True, kw_only=True)
class Visit:
    """Time spent at a place; ``start``/``end`` are aware datetimes."""

    place_id: PlaceId
    start: dt.datetime
    end: dt.datetime

    kind = "visit"


@dataclass(frozen=True, slots=True, kw_only=True)
class Leg:
    """One ride or walk from a place to another, following one link.

    ``line`` and ``trip_id`` are set for timetabled legs (GTFS vocabulary: the route's name
    and the ``trip_id`` of the feed); ``estimated`` says the duration or distance is an
    estimate (e.g. a straight-line walk). ``co2_g`` is the whole party's CO2e estimate in grams
    (:mod:`itinera.model.emissions`).
    """

    mode: Mode
    from_id: PlaceId
    to_id: PlaceId
    depart: dt.datetime
    arrive: dt.datetime
    distance_m: int
    line: str | None = None
    trip_id: str | None = None
    is_estimated: bool = False
    co2_g: int = 0

    kind = "leg"

    @property
    def duration_s(self) -> int:
        """Return the leg's duration in seconds."""
        return int((self.arrive - self.depart).total_seconds())


Step = Visit | Leg


@dataclass(frozen=True, slots=True, kw_only=True)
class Lunch:
    """The lunch break, taken at a place between steps."""

    place_id: PlaceId
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DayPlan:
    """One day: its steps in time order, its lunch and where the party sleeps (None on the last)."""

    date: dt.date
    steps: tuple[Step, ...]
    overnight: PlaceId | None
    lunch: Lunch | None = None

    @property
    def visits(self) -> tuple[Visit, ...]:
        """Return the day's visits."""
        return tuple(s for s in self.steps if isinstance(s, Visit))

    @property
    def legs(self) -> tuple[Leg, ...]:
        """Return the day's legs."""
        return tuple(s for s in self.steps if isinstance(s, Leg))

    @property
    def walk_m(self) -> int:
        """Return the distance walked in legs."""
        return sum(leg.distance_m for leg in self.legs if leg.mode is Mode.WALK)

    @property
    def distance_m(self) -> int:
        """Return the distance travelled in legs, every mode."""
        return sum(leg.distance_m for leg in self.legs)

    @property
    def co2_g(self) -> int:
        """Return the CO2e estimate of the day's legs for the whole party, in grams."""
        return sum(leg.co2_g for leg in self.legs)

    @property
    def car_free_share(self) -> float:
        """Return the share of the day's leg distance not travelled by car (0 to 1).

        Car means a private car or a taxi. :class:`~itinera.model.link.Mode` has no such
        mode, so this is 1.0 for every itinerary today; a day without legs counts 1.0.
        """
        total = self.distance_m
        by_car = sum(leg.distance_m for leg in self.legs if leg.mode.is_car)
        return 1.0 if total == 0 else (total - by_car) / total


@dataclass(frozen=True, slots=True, kw_only=True)
class CostLine:
    """What the party pays to enter one place: ``count`` travellers at ``unit_cents`` each."""

    place_id: PlaceId
    category: str
    count: int
    unit_cents: int

    @property
    def total_cents(self) -> int:
        """Return ``count * unit_cents``."""
        return self.count * self.unit_cents


@dataclass(frozen=True, slots=True, kw_only=True)
class Itinerary:
    """A planned trip answering ``request``.

    ``score`` is the interest the planner collected; ``total_cost_cents`` is what the itinerary
    claims the party pays (the checker recomputes it from ``costs`` and from the prices).
    """

    request: TripRequest
    days: tuple[DayPlan, ...]
    costs: tuple[CostLine, ...]
    total_cost_cents: int
    score: float

    @property
    def visits(self) -> tuple[Visit, ...]:
        """Return every visit of the trip in order."""
        return tuple(v for day in self.days for v in day.visits)

    @property
    def visited_ids(self) -> tuple[PlaceId, ...]:
        """Return the ids of the visited places in order."""
        return tuple(v.place_id for v in self.visits)
