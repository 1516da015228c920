"""OpenStreetMap ``opening_hours`` expressions, evaluated with the opening-hours-py library."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import opening_hours as oh_lib

from itinera.errors import InvalidInputError
from itinera.model.opening_hours import SECONDS_PER_DAY, AlwaysOpen, DailyInterval, OpeningSchedule

_ALWAYS = frozenset({"24/7", "Mo-Su 00:00-24:00"})


@dataclass(frozen=True, slots=True)
class OsmOpeningHours:
    """An ``opening_hours`` expression (local time); open intervals are cached per date."""

    expression: str
    _parsed: oh_lib.OpeningHours = field(repr=False, compare=False)

    def intervals_on(self, day: dt.date) -> tuple[DailyInterval, ...]:
        """Return the open intervals on ``day`` ("unknown" state counts as closed)."""
        return _intervals_on(self._parsed, day)


def parse_opening_hours(expression: str, *, field_name: str = "opening_hours") -> OpeningSchedule:
    """Return the schedule an OpenStreetMap ``opening_hours`` expression describes.

    Raises
    ------
    InvalidInputError
        If the expression does not parse; the message quotes it.
    """
    text = expression.strip()
    if text in _ALWAYS:
        return AlwaysOpen()
    try:
        parsed = oh_lib.OpeningHours(text)
    except (oh_lib.ParserError, ValueError) as exc:  # type: ignore[attr-defined]  # stub lacks it
        detail = str(exc).strip().splitlines()[-1].lstrip("= ").strip()
        msg = f"not valid opening_hours syntax {text!r} ({detail})"
        raise InvalidInputError(field_name, msg) from None
    return OsmOpeningHours(text, parsed)


@lru_cache(maxsize=65_536)
def _intervals_on(parsed: oh_lib.OpeningHours, day: dt.date) -> tuple[DailyInterval, ...]:
    start = dt.datetime.combine(day, dt.time())
    end = start + dt.timedelta(days=1)
    spans: list[DailyInterval] = []
    for begin, finish, state, _comment in parsed.intervals(start, end):
        if state != oh_lib.State.OPEN:
            continue
        start_s = int((max(begin, start) - start).total_seconds())
        end_s = int((min(finish, end) - start).total_seconds())
        if spans and spans[-1].end_s == start_s:
            spans[-1] = DailyInterval(spans[-1].start_s, end_s)
        elif end_s > start_s:
            spans.append(DailyInterval(start_s, min(end_s, SECONDS_PER_DAY)))
    return tuple(spans)
