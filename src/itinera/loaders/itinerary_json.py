"""The itinerary JSON format ``itinera/itinerary@1``: what ``plan`` writes and ``check`` reads.

A document holds the request (so that an itinerary can be judged on its own), the costs and
score, and the days with their lunch and steps. Times are ISO 8601 with the UTC offset of the
destination's time zone; money is integer cents; profile times are local ``HH:MM``.
:func:`itinerary_from_json` is strict: every field is required (``null`` where allowed),
unknown fields are refused, and every error names its JSON path, e.g.
``days[1].steps[3].depart: not an ISO 8601 datetime with UTC offset (got '2027-06-14 10:05')``.
Derived fields (``name``, ``total_cents``, ``walk_m``) are written for readers; on reading,
``name`` is ignored and the totals must agree with what they are derived from.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from itinera.errors import InvalidInputError
from itinera.model.ids import PlaceId
from itinera.model.itinerary import CostLine, DayPlan, Itinerary, Leg, Lunch, Visit
from itinera.model.link import Mode
from itinera.model.place import Theme
from itinera.model.traveller import ProfileKind, Traveller, TravellerProfile
from itinera.model.trip_request import TripRequest

if TYPE_CHECKING:
    from collections.abc import Callable
    from zoneinfo import ZoneInfo

    from itinera.model.destination import Destination
    from itinera.model.itinerary import Step

FORMAT = "itinera/itinerary@1"
"""The value of the document's ``format`` field."""

MINUTE_S = 60

E = TypeVar("E", bound=StrEnum)
M = TypeVar("M")

_MODEL_TO_JSON = {"budget": "budget_cents", "excluded": "exclude"}
"""Model field names (as :class:`InvalidInputError` reports them) that the JSON spells otherwise."""

_KEYS = {
    schema: tuple(keys.split())
    for schema, keys in {
        "document": "format destination request score total_cost_cents costs days",
        "request": "from to start days themes budget_cents must_see exclude profile",
        "profile": "kind party day_start day_end lunch_earliest lunch_latest lunch_min "
        "walk_speed_mps max_walk_m pace",
        "traveller": "age reduced_rate wheelchair",
        "cost": "place_id category count unit_cents total_cents",
        "day": "date overnight walk_m lunch steps",
        "lunch": "place_id start end",
        "visit": "kind place_id name start end",
        "leg": "kind mode from to depart arrive line trip_id distance_m estimated",
    }.items()
}
"""The fields of each JSON object, in the order they are written; all are required."""

_OPTIONAL_KEYS = {
    "document": ("tickets",),
    "day": ("distance_m", "co2_g", "car_free_share"),
    "leg": ("duration_s", "co2_g"),
}
"""Fields a JSON object may also hold. ``tickets`` is the recommended tickets
(:mod:`itinera.loaders.tickets_json`), derived from the itinerary and the passes, ignored on
reading. The mobility figures are always written but optional on reading, so that files saved
before they existed still load: a leg's ``co2_g`` (grams of CO2e for the whole party,
:mod:`itinera.model.emissions`) is read (0 when absent); the derived ``duration_s`` of a leg
and ``distance_m``, ``co2_g`` and ``car_free_share`` (share of the distance not by car, 0 to 1)
of a day must agree with the steps when present."""


# --- writing -----------------------------------------------------------------------------------


def itinerary_to_json(itinerary: Itinerary, destination: Destination) -> dict[str, Any]:
    """Return ``itinerary`` as an ``itinera/itinerary@1`` document (JSON-serializable).

    Parameters
    ----------
    itinerary
        The itinerary to write.
    destination
        Gives the document's ``destination`` name, the places' names and the time zone of
        the written times.
    """
    tz = destination.timezone
    return {
        "format": FORMAT,
        "destination": destination.name,
        "request": _request_to_json(itinerary.request),
        "score": itinerary.score,
        "total_cost_cents": itinerary.total_cost_cents,
        "costs": [
            {
                "place_id": line.place_id,
                "category": line.category,
                "count": line.count,
                "unit_cents": line.unit_cents,
                "total_cents": line.total_cents,
            }
            for line in itinerary.costs
        ],
        "days": [_day_to_json(day, destination, tz) for day in itinerary.days],
    }


