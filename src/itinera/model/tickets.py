"""Ticket plans: how a party pays the entries of an itinerary, with or without passes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from itinera.errors import InvalidInputError

if TYPE_CHECKING:
    import datetime as dt

    from itinera.model.ids import PlaceId
    from itinera.model.passes import BenefitKind, PassId
    from itinera.model.place import Prices
    from itinera.model.traveller import Traveller


class PricingMethod(StrEnum):
    """How the optimum of a traveller's tickets was proved."""

    COUNTER = "counter"
    """No pass could save anything: paying every entry at the counter is optimal."""
    EXHAUSTIVE = "exhaustive"
    CP_SAT = "cp-sat"


@dataclass(frozen=True, slots=True, kw_only=True)
class PricedVisit:
    """One paid entry of an itinerary: the place, its prices and when the party enters.

    ``start`` is an aware datetime.
    """

    place_id: PlaceId
    prices: Prices
    start: dt.datetime
    name: str = ""

    def __post_init__(self) -> None:
        if self.start.tzinfo is None:
            msg = f"must be timezone-aware (got {self.start.isoformat()})"
            where = f"visits[{self.place_id}].start"
            raise InvalidInputError(where, msg)


@dataclass(frozen=True, slots=True, kw_only=True)
class PassPurchase:
    """A pass bought by one traveller, first used at ``first_use``, valid until ``valid_until``."""

    traveller_index: int
    pass_id: PassId
    pass_name: str
    price_cents: int
    first_use: dt.datetime
    valid_until: dt.datetime

    @property
    def first_use_date(self) -> dt.date:
        """Return the local date of first use (the day the pass must be bought by)."""
        return self.first_use.date()


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketLine:
    """What one traveller pays for one visit, and the benefit that set the price.

    ``benefit`` and ``pass_id`` are None when the entry is paid at the counter.
    """

    traveller_index: int
    visit_index: int
    place_id: PlaceId
    counter_cents: int
    paid_cents: int
    pass_id: PassId | None = None
    benefit: BenefitKind | None = None
    note: str = ""

    @property
    def saving_cents(self) -> int:
        """Return the counter price minus the price paid (the pass itself is not counted)."""
        return self.counter_cents - self.paid_cents


@dataclass(frozen=True, slots=True, kw_only=True)
class TravellerTickets:
    """The passes and entries of one traveller."""

    traveller_index: int
    traveller: Traveller
    purchases: tuple[PassPurchase, ...]
    lines: tuple[TicketLine, ...]
    method: PricingMethod

    @property
    def counter_cents(self) -> int:
        """Return what the traveller would pay with every entry at the counter."""
        return sum(line.counter_cents for line in self.lines)

    @property
    def passes_cents(self) -> int:
        """Return what the traveller pays for passes."""
        return sum(p.price_cents for p in self.purchases)

    @property
    def entries_cents(self) -> int:
        """Return what the traveller pays for entries."""
        return sum(line.paid_cents for line in self.lines)

    @property
    def total_cents(self) -> int:
        """Return passes plus entries."""
        return self.passes_cents + self.entries_cents

    @property
    def saving_cents(self) -> int:
        """Return the counter total minus the total (never negative for an optimal plan)."""
        return self.counter_cents - self.total_cents


@dataclass(frozen=True, slots=True, kw_only=True)
class TicketPlan:
    """The cheapest way for a party to pay the entries of an itinerary.

    ``travellers`` is in party order; every visit has one line per traveller.
    """

    visits: tuple[PricedVisit, ...]
    travellers: tuple[TravellerTickets, ...]

    @property
    def purchases(self) -> tuple[PassPurchase, ...]:
        """Return every pass bought, traveller by traveller."""
        return tuple(p for t in self.travellers for p in t.purchases)

    @property
    def lines(self) -> tuple[TicketLine, ...]:
        """Return every ticket line, traveller by traveller."""
        return tuple(line for t in self.travellers for line in t.lines)

    @property
    def counter_cents(self) -> int:
        """Return what the party would pay with every entry at the counter."""
        return sum(t.counter_cents for t in self.travellers)

    @property
    def total_cents(self) -> int:
        """Return what the party pays, passes included."""
        return sum(t.total_cents for t in self.travellers)

    @property
    def saving_cents(self) -> int:
        """Return the saving of the plan versus paying every entry at the counter."""
        return self.counter_cents - self.total_cents

    def summary(self) -> str:
        """Return a short human summary (one line per pass bought, then the totals)."""
        rows = [
            f"traveller {p.traveller_index + 1}: {p.pass_name} {p.price_cents / 100:.2f} EUR, "
            f"first use {p.first_use_date.isoformat()}"
            for p in self.purchases
        ]
        rows.append(
            f"total {self.total_cents / 100:.2f} EUR (counter {self.counter_cents / 100:.2f} EUR,"
            f" saving {self.saving_cents / 100:.2f} EUR)"
        )
        return "\n".join(rows)
