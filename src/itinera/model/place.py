"""Places: gateways, heritage sites, villages, wine estates and accommodation towns."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from itinera.errors import InvalidInputError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from shapely import Point

    from itinera.model.ids import PlaceId
    from itinera.model.opening_hours import OpeningSchedule

MAX_SCORE = 10.0


class PlaceKind(StrEnum):
    """What a place is; gateways are the kinds a visitor can arrive or leave by."""

    STATION = "station"
    AIRPORT = "airport"
    COACH_HUB = "coach_hub"
    CASTLE = "castle"
    ABBEY = "abbey"
    RELIGIOUS = "religious"
    MUSEUM = "museum"
    MONUMENT = "monument"
    VILLAGE = "village"
    WINE = "wine"
    TOWN = "town"

    @property
    def is_gateway(self) -> bool:
        """Return whether a visitor can arrive or leave the destination here."""
        return self in {PlaceKind.STATION, PlaceKind.AIRPORT, PlaceKind.COACH_HUB}

    @property
    def is_attraction(self) -> bool:
        """Return whether the place is something to visit (not a stop or a bed)."""
        return not self.is_gateway and self is not PlaceKind.TOWN


class Theme(StrEnum):
    """The thematic vocabulary of routes."""

    CATHAR = "cathar"
    UNESCO = "unesco"
    CANAL_DU_MIDI = "canal-du-midi"
    WAY_OF_ST_JAMES = "way-of-st-james"
    RELIGIOUS = "religious"
    MUSEUM = "museum"
    ART = "art"
    MEDIEVAL = "medieval"
    WINE = "wine"
    VILLAGE = "village"
    NATURE = "nature"
    CITY = "city"


class Wheelchair(StrEnum):
    """Wheelchair access, with OpenStreetMap's ``wheelchair=*`` values."""

    YES = "yes"
    LIMITED = "limited"
    NO = "no"


@dataclass(frozen=True, slots=True, kw_only=True)
class Prices:
    """Entry prices in euro cents.

    Children younger than ``child_min_age`` enter free; those aged ``child_min_age`` to
    ``child_max_age`` pay ``child_cents``; older visitors pay ``adult_cents``.
    """

    adult_cents: int
    child_cents: int
    child_min_age: int
    child_max_age: int
    reduced_cents: int

    def __post_init__(self) -> None:
        for name in ("adult_cents", "child_cents", "reduced_cents", "child_min_age"):
            value = getattr(self, name)
            if value < 0:
                msg = f"must be >= 0 (got {value})"
                where = f"prices.{name}"
                raise InvalidInputError(where, msg)
        if self.child_max_age < self.child_min_age:
            msg = f"must be >= child_min_age {self.child_min_age} (got {self.child_max_age})"
            raise InvalidInputError("prices.child_max_age", msg)

    def category_for(self, age: int | None, *, is_reduced: bool = False) -> str:
        """Return the ticket category of a visitor: ``free``, ``child``, ``reduced``, ``adult``."""
        if age is not None and age < self.child_min_age:
            return "free"
        if age is not None and age <= self.child_max_age:
            return "child"
        return "reduced" if is_reduced else "adult"

    def for_age(self, age: int | None, *, is_reduced: bool = False) -> int:
        """Return the entry price for one visitor (``age`` None means an adult)."""
        if age is not None and age < self.child_min_age:
            return 0
        if age is not None and age <= self.child_max_age:
            return self.child_cents
        return self.reduced_cents if is_reduced else self.adult_cents


FREE = Prices(adult_cents=0, child_cents=0, child_min_age=0, child_max_age=17, reduced_cents=0)


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A place of the destination graph.

    Parameters
    ----------
    id
        Stable id.
    location
        WGS84 ``Point(lon, lat)``.
    visit_s
        Typical visit duration for an adult at normal pace.
    score
        Editorial interest from 0 to 10.
    accommodation
        Whether a visitor can spend the night here.
    source
        Where each family of facts comes from (``coordinates``, ``opening_hours``, ...).
    estimated
        Names of the fields whose values are estimates.
    """

    id: PlaceId
    name: str
    kind: PlaceKind
    location: Point
    themes: frozenset[Theme] = frozenset()
    visit_s: int = 0
    opening_hours: OpeningSchedule
    prices: Prices = FREE
    wheelchair: Wheelchair = Wheelchair.LIMITED
    score: float = 0.0
    accommodation: bool = False
    source: Mapping[str, str] = field(default_factory=dict)
    estimated: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not self.id:
            msg = "must not be empty"
            raise InvalidInputError("id", msg)
        if self.visit_s < 0:
            msg = f"must be >= 0 (got {self.visit_s})"
            raise InvalidInputError(self.id + ".visit_s", msg)
        if not 0.0 <= self.score <= MAX_SCORE:
            msg = f"must be between 0 and {MAX_SCORE} (got {self.score})"
            raise InvalidInputError(self.id + ".score", msg)
        lon, lat = self.location.x, self.location.y
        if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):  # noqa: PLR2004 - WGS84
            msg = f"not a WGS84 lon/lat ({lon}, {lat})"
            raise InvalidInputError(self.id + ".location", msg)

    @property
    def is_gateway(self) -> bool:
        """Return whether visitors can arrive or leave here."""
        return self.kind.is_gateway
