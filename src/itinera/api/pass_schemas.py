"""Passes and recommended tickets in the API: pydantic ``*Out`` models.

``PassOut`` answers ``GET /v1/passes``. ``TicketsOut`` describes the ``tickets`` member of an
itinerary document, written by :func:`itinera.loaders.tickets_json.tickets_to_json` (this module
only describes it, with ``extra="forbid"`` so that the writer and the contract cannot drift).
Money is integer euro cents.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from itinera.model.destination import Destination
from itinera.model.passes import BenefitKind, PassProduct, ValidityKind
from itinera.model.tickets import PricingMethod
from itinera.solver.pass_first import PassObjective

_MODEL = ConfigDict(extra="forbid", frozen=True)

_DATETIME = Field(
    description="ISO 8601 local time with UTC offset.",
    examples=["2027-06-14T10:00:00+02:00"],
    json_schema_extra={"format": "date-time"},
)

# --- GET /v1/passes ------------------------------------------------------------------------------


class PassPricesOut(BaseModel):
    """What the pass costs each traveller, by category."""

    model_config = _MODEL

    adult_cents: int = Field(description="Adult price, euro cents.", examples=[200])
    child_cents: int = Field(description="Child price, euro cents.", examples=[200])
    child_min_age: int = Field(
        description="Younger travellers are not sold the pass (they need none).", examples=[0]
    )
    child_max_age: int = Field(description="Oldest age at the child price.", examples=[17])
    reduced_cents: int = Field(
        description="Price for reduced-rate adults and wheelchair users, euro cents.",
        examples=[200],
    )


class PassValidityOut(BaseModel):
    """How long the pass lasts from its first use."""

    model_config = _MODEL

    kind: ValidityKind = Field(
        description="`calendar-days`: the day of first use and the following days; `hours`: "
        "hours from the first use.",
        examples=["hours"],
    )
    amount: int = Field(description="Number of days or hours.", examples=[24])


class PassBenefitOut(BaseModel):
    """What the pass gives at one covered place."""

    model_config = _MODEL

    place_id: str = Field(description="Covered place.", examples=["chateaux-de-lastours"])
    name: str = Field(description="Place name.", examples=["Châteaux de Lastours"])
    kind: BenefitKind = Field(
        description="`free`, `fixed-price`, `percent-off`, or `first-full-then-reduced` (the "
        "entry that issues the pass is paid in full, later entries at the reduced rate).",
        examples=["first-full-then-reduced"],
    )
    price_cents: int | None = Field(
        description="The fixed price, for `fixed-price` only.", examples=[None]
    )
    percent_off: int | None = Field(
        description="The percentage off, for `percent-off` only.", examples=[None]
    )


class PassOut(BaseModel):
    """A pass on sale at the destination, with its sources."""

    model_config = _MODEL

    id: str = Field(description="Pass id, for the request field `pass`.", examples=["pass-x"])
    name: str = Field(description="Name as sold.", examples=["Pass Tourisme Toulouse 24 h"])
    prices: PassPricesOut = Field(description="Price per traveller category.")
    validity: PassValidityOut = Field(description="Validity from the first use.")
    benefits: list[PassBenefitOut] = Field(description="Covered places and the benefit at each.")
    one_entry_per_site: bool = Field(description="Each site opens once only.", examples=[True])
    includes_transport: bool = Field(
        description="Local public transport is included.", examples=[True]
    )
    transport: str = Field(
        description="Which transport, if included.", examples=["Tisseo metro, tram and bus"]
    )
    conditions: str = Field(description="Sale conditions as published.", examples=["Nominative."])
    source: dict[str, str] = Field(
        description="Where each family of facts comes from.",
        examples=[{"prices": "tourist office, 2026"}],
    )
    estimated: list[str] = Field(
        description="Fields whose values are estimates.", examples=[["prices"]]
    )

    @classmethod
    def from_domain(cls, product: PassProduct, destination: Destination) -> PassOut:
        """Return the description of ``product``."""
        prices = product.prices
        return cls(
            id=product.id,
            name=product.name,
            prices=PassPricesOut(
                adult_cents=prices.adult_cents,
                child_cents=prices.child_cents,
                child_min_age=prices.child_min_age,
                child_max_age=prices.child_max_age,
                reduced_cents=prices.reduced_cents,
            ),
            validity=PassValidityOut(kind=product.validity.kind, amount=product.validity.amount),
            benefits=[
                PassBenefitOut(
                    place_id=b.place_id,
                    name=_name(destination, b.place_id),
                    kind=b.kind,
                    price_cents=b.price_cents,
                    percent_off=b.percent_off,
                )
                for b in product.benefits
            ],
            one_entry_per_site=product.is_one_entry_per_site,
            includes_transport=product.includes_transport,
            transport=product.transport,
            conditions=product.conditions,
            source=dict(product.source),
            estimated=sorted(product.estimated),
        )

    @classmethod
    def list_from_domain(cls, destination: Destination) -> list[PassOut]:
        """Return the destination's passes, in file order."""
        return [cls.from_domain(p, destination) for p in destination.passes]


