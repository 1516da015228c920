"""Benchmark the solver on the standard TOPTW instances: gap to the best-known scores.

Reads the instances and ``bks.csv`` from ``../shared/benchmarks/toptw/`` (beside the repo), maps
each onto the generic problem, solves it, verifies every solution with the independent checker
and prints one line per (instance, m) row, then the mean / median / max gap and the count of
rows over 5 %.

Run from the repo root::

    .venv/bin/python -m benchmarks.bench_toptw                    # all 110 rows, 10 s each
    .venv/bin/python -m benchmarks.bench_toptw --time-limit 1 --rows 20
    .venv/bin/python -m benchmarks.bench_toptw --instances c101,pr01 --seeds 3
    .venv/bin/python -m benchmarks.bench_toptw --quick            # smoke run, 3 rows at 0.5 s
    .venv/bin/python -m benchmarks.bench_toptw FILE... --routes 2 --time-limit 5 --json
    .venv/bin/python -m benchmarks.bench_toptw --compare pyvrp   # PyVRP on the same rows, same run

Timings are wall-clock and share the machine with whatever else runs: treat them as noisy.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from itinera.checker.toptw import check_toptw_routes, toptw_score
from itinera.errors import ItineraError
from itinera.loaders.toptw import load_toptw
from itinera.model.toptw import OrienteeringInstance
from itinera.solver import SolveParams, solve
from itinera.solver.toptw import problem_from_instance, routes_to_instance

DATA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "toptw"
QUICK_ROWS = (("c101", 1), ("r101", 1), ("pr01", 2))
QUICK_TIME_LIMIT_S = 0.5
GAP_THRESHOLD = 5.0


@dataclass(frozen=True, slots=True)
class Row:
    """One benchmark row: an instance, a number of routes and its best-known score."""

    instance: str
    m: int
    bks: int


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one row over its seeds."""

    row: Row
    scores: tuple[int, ...]
    seconds: float
    violations: tuple[str, ...]

    @property
    def best(self) -> int:
        """Return the best score over seeds."""
        return max(self.scores)

    @property
    def gap(self) -> float:
        """Return the mean gap over seeds, in percent of the best-known score."""
        return statistics.mean(100.0 * (self.row.bks - s) / self.row.bks for s in self.scores)


def instance_path(name: str, data_dir: Path = DATA_DIR) -> Path:
    """Return the file of instance ``name`` (``solomon/`` or ``cordeau/``)."""
    for folder in ("solomon", "cordeau"):
        path = data_dir / folder / f"{name}.txt"
        if path.exists():
            return path
    msg = f"no instance file for {name!r} under {data_dir}"
    raise FileNotFoundError(msg)


def read_rows(data_dir: Path = DATA_DIR) -> list[Row]:
    """Return the rows of ``bks.csv`` in file order."""
    with (data_dir / "bks.csv").open(newline="", encoding="utf-8") as handle:
        return [
            Row(r["instance"], int(r["m"]), int(r["best_known_score"]))
            for r in csv.DictReader(handle)
        ]


Routes = tuple[tuple[int, ...], ...]
Solver = Callable[[OrienteeringInstance, int, float, int], Routes]
"""A TOPTW solver under test: (instance, m, time limit in s, seed) -> routes."""


def itinera_solver(workers: int) -> Solver:
    """Return the project's solver with ``workers`` parallel searches."""

    def run(instance: OrienteeringInstance, m: int, time_limit_s: float, seed: int) -> Routes:
        data = problem_from_instance(instance, m)
        params = SolveParams(time_limit_s=time_limit_s, seed=seed, workers=workers)
        return routes_to_instance(solve(data, params).routes)

    return run


def pyvrp_solver() -> Solver:
    """Return PyVRP's prize-collecting search (imported here: a benchmark-only dependency)."""
    from benchmarks.pyvrp_toptw import solve_with_pyvrp  # noqa: PLC0415

    return solve_with_pyvrp


def run_row(row: Row, solver: Solver, time_limit_s: float, seeds: range) -> Outcome:
    """Solve one row once per seed with ``solver`` and check every solution."""
    instance = load_toptw(instance_path(row.instance))
    scores: list[int] = []
    violations: list[str] = []
    started = time.perf_counter()
    for seed in seeds:
        routes = solver(instance, row.m, time_limit_s, seed)
        violations.extend(check_toptw_routes(instance, routes, max_routes=row.m))
        scores.append(toptw_score(instance, routes))
    seconds = (time.perf_counter() - started) / len(seeds)
    return Outcome(row, tuple(scores), seconds, tuple(violations))


def peak_memory_mb() -> float:
    """Return the peak resident memory of this process and its children, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024.0


def print_gaps(label: str, outcomes: list[Outcome]) -> int:
    """Print one solver's gap summary; return the number of rows the checker rejected."""
    gaps = [o.gap for o in outcomes]
    failed = sum(1 for o in outcomes if o.violations)
    over = sum(1 for g in gaps if g > GAP_THRESHOLD)
    total = sum(statistics.mean(o.scores) for o in outcomes)
    print(
        f"{label:<8} rows {len(gaps)}  mean gap {statistics.mean(gaps):.2f} %  "
        f"median {statistics.median(gaps):.2f} %  max {max(gaps):.2f} %  "
        f"over {GAP_THRESHOLD:g} %: {over}  total score {total:.0f}  checker failures: {failed}"
    )
    if failed:
        print(f"!!! {label}: {failed} row(s) produced solutions the checker REJECTS !!!")
    return failed


