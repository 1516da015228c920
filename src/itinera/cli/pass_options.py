"""The pass options of ``itinera plan`` (``--pass``, ``--pass-first-use``, ``--objective``).

Without ``--pass`` a plan is route-first: the planner maximises interest and the recommended
tickets follow. With it, the plan is pass-first (:mod:`itinera.solver.pass_first`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from itinera.errors import InvalidInputError
from itinera.solver.pass_first import PassObjective, PassPlanResult, plan_with_pass
from itinera.solver.plan import PlanResult, plan_itinerary

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from itinera.model.destination import Destination
    from itinera.model.trip_request import TripRequest
    from itinera.solver.params import SolveParams


def add_pass_arguments(plan: argparse.ArgumentParser) -> None:
    """Add the pass options to the ``plan`` sub-command."""
    plan.add_argument(
        "--pass",
        dest="pass_id",
        help="plan pass-first with this pass (held or to buy), e.g. pass-sites-pays-cathare",
    )
    plan.add_argument(
        "--pass-first-use", help="date the pass is first used, YYYY-MM-DD (default: --start)"
    )
    plan.add_argument(
        "--objective",
        choices=[o.value for o in PassObjective],
        default=PassObjective.INTEREST.value,
        help="with --pass: most interest, or most interest per euro paid (value)",
    )


def plan_from_args(
    args: argparse.Namespace,
    request: TripRequest,
    destination: Destination,
    *,
    params: SolveParams,
    on_progress: Callable[[int, float], None] | None = None,
) -> tuple[PlanResult, PassPlanResult | None]:
    """Return the plan the arguments ask for, and the pass-first details if ``--pass``.

    Raises
    ------
    InvalidInputError
        If ``--pass-first-use`` or ``--objective`` is given without ``--pass``, or is invalid.
    """
    if args.pass_id is None:
        if args.pass_first_use is not None:
            raise InvalidInputError("pass-first-use", "needs --pass")
        if args.objective != PassObjective.INTEREST.value:
            raise InvalidInputError("objective", f"{args.objective!r} needs --pass")
        return plan_itinerary(request, destination, params=params, on_progress=on_progress), None
    first_use = None
    if args.pass_first_use is not None:
        try:
            first_use = dt.date.fromisoformat(args.pass_first_use)
        except ValueError:
            msg = f"not a date YYYY-MM-DD (got {args.pass_first_use!r})"
            raise InvalidInputError("pass-first-use", msg) from None
    result = plan_with_pass(
        request,
        destination,
        args.pass_id,
        first_use=first_use,
        objective=PassObjective(args.objective),
        params=params,
        on_progress=on_progress,
    )
    return result.plan, result
