"""Health probes: ``/healthz`` (the process answers) and ``/readyz`` (it can serve)."""

from __future__ import annotations

from fastapi import APIRouter

from itinera.api.deps import DestinationDep, StoreDep
from itinera.api.problems import ServiceNotReadyError, problem_responses
from itinera.api.schemas import StatusOut

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the process answers")
async def healthz() -> StatusOut:
    """Answer 200 as long as the process runs."""
    return StatusOut(status="ok")


@router.get(
    "/readyz",
    summary="Readiness: destination loaded and database reachable",
    responses=problem_responses(503),
)
def readyz(destination: DestinationDep, store: StoreDep) -> StatusOut:
    """Answer 200 when the destination is loaded and the database answers, else 503."""
    if not store.is_reachable():
        msg = f"the {store.backend} database does not answer"
        raise ServiceNotReadyError(msg)
    return StatusOut(
        status="ok", checks={"destination": destination.name, "database": store.backend}
    )
