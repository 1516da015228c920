"""Inter-site passes: what a pass costs, how long it lasts and what it gives at each site.

A :class:`PassProduct` is bought per traveller. Its price depends on the traveller's category
(:class:`PassPrices`), it is valid for a number of calendar days or hours from its first use
(:class:`PassValidity`) and it gives one :class:`PassBenefit` at each covered place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, NewType

from itinera.errors import InvalidInputError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from itinera.model.ids import PlaceId

PassId = NewType("PassId", str)

PERCENT = 100
MAX_VALIDITY_DAYS = 366
MAX_VALIDITY_HOURS = 24 * MAX_VALIDITY_DAYS


class BenefitKind(StrEnum):
    """What a pass gives at one covered place."""

    FREE = "free"
    FIXED_PRICE = "fixed-price"
    PERCENT_OFF = "percent-off"
    FIRST_FULL_THEN_REDUCED = "first-full-then-reduced"
    """The Sites Pays Cathare scheme: the entry that issues the pass is paid at the counter price,
    every later entry at a covered site is at the site's reduced rate."""


class ValidityKind(StrEnum):
    """How a pass's validity is counted from its first use."""

    CALENDAR_DAYS = "calendar-days"
    HOURS = "hours"


@dataclass(frozen=True, slots=True, kw_only=True)
class PassBenefit:
    """The benefit of a pass at one place.

    ``price_cents`` is set for :attr:`BenefitKind.FIXED_PRICE` only, ``percent_off`` (1-100) for
    :attr:`BenefitKind.PERCENT_OFF` only.
    """

    place_id: PlaceId
    kind: BenefitKind
    price_cents: int | None = None
    percent_off: int | None = None

    def __post_init__(self) -> None:
        where = f"benefits[{self.place_id}]"
        if not self.place_id:
            raise InvalidInputError("benefits.place_id", "must not be empty")
        if (self.kind is BenefitKind.FIXED_PRICE) != (self.price_cents is not None):
            msg = f"price_cents is required for, and only for, fixed-price (kind {self.kind})"
            raise InvalidInputError(where + ".price_cents", msg)
        if (self.kind is BenefitKind.PERCENT_OFF) != (self.percent_off is not None):
            msg = f"percent_off is required for, and only for, percent-off (kind {self.kind})"
            raise InvalidInputError(where + ".percent_off", msg)
        if self.price_cents is not None and self.price_cents < 0:
            msg = f"must be >= 0 (got {self.price_cents})"
            raise InvalidInputError(where + ".price_cents", msg)
        if self.percent_off is not None and not 1 <= self.percent_off <= PERCENT:
            msg = f"must be between 1 and 100 (got {self.percent_off})"
            raise InvalidInputError(where + ".percent_off", msg)

    def price_with_pass(self, counter_cents: int, reduced_cents: int, *, is_first_use: bool) -> int:
        """Return what a pass holder pays for an entry whose counter price is ``counter_cents``.

        Parameters
        ----------
        counter_cents
            What this traveller pays at the counter without a pass.
        reduced_cents
            The place's reduced rate (used by :attr:`BenefitKind.FIRST_FULL_THEN_REDUCED`).
        is_first_use
            Whether this entry is the pass's first use (the full-price entry of the scheme).

        Notes
        -----
        A percentage is taken off the counter price and the discount is rounded down (the visitor
        never gets more than the stated percentage). A pass never makes an entry dearer than the
        counter: the holder may always pay at the counter instead, which the pricing engine does.
        """
        if self.kind is BenefitKind.FREE:
            return 0
        if self.kind is BenefitKind.FIXED_PRICE:
            assert self.price_cents is not None  # noqa: S101 - checked in __post_init__
            return self.price_cents
        if self.kind is BenefitKind.PERCENT_OFF:
            assert self.percent_off is not None  # noqa: S101 - checked in __post_init__
            return counter_cents - counter_cents * self.percent_off // PERCENT
        return counter_cents if is_first_use else min(counter_cents, reduced_cents)


@dataclass(frozen=True, slots=True, kw_only=True)
class PassValidity:
    """How long a pass lasts from its first use.

    ``CALENDAR_DAYS`` n: the day of first use and the n-1 following days (1 = that day only).
    ``HOURS`` n: from the first use until n hours later (a 24 h pass bought at 15:00 still opens
    a museum at 10:00 the next morning).
    """

    kind: ValidityKind
    amount: int

    def __post_init__(self) -> None:
        limit = MAX_VALIDITY_DAYS if self.kind is ValidityKind.CALENDAR_DAYS else MAX_VALIDITY_HOURS
        if not 1 <= self.amount <= limit:
            msg = f"must be between 1 and {limit} {self.kind} (got {self.amount})"
            raise InvalidInputError("validity.amount", msg)

    def covers(self, first_use: dt.datetime, when: dt.datetime) -> bool:
        """Return whether a pass first used at ``first_use`` is still valid at ``when``."""
        if when < first_use:
            return False
        if self.kind is ValidityKind.HOURS:
            return when < first_use + dt.timedelta(hours=self.amount)
        return (when.date() - first_use.date()).days < self.amount

    def valid_until(self, first_use: dt.datetime) -> dt.datetime:
        """Return the first instant the pass is no longer valid (exclusive end)."""
        if self.kind is ValidityKind.HOURS:
            return first_use + dt.timedelta(hours=self.amount)
        end_day = first_use.date() + dt.timedelta(days=self.amount)
        return dt.datetime.combine(end_day, dt.time(), tzinfo=first_use.tzinfo)