def print_comparison(ours: list[Outcome], theirs: list[Outcome]) -> None:
    """Print wins, ties and losses per row and the ratio of total scores."""
    pairs = [
        (statistics.mean(a.scores), statistics.mean(b.scores))
        for a, b in zip(ours, theirs, strict=True)
    ]
    wins = sum(1 for a, b in pairs if a > b)
    ties = sum(1 for a, b in pairs if a == b)
    total_ours, total_theirs = sum(a for a, _ in pairs), sum(b for _, b in pairs)
    ratio = total_ours / total_theirs if total_theirs else float("inf")
    print(
        f"itinera vs pyvrp: wins {wins}  ties {ties}  losses {len(pairs) - wins - ties}  "
        f"total score ratio {ratio:.4f}"
    )


def _verdict(outcome: Outcome) -> str:
    return "ok" if not outcome.violations else f"FAIL: {outcome.violations[0]}"


def run_table(
    rows: list[Row], time_limit_s: float, seeds: range, workers: int, *, compare: str | None
) -> int:
    """Run and print the benchmark table, with PyVRP's columns when compared; return status."""
    print(
        f"TOPTW benchmark: {len(rows)} rows, {time_limit_s:g} s per solve, "
        f"seeds {seeds.start}..{seeds.stop - 1}, workers {workers}"
        + (f", compared with {compare}" if compare else "")
    )
    header = f"{'instance':<9}{'m':>2}{'score':>7}{'best':>7}{'bks':>7}{'gap %':>8}{'time s':>8}"
    extra = f"{'pyvrp':>8}{'gap %':>8}{'ratio':>8}" if compare else ""
    print(f"{header}{extra}  check")
    ours_solver = itinera_solver(workers)
    reference = pyvrp_solver() if compare else None
    ours: list[Outcome] = []
    theirs: list[Outcome] = []
    for row in rows:
        outcome = run_row(row, ours_solver, time_limit_s, seeds)
        ours.append(outcome)
        mean_score = statistics.mean(outcome.scores)
        line = (
            f"{row.instance:<9}{row.m:>2}{mean_score:>7.1f}{outcome.best:>7}{row.bks:>7}"
            f"{outcome.gap:>8.2f}{outcome.seconds:>8.2f}"
        )
        verdict = _verdict(outcome)
        if reference is not None:
            other = run_row(row, reference, time_limit_s, seeds)
            theirs.append(other)
            other_score = statistics.mean(other.scores)
            ratio = mean_score / other_score if other_score else float("inf")
            line += f"{other_score:>8.1f}{other.gap:>8.2f}{ratio:>8.3f}"
            verdict = f"{verdict} / pyvrp {_verdict(other)}"
        print(f"{line}  {verdict}", flush=True)
    print("-" * 72)
    failed = print_gaps("itinera", ours)
    if theirs:
        failed += print_gaps("pyvrp", theirs)
        print_comparison(ours, theirs)
    print(f"peak memory: {peak_memory_mb():.0f} MiB")
    return 1 if failed else 0


def run_files(files: list[str], routes: int, time_limit_s: float, seed: int, workers: int) -> int:
    """Solve each file with ``routes`` routes and print one JSON object per instance."""
    status = 0
    for name in files:
        try:
            instance = load_toptw(name)
        except ItineraError as exc:
            print(f"bench_toptw: error: {exc}", file=sys.stderr)
            status = 2
            continue
        found = itinera_solver(workers)(instance, routes, time_limit_s, seed)
        record = {
            "instance": instance.name,
            "m": routes,
            "score": toptw_score(instance, found),
            "routes": [list(route) for route in found],
        }
        violations = check_toptw_routes(instance, found, max_routes=routes)
        if violations:
            record["violations"] = list(violations)
            status = 1
        print(json.dumps(record), flush=True)
    return status


def select_rows(args: argparse.Namespace) -> list[Row]:
    """Return the bks rows chosen by ``--quick``, ``--instances`` and ``--rows``."""
    rows = read_rows()
    if args.quick:
        wanted = set(QUICK_ROWS)
        return [r for r in rows if (r.instance, r.m) in wanted]
    if args.instances:
        names = {name.strip() for name in args.instances.split(",") if name.strip()}
        rows = [r for r in rows if r.instance in names]
    if args.rows is not None:
        rows = rows[: args.rows]
    return rows


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="instance files to solve (with --routes)")
    parser.add_argument("--routes", type=int, default=None, help="m, for FILE mode")
    parser.add_argument("--json", action="store_true", help="FILE mode: one JSON line each")
    parser.add_argument("--time-limit", type=float, default=None, help="seconds per solve")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seeds", type=int, default=1, help="solves per row (seed, seed+1...)")
    parser.add_argument(
        "--workers", type=int, default=2, help="parallel searches (default 2: both cores)"
    )
    parser.add_argument("--rows", type=int, default=None, help="only the first N bks rows")
    parser.add_argument("--instances", default="", help="comma-separated instance names")
    parser.add_argument("--quick", action="store_true", help="3 small rows at 0.5 s")
    parser.add_argument(
        "--compare", choices=["pyvrp"], default=None, help="also run PyVRP on the same rows"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the process exit status."""
    args = parse_args(argv)
    if args.files:
        if args.routes is None:
            print("bench_toptw: error: FILE mode needs --routes M", file=sys.stderr)
            return 2
        limit = 10.0 if args.time_limit is None else args.time_limit
        return run_files(args.files, args.routes, limit, args.seed, args.workers)
    default = QUICK_TIME_LIMIT_S if args.quick else 10.0
    limit = default if args.time_limit is None else args.time_limit
    rows = select_rows(args)
    if not rows:
        print("bench_toptw: error: no bks row selected", file=sys.stderr)
        return 2
    seeds = range(args.seed, args.seed + args.seeds)
    return run_table(rows, limit, seeds, args.workers, compare=args.compare)


if __name__ == "__main__":
    sys.exit(main())