def _name(destination: Destination, place_id: str) -> str:
    place = destination.places.get(place_id)  # type: ignore[call-overload]
    return place.name if place is not None else place_id


# --- the tickets of an itinerary -----------------------------------------------------------------


class PassPurchaseOut(BaseModel):
    """A pass to buy for one traveller."""

    model_config = _MODEL

    pass_id: str = Field(description="Pass id.", examples=["pass-sites-pays-cathare"])
    name: str = Field(description="Pass name.", examples=["Pass Sites Pays Cathare"])
    price_cents: int = Field(description="Its price for this traveller, cents.", examples=[200])
    first_use: Annotated[str, _DATETIME]
    valid_until: Annotated[str, _DATETIME]


class TicketLineOut(BaseModel):
    """What one traveller pays for one visit."""

    model_config = _MODEL

    visit_index: int = Field(description="Index of the visit in trip order.", examples=[0])
    place_id: str = Field(description="Place visited.", examples=["chateaux-de-lastours"])
    name: str = Field(description="Place name.", examples=["Châteaux de Lastours"])
    start: Annotated[str, _DATETIME]
    counter_cents: int = Field(description="Counter price, cents.", examples=[700])
    paid_cents: int = Field(description="Price paid, cents.", examples=[600])
    saving_cents: int = Field(description="counter_cents - paid_cents.", examples=[100])
    pass_id: str | None = Field(
        description="The pass used, or null at the counter.", examples=["pass-sites-pays-cathare"]
    )
    benefit: BenefitKind | None = Field(
        description="The benefit that set the price, or null.", examples=["first-full-then-reduced"]
    )
    note: str = Field(description="E.g. where the pass is issued.", examples=[""])


class TravellerTicketsOut(BaseModel):
    """The passes and entries of one traveller."""

    model_config = _MODEL

    traveller_index: int = Field(description="Index in the party.", examples=[0])
    label: str = Field(description="Human label.", examples=["adult 1", "child aged 8"])
    age: int | None = Field(description="Age, or null for an adult.", examples=[None])
    reduced_rate: bool = Field(description="Entitled to the reduced rate.", examples=[False])
    wheelchair: bool = Field(description="Uses a wheelchair.", examples=[False])
    method: PricingMethod = Field(
        description="How the optimum was proved: `counter` (no pass can save), `exhaustive`, "
        "`cp-sat`.",
        examples=["exhaustive"],
    )
    counter_cents: int = Field(description="Every entry at the counter, cents.", examples=[2500])
    passes_cents: int = Field(description="Passes bought, cents.", examples=[200])
    entries_cents: int = Field(description="Entries paid, cents.", examples=[2100])
    total_cents: int = Field(description="passes_cents + entries_cents.", examples=[2300])
    saving_cents: int = Field(description="counter_cents - total_cents.", examples=[200])
    passes: list[PassPurchaseOut] = Field(description="Passes to buy, by first use.")
    lines: list[TicketLineOut] = Field(description="One line per visit, in trip order.")


class PassFirstOut(BaseModel):
    """How a pass-first itinerary was planned, and what the party pays using the pass."""

    model_config = _MODEL

    pass_id: str = Field(description="The pass planned with.", examples=["pass-sites-pays-cathare"])
    name: str = Field(description="Its name.", examples=["Pass Sites Pays Cathare"])
    objective: PassObjective = Field(description="`interest` or `value`.", examples=["interest"])
    window_start: Annotated[str, _DATETIME]
    window_end: Annotated[str, _DATETIME]
    window_dates: list[str] = Field(
        description="Trip dates inside the validity window.", examples=[["2027-06-14"]]
    )
    interest: float = Field(description="Interest of the itinerary.", examples=[41.5])
    paid_cents: int = Field(
        description="What the party pays with this pass on sale (passes and entries), cents.",
        examples=[6100],
    )
    interest_per_eur: float = Field(
        description="interest / max(paid in euros, 1).", examples=[0.68]
    )


class TicketsOut(BaseModel):
    """The recommended tickets: the provably cheapest way for the party to pay the entries."""

    model_config = _MODEL

    passes_considered: list[str] = Field(
        description="Ids of the passes on sale that were considered.",
        examples=[["pass-sites-pays-cathare", "pass-tourisme-toulouse-24h"]],
    )
    counter_cents: int = Field(description="Party total at counter prices.", examples=[8800])
    total_cents: int = Field(
        description="Party total with the recommended passes.", examples=[8400]
    )
    saving_cents: int = Field(description="counter_cents - total_cents.", examples=[400])
    travellers: list[TravellerTicketsOut] = Field(description="Per traveller, in party order.")
    pass_first: PassFirstOut | None = Field(
        description="Set when the request named a `pass` (pass-first planning).", examples=[None]
    )
