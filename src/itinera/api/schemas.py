"""Request and response bodies of the API: pydantic ``*In``/``*Out`` models.

Conversion between these models and the domain happens here and nowhere else:
``TripRequestIn.to_domain()`` builds a :class:`TripRequest`, the ``from_domain`` class methods
build responses. The itinerary document itself is modelled in :mod:`itinera.api.document`.
Every field carries a description and an example, because the OpenAPI document is the client
contract (``api/openapi.json``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import replace
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from itinera.api.document import ItineraryDocumentOut
from itinera.api.store import StoredItinerary
from itinera.model.destination import Destination
from itinera.model.ids import PlaceId
from itinera.model.place import Place, PlaceKind, Theme, Wheelchair
from itinera.model.traveller import (
    MAX_CHILD_AGE,
    ProfileKind,
    Traveller,
    TravellerProfile,
    family_profile,
    preset_profile,
)
from itinera.model.trip_request import MAX_DAYS, TripRequest
from itinera.solver.params import SolveParams
from itinera.solver.pass_first import PassObjective

MAX_ADULTS = 9
MAX_CHILDREN = 9
MAX_PLACE_LIST = 50
TIME_LIMIT_MIN_S = 1.0
TIME_LIMIT_MAX_S = 30.0
BBOX_PARTS = 4

_MODEL = ConfigDict(extra="forbid", frozen=True)

PlaceIdStr = Annotated[str, Field(min_length=1, max_length=200, examples=["carcassonne-gare"])]
ChildAge = Annotated[int, Field(ge=0, le=MAX_CHILD_AGE, examples=[5])]


# --- trip requests -----------------------------------------------------------------------------


class PartyIn(BaseModel):
    """Who travels. The party's daily rhythm and walking limits follow from it."""

    model_config = _MODEL

    adults: int = Field(
        default=2, ge=1, le=MAX_ADULTS, description="Number of adults.", examples=[2]
    )
    children_ages: tuple[ChildAge, ...] = Field(
        default=(),
        max_length=MAX_CHILDREN,
        description="Age of each child (0 to 17); young children shorten walks and days.",
        examples=[[5, 10]],
    )
    reduced_mobility: bool = Field(
        default=False,
        description="One adult uses a wheelchair: step-free places only, a gentler rhythm.",
        examples=[False],
    )

    def to_domain(self) -> TravellerProfile:
        """Return the traveller profile of this party.

        Notes
        -----
        The rhythm comes from the presets of :mod:`itinera.model.traveller`: reduced mobility
        first, then a family when there are children, else solo or couple.
        """
        adults = tuple(
            Traveller(uses_wheelchair=self.reduced_mobility and i == 0) for i in range(self.adults)
        )
        children = tuple(Traveller(age=age) for age in self.children_ages)
        if self.reduced_mobility:
            base = preset_profile(ProfileKind.REDUCED_MOBILITY)
        elif children:
            base = family_profile(self.children_ages)
        else:
            base = preset_profile(ProfileKind.SOLO if self.adults == 1 else ProfileKind.COUPLE)
        return replace(base, party=(*adults, *children))


