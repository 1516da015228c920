"""Places from a GeoJSON FeatureCollection (one Point feature per place).

The feature properties are documented in ``graphs/pays-cathare/SOURCES.md``; they are validated
with pydantic so that a broken file fails with the feature and the field named.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from shapely import Point

from itinera.errors import DataSourceError, InvalidInputError
from itinera.loaders.opening_hours import parse_opening_hours
from itinera.model.ids import PlaceId
from itinera.model.place import FREE, Place, PlaceKind, Prices, Theme, Wheelchair

if TYPE_CHECKING:
    from pathlib import Path

MINUTE_S = 60


class _PricesIn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    adult: Annotated[int, Field(ge=0)]
    child: Annotated[int, Field(ge=0)]
    child_min_age: Annotated[int, Field(ge=0, le=17)]
    child_max_age: Annotated[int, Field(ge=0, le=25)]
    reduced: Annotated[int, Field(ge=0)]


class _PlacePropertiesIn(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: Annotated[str, Field(min_length=1)]
    name: Annotated[str, Field(min_length=1)]
    kind: PlaceKind
    themes: tuple[Theme, ...] = ()
    visit_min: Annotated[int, Field(ge=0, le=24 * 60)] = 0
    opening_hours: str = "24/7"
    prices: _PricesIn | None = None
    wheelchair: Wheelchair = Wheelchair.LIMITED
    score: Annotated[float, Field(ge=0, le=10)] = 0.0
    accommodation: bool = False
    source: dict[str, str] = Field(default_factory=dict)
    estimated: tuple[str, ...] = ()


class _PointIn(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    type: Literal["Point"]
    coordinates: tuple[float, float] | tuple[float, float, float]


class _FeatureIn(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    type: Literal["Feature"]
    geometry: _PointIn
    properties: _PlacePropertiesIn


def load_places(path: Path) -> dict[PlaceId, Place]:
    """Return the places of a GeoJSON FeatureCollection, keyed by id.

    Raises
    ------
    DataSourceError
        If the file is not a FeatureCollection of valid place features; the message names the
        feature index and id, the field and the reason.
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataSourceError(str(path), "", f"cannot read GeoJSON: {exc}") from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise DataSourceError(str(path), "", "expected a GeoJSON FeatureCollection")
    places: dict[PlaceId, Place] = {}
    for index, raw in enumerate(document.get("features", [])):
        place = _place_from_feature(raw, path=path, index=index)
        if place.id in places:
            where = f"features[{index}]"
            raise DataSourceError(str(path), where, f"duplicate id {place.id!r}")
        places[place.id] = place
    return places


def _place_from_feature(raw: Any, *, path: Path, index: int) -> Place:  # noqa: ANN401 - JSON
    label = raw.get("properties", {}).get("id", "?") if isinstance(raw, dict) else "?"
    where = f"features[{index}] ({label})"
    try:
        feature = _FeatureIn.model_validate(raw)
        props = feature.properties
        lon, lat = feature.geometry.coordinates[:2]
        return Place(
            id=PlaceId(props.id),
            name=props.name,
            kind=props.kind,
            location=Point(lon, lat),
            themes=frozenset(props.themes),
            visit_s=props.visit_min * MINUTE_S,
            opening_hours=parse_opening_hours(props.opening_hours),
            prices=_prices(props.prices),
            wheelchair=props.wheelchair,
            score=props.score,
            accommodation=props.accommodation,
            source=dict(props.source),
            estimated=frozenset(props.estimated),
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise DataSourceError(str(path), where, f"{field}: {first['msg']}") from None
    except InvalidInputError as exc:
        raise DataSourceError(str(path), where, str(exc)) from None


def _prices(prices: _PricesIn | None) -> Prices:
    if prices is None:
        return FREE
    return Prices(
        adult_cents=prices.adult,
        child_cents=prices.child,
        child_min_age=prices.child_min_age,
        child_max_age=prices.child_max_age,
        reduced_cents=prices.reduced,
    )
