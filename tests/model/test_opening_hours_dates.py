"""Opening hours on real dates: seasonal rules, weekly closing days, public closures."""

from __future__ import annotations

import datetime as dt

import pytest

from itinera.errors import InvalidInputError
from itinera.loaders.opening_hours import parse_opening_hours
from itinera.model.opening_hours import AlwaysOpen, DailyInterval, WeeklySchedule

H = 3600

# Seasonal castle hours in the style of the Sites Pays Cathare (closed in January).
CASTLE = (
    "Feb-Mar,Nov-Dec 10:00-17:00; Apr-Jun,Sep-Oct 09:30-19:00; Jul-Aug 09:00-20:30; "
    "Jan off; Dec 25 off"
)
# A museum closed on Mondays, with a lunch closure out of season.
MUSEUM = "Oct-Mar Tu-Su 10:00-12:00,14:00-17:00; Apr-Sep Tu-Su 10:00-18:00"


def test_seasonal_rules_pick_the_months_interval() -> None:
    castle = parse_opening_hours(CASTLE)
    assert castle.intervals_on(dt.date(2027, 7, 14)) == (DailyInterval(9 * H, 20 * H + 1800),)
    assert castle.intervals_on(dt.date(2027, 6, 14)) == (DailyInterval(9 * H + 1800, 19 * H),)
    assert castle.intervals_on(dt.date(2027, 3, 1)) == (DailyInterval(10 * H, 17 * H),)


def test_winter_closure_and_christmas_are_closed() -> None:
    castle = parse_opening_hours(CASTLE)
    assert castle.intervals_on(dt.date(2027, 1, 12)) == ()
    assert castle.intervals_on(dt.date(2026, 12, 25)) == ()
    assert castle.intervals_on(dt.date(2026, 12, 26)) == (DailyInterval(10 * H, 17 * H),)


def test_weekly_closing_day_is_closed() -> None:
    museum = parse_opening_hours(MUSEUM)
    monday = dt.date(2027, 6, 14)
    assert monday.weekday() == 0
    assert museum.intervals_on(monday) == ()
    assert museum.intervals_on(monday + dt.timedelta(days=1)) == (DailyInterval(10 * H, 18 * H),)


def test_split_day_gives_two_intervals() -> None:
    museum = parse_opening_hours(MUSEUM)
    assert museum.intervals_on(dt.date(2027, 1, 12)) == (
        DailyInterval(10 * H, 12 * H),
        DailyInterval(14 * H, 17 * H),
    )


def test_daylight_saving_days_keep_local_hours() -> None:
    castle = parse_opening_hours(CASTLE)
    assert castle.intervals_on(dt.date(2027, 3, 28)) == (DailyInterval(10 * H, 17 * H),)
    assert castle.intervals_on(dt.date(2027, 10, 31)) == (DailyInterval(9 * H + 1800, 19 * H),)


def test_24_7_is_always_open() -> None:
    assert isinstance(parse_opening_hours("24/7"), AlwaysOpen)
    assert parse_opening_hours("24/7").intervals_on(dt.date(2027, 1, 1)) == (
        DailyInterval(0, 24 * H),
    )


def test_parse_opening_hours_raises_when_syntax_is_invalid() -> None:
    with pytest.raises(InvalidInputError, match=r"^opening_hours: not valid opening_hours syntax"):
        parse_opening_hours("Mo-Fr 25:00-26:00 maybe")


def test_weekly_schedule_closed_dates_and_expression() -> None:
    schedule = WeeklySchedule(
        weekly={1: (DailyInterval(10 * H, 18 * H),)},
        closed_dates=frozenset({dt.date(2027, 6, 15)}),
    )
    assert schedule.intervals_on(dt.date(2027, 6, 15)) == ()
    assert schedule.intervals_on(dt.date(2027, 6, 22)) == (DailyInterval(10 * H, 18 * H),)
    reparsed = parse_opening_hours(schedule.expression)
    for offset in range(14):
        day = dt.date(2027, 6, 14) + dt.timedelta(days=offset)
        assert reparsed.intervals_on(day) == schedule.intervals_on(day)


def test_weekly_schedule_raises_when_intervals_overlap() -> None:
    with pytest.raises(InvalidInputError, match="sorted and disjoint"):
        WeeklySchedule(weekly={0: (DailyInterval(10 * H, 14 * H), DailyInterval(12 * H, 16 * H))})
