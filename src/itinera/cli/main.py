"""``itinera plan``, ``itinera check`` and ``itinera serve``: plan, verify, or serve the API.

Errors the user can fix (bad arguments, unknown places, infeasible requests, broken files)
print one line, ``itinera: error: <message>``, and exit 2. Bugs keep their traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import uvicorn

from itinera.api.app import create_app, serve_environment
from itinera.checker.feasibility import check_itinerary
from itinera.cli.keys import add_keys_parser, run_keys
from itinera.cli.pass_options import add_pass_arguments, plan_from_args
from itinera.cli.render import render_itinerary
from itinera.cli.render_tickets import render_tickets
from itinera.errors import InfeasibleRequestError, InvalidInputError, ItineraError
from itinera.loaders.destination import DEFAULT_GRAPH, load_destination
from itinera.loaders.itinerary_json import itinerary_from_json, itinerary_to_json
from itinera.loaders.tickets_json import tickets_to_json
from itinera.model.ids import PlaceId
from itinera.model.place import Theme
from itinera.model.traveller import profile_from_spec
from itinera.model.trip_request import TripRequest
from itinera.solver.params import SolveParams

if TYPE_CHECKING:
    from collections.abc import Sequence

EXIT_USAGE = 2
EXIT_INFEASIBLE_PLAN = 1


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one readable line."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"itinera: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the ``itinera`` argument parser."""
    parser = _Parser(prog="itinera", description="Car-free itinerary planning.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    plan = commands.add_parser("plan", help="plan a multi-day car-free itinerary")
    plan.add_argument("--from", dest="origin", required=True, help="start gateway id")
    plan.add_argument("--to", dest="destination", required=True, help="end gateway id")
    plan.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
    length = plan.add_mutually_exclusive_group(required=True)
    length.add_argument("--days", type=int, help="number of days (1-14)")
    length.add_argument("--end", help="last day, YYYY-MM-DD")
    plan.add_argument("--themes", default="", help="comma-separated themes, e.g. cathar,unesco")
    plan.add_argument(
        "--profile", default="couple", help="solo, couple, seniors, reduced-mobility, family:5,10"
    )
    plan.add_argument("--budget", type=float, help="maximum entry fees for the party, EUR")
    plan.add_argument("--must-see", default="", help="comma-separated place ids to include")
    plan.add_argument("--exclude", default="", help="comma-separated place ids to avoid")
    plan.add_argument("--time-limit", type=float, default=10.0, help="solver time limit, s")
    plan.add_argument("--seed", type=int, default=0, help="solver seed")
    plan.add_argument(
        "--max-iterations",
        type=int,
        help="stop the search after N iterations: same seed and N give the same plan",
    )
    plan.add_argument("--graph", type=Path, default=DEFAULT_GRAPH, help="destination folder")
    plan.add_argument("--format", choices=("text", "json"), default="text")
    plan.add_argument("--output", type=Path, help="write the itinerary to this file")
    plan.add_argument("--save", type=Path, help="also save the itinerary as JSON to this file")
    add_pass_arguments(plan)

    check = commands.add_parser("check", help="verify a saved itinerary JSON")
    check.add_argument("itinerary", type=Path, help="itinerary JSON written by `plan`")
    check.add_argument("--graph", type=Path, default=DEFAULT_GRAPH, help="destination folder")

    serve = commands.add_parser("serve", help="serve the HTTP API (docs at /docs)")
    serve.add_argument("--host", default="127.0.0.1", help="interface to listen on")
    serve.add_argument("--port", type=int, default=8000, help="TCP port")
    serve.add_argument("--graph", type=Path, default=DEFAULT_GRAPH, help="destination folder")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes (each loads the graph; solves then run on several cores)",
    )
    serve.add_argument(
        "--database-url",
        help="SQLAlchemy URL of the itinerary database "
        "(default: $ITINERA_DATABASE_URL, else sqlite:///itinera.sqlite3)",
    )
    add_keys_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "plan":
            return _plan(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "keys":
            return run_keys(args)
        return _check(args)
    except InfeasibleRequestError as exc:
        print(f"itinera: error: infeasible request: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ItineraError as exc:
        print(f"itinera: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def request_from_args(args: argparse.Namespace) -> TripRequest:
    """Return the trip request the ``plan`` arguments describe."""
    start = _date(args.start, "start")
    if args.end is not None:
        end = _date(args.end, "end")
        if end < start:
            msg = f"must not be before start {start.isoformat()} (got {end.isoformat()})"
            raise InvalidInputError("end", msg)
        days = (end - start).days + 1
    else:
        days = args.days
    return TripRequest(
        origin=PlaceId(args.origin),
        destination=PlaceId(args.destination),
        start_date=start,
        days=days,
        profile=profile_from_spec(args.profile),
        themes=frozenset(_themes(args.themes)),
        budget_cents=None if args.budget is None else round(args.budget * 100),
        must_see=frozenset(PlaceId(p) for p in _ids(args.must_see)),
        excluded=frozenset(PlaceId(p) for p in _ids(args.exclude)),
    )


def _plan(args: argparse.Namespace) -> int:
    destination = load_destination(args.graph)
    request = request_from_args(args)
    if args.time_limit <= 0:
        raise InvalidInputError("time-limit", f"must be > 0 (got {args.time_limit})")
    destination.validate_request(request)
    progress = _Progress()
    result, pass_first = plan_from_args(
        args,
        request,
        destination,
        params=SolveParams(
            time_limit_s=args.time_limit, seed=args.seed, max_iterations=args.max_iterations
        ),
        on_progress=progress,
    )
    progress.done(result.runtime_s)
    assert result.tickets is not None  # noqa: S101 - plan_itinerary always prices its plan
    body = itinerary_to_json(result.itinerary, destination)
    body["tickets"] = tickets_to_json(result.tickets, destination, pass_first=pass_first)
    document = json.dumps(body, indent=2, ensure_ascii=False)
    if args.save is not None:
        args.save.write_text(document + "\n", encoding="utf-8")
    text = (
        document + "\n"
        if args.format == "json"
        else render_itinerary(result.itinerary, destination)
        + render_tickets(result.tickets, destination, pass_first=pass_first)
    )
    if args.output is not None:
        args.output.write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0


def _check(args: argparse.Namespace) -> int:
    destination = load_destination(args.graph)
    try:
        document = json.loads(args.itinerary.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InvalidInputError(str(args.itinerary), f"cannot read itinerary JSON: {exc}") from None
    itinerary = itinerary_from_json(document, destination)
    violations = check_itinerary(itinerary, destination)
    if not violations:
        visits = len(itinerary.visits)
        print(f"feasible: {len(itinerary.days)} day(s), {visits} visits, no violation")
        return 0
    for violation in violations:
        print(f"violation [{violation.kind}]: {violation.message}")
    return EXIT_INFEASIBLE_PLAN


def _serve(args: argparse.Namespace) -> int:
    destination = load_destination(args.graph)
    app = create_app(destination, database_url=args.database_url, require_api_key=True)
    host = f"[{args.host}]" if ":" in args.host else args.host
    base = f"http://{host}:{args.port}"
    print(f"itinera: serving {destination.name}")
    print(f"  counter page:     {base}/counter")
    print(f"  widget demo:      {base}/widget-demo")
    print(f"  API docs:         {base}/docs")
    print(f"  sample route:     {base}/counter?sample  (the README's 3-day family trip)")
    print(f"  sample as JSON:   {base}/v1/sample")
    print("  stop with Ctrl+C", flush=True)
    if args.workers > 1:
        os.environ.update(serve_environment(args.graph, args.database_url))
        uvicorn.run(
            "itinera.api.app:create_app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="info",
        )
        return 0
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0


class _Progress:
    """Show solver progress on stderr: rewritten in place on a terminal, sparse otherwise.

    Nothing is printed before the solver reports, so a request refused up front still gives a
    single error line. Only improvements are shown, timed from the start of the command.
    """

    def __init__(self) -> None:
        self._is_tty = sys.stderr.isatty()
        self._started = time.perf_counter()
        self._last_print = -1.0
        self._best = -1

    def __call__(self, best_prize: int, elapsed_s: float) -> None:  # noqa: ARG002 - own clock
        now = time.perf_counter()
        if best_prize <= self._best or (not self._is_tty and now - self._last_print < 1.0):
            self._best = max(self._best, best_prize)
            return
        self._best = best_prize
        self._last_print = now
        elapsed = now - self._started
        text = f"itinera: solving... best interest {best_prize / 100:.1f} after {elapsed:.1f} s"
        print(text, file=sys.stderr, end="\r" if self._is_tty else "\n", flush=True)

    def done(self, runtime_s: float) -> None:
        suffix = "\n" if self._is_tty and self._last_print >= 0 else ""
        print(f"{suffix}itinera: planned in {runtime_s:.1f} s", file=sys.stderr, flush=True)


def _date(text: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(field, f"not a date YYYY-MM-DD (got {text!r})") from None


def _themes(text: str) -> list[Theme]:
    themes = []
    for raw in _ids(text):
        try:
            themes.append(Theme(raw))
        except ValueError:
            known = ", ".join(t.value for t in Theme)
            raise InvalidInputError("themes", f"unknown theme {raw!r} (known: {known})") from None
    return themes


def _ids(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]
