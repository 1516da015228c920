"""Pass-first planning: the best route for a party that holds, or will buy, one pass.

A thin layer over :func:`~itinera.solver.plan.plan_itinerary`: the pass changes what each site
is worth to the search (its ``prizes``), never the rules, so opening hours, timetables and the
party's rhythm are honoured exactly as in any plan, and the result passes the same checker.

Notes
-----
**Validity window.** The pass is taken as first used on ``first_use`` (default: the first day of
the trip) when the party's day starts; it covers what :meth:`PassValidity.covers` says from
then. A trip date is *inside the window* when the window still runs when the party's day starts
on that date (a 24 h pass first used on day 1 covers day 1 only; 3 calendar days cover days 1 to
3). A covered site is *usable* with the pass when it can be visited on some date inside the
window; elsewhere it is priced at the counter.

**Objectives.**

- ``interest``: the route of most interest; among routes of equal interest, the one that uses
  the pass at more sites (each usable site where the pass saves money gets one extra prize unit,
  a hundredth of an interest point, far below any difference of interest between two sites).
- ``value``: the most interest per euro actually paid (:func:`value_per_euro`), where what is
  paid is the exact cheapest tickets of the party with this pass on sale (the pricing engine
  buys it for a traveller only where it pays off; the pass price counts). The ratio is maximised
  by Dinkelbach's method: with ``lam`` the best ratio so far, the search maximises
  ``interest - lam * cost`` per site (sites worth less than they cost drop out), every plan is
  priced exactly, and ``lam`` rises until a round brings no better ratio. The pass price is a
  fixed cost that a per-site prize cannot carry, so each round tries two cost models: covered
  sites at their pass price, and every site at the counter (the route that skips the pass).

The request's entry-fee budget keeps its meaning (counter prices, as the checker judges it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from itinera.checker.diagnose import open_long_enough
from itinera.errors import InvalidInputError
from itinera.model.ids import PlaceId
from itinera.solver.params import SolveParams
from itinera.solver.plan import PlanResult, plan_itinerary
from itinera.solver.pricing import itinerary_tickets
from itinera.solver.trip_problem import PRIZE_SCALE, visit_prize

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Mapping

    from itinera.model.destination import Destination
    from itinera.model.passes import PassProduct
    from itinera.model.place import Place
    from itinera.model.tickets import TicketPlan
    from itinera.model.trip_request import TripRequest

VALUE_ROUNDS = 5
"""At most this many plans for the ``value`` objective: the interest plan, then Dinkelbach
rounds (with and without the pass) until the ratio stops improving."""

MIN_PAID_CENTS = 100
"""Value for money divides by at least 1 EUR, so a free route has a finite value."""

PASS_BONUS = 1
"""Extra prize units of a usable covered site under the ``interest`` objective (a tie-break)."""


class PassObjective(StrEnum):
    """What pass-first planning maximises."""

    INTEREST = "interest"
    VALUE = "value"


@dataclass(frozen=True, slots=True, kw_only=True)
class PassWindow:
    """When a pass is valid during a trip: from ``start`` (first use) until ``end`` (exclusive)."""

    start: dt.datetime
    end: dt.datetime
    dates: tuple[dt.date, ...]
    """The trip dates inside the window."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PassPlanResult:
    """A pass-first plan: the itinerary, and what the party pays using the pass.

    ``plan.tickets`` is the route-first recommendation over every pass on sale; ``with_pass``
    prices the same itinerary with this pass only.
    """

    plan: PlanResult
    product: PassProduct
    objective: PassObjective
    window: PassWindow
    with_pass: TicketPlan
    rounds: int
    """How many plans were made (the ``value`` objective makes several)."""

    @property
    def interest(self) -> float:
        """Return the itinerary's interest."""
        return self.plan.itinerary.score

    @property
    def paid_cents(self) -> int:
        """Return what the party pays for passes and entries using this pass."""
        return self.with_pass.total_cents

    @property
    def value_per_euro(self) -> float:
        """Return interest per euro paid (:func:`value_per_euro`)."""
        return value_per_euro(self.interest, self.paid_cents)


def value_per_euro(interest: float, paid_cents: int) -> float:
    """Return ``interest`` per euro of ``paid_cents``, dividing by at least 1 EUR.

    Examples
    --------
    >>> value_per_euro(30.0, 1500)
    2.0
    >>> value_per_euro(12.0, 0)
    12.0
    """
    return interest * 100 / max(paid_cents, MIN_PAID_CENTS)


def pass_window(
    request: TripRequest, destination: Destination, product: PassProduct, first_use: dt.date
) -> PassWindow:
    """Return the validity window of ``product`` first used on ``first_use`` for ``request``.

    Raises
    ------
    InvalidInputError
        If ``first_use`` is after the trip, or the pass is no longer valid on any trip date.
    """
    if first_use > request.end_date:
        msg = f"must be on or before the last trip day {request.end_date} (got {first_use})"
        raise InvalidInputError("pass_first_use", msg)
    day_start = request.profile.day_start_s
    start = destination.local_datetime(first_use, day_start)
    end = product.validity.valid_until(start)
    dates = tuple(
        d
        for d in request.dates
        if d >= first_use
        and product.validity.covers(start, destination.local_datetime(d, day_start))
    )
    if not dates:
        msg = (
            f"{product.id} first used on {first_use} is valid until {end.isoformat()}, "
            "before the trip's first day starts"
        )
        raise InvalidInputError("pass_first_use", msg)
    return PassWindow(start=start, end=end, dates=dates)


