"""Exact ticket pricing: hand cases and a brute-force property test."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
from itinera.model.place import Prices
from itinera.model.tickets import PricedVisit, PricingMethod
from itinera.model.traveller import Traveller, family_profile
from itinera.solver import pricing
from itinera.solver.pricing import cheapest_tickets

if TYPE_CHECKING:
    from collections.abc import Sequence

    from itinera.model.destination import Destination

PARIS = ZoneInfo("Europe/Paris")
ADULT = Traveller()
FLAT = Prices(
    adult_cents=1000, child_cents=1000, child_min_age=0, child_max_age=17, reduced_cents=1000
)


def _at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 7, day, hour, tzinfo=PARIS)


def _visit(place: str, start: dt.datetime, prices: Prices = FLAT) -> PricedVisit:
    return PricedVisit(place_id=PlaceId(place), prices=prices, start=start)


def _pass(
    pass_id: str,
    places: Sequence[str],
    *,
    price: int = 500,
    kind: BenefitKind = BenefitKind.FREE,
    validity: PassValidity | None = None,
    child_min_age: int = 0,
    is_one_entry_per_site: bool = True,
) -> PassProduct:
    extra = {"percent_off": 50} if kind is BenefitKind.PERCENT_OFF else {}
    if kind is BenefitKind.FIXED_PRICE:
        extra = {"price_cents": 300}
    return PassProduct(
        id=PassId(pass_id),
        name=pass_id,
        prices=PassPrices(
            adult_cents=price, child_cents=price, child_min_age=child_min_age, reduced_cents=price
        ),
        validity=validity or PassValidity(kind=ValidityKind.CALENDAR_DAYS, amount=30),
        benefits=tuple(PassBenefit(place_id=PlaceId(p), kind=kind, **extra) for p in places),
        is_one_entry_per_site=is_one_entry_per_site,
    )


def _dates(visits: Sequence[PricedVisit]) -> list[dt.date]:
    return [v.start.date() for v in visits]


# --- hand cases on the real data --------------------------------------------------------------

CASTLES = ("chateau-de-queribus", "chateau-de-peyrepertuse", "chateau-de-puilaurens")


def _castle_visits(destination: Destination, count: int) -> list[PricedVisit]:
    return [
        _visit(c, _at(1 + i, 10), destination.places[PlaceId(c)].prices)
        for i, c in enumerate(CASTLES[:count])
    ]


@pytest.mark.parametrize("count", [1, 2])
def test_cheapest_tickets_buys_no_pays_cathare_card_for_one_or_two_castles(
    default_destination: Destination, count: int
) -> None:
    visits = _castle_visits(default_destination, count)
    party = family_profile((8, 10)).party
    plan = cheapest_tickets(visits, party, default_destination.passes, dates=_dates(visits))
    assert plan.purchases == ()
    assert plan.total_cents == plan.counter_cents
    assert plan.saving_cents == 0


def test_cheapest_tickets_pays_cathare_card_pays_off_from_third_castle_for_a_family(
    default_destination: Destination,
) -> None:
    visits = _castle_visits(default_destination, 3)
    party = family_profile((8, 10)).party
    plan = cheapest_tickets(visits, party, default_destination.passes, dates=_dates(visits))
    assert [(p.traveller_index, p.pass_id) for p in plan.purchases] == [
        (0, "pass-sites-pays-cathare"),
        (1, "pass-sites-pays-cathare"),
    ]
    assert {p.first_use_date for p in plan.purchases} == {dt.date(2026, 7, 1)}
    adult = plan.travellers[0]
    assert [line.paid_cents for line in adult.lines] == [800, 650, 500]
    assert adult.lines[0].note == "full-price entry: the pass is issued here"
    assert adult.lines[1].benefit is BenefitKind.FIRST_FULL_THEN_REDUCED
    # (800 + 800 + 600) - (200 + 800 + 650 + 500) = 50 per adult; children pay child rates.
    assert plan.saving_cents == 100
    assert plan.total_cents == plan.counter_cents - 100
    assert sum(line.saving_cents for line in plan.lines) - 400 == plan.saving_cents


# --- hand cases on synthetic passes ----------------------------------------------------------


def test_cheapest_tickets_sells_no_pass_to_children_under_its_min_age() -> None:
    visits = [_visit("a", _at(1, 10)), _visit("b", _at(1, 14))]
    party = (ADULT, Traveller(age=4))
    passes = [_pass("p", ["a", "b"], price=500, child_min_age=6)]
    plan = cheapest_tickets(visits, party, passes, dates=_dates(visits))
    assert [p.traveller_index for p in plan.purchases] == [0]
    assert plan.travellers[1].total_cents == 2000
    assert plan.travellers[0].total_cents == 500


def test_cheapest_tickets_buys_two_day_passes_in_sequence() -> None:
    visits = [
        _visit("a", _at(1, 10)),
        _visit("b", _at(1, 16)),
        _visit("c", _at(2, 9)),
        _visit("d", _at(2, 17)),
    ]
    hours_24 = PassValidity(kind=ValidityKind.HOURS, amount=24)
    plan = cheapest_tickets(
        visits, (ADULT,), [_pass("p", "abcd", validity=hours_24)], dates=_dates(visits)
    )
    # One 24 h pass cannot span 10:00 on day 1 to 17:00 on day 2: two passes, every entry free.
    first, second = plan.purchases
    assert first.first_use == _at(1, 10)
    assert second.first_use >= first.valid_until or second.first_use.day == 2
    assert [line.paid_cents for line in plan.lines] == [0, 0, 0, 0]
    assert plan.total_cents == 1000


def test_cheapest_tickets_respects_calendar_day_validity() -> None:
    visits = [_visit("a", _at(1, 10)), _visit("b", _at(1, 16)), _visit("c", _at(2, 9))]
    one_day = PassValidity(kind=ValidityKind.CALENDAR_DAYS, amount=1)
    plan = cheapest_tickets(
        visits, (ADULT,), [_pass("p", "abc", price=1500, validity=one_day)], dates=_dates(visits)
    )
    assert [p.first_use for p in plan.purchases] == [_at(1, 10)]
    assert plan.purchases[0].valid_until == dt.datetime(2026, 7, 2, tzinfo=PARIS)
    assert [line.paid_cents for line in plan.lines] == [0, 0, 1000]
    assert plan.total_cents == 2500


def test_cheapest_tickets_pays_a_second_entry_at_the_counter_with_one_entry_per_site() -> None:
    visits = [_visit("a", _at(1, 10)), _visit("a", _at(1, 15)), _visit("b", _at(1, 17))]
    passes = [_pass("p", "ab", price=1200)]
    plan = cheapest_tickets(visits, (ADULT,), passes, dates=_dates(visits))
    assert plan.travellers[0].method is PricingMethod.CP_SAT
    assert sorted(line.paid_cents for line in plan.lines[:2]) == [0, 1000]
    assert plan.total_cents == 2200  # a second pass (1200) would cost more than the counter
    unlimited = [_pass("p", "ab", price=1200, is_one_entry_per_site=False)]
    assert cheapest_tickets(visits, (ADULT,), unlimited, dates=_dates(visits)).total_cents == 1200


@pytest.mark.parametrize(
    ("kind", "paid"), [(BenefitKind.PERCENT_OFF, 500), (BenefitKind.FIXED_PRICE, 300)]
)
def test_cheapest_tickets_applies_percent_and_fixed_benefits(kind: BenefitKind, paid: int) -> None:
    visits = [_visit("a", _at(1, 10)), _visit("b", _at(1, 15))]
    plan = cheapest_tickets(
        visits, (ADULT,), [_pass("p", "ab", price=100, kind=kind)], dates=_dates(visits)
    )
    assert [line.paid_cents for line in plan.lines] == [paid, paid]
    assert {line.benefit for line in plan.lines} == {kind}


def test_cheapest_tickets_raises_when_a_visit_is_not_on_a_trip_date() -> None:
    visits = [_visit("a", _at(1, 10))]
    with pytest.raises(InvalidInputError, match=r"visits\[0\]\.start"):
        cheapest_tickets(visits, (ADULT,), [], dates=[dt.date(2026, 7, 2)])


def test_cheapest_tickets_raises_when_the_party_is_empty() -> None:
    with pytest.raises(InvalidInputError, match="party"):
        cheapest_tickets([], (), [], dates=[])


# --- property: equal to an independent brute force --------------------------------------------


def _brute_force_traveller(
    visits: Sequence[PricedVisit], traveller: Traveller, passes: Sequence[PassProduct]
) -> int:
    """Enumerate every way to pay: each visit at the counter or with one of the passes bought.

    Purchases are labelled per pass in order of first use (restricted growth), so each set of
    purchases is enumerated once; a purchase's first visit is its first use.
    """
    is_reduced = traveller.is_reduced_rate or traveller.uses_wheelchair
    timed = sorted(visits, key=lambda v: v.start)
    counter = [v.prices.for_age(traveller.age, is_reduced=is_reduced) for v in timed]
    pass_price = [p.prices.for_age(traveller.age, is_reduced=is_reduced) for p in passes]
    best = sum(counter)

    def walk(j: int, cost: int, bought: list[tuple[int, dt.datetime, frozenset[str]]]) -> None:
        nonlocal best
        if j == len(timed):
            best = min(best, cost)
            return
        visit = timed[j]
        walk(j + 1, cost + counter[j], bought)
        for g, (p, first, used) in enumerate(bought):
            product = passes[p]
            benefit = product.benefit_at(visit.place_id)
            if benefit is None or not product.validity.covers(first, visit.start):
                continue
            if product.is_one_entry_per_site and visit.place_id in used:
                continue
            paid = benefit.price_with_pass(
                counter[j], visit.prices.reduced_cents, is_first_use=False
            )
            again = [*bought[:g], (p, first, used | {visit.place_id}), *bought[g + 1 :]]
            walk(j + 1, cost + paid, again)
        for p, product in enumerate(passes):
            benefit = product.benefit_at(visit.place_id)
            price = pass_price[p]
            if benefit is None or price is None:
                continue
            paid = min(
                counter[j],
                benefit.price_with_pass(counter[j], visit.prices.reduced_cents, is_first_use=True),
            )
            walk(
                j + 1, cost + price + paid, [*bought, (p, visit.start, frozenset([visit.place_id]))]
            )

    walk(0, 0, [])
    return best


SITES = tuple(f"s{i}" for i in range(8))


@st.composite
def _prices(draw: st.DrawFn) -> Prices:
    adult = draw(st.integers(0, 12)) * 100
    low = draw(st.integers(0, 17))
    return Prices(
        adult_cents=adult,
        child_cents=draw(st.integers(0, 8)) * 100,
        child_min_age=low,
        child_max_age=draw(st.integers(low, 17)),
        reduced_cents=draw(st.integers(0, 12)) * 100,
    )


@st.composite
def _product(draw: st.DrawFn, index: int) -> PassProduct:
    places = draw(st.lists(st.sampled_from(SITES), min_size=1, max_size=8, unique=True))
    first_full = draw(st.booleans())
    benefits = []
    for place in places:
        kind = (
            BenefitKind.FIRST_FULL_THEN_REDUCED
            if first_full
            else draw(
                st.sampled_from(
                    [BenefitKind.FREE, BenefitKind.FIXED_PRICE, BenefitKind.PERCENT_OFF]
                )
            )
        )
        benefits.append(
            PassBenefit(
                place_id=PlaceId(place),
                kind=kind,
                price_cents=draw(st.integers(0, 8)) * 100
                if kind is BenefitKind.FIXED_PRICE
                else None,
                percent_off=draw(st.integers(1, 100)) if kind is BenefitKind.PERCENT_OFF else None,
            )
        )
    is_hours = draw(st.booleans())
    low = draw(st.integers(0, 12))
    return PassProduct(
        id=PassId(f"p{index}"),
        name=f"p{index}",
        prices=PassPrices(
            adult_cents=draw(st.integers(0, 30)) * 100,
            child_cents=draw(st.integers(0, 20)) * 100,
            child_min_age=low,
            child_max_age=draw(st.integers(low, 17)),
            reduced_cents=draw(st.integers(0, 25)) * 100,
        ),
        validity=PassValidity(
            kind=ValidityKind.HOURS if is_hours else ValidityKind.CALENDAR_DAYS,
            amount=draw(st.integers(1, 72)) if is_hours else draw(st.integers(1, 4)),
        ),
        benefits=tuple(benefits),
        is_one_entry_per_site=draw(st.booleans()),
    )


@st.composite
def _cases(draw: st.DrawFn) -> tuple[list[PricedVisit], list[Traveller], list[PassProduct]]:
    prices = {site: draw(_prices()) for site in SITES}
    count = draw(st.integers(0, 8))
    visits = [
        _visit(site, _at(1 + draw(st.integers(0, 4)), draw(st.integers(8, 19))), prices[site])
        for site in draw(st.lists(st.sampled_from(SITES), min_size=count, max_size=count))
    ]
    passes = [draw(_product(i)) for i in range(draw(st.integers(0, 3)))]
    party = draw(
        st.lists(
            st.builds(
                Traveller,
                age=st.none() | st.integers(0, 90),
                is_reduced_rate=st.booleans(),
                uses_wheelchair=st.booleans(),
            ),
            min_size=1,
            max_size=5,
        )
    )
    return visits, party, passes


def _check_against_brute_force(
    visits: list[PricedVisit], party: list[Traveller], passes: list[PassProduct]
) -> None:
    plan = cheapest_tickets(visits, party, passes, dates=_dates(visits))
    for tickets, traveller in zip(plan.travellers, party, strict=True):
        assert tickets.total_cents == _brute_force_traveller(visits, traveller, passes)
        assert tickets.saving_cents >= 0
        assert len(tickets.lines) == len(visits)
    assert plan.total_cents == sum(t.total_cents for t in plan.travellers)


@settings(max_examples=60)
@given(_cases())
def test_cheapest_tickets_equals_brute_force(
    case: tuple[list[PricedVisit], list[Traveller], list[PassProduct]],
) -> None:
    _check_against_brute_force(*case)


@settings(max_examples=30)
@given(_cases())
def test_cheapest_tickets_cp_sat_path_equals_brute_force(
    case: tuple[list[PricedVisit], list[Traveller], list[PassProduct]],
) -> None:
    with mock.patch.object(pricing, "EXHAUSTIVE_MAX_CANDIDATES", 0):
        _check_against_brute_force(*case)