@dataclass(frozen=True, slots=True, kw_only=True)
class PassPrices:
    """Pass prices in euro cents per traveller category.

    Travellers younger than ``child_min_age`` need no pass: it is not sold to them (the covered
    sites are free for them or they pay the counter price). Those aged ``child_min_age`` to
    ``child_max_age`` pay ``child_cents``; older reduced-rate travellers (and wheelchair users)
    pay ``reduced_cents``, other adults ``adult_cents``.
    """

    adult_cents: int
    child_cents: int
    child_min_age: int = 0
    child_max_age: int = 17
    reduced_cents: int

    def __post_init__(self) -> None:
        for name in ("adult_cents", "child_cents", "reduced_cents", "child_min_age"):
            value = getattr(self, name)
            if value < 0:
                msg = f"must be >= 0 (got {value})"
                where = f"pass.prices.{name}"
                raise InvalidInputError(where, msg)
        if self.child_max_age < self.child_min_age:
            msg = f"must be >= child_min_age {self.child_min_age} (got {self.child_max_age})"
            raise InvalidInputError("pass.prices.child_max_age", msg)

    def for_age(self, age: int | None, *, is_reduced: bool = False) -> int | None:
        """Return the pass price for one traveller, or None if they need no pass."""
        if age is not None and age < self.child_min_age:
            return None
        if age is not None and age <= self.child_max_age:
            return self.child_cents
        return self.reduced_cents if is_reduced else self.adult_cents


@dataclass(frozen=True, slots=True, kw_only=True)
class PassProduct:
    """A pass a traveller can buy.

    Parameters
    ----------
    id
        Stable id, e.g. ``"pass-sites-pays-cathare"``.
    benefits
        One benefit per covered place. A pass with a
        :attr:`BenefitKind.FIRST_FULL_THEN_REDUCED` benefit must use it at every place: the
        full-price entry that issues the card is a property of the whole network.
    is_one_entry_per_site
        Whether the pass opens each site once only.
    includes_transport
        Whether local public transport is included (descriptive: transport fares are not priced
        yet), with ``transport`` saying which network.
    conditions
        Sale conditions as published (where it is sold, what proof is needed).
    source
        Where each family of facts comes from (``prices``, ``benefits``, ``validity``, ...).
    estimated
        Names of the fields whose values are estimates.
    """

    id: PassId
    name: str
    prices: PassPrices
    validity: PassValidity
    benefits: tuple[PassBenefit, ...]
    is_one_entry_per_site: bool = True
    includes_transport: bool = False
    transport: str = ""
    conditions: str = ""
    source: Mapping[str, str] = field(default_factory=dict)
    estimated: frozenset[str] = frozenset()
    _by_place: Mapping[PlaceId, PassBenefit] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            raise InvalidInputError("pass.id", "must not be empty")
        if not self.name:
            raise InvalidInputError(self.id + ".name", "must not be empty")
        if not self.benefits:
            msg = "a pass must cover at least one place"
            raise InvalidInputError(self.id + ".benefits", msg)
        by_place: dict[PlaceId, PassBenefit] = {}
        for benefit in self.benefits:
            if benefit.place_id in by_place:
                msg = f"place {benefit.place_id!r} is listed twice"
                raise InvalidInputError(self.id + ".benefits", msg)
            by_place[benefit.place_id] = benefit
        kinds = {b.kind for b in self.benefits}
        if BenefitKind.FIRST_FULL_THEN_REDUCED in kinds and len(kinds) > 1:
            msg = "first-full-then-reduced cannot be mixed with other benefits in one pass"
            raise InvalidInputError(self.id + ".benefits", msg)
        if self.transport and not self.includes_transport:
            msg = "transport is described but includes_transport is false"
            raise InvalidInputError(self.id + ".transport", msg)
        object.__setattr__(self, "_by_place", by_place)

    @property
    def is_first_full_scheme(self) -> bool:
        """Return whether the pass works by a first full-price entry, then reduced entries."""
        return self.benefits[0].kind is BenefitKind.FIRST_FULL_THEN_REDUCED

    @property
    def place_ids(self) -> frozenset[PlaceId]:
        """Return the covered places."""
        return frozenset(self._by_place)

    def benefit_at(self, place_id: PlaceId) -> PassBenefit | None:
        """Return the benefit at ``place_id``, or None if the pass does not cover it."""
        return self._by_place.get(place_id)