class TripRequestIn(BaseModel):
    """What the visitor asks for: give either ``days`` or ``end``."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "examples": [
                {
                    "from": "toulouse-matabiau",
                    "to": "carcassonne-gare",
                    "start": "2027-06-14",
                    "days": 3,
                    "themes": ["cathar", "unesco"],
                    "party": {"adults": 2, "children_ages": [5, 10]},
                }
            ]
        },
    )

    from_: PlaceIdStr = Field(
        alias="from", description="Gateway id where the trip starts (see /v1/gateways)."
    )
    to: PlaceIdStr = Field(description="Gateway id where the trip ends (may equal `from`).")
    start: dt.date = Field(description="Local date of the first day.", examples=["2027-06-14"])
    days: int | None = Field(
        default=None,
        ge=1,
        le=MAX_DAYS,
        description=f"Number of days, 1 to {MAX_DAYS}; give this or `end`.",
        examples=[3],
    )
    end: dt.date | None = Field(
        default=None,
        validate_default=True,
        description="Local date of the last day; give this or `days`.",
        examples=["2027-06-16"],
    )
    themes: tuple[Theme, ...] = Field(
        default=(),
        max_length=len(Theme),
        description="Themes the party cares about (see /v1/themes); empty means every theme.",
        examples=[["cathar", "unesco"]],
    )
    party: PartyIn = Field(default_factory=PartyIn, description="Who travels.")
    budget_eur: float | None = Field(
        default=None,
        ge=0,
        le=100_000,
        allow_inf_nan=False,
        description="Ceiling on the party's total entry fees, in euros.",
        examples=[120.0],
    )
    must_see: tuple[PlaceIdStr, ...] = Field(
        default=(),
        max_length=MAX_PLACE_LIST,
        description="Place ids the itinerary must include.",
        examples=[["cite-de-carcassonne"]],
    )
    exclude: tuple[PlaceIdStr, ...] = Field(
        default=(),
        max_length=MAX_PLACE_LIST,
        description="Place ids the itinerary must avoid.",
        examples=[["chateau-de-queribus"]],
    )
    time_limit_s: float = Field(
        default=5.0,
        ge=TIME_LIMIT_MIN_S,
        le=TIME_LIMIT_MAX_S,
        allow_inf_nan=False,
        description=(
            "Time budget in seconds for the whole planning (set-up, solver, checks); "
            "the request takes about this long."
        ),
        examples=[5.0],
    )
    seed: int = Field(
        default=0,
        ge=0,
        le=2**31 - 1,
        description="Seed of the solver's random choices.",
        examples=[0],
    )
    pass_: PlaceIdStr | None = Field(
        default=None,
        alias="pass",
        description="Plan pass-first with this pass (see /v1/passes), held or to buy: the route "
        "that makes the most of it, by `objective`. Without it the plan maximises interest and "
        "the recommended tickets follow.",
        examples=["pass-sites-pays-cathare"],
    )
    pass_first_use: dt.date | None = Field(
        default=None,
        description="With `pass`: date the pass is first used (default `start`; may be earlier "
        "for a pass already held).",
        examples=["2027-06-14"],
    )
    objective: PassObjective = Field(
        default=PassObjective.INTEREST,
        description="With `pass`: `interest` (most interest, using the pass where it applies) "
        "or `value` (most interest per euro actually paid, pass included).",
        examples=["interest"],
    )

    @field_validator("pass_first_use", "objective")
    @classmethod
    def _needs_pass(cls, value: object, info: ValidationInfo) -> object:
        if "pass_" not in info.data:
            return value  # pass is already reported as invalid
        if info.data["pass_"] is None and value not in {None, PassObjective.INTEREST}:
            msg = "needs `pass` (got {value})"
            raise PydanticCustomError("needs_pass", msg, {"value": str(value)})
        return value

    @field_validator("start", "end", "pass_first_use", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        if value is not None and not isinstance(value, str):
            msg = "must be a date YYYY-MM-DD (got {value})"
            raise PydanticCustomError("date_type", msg, {"value": repr(value)})
        return value

    @field_validator("end")
    @classmethod
    def _one_length(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        if "days" not in info.data or "start" not in info.data:
            return end  # days or start is already reported as invalid
        days, start = info.data["days"], info.data["start"]
        if (days is None) == (end is None):
            msg = "give exactly one of `days` and `end`"
            raise PydanticCustomError("trip_length", msg)
        if end is not None and not 0 <= (end - start).days < MAX_DAYS:
            msg = "must be from start {start} to {MAX_DAYS} days later (got {end})"
            context = {"start": start.isoformat(), "MAX_DAYS": MAX_DAYS, "end": end.isoformat()}
            raise PydanticCustomError("trip_length", msg, context)
        return end

    def to_domain(self) -> TripRequest:
        """Return the domain request (may raise :class:`InvalidInputError`)."""
        days = self.days if self.end is None else (self.end - self.start).days + 1
        budget = self.budget_eur
        return TripRequest(
            origin=PlaceId(self.from_),
            destination=PlaceId(self.to),
            start_date=self.start,
            days=days or 0,
            profile=self.party.to_domain(),
            themes=frozenset(self.themes),
            budget_cents=None if budget is None else round(budget * 100),
            must_see=frozenset(PlaceId(p) for p in self.must_see),
            excluded=frozenset(PlaceId(p) for p in self.exclude),
        )

    def solve_params(self, *, max_iterations: int | None) -> SolveParams:
        """Return the solver parameters of this request, capped by the server's setting."""
        return SolveParams(
            time_limit_s=self.time_limit_s, seed=self.seed, max_iterations=max_iterations
        )


# --- itineraries -------------------------------------------------------------------------------


class ItineraryLinksOut(BaseModel):
    """Where to fetch the itinerary and its exports."""

    model_config = _MODEL

    self_: str = Field(
        alias="self", description="This resource.", examples=["/v1/itineraries/3f2a…"]
    )
    geojson: str = Field(description="GeoJSON export.", examples=["/v1/itineraries/3f2a….geojson"])
    gpx: str = Field(description="GPX 1.1 export.", examples=["/v1/itineraries/3f2a….gpx"])
    ics: str = Field(description="iCalendar export.", examples=["/v1/itineraries/3f2a….ics"])