def _request_to_json(request: TripRequest) -> dict[str, Any]:
    profile = request.profile
    return {
        "from": request.origin,
        "to": request.destination,
        "start": request.start_date.isoformat(),
        "days": request.days,
        "themes": sorted(request.themes),
        "budget_cents": request.budget_cents,
        "must_see": sorted(request.must_see),
        "exclude": sorted(request.excluded),
        "profile": {
            "kind": profile.kind.value,
            "party": [
                {"age": t.age, "reduced_rate": t.is_reduced_rate, "wheelchair": t.uses_wheelchair}
                for t in profile.party
            ],
            "day_start": _clock(profile.day_start_s),
            "day_end": _clock(profile.day_end_s),
            "lunch_earliest": _clock(profile.lunch_earliest_s),
            "lunch_latest": _clock(profile.lunch_latest_s),
            "lunch_min": _minutes(profile.lunch_s),
            "walk_speed_mps": profile.walk_speed_mps,
            "max_walk_m": profile.max_walk_m,
            "pace": profile.pace,
        },
    }


def _day_to_json(day: DayPlan, destination: Destination, tz: ZoneInfo) -> dict[str, Any]:
    lunch = day.lunch
    return {
        "date": day.date.isoformat(),
        "overnight": day.overnight,
        "walk_m": day.walk_m,
        "distance_m": day.distance_m,
        "co2_g": day.co2_g,
        "car_free_share": round(day.car_free_share, 4),
        "lunch": None
        if lunch is None
        else {
            "place_id": lunch.place_id,
            "start": _timestamp(lunch.start, tz),
            "end": _timestamp(lunch.end, tz),
        },
        "steps": [_step_to_json(step, destination, tz) for step in day.steps],
    }


def _step_to_json(step: Step, destination: Destination, tz: ZoneInfo) -> dict[str, Any]:
    if isinstance(step, Visit):
        place = destination.places.get(step.place_id)
        return {
            "kind": "visit",
            "place_id": step.place_id,
            "name": place.name if place is not None else step.place_id,
            "start": _timestamp(step.start, tz),
            "end": _timestamp(step.end, tz),
        }
    return {
        "kind": "leg",
        "mode": step.mode.value,
        "from": step.from_id,
        "to": step.to_id,
        "depart": _timestamp(step.depart, tz),
        "arrive": _timestamp(step.arrive, tz),
        "line": step.line,
        "trip_id": step.trip_id,
        "distance_m": step.distance_m,
        "duration_s": step.duration_s,
        "co2_g": step.co2_g,
        "estimated": step.is_estimated,
    }


def _timestamp(moment: dt.datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).isoformat()


def _clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}" if secs else f"{hours:02d}:{minutes:02d}"


def _minutes(seconds: int) -> int | float:
    return seconds // MINUTE_S if seconds % MINUTE_S == 0 else seconds / MINUTE_S


# --- reading -----------------------------------------------------------------------------------


def itinerary_from_json(document: Any, destination: Destination) -> Itinerary:  # noqa: ANN401
    """Return the itinerary an ``itinera/itinerary@1`` document describes.

    Parameters
    ----------
    document
        The parsed JSON document (``json.load`` output).
    destination
        The destination the itinerary is for; gives the time zone the times are read in.

    Raises
    ------
    InvalidInputError
        If the document is not a valid ``itinera/itinerary@1`` document for ``destination``;
        ``field`` is the JSON path of the first offending value, e.g. ``days[1].steps[3].depart``.

    Notes
    -----
    Place ids are not checked against the destination: an unknown place is a fault of the
    itinerary, which :func:`~itinera.checker.feasibility.check_itinerary` reports.
    """
    root = _object(document, "", "document")
    if root["format"] != FORMAT:
        msg = f"must be {FORMAT!r} (got {root['format']!r})"
        raise InvalidInputError("format", msg)
    if root["destination"] != destination.name:
        msg = f"itinerary is for {root['destination']!r}, not {destination.name!r}"
        raise InvalidInputError("destination", msg)
    tz = destination.timezone
    request = _request_from_json(root["request"], "request")
    score = _number(root, "score", "")
    total = _integer(root, "total_cost_cents", "")
    costs = tuple(
        _cost_from_json(raw, f"costs[{i}]") for i, raw in enumerate(_array(root, "costs", ""))
    )
    days = tuple(
        _day_from_json(raw, f"days[{i}]", tz) for i, raw in enumerate(_array(root, "days", ""))
    )
    return Itinerary(request=request, days=days, costs=costs, total_cost_cents=total, score=score)


