"""Opening schedules: when a place (or a transport service) is open on a given date.

The core only depends on the :class:`OpeningSchedule` protocol. The OpenStreetMap
``opening_hours`` syntax is evaluated by a library at the loader edge
(:mod:`itinera.loaders.opening_hours`); :class:`WeeklySchedule` is a small pure implementation
used by tests and by sources that give plain weekly hours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, Protocol

from itinera.errors import InvalidInputError

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

SECONDS_PER_DAY = 86_400


class DailyInterval(NamedTuple):
    """An opening interval on one date, in seconds from local midnight (``end`` may be 86 400)."""

    start_s: int
    end_s: int


class OpeningSchedule(Protocol):
    """Anything that can say when it is open on a given local date."""

    @property
    def expression(self) -> str:
        """Return the schedule in OpenStreetMap ``opening_hours`` syntax (or a description)."""
        ...

    def intervals_on(self, day: dt.date) -> tuple[DailyInterval, ...]:
        """Return the sorted, disjoint open intervals on ``day`` (local time)."""
        ...


def validate_intervals(intervals: tuple[DailyInterval, ...], *, field_name: str) -> None:
    """Raise :class:`InvalidInputError` unless ``intervals`` are sorted, disjoint and in a day."""
    previous_end = -1
    for start_s, end_s in intervals:
        if not 0 <= start_s < end_s <= SECONDS_PER_DAY:
            msg = f"interval {start_s}-{end_s} s is not inside one day"
            raise InvalidInputError(field_name, msg)
        if start_s < previous_end:
            msg = "intervals must be sorted and disjoint"
            raise InvalidInputError(field_name, msg)
        previous_end = end_s


@dataclass(frozen=True, slots=True, kw_only=True)
class WeeklySchedule:
    """The same opening intervals every week, with dated exceptions.

    Parameters
    ----------
    weekly
        Intervals per ISO weekday index (0 = Monday); a missing weekday is closed.
    closed_dates
        Dates on which the place is closed whatever the weekday.
    """

    weekly: Mapping[int, tuple[DailyInterval, ...]]
    closed_dates: frozenset[dt.date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for weekday, intervals in self.weekly.items():
            if not 0 <= weekday <= 6:  # noqa: PLR2004 - ISO weekdays
                msg = f"weekday must be 0..6 (got {weekday})"
                raise InvalidInputError("weekly", msg)
            validate_intervals(intervals, field_name=f"weekly[{weekday}]")

    @property
    def expression(self) -> str:
        """Return the schedule in OpenStreetMap ``opening_hours`` syntax."""
        names = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
        rules = []
        for weekday in sorted(self.weekly):
            spans = ",".join(
                f"{_hhmm(start_s)}-{_hhmm(end_s)}" for start_s, end_s in self.weekly[weekday]
            )
            if spans:
                rules.append(f"{names[weekday]} {spans}")
        rules.extend(f"{d:%Y %b %d} off" for d in sorted(self.closed_dates))
        return "; ".join(rules) if rules else "off"

    def intervals_on(self, day: dt.date) -> tuple[DailyInterval, ...]:
        """Return the open intervals on ``day``."""
        if day in self.closed_dates:
            return ()
        return self.weekly.get(day.weekday(), ())


ALWAYS_OPEN_INTERVALS = (DailyInterval(0, SECONDS_PER_DAY),)


@dataclass(frozen=True, slots=True)
class AlwaysOpen:
    """A place that is open at all times (streets, squares, towpaths)."""

    @property
    def expression(self) -> str:
        """Return ``24/7``."""
        return "24/7"

    def intervals_on(self, day: dt.date) -> tuple[DailyInterval, ...]:  # noqa: ARG002 - protocol
        """Return the whole day."""
        return ALWAYS_OPEN_INTERVALS


def _hhmm(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"