class ItineraryOut(BaseModel):
    """A stored itinerary."""

    model_config = _MODEL

    id: str = Field(
        description="Itinerary id (32 hex digits).", examples=["3f2a9c0e4b1d4f6a8e7c5b3a1d2f4e6c"]
    )
    created_at: dt.datetime = Field(
        description="When it was planned (UTC).", examples=["2027-06-01T08:00:00Z"]
    )
    links: ItineraryLinksOut = Field(description="Related resources.")
    itinerary: ItineraryDocumentOut = Field(
        description="The itinerary as an `itinera/itinerary@1` document, as `itinera check` reads."
    )

    @classmethod
    def from_domain(cls, stored: StoredItinerary) -> ItineraryOut:
        """Return the response body of a stored itinerary."""
        base = f"/v1/itineraries/{stored.id}"
        links = {"self": base, "geojson": f"{base}.geojson", "gpx": f"{base}.gpx"}
        return cls.model_validate(
            {
                "id": stored.id,
                "created_at": stored.created_at,
                "links": {**links, "ics": f"{base}.ics"},
                "itinerary": stored.document,
            }
        )


# --- places --------------------------------------------------------------------------------------


class PlaceFilterIn(BaseModel):
    """Query filters of ``GET /v1/places``; all of them must match."""

    model_config = _MODEL

    theme: Theme | None = Field(default=None, description="Only places with this theme.")
    kind: PlaceKind | None = Field(default=None, description="Only places of this kind.")
    bbox: str | None = Field(
        default=None,
        description="Only places inside `minlon,minlat,maxlon,maxlat` (WGS84 degrees).",
        examples=["2.2,43.1,2.5,43.3"],
    )
    wheelchair: Wheelchair | None = Field(
        default=None, description="Only places with this OpenStreetMap `wheelchair` value."
    )

    @field_validator("bbox")
    @classmethod
    def _valid_bbox(cls, bbox: str | None) -> str | None:
        if bbox is not None:
            _bounds(bbox)
        return bbox

    def matches(self, place: Place) -> bool:
        """Return whether ``place`` passes every filter."""
        if self.bbox is not None:
            min_lon, min_lat, max_lon, max_lat = _bounds(self.bbox)
            inside = (
                min_lon <= place.location.x <= max_lon and min_lat <= place.location.y <= max_lat
            )
            if not inside:
                return False
        return (
            (self.theme is None or self.theme in place.themes)
            and (self.kind is None or place.kind is self.kind)
            and (self.wheelchair is None or place.wheelchair is self.wheelchair)
        )


def _bounds(bbox: str) -> tuple[float, float, float, float]:
    parts = bbox.split(",")
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        values = ()
    if len(values) != BBOX_PARTS or not all(math.isfinite(v) for v in values):
        msg = "must be four numbers minlon,minlat,maxlon,maxlat (got {bbox})"
        raise PydanticCustomError("bbox", msg, {"bbox": repr(bbox)})
    min_lon, min_lat, max_lon, max_lat = values
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):  # noqa: PLR2004
        msg = "needs minlon <= maxlon and minlat <= maxlat within WGS84 bounds (got {bbox})"
        raise PydanticCustomError("bbox", msg, {"bbox": repr(bbox)})
    return min_lon, min_lat, max_lon, max_lat


class PointOut(BaseModel):
    """A GeoJSON Point (RFC 7946): ``[longitude, latitude]``."""

    model_config = _MODEL

    type: Literal["Point"] = Field(default="Point", description="GeoJSON geometry type.")
    coordinates: tuple[float, float] = Field(
        description="Longitude, latitude (WGS84).", examples=[[2.3636, 43.2067]]
    )


class PlacePropertiesOut(BaseModel):
    """What itinera knows about a place."""

    model_config = _MODEL

    name: str = Field(description="Human name.", examples=["Cité de Carcassonne"])
    kind: PlaceKind = Field(description="What the place is.", examples=["castle"])
    themes: list[Theme] = Field(description="Themes, sorted.", examples=[["medieval", "unesco"]])
    wheelchair: Wheelchair = Field(description="OpenStreetMap wheelchair access.")
    score: float = Field(description="Editorial interest, 0 to 10.", examples=[9.5])
    visit_min: int = Field(description="Typical visit, in minutes, for an adult.", examples=[120])
    opening_hours: str = Field(
        description="OpenStreetMap `opening_hours`.", examples=["Apr-Sep 09:30-18:30"]
    )
    adult_cents: int = Field(description="Adult entry price, euro cents.", examples=[1300])
    accommodation: bool = Field(description="Whether a visitor can sleep here.")
    is_gateway: bool = Field(description="Whether a trip can start or end here.")
    estimated: list[str] = Field(
        description="Fields whose values are estimates.", examples=[["prices"]]
    )


