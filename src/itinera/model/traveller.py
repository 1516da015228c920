"""Travellers and traveller profiles: who travels, at which pace and daily rhythm."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from itinera.errors import InvalidInputError
from itinera.model.place import Place, Prices, Wheelchair

HOUR_S = 3600
MAX_CHILD_AGE = 17


class ProfileKind(StrEnum):
    """The traveller profiles the planner knows."""

    SOLO = "solo"
    COUPLE = "couple"
    FAMILY = "family"
    SENIORS = "seniors"
    REDUCED_MOBILITY = "reduced-mobility"


@dataclass(frozen=True, slots=True, kw_only=True)
class Traveller:
    """One member of the party; ``age`` None means an adult of unstated age."""

    age: int | None = None
    is_reduced_rate: bool = False
    uses_wheelchair: bool = False

    def __post_init__(self) -> None:
        if self.age is not None and not 0 <= self.age <= 120:  # noqa: PLR2004 - human ages
            msg = f"must be between 0 and 120 (got {self.age})"
            raise InvalidInputError("traveller.age", msg)

    @property
    def is_child(self) -> bool:
        """Return whether the traveller is under 18."""
        return self.age is not None and self.age <= MAX_CHILD_AGE


@dataclass(frozen=True, slots=True, kw_only=True)
class TravellerProfile:
    """A party and the rhythm it travels at.

    Times are seconds from local midnight. ``day_end_s`` is when the party wants to be at its
    overnight stop (or its departure gateway on the last day). Lunch is a break of ``lunch_s``
    starting between ``lunch_earliest_s`` and ``lunch_latest_s``.
    """

    kind: ProfileKind
    party: tuple[Traveller, ...]
    day_start_s: int = 9 * HOUR_S
    day_end_s: int = 19 * HOUR_S
    lunch_earliest_s: int = 12 * HOUR_S
    lunch_latest_s: int = 13 * HOUR_S + 1800
    lunch_s: int = HOUR_S
    walk_speed_mps: float = 1.25
    max_walk_m: int = 3000
    pace: float = 1.0
    """Multiplier on typical visit durations (1.2 = takes 20 % longer)."""

    def __post_init__(self) -> None:
        if not self.party:
            msg = "the party needs at least one traveller"
            raise InvalidInputError("profile.party", msg)
        if not 0 <= self.day_start_s < self.day_end_s <= 24 * HOUR_S:
            msg = f"day must start before it ends (got {self.day_start_s}-{self.day_end_s} s)"
            raise InvalidInputError("profile.day_start", msg)
        if not self.day_start_s <= self.lunch_earliest_s <= self.lunch_latest_s < self.day_end_s:
            msg = "lunch window must lie inside the day"
            raise InvalidInputError("profile.lunch", msg)
        if self.lunch_s <= 0:
            msg = f"lunch must last > 0 s (got {self.lunch_s})"
            raise InvalidInputError("profile.lunch", msg)
        if self.walk_speed_mps <= 0 or self.max_walk_m < 0 or self.pace <= 0:
            msg = "walking speed, walking limit and pace must be positive"
            raise InvalidInputError("profile", msg)

    @property
    def needs_step_free_access(self) -> bool:
        """Return whether someone in the party uses a wheelchair."""
        return any(t.uses_wheelchair for t in self.party)

    @property
    def children_ages(self) -> tuple[int, ...]:
        """Return the ages of the children in the party."""
        return tuple(t.age for t in self.party if t.is_child and t.age is not None)

    def fits(self, place: Place) -> bool:
        """Return whether the party can visit ``place`` (wheelchair access only, for now)."""
        return not (self.needs_step_free_access and place.wheelchair is Wheelchair.NO)

    def visit_duration_s(self, place: Place) -> int:
        """Return how long this party spends at ``place``."""
        return round(place.visit_s * self.pace)

    def entry_price_cents(self, prices: Prices) -> int:
        """Return what the whole party pays to enter a place."""
        return sum(t_price for _, t_price in self.entry_prices(prices))

    def entry_prices(self, prices: Prices) -> tuple[tuple[Traveller, int], ...]:
        """Return each traveller with the price they pay."""
        return tuple(
            (t, prices.for_age(t.age, is_reduced=t.is_reduced_rate or t.uses_wheelchair))
            for t in self.party
        )


ADULT = Traveller()


def profile_from_spec(spec: str) -> TravellerProfile:
    """Return the profile named by a CLI-style spec.

    Parameters
    ----------
    spec
        ``solo``, ``couple``, ``seniors``, ``reduced-mobility``, or ``family:AGE,AGE,...`` (the
        children's ages; the family has two adults).

    Raises
    ------
    InvalidInputError
        If the spec names no known profile or a child's age is not an integer 0-17.

    Examples
    --------
    >>> profile_from_spec("family:5,10").children_ages
    (5, 10)
    """
    name, _, args = spec.strip().partition(":")
    try:
        kind = ProfileKind(name)
    except ValueError:
        known = ", ".join(k.value for k in ProfileKind)
        msg = f"unknown profile {name!r} (known: {known})"
        raise InvalidInputError("profile", msg) from None
    if kind is ProfileKind.FAMILY:
        return family_profile(_parse_ages(args))
    if args:
        msg = f"profile {kind.value!r} takes no arguments (got {args!r})"
        raise InvalidInputError("profile", msg)
    return preset_profile(kind)


def preset_profile(kind: ProfileKind) -> TravellerProfile:
    """Return the default profile of ``kind`` (a family gets no children: use family_profile)."""
    if kind is ProfileKind.FAMILY:
        return family_profile(())
    presets = {
        ProfileKind.SOLO: TravellerProfile(kind=kind, party=(ADULT,), max_walk_m=4000),
        ProfileKind.COUPLE: TravellerProfile(kind=kind, party=(ADULT, ADULT), max_walk_m=4000),
        ProfileKind.SENIORS: TravellerProfile(
            kind=kind,
            party=(Traveller(age=70), Traveller(age=70)),
            day_start_s=9 * HOUR_S + 1800,
            day_end_s=18 * HOUR_S + 1800,
            lunch_s=HOUR_S + 1800,
            walk_speed_mps=1.0,
            max_walk_m=2000,
            pace=1.2,
        ),
        ProfileKind.REDUCED_MOBILITY: TravellerProfile(
            kind=kind,
            party=(Traveller(uses_wheelchair=True), ADULT),
            day_start_s=10 * HOUR_S,
            day_end_s=18 * HOUR_S + 1800,
            walk_speed_mps=0.8,
            max_walk_m=1000,
            pace=1.3,
        ),
    }
    return presets[kind]


def family_profile(children_ages: tuple[int, ...]) -> TravellerProfile:
    """Return a family of two adults and children of the given ages.

    Young children shorten walks and the day; visits take a little longer.
    """
    youngest = min(children_ages, default=MAX_CHILD_AGE)
    base = TravellerProfile(
        kind=ProfileKind.FAMILY,
        party=(ADULT, ADULT, *(Traveller(age=a) for a in children_ages)),
        day_start_s=9 * HOUR_S + 1800,
        day_end_s=18 * HOUR_S + 1800,
        lunch_earliest_s=12 * HOUR_S,
        lunch_latest_s=13 * HOUR_S,
        lunch_s=HOUR_S + 900,
        walk_speed_mps=1.1,
        max_walk_m=2500,
        pace=1.1,
    )
    if youngest < 7:  # noqa: PLR2004 - small children walk little
        return replace(base, walk_speed_mps=0.9, max_walk_m=1500)
    return base


def _parse_ages(args: str) -> tuple[int, ...]:
    ages = []
    for raw in filter(None, (a.strip() for a in args.split(","))):
        if not raw.isdigit() or int(raw) > MAX_CHILD_AGE:
            msg = f"children's ages must be integers from 0 to {MAX_CHILD_AGE} (got {raw!r})"
            raise InvalidInputError("profile", msg)
        ages.append(int(raw))
    return tuple(ages)
