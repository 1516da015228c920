"""What :func:`~itinera.checker.feasibility.check_itinerary` reports: one broken rule each.

The kinds are listed, family by family, in :mod:`itinera.checker.feasibility`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ViolationKind(StrEnum):
    """The rule families an itinerary can break (see the module docstring)."""

    CLOSED = "closed"
    TOO_SHORT = "too-short"
    NOT_VISITABLE = "not-visitable"
    REPEATED = "repeated"
    MUST_SEE_MISSING = "must-see-missing"
    LEG = "leg"
    WALK_LIMIT = "walk-limit"
    TRANSFER = "transfer"
    TRIP = "trip"
    TIMETABLE = "timetable"
    SEQUENCE = "sequence"
    DAY_LIMITS = "day-limits"
    LUNCH = "lunch"
    DAYS = "days"
    COST = "cost"
    BUDGET = "budget"


@dataclass(frozen=True, slots=True, kw_only=True)
class Violation:
    """One broken rule: its kind, the 0-based day and place concerned, and a readable sentence."""

    kind: ViolationKind
    day: int | None
    place_id: str | None
    message: str

    def __str__(self) -> str:
        where = "trip" if self.day is None else f"day {self.day + 1}"
        return f"[{self.kind.value}] {where}: {self.message}"