class PlaceFeatureOut(BaseModel):
    """A place as a GeoJSON Feature; ``id`` is the place id."""

    model_config = _MODEL

    type: Literal["Feature"] = Field(default="Feature", description="GeoJSON object type.")
    id: str = Field(description="Place id.", examples=["cite-de-carcassonne"])
    geometry: PointOut = Field(description="Where the place is.")
    properties: PlacePropertiesOut = Field(description="What the place is.")

    @classmethod
    def from_domain(cls, place: Place) -> PlaceFeatureOut:
        """Return the feature of ``place``."""
        properties = PlacePropertiesOut(
            name=place.name,
            kind=place.kind,
            themes=sorted(place.themes),
            wheelchair=place.wheelchair,
            score=place.score,
            visit_min=place.visit_s // 60,
            opening_hours=place.opening_hours.expression,
            adult_cents=place.prices.adult_cents,
            accommodation=place.accommodation,
            is_gateway=place.is_gateway,
            estimated=sorted(place.estimated),
        )
        point = PointOut(coordinates=(place.location.x, place.location.y))
        return cls(id=place.id, geometry=point, properties=properties)


class PlaceCollectionOut(BaseModel):
    """Places as a GeoJSON FeatureCollection (RFC 7946), sorted by id."""

    model_config = _MODEL

    type: Literal["FeatureCollection"] = Field(
        default="FeatureCollection", description="GeoJSON object type."
    )
    features: list[PlaceFeatureOut] = Field(description="One Point feature per place.")

    @classmethod
    def from_domain(cls, places: Iterable[Place]) -> PlaceCollectionOut:
        """Return the collection of ``places``, sorted by id."""
        ordered = sorted(places, key=lambda p: p.id)
        return cls(features=[PlaceFeatureOut.from_domain(p) for p in ordered])


class ThemeOut(BaseModel):
    """A theme and how many places have it."""

    model_config = _MODEL

    id: Theme = Field(description="Theme id, as used in requests.", examples=["cathar"])
    places: int = Field(description="Number of places with this theme.", examples=[21])

    @classmethod
    def list_from_domain(cls, destination: Destination) -> list[ThemeOut]:
        """Return the destination's themes, sorted."""
        places = destination.places.values()
        return [
            cls(id=theme, places=sum(theme in p.themes for p in places))
            for theme in sorted(destination.themes)
        ]


class GatewayOut(BaseModel):
    """A place where a trip can start or end."""

    model_config = _MODEL

    id: str = Field(description="Gateway id, for `from` and `to`.", examples=["carcassonne-gare"])
    name: str = Field(description="Human name.", examples=["Gare de Carcassonne"])
    kind: PlaceKind = Field(description="Station, airport or coach hub.", examples=["station"])
    lon: float = Field(description="Longitude (WGS84).", examples=[2.3538])
    lat: float = Field(description="Latitude (WGS84).", examples=[43.2183])

    @classmethod
    def list_from_domain(cls, destination: Destination) -> list[GatewayOut]:
        """Return the destination's gateways, sorted by id."""
        return [
            cls(id=g.id, name=g.name, kind=g.kind, lon=g.location.x, lat=g.location.y)
            for g in destination.gateways
        ]


# --- health and problems -------------------------------------------------------------------------


class StatusOut(BaseModel):
    """A health probe's answer."""

    model_config = _MODEL

    status: Literal["ok"] = Field(description="Always `ok` when answered with 200.")
    checks: dict[str, str] = Field(
        default_factory=dict,
        description="What was checked.",
        examples=[{"destination": "Destination Pays Cathare", "database": "sqlite"}],
    )


class FieldErrorOut(BaseModel):
    """One offending field."""

    model_config = _MODEL

    field: str = Field(description="Where: `body.days`, `query.bbox`...", examples=["body.days"])
    reason: str = Field(
        description="Why, with the offending value.",
        examples=["must be between 1 and 14 (got 0)"],
    )


class ProblemOut(BaseModel):
    """An error, as ``application/problem+json`` (RFC 9457)."""

    model_config = _MODEL

    type: str = Field(
        description="Problem type URI reference.", examples=["/problems/invalid-request"]
    )
    title: str = Field(description="Short summary of the type.", examples=["Invalid request"])
    status: int = Field(description="HTTP status code.", examples=[422])
    detail: str = Field(
        description="What went wrong in this occurrence.",
        examples=["body.days: must be between 1 and 14 (got 0)"],
    )
    errors: list[FieldErrorOut] = Field(default_factory=list, description="Offending fields.")
    reasons: list[str] | None = Field(
        default=None,
        description="For infeasible requests: why no itinerary exists.",
        examples=[["Château de Quéribus is closed on 2027-01-12"]],
    )

    def content(self) -> dict[str, Any]:
        """Return the JSON body (``reasons`` only when set)."""
        return self.model_dump(mode="json", exclude_none=True)
