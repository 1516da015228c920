"""The routing engine: a generic prize-collecting, multi-route problem and its solver.

Problem data (:mod:`~itinera.solver.problem`), parameters (:mod:`~itinera.solver.params`),
search (:mod:`~itinera.solver.search`, with OR-Tools behind :mod:`~itinera.solver._ortools`)
and result (:mod:`~itinera.solver.result`) are kept apart, as in PyVRP.
"""

from itinera.solver.params import SolveParams as SolveParams
from itinera.solver.problem import MAX_TIME as MAX_TIME
from itinera.solver.problem import UNREACHABLE as UNREACHABLE
from itinera.solver.problem import LunchBreak as LunchBreak
from itinera.solver.problem import ProblemData as ProblemData
from itinera.solver.problem import RouteSpec as RouteSpec
from itinera.solver.result import SolveResult as SolveResult
from itinera.solver.result import SolveStatus as SolveStatus
from itinera.solver.solve import solve as solve

__all__ = [
    "MAX_TIME",
    "UNREACHABLE",
    "LunchBreak",
    "ProblemData",
    "RouteSpec",
    "SolveParams",
    "SolveResult",
    "SolveStatus",
    "solve",
]
