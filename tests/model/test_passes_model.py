"""Pass model invariants and benefit prices."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from itinera.errors import InvalidInputError
from itinera.model.ids import PlaceId
from itinera.model.passes import (
    BenefitKind,
    PassBenefit,
    PassId,
    PassPrices,
    PassProduct,
    PassValidity,
    ValidityKind,
)

PARIS = ZoneInfo("Europe/Paris")
PRICES = PassPrices(adult_cents=2000, child_cents=1000, child_min_age=6, reduced_cents=1500)
DAYS_2 = PassValidity(kind=ValidityKind.CALENDAR_DAYS, amount=2)


def _benefit(place: str, kind: BenefitKind = BenefitKind.FREE) -> PassBenefit:
    return PassBenefit(place_id=PlaceId(place), kind=kind)


def test_pass_prices_for_age_sells_no_pass_under_min_age() -> None:
    assert PRICES.for_age(5) is None
    assert PRICES.for_age(6) == 1000
    assert PRICES.for_age(18) == 2000
    assert PRICES.for_age(None, is_reduced=True) == 1500


def test_pass_benefit_prices() -> None:
    assert _benefit("a").price_with_pass(800, 650, is_first_use=False) == 0
    percent = PassBenefit(place_id=PlaceId("a"), kind=BenefitKind.PERCENT_OFF, percent_off=10)
    assert percent.price_with_pass(2650, 0, is_first_use=False) == 2385
    assert percent.price_with_pass(5, 0, is_first_use=False) == 5  # discount rounded down
    fixed = PassBenefit(place_id=PlaceId("a"), kind=BenefitKind.FIXED_PRICE, price_cents=300)
    assert fixed.price_with_pass(800, 650, is_first_use=True) == 300
    scheme = _benefit("a", BenefitKind.FIRST_FULL_THEN_REDUCED)
    assert scheme.price_with_pass(800, 650, is_first_use=True) == 800
    assert scheme.price_with_pass(800, 650, is_first_use=False) == 650
    assert scheme.price_with_pass(450, 650, is_first_use=False) == 450


def test_pass_validity_hours_and_calendar_days() -> None:
    first = dt.datetime(2026, 7, 1, 15, tzinfo=PARIS)
    hours = PassValidity(kind=ValidityKind.HOURS, amount=24)
    assert hours.covers(first, first + dt.timedelta(hours=23, minutes=59))
    assert not hours.covers(first, first + dt.timedelta(hours=24))
    assert not hours.covers(first, first - dt.timedelta(minutes=1))
    assert DAYS_2.covers(first, dt.datetime(2026, 7, 2, 23, tzinfo=PARIS))
    assert not DAYS_2.covers(first, dt.datetime(2026, 7, 3, 0, tzinfo=PARIS))
    assert DAYS_2.valid_until(first) == dt.datetime(2026, 7, 3, tzinfo=PARIS)


def test_pass_product_benefit_at() -> None:
    product = PassProduct(
        id=PassId("p"), name="P", prices=PRICES, validity=DAYS_2, benefits=(_benefit("a"),)
    )
    assert product.benefit_at(PlaceId("a")) == _benefit("a")
    assert product.benefit_at(PlaceId("b")) is None
    assert product.place_ids == frozenset({"a"})
    assert not product.is_first_full_scheme


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": BenefitKind.FIXED_PRICE}, "benefits[a].price_cents"),
        ({"kind": BenefitKind.FREE, "price_cents": 100}, "benefits[a].price_cents"),
        ({"kind": BenefitKind.PERCENT_OFF, "percent_off": 0}, "benefits[a].percent_off"),
        ({"kind": BenefitKind.PERCENT_OFF, "percent_off": 101}, "benefits[a].percent_off"),
        ({"kind": BenefitKind.FIXED_PRICE, "price_cents": -1}, "benefits[a].price_cents"),
    ],
)
def test_pass_benefit_raises_when_fields_disagree(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        PassBenefit(place_id=PlaceId("a"), **kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


def test_pass_validity_raises_when_amount_out_of_range() -> None:
    with pytest.raises(InvalidInputError, match=r"validity\.amount"):
        PassValidity(kind=ValidityKind.HOURS, amount=0)
    with pytest.raises(InvalidInputError, match=r"validity\.amount"):
        PassValidity(kind=ValidityKind.CALENDAR_DAYS, amount=400)


def test_pass_prices_raise_when_negative_or_ages_inverted() -> None:
    with pytest.raises(InvalidInputError, match=r"pass\.prices\.adult_cents"):
        PassPrices(adult_cents=-1, child_cents=0, reduced_cents=0)
    with pytest.raises(InvalidInputError, match=r"pass\.prices\.child_max_age"):
        PassPrices(adult_cents=0, child_cents=0, child_min_age=10, child_max_age=5, reduced_cents=0)


@pytest.mark.parametrize(
    ("benefits", "reason"),
    [
        ((), "at least one place"),
        ((_benefit("a"), _benefit("a")), "listed twice"),
        ((_benefit("a"), _benefit("b", BenefitKind.FIRST_FULL_THEN_REDUCED)), "cannot be mixed"),
    ],
)
def test_pass_product_raises_when_benefits_are_invalid(
    benefits: tuple[PassBenefit, ...], reason: str
) -> None:
    with pytest.raises(InvalidInputError, match=reason) as info:
        PassProduct(id=PassId("p"), name="P", prices=PRICES, validity=DAYS_2, benefits=benefits)
    assert info.value.field == "p.benefits"


def test_pass_product_raises_when_transport_described_but_not_included() -> None:
    with pytest.raises(InvalidInputError, match=r"p\.transport"):
        PassProduct(
            id=PassId("p"),
            name="P",
            prices=PRICES,
            validity=DAYS_2,
            benefits=(_benefit("a"),),
            transport="Tisseo",
        )