def _request_from_json(raw: Any, path: str) -> TripRequest:  # noqa: ANN401
    obj = _object(raw, path, "request")
    profile = _profile_from_json(obj["profile"], f"{path}.profile")
    budget = obj["budget_cents"]
    return _build(
        path,
        TripRequest,
        origin=PlaceId(_string(obj, "from", path)),
        destination=PlaceId(_string(obj, "to", path)),
        start_date=_date(obj, "start", path),
        days=_integer(obj, "days", path),
        profile=profile,
        themes=frozenset(_enums(obj, "themes", path, Theme)),
        budget_cents=None if budget is None else _integer(obj, "budget_cents", path),
        must_see=frozenset(PlaceId(p) for p in _strings(obj, "must_see", path)),
        excluded=frozenset(PlaceId(p) for p in _strings(obj, "exclude", path)),
    )


def _profile_from_json(raw: Any, path: str) -> TravellerProfile:  # noqa: ANN401
    obj = _object(raw, path, "profile")
    party = tuple(
        _traveller_from_json(t, f"{path}.party[{i}]")
        for i, t in enumerate(_array(obj, "party", path))
    )
    lunch_s = round(_number(obj, "lunch_min", path) * MINUTE_S)
    return _build(
        path.removesuffix(".profile"),
        TravellerProfile,
        kind=_enum(obj, "kind", path, ProfileKind),
        party=party,
        day_start_s=_time_of_day(obj, "day_start", path),
        day_end_s=_time_of_day(obj, "day_end", path),
        lunch_earliest_s=_time_of_day(obj, "lunch_earliest", path),
        lunch_latest_s=_time_of_day(obj, "lunch_latest", path),
        lunch_s=lunch_s,
        walk_speed_mps=_number(obj, "walk_speed_mps", path),
        max_walk_m=_integer(obj, "max_walk_m", path),
        pace=_number(obj, "pace", path),
    )


def _traveller_from_json(raw: Any, path: str) -> Traveller:  # noqa: ANN401
    obj = _object(raw, path, "traveller")
    age = None if obj["age"] is None else _integer(obj, "age", path)
    try:
        return Traveller(
            age=age,
            is_reduced_rate=_boolean(obj, "reduced_rate", path),
            uses_wheelchair=_boolean(obj, "wheelchair", path),
        )
    except InvalidInputError as exc:
        raise InvalidInputError(_join(path, "age"), exc.reason) from None


def _cost_from_json(raw: Any, path: str) -> CostLine:  # noqa: ANN401
    obj = _object(raw, path, "cost")
    line = CostLine(
        place_id=PlaceId(_string(obj, "place_id", path)),
        category=_string(obj, "category", path),
        count=_integer(obj, "count", path),
        unit_cents=_integer(obj, "unit_cents", path),
    )
    if _integer(obj, "total_cents", path) != line.total_cents:
        msg = f"must be count x unit_cents = {line.total_cents} (got {obj['total_cents']})"
        raise InvalidInputError(_join(path, "total_cents"), msg)
    return line


