"""schema.org ``openingHoursSpecification`` objects as one OpenStreetMap ``opening_hours`` rule.

DATAtourisme (and other schema.org producers) give opening hours as a list of
``schema:OpeningHoursSpecification`` objects, each a set of weekdays, an ``opens``/``closes``
pair and an optional ``validFrom``/``validThrough`` date range. itinera evaluates hours as OSM
``opening_hours`` expressions (:mod:`itinera.loaders.opening_hours`), so
:func:`opening_hours_from_specifications` rewrites the specs as one such expression.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Final

from itinera.errors import InvalidInputError
from itinera.loaders._jsonld import as_list, iri, local_name
from itinera.model.opening_hours import SECONDS_PER_DAY

if TYPE_CHECKING:
    from collections.abc import Iterable

_WEEKDAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_OSM_DAYS: Final = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_OSM_MONTHS: Final = "JanFebMarAprMayJunJulAugSepOctNovDec"  # month m at [3 * (m - 1):3 * m]
_TIME_RE: Final = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_ONE_DAY: Final = dt.timedelta(days=1)
_END_OF_DAY_S: Final = 23 * 3600 + 59 * 60  # "23:59" and "23:59:59" mean midnight
_MIN_RUN: Final = 3  # weekdays in a row written as a range ("Tu-Su"), shorter runs as "Sa,Su"


@dataclass(frozen=True, slots=True)
class _Hours:
    """One opening interval of a spec; dates inclusive, ``None`` when the spec has no dates."""

    first: dt.date | None
    last: dt.date | None
    weekdays: frozenset[int]
    start_s: int
    end_s: int


_Weekly = dict[int, tuple[tuple[int, int], ...]]


def opening_hours_from_specifications(specs: Iterable[tuple[str, object]]) -> tuple[str, bool]:
    """Return the ``opening_hours`` expression open exactly when some spec says so.

    Parameters
    ----------
    specs
        Pairs of a field name, quoted in error messages (for example
        ``"isLocatedAt[0].schema:openingHoursSpecification[1]"``), and the
        ``schema:OpeningHoursSpecification`` JSON-LD object it names. They are read in order.

    Returns
    -------
    expression
        One OpenStreetMap ``opening_hours`` expression; empty when the specs open on no date.
    is_estimated
        Whether the hours are a guess: some spec has neither ``schema:opens`` nor
        ``schema:closes`` and is read as open all day, or no spec gives weekday hours at all
        (no spec, or only ``schema:PublicHolidays`` ones).

    Raises
    ------
    InvalidInputError
        If a spec is not a JSON object or has a malformed day, date or time; ``field`` is the
        spec's field name, followed by the property at fault (``<field>.schema:opens``).

    Notes
    -----
    schema.org specs add up, whereas OSM rules separated by ``;`` override each other. The
    dated specs are therefore cut at every ``validFrom``/``validThrough`` into disjoint date
    ranges; in each range every weekday gets the union of the intervals of the specs covering
    it, then adjacent ranges with the same week are merged. Specs without dates hold on every
    date (a leading undated rule, folded into each dated range). Only the date part of
    ``validFrom``/``validThrough`` counts (some producers copy the opening time into it) and
    ``validThrough`` is inclusive. A spec without ``dayOfWeek`` holds every day; a
    ``schema:PublicHolidays`` day is dropped, as there is no holiday calendar here. Opening
    times round up and closing times down to the minute, ``23:59`` meaning midnight; a spec
    closing at or before it opens runs past midnight into the next day.

    Examples
    --------
    >>> days = ["schema:Tuesday", "schema:Wednesday", "schema:Thursday"]
    >>> spec = {"schema:dayOfWeek": days, "schema:opens": "10:00", "schema:closes": "18:00"}
    >>> opening_hours_from_specifications([("spec", spec)])
    ('Tu-Th 10:00-18:00', False)
    """
    hours: list[_Hours] = []
    is_untimed = False
    for field, spec in specs:
        spans, untimed = _spec_hours(spec, field)
        hours.extend(spans)
        is_untimed = is_untimed or untimed
    return _hours_expression(hours), is_untimed or not hours


def _spec_hours(spec: object, field: str) -> tuple[list[_Hours], bool]:
    if not isinstance(spec, Mapping):
        msg = "not a JSON object"
        raise InvalidInputError(field, msg)
    weekdays = _weekdays(spec.get("schema:dayOfWeek"), f"{field}.schema:dayOfWeek")
    first = _date(spec.get("schema:validFrom"), f"{field}.schema:validFrom")
    last = _date(spec.get("schema:validThrough"), f"{field}.schema:validThrough")
    if (first is None) != (last is None):
        msg = "schema:validFrom and schema:validThrough go together"
        raise InvalidInputError(field, msg)
    if first is not None and last is not None and last < first:
        msg = f"{last} is before schema:validFrom {first}"
        raise InvalidInputError(field + ".schema:validThrough", msg)
    opens = _time(spec.get("schema:opens"), f"{field}.schema:opens")
    closes = _time(spec.get("schema:closes"), f"{field}.schema:closes")
    if not weekdays:  # only public holidays: no weekday rule to write
        return [], False
    if opens is None and closes is None:
        return [_Hours(first, last, weekdays, 0, SECONDS_PER_DAY)], True
    if opens is None or closes is None:
        missing = "schema:opens" if opens is None else "schema:closes"
        msg = "missing while the other time is given"
        raise InvalidInputError(field + "." + missing, msg)
    if 0 < closes <= opens:
        # Closes after midnight: the tail belongs to the next day, written as its own interval
        # so that a rule for that day cannot override it (OSM ";" semantics).
        tail = _Hours(
            first + _ONE_DAY if first else None,
            last + _ONE_DAY if last else None,
            frozenset((d + 1) % 7 for d in weekdays),
            0,
            _end_minute(closes),
        )
        head = _Hours(first, last, weekdays, _start_minute(opens), SECONDS_PER_DAY)
    else:
        end = _end_minute(closes or SECONDS_PER_DAY)
        head = tail = _Hours(first, last, weekdays, _start_minute(opens), end)
    return [span for span in {head, tail} if span.start_s < span.end_s], False


def _start_minute(seconds: int) -> int:
    return -(-seconds // 60) * 60


def _end_minute(seconds: int) -> int:
    """Return ``seconds`` down to the minute, "23:59" or later meaning midnight."""
    return SECONDS_PER_DAY if seconds >= _END_OF_DAY_S else seconds // 60 * 60


def _weekdays(value: object, field: str) -> frozenset[int]:
    days = as_list(value)
    if not days:
        return frozenset(range(7))
    indices: set[int] = set()
    for day in days:
        name = local_name(iri(day))
        if name == "PublicHolidays":  # no holiday calendar here: the spec is not used
            continue
        if name not in _WEEKDAYS:
            msg = f"not a schema.org day of week (got {day!r})"
            raise InvalidInputError(field, msg)
        indices.add(_WEEKDAYS.index(name))
    return frozenset(indices)


def _date(value: object, field: str) -> dt.date | None:
    if value is None:
        return None
    try:
        if isinstance(value, str):
            return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    msg = f"not an ISO date (got {value!r})"
    raise InvalidInputError(field, msg)


def _time(value: object, field: str) -> int | None:
    """Return the seconds from midnight of an ``HH:MM[:SS]`` time."""
    if value is None:
        return None
    match = _TIME_RE.fullmatch(value) if isinstance(value, str) else None
    hours, minutes, seconds = (int(g or 0) for g in match.groups()) if match else (99, 0, 0)
    if hours > 24 or minutes > 59 or seconds > 59 or (hours == 24 and minutes + seconds > 0):  # noqa: PLR2004
        msg = f"not a time HH:MM[:SS] (got {value!r})"
        raise InvalidInputError(field, msg)
    return hours * 3600 + minutes * 60 + seconds


def _hours_expression(hours: list[_Hours]) -> str:
    """Return one ``opening_hours`` expression open exactly when some spec says so.

    See the Notes of :func:`opening_hours_from_specifications`.
    """
    undated = [h for h in hours if h.first is None]
    dated = [h for h in hours if h.first is not None]
    rules = _weekly_rules(_weekly(undated, frozenset(range(7))))
    for first, last, weekly in _segments(dated, undated):
        prefix = _osm_date(first) if first == last else f"{_osm_date(first)}-{_osm_date(last)}"
        rules.extend(f"{prefix} {rule}" for rule in _weekly_rules(weekly))
    return "; ".join(rules)


def _segments(dated: list[_Hours], undated: list[_Hours]) -> list[tuple[dt.date, dt.date, _Weekly]]:
    bounds = sorted(
        {h.first for h in dated if h.first} | {h.last + _ONE_DAY for h in dated if h.last}
    )
    segments: list[tuple[dt.date, dt.date, _Weekly]] = []
    for start, stop in pairwise(bounds):
        last = stop - _ONE_DAY
        covering = [h for h in dated if h.first and h.last and h.first <= start and last <= h.last]
        if not covering:
            continue
        weekly = _weekly(covering + undated, _weekdays_between(start, last))
        if segments and _can_extend(segments[-1], start, last, weekly):
            first, _, previous = segments[-1]
            segments[-1] = (first, last, previous | weekly)
        elif weekly:
            segments.append((start, last, weekly))
    return segments


def _can_extend(
    segment: tuple[dt.date, dt.date, _Weekly], start: dt.date, last: dt.date, weekly: _Weekly
) -> bool:
    """Return whether the range ``start..last`` continues ``segment`` with the same week.

    Each week map only holds weekdays that occur in its own range, so the two agree when
    they agree on the weekdays both ranges contain.
    """
    first, previous_last, previous = segment
    if previous_last + _ONE_DAY != start:
        return False
    common = _weekdays_between(first, previous_last) & _weekdays_between(start, last)
    return all(previous.get(day) == weekly.get(day) for day in common)


def _weekdays_between(first: dt.date, last: dt.date) -> frozenset[int]:
    count = min((last - first).days + 1, 7)
    return frozenset((first.weekday() + k) % 7 for k in range(count))


def _weekly(hours: list[_Hours], weekdays: frozenset[int]) -> _Weekly:
    spans: dict[int, list[tuple[int, int]]] = {}
    for span in hours:
        for day in span.weekdays & weekdays:
            spans.setdefault(day, []).append((span.start_s, span.end_s))
    return {day: _union(intervals) for day, intervals in sorted(spans.items())}


def _union(intervals: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _weekly_rules(weekly: _Weekly) -> list[str]:
    groups: dict[tuple[tuple[int, int], ...], list[int]] = {}
    for day in sorted(weekly):
        groups.setdefault(weekly[day], []).append(day)
    return [
        f"{_osm_days(days)} {','.join(f'{_hhmm(a)}-{_hhmm(b)}' for a, b in intervals)}"
        for intervals, days in sorted(groups.items(), key=lambda item: item[1][0])
    ]


def _osm_days(days: list[int]) -> str:
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= _MIN_RUN:
            parts.append(f"{_OSM_DAYS[run[0]]}-{_OSM_DAYS[run[-1]]}")
        else:
            parts.extend(_OSM_DAYS[day] for day in run)
    return ",".join(parts)


def _osm_date(day: dt.date) -> str:
    month = _OSM_MONTHS[3 * (day.month - 1) : 3 * day.month]
    return f"{day.year} {month} {day.day:02d}"


def _hhmm(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"
