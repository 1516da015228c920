"""The destination's places, themes and gateways."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from itinera.api.deps import DestinationDep
from itinera.api.problems import problem_responses
from itinera.api.responses import GeoJSONResponse
from itinera.api.schemas import GatewayOut, PlaceCollectionOut, PlaceFilterIn, ThemeOut

router = APIRouter(prefix="/v1", tags=["places"])


@router.get(
    "/places",
    summary="Places as a GeoJSON FeatureCollection",
    response_class=GeoJSONResponse,
    responses=problem_responses(422),
)
async def list_places(
    destination: DestinationDep, filters: Annotated[PlaceFilterIn, Query()]
) -> PlaceCollectionOut:
    """Return the places that pass every filter, sorted by id."""
    return PlaceCollectionOut.from_domain(
        p for p in destination.places.values() if filters.matches(p)
    )


@router.get("/themes", summary="Themes and how many places have each")
async def list_themes(destination: DestinationDep) -> list[ThemeOut]:
    """Return the destination's themes, sorted."""
    return ThemeOut.list_from_domain(destination)


@router.get("/gateways", summary="Where a trip can start or end")
async def list_gateways(destination: DestinationDep) -> list[GatewayOut]:
    """Return the destination's gateways, sorted by id."""
    return GatewayOut.list_from_domain(destination)
