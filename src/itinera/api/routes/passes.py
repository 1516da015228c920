"""The destination's passes."""

from __future__ import annotations

from fastapi import APIRouter

from itinera.api.deps import DestinationDep
from itinera.api.pass_schemas import PassOut

router = APIRouter(prefix="/v1", tags=["passes"])


@router.get("/passes", summary="Passes on sale: prices, validity, covered places, sources")
async def list_passes(destination: DestinationDep) -> list[PassOut]:
    """Return the destination's passes, in the order of its ``passes.json``.

    Each pass has its price per traveller category, validity, each covered place with its
    benefit, included transport, sale conditions, sources and estimated fields. Give a pass
    id as `pass` in `POST /v1/itineraries` to plan pass-first.
    """
    return PassOut.list_from_domain(destination)