def find_pass(destination: Destination, pass_id: str, *, field: str = "pass") -> PassProduct:
    """Return the destination's pass ``pass_id``, or raise an error naming ``field``."""
    for product in destination.passes:
        if product.id == pass_id:
            return product
    known = ", ".join(p.id for p in destination.passes) or "none"
    msg = f"unknown pass {pass_id!r} (known: {known})"
    raise InvalidInputError(field, msg)


def plan_with_pass(
    request: TripRequest,
    destination: Destination,
    pass_id: str,
    *,
    first_use: dt.date | None = None,
    objective: PassObjective = PassObjective.INTEREST,
    params: SolveParams | None = None,
    on_progress: Callable[[int, float], None] | None = None,
) -> PassPlanResult:
    """Return the best route for ``request`` using the pass ``pass_id``.

    Parameters
    ----------
    request
        The trip; its party, dates and constraints apply as in :func:`plan_itinerary`.
    destination
        Places, links and passes.
    pass_id
        The pass the party holds or is willing to buy.
    first_use
        Date the pass is first used (default: the first trip day); it may be before the trip.
    objective
        ``interest`` or ``value`` (interest per euro paid), see the module notes.
    params
        Solver limits; the ``value`` objective shares the time limit among its rounds.
    on_progress
        Passed to the planner.

    Raises
    ------
    InvalidInputError
        If the pass is unknown, or not valid on any trip date.
    InfeasibleRequestError
        If no itinerary satisfies the request.
    """
    product = find_pass(destination, pass_id)
    destination.validate_request(request)
    window = pass_window(request, destination, product, first_use or request.start_date)
    params = params or SolveParams()
    usable = _usable_sites(request, destination, product, window)
    base = {
        p.id: visit_prize(p, request) for p in destination.places.values() if p.kind.is_attraction
    }
    if objective is PassObjective.INTEREST:
        prizes = {p: v + PASS_BONUS if v > 0 and p in usable else v for p, v in base.items()}
        plan = plan_itinerary(
            request, destination, params=params, on_progress=on_progress, prizes=prizes
        )
        with_pass = itinerary_tickets(plan.itinerary, destination, passes=(product,))
        return PassPlanResult(
            plan=plan,
            product=product,
            objective=objective,
            window=window,
            with_pass=with_pass,
            rounds=1,
        )
    return _best_value(request, destination, product, window, usable, base, params, on_progress)


def _best_value(  # noqa: PLR0917 - internal step of plan_with_pass
    request: TripRequest,
    destination: Destination,
    product: PassProduct,
    window: PassWindow,
    usable: Mapping[PlaceId, int],
    base: Mapping[PlaceId, int],
    params: SolveParams,
    on_progress: Callable[[int, float], None] | None,
) -> PassPlanResult:
    round_params = replace(params, time_limit_s=params.time_limit_s / VALUE_ROUNDS)
    counter = {p: _counter_cents(destination.places[p], request) for p in base}
    # two cost models: using the pass (its price left to the exact pricing), or not at all
    models = [{p: usable.get(p, c) for p, c in counter.items()}, counter] if usable else [counter]

    def attempt(prizes: Mapping[PlaceId, int], rounds: int) -> PassPlanResult:
        plan = plan_itinerary(
            request, destination, params=round_params, on_progress=on_progress, prizes=prizes
        )
        return PassPlanResult(
            plan=plan,
            product=product,
            objective=PassObjective.VALUE,
            window=window,
            with_pass=itinerary_tickets(plan.itinerary, destination, passes=(product,)),
            rounds=rounds,
        )

    best = attempt(base, 1)
    tried = [dict(base)]
    improved = True
    while improved and len(tried) < VALUE_ROUNDS:
        improved = False
        lam = best.value_per_euro * PRIZE_SCALE / 100  # prize units per cent
        for costs in models:
            prizes = {p: max(0, math.floor(v - lam * costs[p])) for p, v in base.items()}
            if prizes in tried or len(tried) >= VALUE_ROUNDS:
                continue
            tried.append(prizes)
            result = attempt(prizes, len(tried))
            if result.value_per_euro > best.value_per_euro:
                best, improved = result, True
    return replace(best, rounds=len(tried))


def _usable_sites(
    request: TripRequest, destination: Destination, product: PassProduct, window: PassWindow
) -> dict[PlaceId, int]:
    """Return the covered sites visitable inside the window, with the party's cost there.

    The cost counts, per traveller who can hold the pass, the benefit price (the reduced rate
    for the first-full-then-reduced scheme, whose one full-price entry is left to the exact
    pricing), and the counter price for the others.
    """
    usable: dict[PlaceId, int] = {}
    profile = request.profile
    for place_id in sorted(product.place_ids):
        place = destination.places.get(place_id)
        benefit = product.benefit_at(place_id)
        if place is None or benefit is None:
            continue
        duration = profile.visit_duration_s(place)
        if not any(open_long_enough(place, d, duration) for d in window.dates):
            continue
        cost = 0
        for traveller in profile.party:
            is_reduced = traveller.is_reduced_rate or traveller.uses_wheelchair
            counter = place.prices.for_age(traveller.age, is_reduced=is_reduced)
            if product.prices.for_age(traveller.age, is_reduced=is_reduced) is None:
                cost += counter
                continue
            paid = benefit.price_with_pass(counter, place.prices.reduced_cents, is_first_use=False)
            cost += min(counter, paid)
        if cost < _counter_cents(place, request):
            usable[PlaceId(place_id)] = cost
    return usable


def _counter_cents(place: Place, request: TripRequest) -> int:
    return request.profile.entry_price_cents(place.prices)
