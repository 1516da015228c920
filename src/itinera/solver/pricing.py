"""Exact ticket pricing: the cheapest way for a party to pay an itinerary's entries.

Notes
-----
**Travellers are independent.** Passes are bought per traveller, a traveller's counter prices
and pass prices depend only on their own age and rate, and no offer couples two travellers
(no family pass is modelled). The party's cost is therefore a sum of per-traveller costs with
no shared constraint, and minimising each traveller separately minimises the sum. Travellers
with the same counter prices and pass prices share one solve.

**One traveller.** A *purchase* is a pass with its first use at one of the traveller's visits
(its *anchor*): validity runs from the first use, so any purchase actually used has a first
visit, and choosing that visit as the anchor loses nothing. A purchase offers each later visit
inside its validity window at the benefit price; the anchor is always paid with it (at the
counter price for the Sites Pays Cathare scheme, whose first entry issues the card). A solution
is a set of purchases with distinct anchors plus, for each visit, the counter or one purchase
offering it (one entry per site and purchase). Both solvers below search exactly this space:

- **exhaustive** (at most :data:`EXHAUSTIVE_MAX_CANDIDATES` useful purchases, no site visited
  twice inside one window): every subset of purchases; given a subset, each non-anchor visit
  independently takes its cheapest offer, which is optimal because no constraint links visits;
- **CP-SAT** otherwise (:mod:`itinera.solver._pricing_cp`), proved optimal or an error.

A purchase whose total possible saving does not exceed its price is dropped first: replacing
its entries by counter tickets never costs more. Ties go to fewer passes.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from itinera.errors import InvalidInputError
from itinera.model.passes import BenefitKind
from itinera.model.tickets import (
    PassPurchase,
    PricedVisit,
    PricingMethod,
    TicketLine,
    TicketPlan,
    TravellerTickets,
)
from itinera.solver._pricing_cp import solve_ticket_assignment

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from itinera.model.destination import Destination
    from itinera.model.itinerary import Itinerary
    from itinera.model.passes import PassProduct
    from itinera.model.traveller import Traveller

EXHAUSTIVE_MAX_CANDIDATES = 12
"""Above this many useful purchases for one traveller, CP-SAT replaces subset enumeration."""


@dataclass(frozen=True, slots=True)
class _Candidate:
    pass_index: int
    anchor: int
    price_cents: int
    offers: dict[int, int]  # visit index (time order) -> price paid with this purchase
    exclusive: tuple[tuple[int, ...], ...]  # visits of one site, when one entry per site


@dataclass(frozen=True, slots=True)
class _Solution:
    chosen: tuple[int | None, ...]  # per visit (time order): candidate index or None
    candidates: tuple[_Candidate, ...]
    method: PricingMethod


def cheapest_tickets(
    visits: Sequence[PricedVisit],
    party: Sequence[Traveller],
    passes: Sequence[PassProduct],
    *,
    dates: Iterable[dt.date],
) -> TicketPlan:
    """Return the provably cheapest tickets and passes for ``party`` to enter ``visits``.

    Parameters
    ----------
    visits
        The paid entries of the itinerary, with their aware start times (see
        :func:`priced_visits`).
    party
        The travellers; each pays at counter or pass prices for their age and rate (reduced-rate
        travellers and wheelchair users pay reduced rates).
    passes
        The passes on sale; a traveller may buy none, one or several, in sequence or not.
    dates
        The itinerary's calendar days; every visit must fall on one of them.

    Returns
    -------
    TicketPlan
        Per traveller, the passes bought (with first use) and one line per visit.

    Raises
    ------
    InvalidInputError
        If the party is empty, a visit falls outside ``dates`` or two passes share an id.
    """
    if not party:
        raise InvalidInputError("party", "the party needs at least one traveller")
    days = frozenset(dates)
    for index, visit in enumerate(visits):
        if visit.start.date() not in days:
            msg = f"{visit.place_id} on {visit.start.date().isoformat()} is not a trip date"
            where = f"visits[{index}].start"
            raise InvalidInputError(where, msg)
    ids = [p.id for p in passes]
    if len(set(ids)) != len(ids):
        msg = f"pass ids must be unique (got {ids})"
        raise InvalidInputError("passes", msg)
    order = sorted(range(len(visits)), key=lambda i: (visits[i].start, i))
    timed = [visits[i] for i in order]
    cache: dict[tuple[tuple[int, ...], tuple[int | None, ...]], _Solution] = {}
    tickets = []
    for t_index, traveller in enumerate(party):
        is_reduced = traveller.is_reduced_rate or traveller.uses_wheelchair
        counter = tuple(v.prices.for_age(traveller.age, is_reduced=is_reduced) for v in timed)
        pass_prices = tuple(p.prices.for_age(traveller.age, is_reduced=is_reduced) for p in passes)
        key = (counter, pass_prices)
        if key not in cache:
            cache[key] = _solve_traveller(timed, counter, pass_prices, passes)
        tickets.append(
            _traveller_tickets(
                t_index,
                traveller,
                cache[key],
                timed=timed,
                order=order,
                counter=counter,
                passes=passes,
            )
        )
    return TicketPlan(visits=tuple(visits), travellers=tuple(tickets))


def priced_visits(itinerary: Itinerary, destination: Destination) -> tuple[PricedVisit, ...]:
    """Return the visits of ``itinerary`` with the prices of their places, in trip order."""
    result = []
    for visit in itinerary.visits:
        place = destination.place(visit.place_id, field="itinerary.visits")
        result.append(
            PricedVisit(place_id=place.id, prices=place.prices, start=visit.start, name=place.name)
        )
    return tuple(result)


def itinerary_tickets(
    itinerary: Itinerary,
    destination: Destination,
    *,
    passes: Sequence[PassProduct] | None = None,
) -> TicketPlan:
    """Return the recommended tickets of ``itinerary``: the exact cheapest for its party.

    Parameters
    ----------
    itinerary
        A planned (or loaded) itinerary; its request gives the party and the dates.
    destination
        Gives the places' prices and, unless ``passes`` is given, the passes on sale.
    passes
        The passes to consider; None means every pass of the destination.
    """
    return cheapest_tickets(
        priced_visits(itinerary, destination),
        itinerary.request.profile.party,
        destination.passes if passes is None else passes,
        dates=itinerary.request.dates,
    )


def _solve_traveller(
    timed: Sequence[PricedVisit],
    counter: Sequence[int],
    pass_prices: Sequence[int | None],
    passes: Sequence[PassProduct],
) -> _Solution:
    candidates = tuple(_candidates(timed, counter, pass_prices, passes))
    if not candidates:
        return _Solution((None,) * len(timed), candidates, PricingMethod.COUNTER)
    small = len(candidates) <= EXHAUSTIVE_MAX_CANDIDATES
    if small and not any(c.exclusive for c in candidates):
        return _Solution(_exhaustive(counter, candidates), candidates, PricingMethod.EXHAUSTIVE)
    chosen = solve_ticket_assignment(
        counter,
        [c.price_cents for c in candidates],
        [c.anchor for c in candidates],
        [c.offers for c in candidates],
        [c.exclusive for c in candidates],
    )
    return _Solution(chosen, candidates, PricingMethod.CP_SAT)


def _candidates(
    timed: Sequence[PricedVisit],
    counter: Sequence[int],
    pass_prices: Sequence[int | None],
    passes: Sequence[PassProduct],
) -> Iterable[_Candidate]:
    for p_index, (product, price) in enumerate(zip(passes, pass_prices, strict=True)):
        if price is None:
            continue
        for anchor, first in enumerate(timed):
            if product.benefit_at(first.place_id) is None:
                continue
            offers: dict[int, int] = {}
            for j in range(anchor, len(timed)):
                visit = timed[j]
                benefit = product.benefit_at(visit.place_id)
                if benefit is None or not product.validity.covers(first.start, visit.start):
                    continue
                paid = benefit.price_with_pass(
                    counter[j], visit.prices.reduced_cents, is_first_use=j == anchor
                )
                if j == anchor:
                    offers[j] = min(paid, counter[j])
                elif paid < counter[j]:
                    offers[j] = paid
            if sum(counter[j] - paid for j, paid in offers.items() if paid < counter[j]) <= price:
                continue  # can never pay for itself
            yield _Candidate(
                p_index, anchor, price, offers, _exclusive(timed, offers, product=product)
            )


def _exclusive(
    timed: Sequence[PricedVisit], offers: dict[int, int], *, product: PassProduct
) -> tuple[tuple[int, ...], ...]:
    if not product.is_one_entry_per_site:
        return ()
    by_place: dict[str, list[int]] = {}
    for j in offers:
        by_place.setdefault(timed[j].place_id, []).append(j)
    return tuple(tuple(group) for group in by_place.values() if len(group) > 1)


def _exhaustive(counter: Sequence[int], candidates: Sequence[_Candidate]) -> tuple[int | None, ...]:
    best: tuple[int | None, ...] = (None,) * len(counter)
    best_cost = sum(counter)
    for size in range(1, len(candidates) + 1):
        for subset in itertools.combinations(range(len(candidates)), size):
            anchors = {candidates[k].anchor: k for k in subset}
            if len(anchors) < size:
                continue  # two purchases cannot both be first used by one entry
            chosen: list[int | None] = []
            cost = sum(candidates[k].price_cents for k in subset)
            for j, price in enumerate(counter):
                if j in anchors:
                    pick: int | None = anchors[j]
                    price = candidates[anchors[j]].offers[j]  # noqa: PLW2901 - the paid price
                else:
                    pick = None
                    for k in subset:
                        offer = candidates[k].offers.get(j)
                        if offer is not None and offer < price:
                            pick, price = k, offer  # noqa: PLW2901 - keep the cheapest
                chosen.append(pick)
                cost += price
            if cost < best_cost:
                best, best_cost = tuple(chosen), cost
    return best


def _traveller_tickets(
    t_index: int,
    traveller: Traveller,
    solution: _Solution,
    *,
    timed: Sequence[PricedVisit],
    order: Sequence[int],
    counter: Sequence[int],
    passes: Sequence[PassProduct],
) -> TravellerTickets:
    used = sorted({k for k in solution.chosen if k is not None})
    purchases = []
    for k in used:
        candidate = solution.candidates[k]
        product = passes[candidate.pass_index]
        first_use = timed[candidate.anchor].start
        purchases.append(
            PassPurchase(
                traveller_index=t_index,
                pass_id=product.id,
                pass_name=product.name,
                price_cents=candidate.price_cents,
                first_use=first_use,
                valid_until=product.validity.valid_until(first_use),
            )
        )
    lines = [
        _line(t_index, j, solution, timed=timed, order=order, counter=counter, passes=passes)
        for j in range(len(timed))
    ]
    lines.sort(key=lambda line: line.visit_index)
    purchases.sort(key=lambda p: (p.first_use, p.pass_id))
    return TravellerTickets(
        traveller_index=t_index,
        traveller=traveller,
        purchases=tuple(purchases),
        lines=tuple(lines),
        method=solution.method,
    )


def _line(
    t_index: int,
    j: int,
    solution: _Solution,
    *,
    timed: Sequence[PricedVisit],
    order: Sequence[int],
    counter: Sequence[int],
    passes: Sequence[PassProduct],
) -> TicketLine:
    visit = timed[j]
    k = solution.chosen[j]
    if k is None:
        return TicketLine(
            traveller_index=t_index,
            visit_index=order[j],
            place_id=visit.place_id,
            counter_cents=counter[j],
            paid_cents=counter[j],
        )
    candidate = solution.candidates[k]
    product = passes[candidate.pass_index]
    benefit = product.benefit_at(visit.place_id)
    assert benefit is not None  # noqa: S101 - offers only cover the pass's places
    note = ""
    if j == candidate.anchor:
        note = "first use of the pass"
        if benefit.kind is BenefitKind.FIRST_FULL_THEN_REDUCED:
            note = "full-price entry: the pass is issued here"
    return TicketLine(
        traveller_index=t_index,
        visit_index=order[j],
        place_id=visit.place_id,
        counter_cents=counter[j],
        paid_cents=candidate.offers[j],
        pass_id=product.id,
        benefit=benefit.kind,
        note=note,
    )
