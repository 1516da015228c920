"""The ``itinera/itinerary@1`` document as pydantic models, for the OpenAPI contract.

The document is written by :func:`itinera.loaders.itinerary_json.itinerary_to_json`; these
models only describe it (``extra="forbid"``, so a field added to the writer and not here fails
the API tests instead of drifting silently). Times are kept as the writer's ISO 8601 strings
with their UTC offset, so a document round-trips byte for byte.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from itinera.api.pass_schemas import TicketsOut
from itinera.model.link import Mode
from itinera.model.place import Theme
from itinera.model.traveller import ProfileKind

_MODEL = ConfigDict(extra="forbid", frozen=True)

_DATETIME = Field(
    description="ISO 8601 local time with UTC offset.",
    examples=["2027-06-14T09:30:00+02:00"],
    json_schema_extra={"format": "date-time"},
)


class TravellerOut(BaseModel):
    """One member of the party."""

    model_config = _MODEL

    age: int | None = Field(description="Age, or null for an adult.", examples=[10])
    reduced_rate: bool = Field(description="Entitled to the reduced rate.", examples=[False])
    wheelchair: bool = Field(description="Uses a wheelchair.", examples=[False])


class ProfileOut(BaseModel):
    """The party and its daily rhythm (local ``HH:MM`` times)."""

    model_config = _MODEL

    kind: ProfileKind = Field(description="Profile preset.", examples=["family"])
    party: list[TravellerOut] = Field(description="Travellers.")
    day_start: str = Field(description="Day starts, HH:MM.", examples=["09:30"])
    day_end: str = Field(description="Party at its bed or gateway by, HH:MM.", examples=["18:30"])
    lunch_earliest: str = Field(description="Lunch starts at the earliest.", examples=["12:00"])
    lunch_latest: str = Field(description="Lunch starts at the latest.", examples=["13:00"])
    lunch_min: float = Field(description="Lunch duration, minutes.", examples=[75])
    walk_speed_mps: float = Field(description="Walking speed, m/s.", examples=[0.9])
    max_walk_m: int = Field(description="Longest walk per leg, metres.", examples=[1500])
    pace: float = Field(description="Multiplier on typical visit durations.", examples=[1.1])


class RequestOut(BaseModel):
    """The request the itinerary answers."""

    model_config = _MODEL

    from_: str = Field(alias="from", description="Start gateway.", examples=["toulouse-matabiau"])
    to: str = Field(description="End gateway.", examples=["carcassonne-gare"])
    start: str = Field(description="First day, YYYY-MM-DD.", examples=["2027-06-14"])
    days: int = Field(description="Number of days.", examples=[3])
    themes: list[Theme] = Field(description="Requested themes.", examples=[["cathar", "unesco"]])
    budget_cents: int | None = Field(description="Entry-fee ceiling, cents.", examples=[None])
    must_see: list[str] = Field(description="Places to include.", examples=[[]])
    exclude: list[str] = Field(description="Places to avoid.", examples=[[]])
    profile: ProfileOut = Field(description="The party.")


class CostLineOut(BaseModel):
    """What the party pays to enter one place, per traveller category."""

    model_config = _MODEL

    place_id: str = Field(description="Place.", examples=["cite-de-carcassonne"])
    category: str = Field(description="free, child, reduced or adult.", examples=["adult"])
    count: int = Field(description="Travellers in the category.", examples=[2])
    unit_cents: int = Field(description="Price each, cents.", examples=[1300])
    total_cents: int = Field(description="count * unit_cents.", examples=[2600])


class LunchOut(BaseModel):
    """The lunch break."""

    model_config = _MODEL

    place_id: str = Field(description="Where lunch is taken.", examples=["carcassonne"])
    start: Annotated[str, _DATETIME]
    end: Annotated[str, _DATETIME]


class VisitOut(BaseModel):
    """Time spent at a place."""

    model_config = _MODEL

    kind: Literal["visit"] = Field(description="Step type.")
    place_id: str = Field(description="Place visited.", examples=["cite-de-carcassonne"])
    name: str = Field(description="Place name.", examples=["Cité de Carcassonne"])
    start: Annotated[str, _DATETIME]
    end: Annotated[str, _DATETIME]


class LegOut(BaseModel):
    """One ride or walk (GTFS vocabulary for timetabled legs)."""

    model_config = _MODEL

    kind: Literal["leg"] = Field(description="Step type.")
    mode: Mode = Field(description="Transport mode.", examples=["train"])
    from_: str = Field(alias="from", description="Departure place.", examples=["toulouse-matabiau"])
    to: str = Field(description="Arrival place.", examples=["carcassonne-gare"])
    depart: Annotated[str, _DATETIME]
    arrive: Annotated[str, _DATETIME]
    line: str | None = Field(
        description="Line name (GTFS route short and long name), for timetabled legs.",
        examples=["TER Toulouse-Carcassonne-Narbonne"],
    )
    trip_id: str | None = Field(
        description="GTFS trip id (namespaced `feed:trip`), for timetabled legs.",
        examples=["pays-cathare:ter-tls-nar-a-0942"],
    )
    distance_m: int = Field(description="Distance, metres.", examples=[92000])
    duration_s: int | None = Field(
        default=None,
        description="arrive - depart, seconds (absent in documents saved before it existed).",
        examples=[3960],
    )
    co2_g: int | None = Field(
        default=None,
        description="CO2e estimate for the whole party, grams: ADEME impactCO2 factor of the "
        "vehicle x distance x travellers; 0 on foot or by bike.",
        examples=[9185],
    )
    estimated: bool = Field(description="Duration or distance is an estimate.", examples=[False])


Step = Annotated[VisitOut | LegOut, Field(discriminator="kind")]


class DayOut(BaseModel):
    """One day of the trip."""

    model_config = _MODEL

    date: str = Field(description="Local date, YYYY-MM-DD.", examples=["2027-06-14"])
    overnight: str | None = Field(
        description="Where the party sleeps; null on the last day.", examples=["carcassonne"]
    )
    walk_m: int = Field(description="Metres walked in legs.", examples=[2400])
    distance_m: int | None = Field(
        default=None, description="Metres travelled in legs, every mode.", examples=[98000]
    )
    co2_g: int | None = Field(
        default=None, description="CO2e estimate of the day's legs, grams.", examples=[9185]
    )
    car_free_share: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Share of the day's leg distance not travelled by car or taxi (0 to 1; "
        "1 when the day has no legs).",
        examples=[1.0],
    )
    lunch: LunchOut | None = Field(description="The lunch break, if any.")
    steps: list[Step] = Field(description="Visits and legs in time order.")


class ItineraryDocumentOut(BaseModel):
    """An ``itinera/itinerary@1`` document, as ``itinera plan --save`` writes it."""

    model_config = _MODEL

    format: Literal["itinera/itinerary@1"] = Field(description="Document format.")
    destination: str = Field(description="Destination name.", examples=["Destination Pays Cathare"])
    request: RequestOut = Field(description="What was asked.")
    score: float = Field(description="Interest collected.", examples=[70.1])
    total_cost_cents: int = Field(description="Entry fees of the party, cents.", examples=[9800])
    costs: list[CostLineOut] = Field(description="Entry fees per place and category.")
    days: list[DayOut] = Field(description="The days, in order.")
    tickets: TicketsOut | None = Field(
        default=None,
        description="The recommended tickets (exact cheapest for the party, passes included); "
        "derived, ignored by `itinera check`.",
    )