def _day_from_json(raw: Any, path: str, tz: ZoneInfo) -> DayPlan:  # noqa: ANN401
    obj = _object(raw, path, "day")
    overnight = obj["overnight"]
    lunch = obj["lunch"]
    day = DayPlan(
        date=_date(obj, "date", path),
        steps=tuple(
            _step_from_json(s, f"{path}.steps[{i}]", tz)
            for i, s in enumerate(_array(obj, "steps", path))
        ),
        overnight=None if overnight is None else PlaceId(_string(obj, "overnight", path)),
        lunch=None if lunch is None else _lunch_from_json(lunch, f"{path}.lunch", tz),
    )
    if _integer(obj, "walk_m", path) != day.walk_m:
        msg = f"must be the day's walking distance {day.walk_m} (got {obj['walk_m']})"
        raise InvalidInputError(_join(path, "walk_m"), msg)
    for key, derived in (("distance_m", day.distance_m), ("co2_g", day.co2_g)):
        if key in obj and _integer(obj, key, path) != derived:
            msg = f"must be the sum over the day's legs, {derived} (got {obj[key]})"
            raise InvalidInputError(_join(path, key), msg)
    if "car_free_share" in obj:
        share = _number(obj, "car_free_share", path)
        if abs(share - day.car_free_share) > 1e-4:  # noqa: PLR2004 - written to 4 decimals
            msg = f"must be the day's car-free share {day.car_free_share:.4f} (got {share})"
            raise InvalidInputError(_join(path, "car_free_share"), msg)
    return day


def _lunch_from_json(raw: Any, path: str, tz: ZoneInfo) -> Lunch:  # noqa: ANN401
    obj = _object(raw, path, "lunch")
    return Lunch(
        place_id=PlaceId(_string(obj, "place_id", path)),
        start=_datetime(obj, "start", path, tz),
        end=_datetime(obj, "end", path, tz),
    )


def _step_from_json(raw: Any, path: str, tz: ZoneInfo) -> Step:  # noqa: ANN401
    kind = raw.get("kind") if isinstance(raw, dict) else None
    if kind not in {"visit", "leg"}:
        if not isinstance(raw, dict):
            msg = f"must be an object (got {_json_type(raw)})"
            raise InvalidInputError(path, msg)
        msg = f"must be 'visit' or 'leg' (got {kind!r})"
        raise InvalidInputError(_join(path, "kind"), msg)
    obj = _object(raw, path, kind)
    if kind == "visit":
        if not isinstance(obj["name"], str):
            msg = f"must be a string (got {_json_type(obj['name'])})"
            raise InvalidInputError(_join(path, "name"), msg)
        return Visit(
            place_id=PlaceId(_string(obj, "place_id", path)),
            start=_datetime(obj, "start", path, tz),
            end=_datetime(obj, "end", path, tz),
        )
    line, trip_id = obj["line"], obj["trip_id"]
    leg = Leg(
        mode=_enum(obj, "mode", path, Mode),
        from_id=PlaceId(_string(obj, "from", path)),
        to_id=PlaceId(_string(obj, "to", path)),
        depart=_datetime(obj, "depart", path, tz),
        arrive=_datetime(obj, "arrive", path, tz),
        distance_m=_integer(obj, "distance_m", path),
        line=None if line is None else _string(obj, "line", path),
        trip_id=None if trip_id is None else _string(obj, "trip_id", path),
        is_estimated=_boolean(obj, "estimated", path),
        co2_g=_integer(obj, "co2_g", path) if "co2_g" in obj else 0,
    )
    if "duration_s" in obj and _integer(obj, "duration_s", path) != leg.duration_s:
        msg = f"must be arrive - depart, {leg.duration_s} s (got {obj['duration_s']})"
        raise InvalidInputError(_join(path, "duration_s"), msg)
    return leg


# --- JSON value readers: each names the JSON path of what it rejects ---------------------------


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _item(path: str, index: int) -> str:
    return f"{path}[{index}]"


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"the number {value!r}"
    return names.get(type(value), type(value).__name__)


def _object(value: Any, path: str, schema: str) -> dict[str, Any]:  # noqa: ANN401
    """Return ``value`` as an object with exactly the keys of ``schema``."""
    if not isinstance(value, dict):
        msg = f"must be an object (got {_json_type(value)})"
        raise InvalidInputError(path or "document", msg)
    keys = _KEYS[schema]
    if missing := [k for k in keys if k not in value]:
        raise InvalidInputError(_join(path, missing[0]), "is required")
    optional = _OPTIONAL_KEYS.get(schema, ())
    if unknown := sorted(str(k) for k in value if k not in keys and k not in optional):
        msg = f"unknown field (expected one of {', '.join(keys)})"
        raise InvalidInputError(_join(path, unknown[0]), msg)
    return value


