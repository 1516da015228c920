"""The one mapping from errors to ``application/problem+json`` responses (RFC 9457).

Routes raise domain errors; the handlers registered by :func:`install_problem_handlers` turn each
error family into a status code and a problem document. The core never knows about HTTP.

| error | status | type |
|---|---|---|
| ``RequestValidationError`` (pydantic) | 422 | ``/problems/invalid-request`` |
| :class:`InvalidInputError` | 422 | ``/problems/invalid-request`` |
| :class:`InfeasibleRequestError` | 422 | ``/problems/infeasible-request`` (with ``reasons``) |
| :class:`ItineraryNotFoundError` | 404 | ``/problems/not-found`` |
| :class:`ServiceNotReadyError` | 503 | ``/problems/not-ready`` |
| body over the size limit (:mod:`itinera.api.body_limit`) | 413 | ``/problems/body-too-large`` |
| any other HTTP error (unknown path, wrong method) | its own | ``about:blank`` |
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from itinera.api.schemas import FieldErrorOut, ProblemOut
from itinera.api.store import ItineraryNotFoundError
from itinera.errors import InfeasibleRequestError, InvalidInputError, ItineraError

PROBLEM_MEDIA_TYPE = "application/problem+json"
INVALID_REQUEST = "/problems/invalid-request"
INFEASIBLE_REQUEST = "/problems/infeasible-request"

_BODY_FIELDS = {"budget": "budget_eur", "excluded": "exclude", "profile": "party"}
"""Domain field names (as :class:`InvalidInputError` reports them) that the request body spells
otherwise; the rest are the same."""

_LOCATIONS = ("body", "query", "path", "header")


class ServiceNotReadyError(ItineraError):
    """The service cannot answer yet: data not loaded or database unreachable."""


def problem_response(
    status: int,
    *,
    type_: str = "about:blank",
    detail: str,
    errors: Sequence[FieldErrorOut] = (),
    reasons: Sequence[str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """Return a problem+json response; ``title`` is the status phrase or the type's title."""
    problem = ProblemOut(
        type=type_,
        title=_TITLES.get(type_, HTTPStatus(status).phrase),
        status=status,
        detail=detail,
        errors=list(errors),
        reasons=None if reasons is None else list(reasons),
    )
    return JSONResponse(
        problem.content(), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


_TITLES = {
    INVALID_REQUEST: "Invalid request",
    INFEASIBLE_REQUEST: "Infeasible request",
    "/problems/not-found": "Not found",
    "/problems/not-ready": "Service not ready",
    "/problems/body-too-large": "Request body too large",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Return the ``responses=`` of a route documenting its problem answers."""
    return {
        status: {
            "model": ProblemOut,
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_MEDIA_TYPE: {}},
        }
        for status in statuses
    }


def install_problem_handlers(app: FastAPI) -> None:
    """Register one handler per error family on ``app``."""
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(InvalidInputError, _invalid_input)
    app.add_exception_handler(InfeasibleRequestError, _infeasible)
    app.add_exception_handler(ItineraryNotFoundError, _not_found)
    app.add_exception_handler(ServiceNotReadyError, _not_ready)
    app.add_exception_handler(StarletteHTTPException, _http_error)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # noqa: S101 - registered for this class
    errors = [_field_error(error) for error in exc.errors()]
    detail = "; ".join(f"{e.field}: {e.reason}" for e in errors)
    return problem_response(422, type_=INVALID_REQUEST, detail=detail, errors=errors)


async def _invalid_input(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidInputError)  # noqa: S101 - registered for this class
    location = exc.field.split(".", 1)[0]
    field = (
        exc.field if location in _LOCATIONS else f"body.{_BODY_FIELDS.get(exc.field, exc.field)}"
    )
    error = FieldErrorOut(field=field, reason=exc.reason)
    detail = f"{field}: {exc.reason}"
    return problem_response(422, type_=INVALID_REQUEST, detail=detail, errors=[error])


async def _infeasible(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InfeasibleRequestError)  # noqa: S101 - registered for this class
    return problem_response(
        422, type_=INFEASIBLE_REQUEST, detail=str(exc), reasons=exc.reasons or (str(exc),)
    )


async def _not_found(_request: Request, exc: Exception) -> JSONResponse:
    return problem_response(404, type_="/problems/not-found", detail=str(exc))


async def _not_ready(_request: Request, exc: Exception) -> JSONResponse:
    return problem_response(503, type_="/problems/not-ready", detail=str(exc))


_UNPARSABLE_BODY = "There was an error parsing the body"
"""FastAPI's 400 detail for a body it cannot decode (e.g. JSON that is not UTF-8)."""


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)  # noqa: S101 - registered for this class
    if exc.status_code == HTTPStatus.BAD_REQUEST and exc.detail == _UNPARSABLE_BODY:
        cause = exc.__cause__
        reason = "not valid JSON" + (f": {cause}" if isinstance(cause, UnicodeError) else "")
        error = FieldErrorOut(field="body", reason=reason)
        return problem_response(
            422, type_=INVALID_REQUEST, detail=f"body: {reason}", errors=[error]
        )
    return problem_response(exc.status_code, detail=exc.detail, headers=exc.headers)


def _location(loc: Sequence[int | str]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def _field_error(error: dict[str, Any]) -> FieldErrorOut:
    loc = tuple(error["loc"])
    if error["type"] == "json_invalid":  # loc is ("body", character offset)
        position = loc[1] if len(loc) > 1 else "?"
        reason = f"not valid JSON at character {position}: {error.get('ctx', {}).get('error', '')}"
        return FieldErrorOut(field=str(loc[0]), reason=reason.rstrip(": "))
    return FieldErrorOut(field=_location(loc), reason=_reason(error))


_QUOTES_NO_VALUE = {"missing", "extra_forbidden", "trip_length"}
"""pydantic error types whose message needs no ``(got ...)``."""


def _reason(error: dict[str, Any]) -> str:
    """Return pydantic's message with the offending value, unless the message quotes it."""
    message = str(error["msg"]).removeprefix("Value error, ")
    if "(got " in message or error["type"] in _QUOTES_NO_VALUE:
        return message
    value = error.get("input")
    shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
    return f"{message} (got {shown})"