def _string(obj: dict[str, Any], key: str, path: str) -> str:
    value = obj[key]
    if not isinstance(value, str) or not value:
        msg = f"must be a non-empty string (got {_json_type(value)})"
        raise InvalidInputError(_join(path, key), msg)
    return value


def _integer(obj: dict[str, Any], key: str, path: str) -> int:
    value = obj[key]
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"must be an integer (got {_json_type(value)})"
        raise InvalidInputError(_join(path, key), msg)
    return value


def _number(obj: dict[str, Any], key: str, path: str) -> float:
    value = obj[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"must be a number (got {_json_type(value)})"
        raise InvalidInputError(_join(path, key), msg)
    return float(value)


def _boolean(obj: dict[str, Any], key: str, path: str) -> bool:
    value = obj[key]
    if not isinstance(value, bool):
        msg = f"must be true or false (got {_json_type(value)})"
        raise InvalidInputError(_join(path, key), msg)
    return value


def _array(obj: dict[str, Any], key: str, path: str) -> list[Any]:
    value = obj[key]
    if not isinstance(value, list):
        msg = f"must be an array (got {_json_type(value)})"
        raise InvalidInputError(_join(path, key), msg)
    return value


def _strings(obj: dict[str, Any], key: str, path: str) -> list[str]:
    values = _array(obj, key, path)
    for i, value in enumerate(values):
        if not isinstance(value, str) or not value:
            msg = f"must be a non-empty string (got {_json_type(value)})"
            raise InvalidInputError(_item(_join(path, key), i), msg)
    return values


def _enum(obj: dict[str, Any], key: str, path: str, enum: type[E]) -> E:
    return _enum_value(obj[key], _join(path, key), enum)


def _enums(obj: dict[str, Any], key: str, path: str, enum: type[E]) -> list[E]:
    return [
        _enum_value(v, f"{_join(path, key)}[{i}]", enum)
        for i, v in enumerate(_array(obj, key, path))
    ]


def _enum_value(value: object, field: str, enum: type[E]) -> E:
    try:
        return enum(value)  # type: ignore[arg-type]  # non-strings are refused below
    except ValueError:
        known = ", ".join(e.value for e in enum)
        msg = f"unknown value {value!r} (known: {known})"
        raise InvalidInputError(field, msg) from None


def _date(obj: dict[str, Any], key: str, path: str) -> dt.date:
    value = obj[key]
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        msg = f"not an ISO 8601 date YYYY-MM-DD (got {value!r})"
        raise InvalidInputError(_join(path, key), msg) from None


def _datetime(obj: dict[str, Any], key: str, path: str, tz: ZoneInfo) -> dt.datetime:
    value = obj[key]
    try:
        moment = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        moment = None
    if moment is None or moment.tzinfo is None or "T" not in value:
        msg = f"not an ISO 8601 datetime with UTC offset (got {value!r})"
        raise InvalidInputError(_join(path, key), msg)
    return moment.astimezone(tz)


def _time_of_day(obj: dict[str, Any], key: str, path: str) -> int:
    value = obj[key]
    parts = value.split(":") if isinstance(value, str) else []
    if len(parts) in {2, 3} and all(len(p) == 2 and p.isdigit() for p in parts):  # noqa: PLR2004
        hours, minutes, seconds = (int(p) for p in [*parts, "00"][:3])
        total = hours * 3600 + minutes * 60 + seconds
        if minutes < 60 and seconds < 60 and total <= 86_400:  # noqa: PLR2004 - clock
            return total
    msg = f"not a local time HH:MM (got {value!r})"
    raise InvalidInputError(_join(path, key), msg)


def _build(path: str, factory: Callable[..., M], **fields: Any) -> M:  # noqa: ANN401
    """Return ``factory(**fields)``; a model error is re-raised with its JSON path."""
    try:
        return factory(**fields)
    except InvalidInputError as exc:
        field = _MODEL_TO_JSON.get(exc.field, exc.field)
        raise InvalidInputError(_join(path, field), exc.reason) from None
