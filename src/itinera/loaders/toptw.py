"""Read the standard TOPTW benchmark files into :class:`OrienteeringInstance`.

The format (Righini & Salani / Montemanni & Gambardella / Vansteenwegen, described in
``shared/benchmarks/toptw/README.md``)::

    k v N t                       header: only v (routes needed) and N (customers) matter
    D Q                           ignored (some files hold one number)
    i x y d S f a [a ints] O C    N + 1 vertex lines, vertex 0 being the depot

Only fields 2-5 (``x y d S``) and the last two (``O C``) of a vertex line are read, because the
pattern list in between has a variable length.
"""

from __future__ import annotations

import math
from pathlib import Path

from itinera.errors import DataSourceError, InvalidInputError
from itinera.model.toptw import DistanceRounding, OrienteeringInstance

_MIN_VERTEX_FIELDS = 7
_MIN_HEADER_FIELDS = 3


def rounding_for(name: str) -> DistanceRounding:
    """Return the distance rounding of a benchmark family from the instance name.

    Cordeau-based instances (``pr01``..``pr20``) floor to two decimals, the Solomon-based
    ones (``c101``, ``r201``, ``rc105``...) to one.
    """
    return DistanceRounding.FLOOR2 if name.lower().startswith("pr") else DistanceRounding.FLOOR1


def _number(token: str, path: Path, line_no: int, what: str) -> float:
    try:
        value = float(token)
    except ValueError:
        msg = f"{what} is not a number ({token!r})"
        raise DataSourceError(str(path), f"line {line_no}", msg) from None
    if not math.isfinite(value):
        msg = f"{what} is not finite ({token!r})"
        raise DataSourceError(str(path), f"line {line_no}", msg)
    return value


def _integer(token: str, path: Path, line_no: int, what: str) -> int:
    value = _number(token, path, line_no, what)
    if value != int(value):
        msg = f"{what} must be an integer ({token!r})"
        raise DataSourceError(str(path), f"line {line_no}", msg)
    return int(value)


def _check_vertex(
    path: Path, line_no: int, service: float, score: int, window: tuple[float, float]
) -> None:
    reason = ""
    if service < 0:
        reason = f"service duration d must be >= 0 (got {service})"
    elif score < 0:
        reason = f"score S must be >= 0 (got {score})"
    elif window[1] < window[0]:
        reason = f"closing C ({window[1]}) is before opening O ({window[0]})"
    if reason:
        raise DataSourceError(str(path), f"line {line_no}", reason)


def load_toptw(
    path: Path | str, *, rounding: DistanceRounding | None = None
) -> OrienteeringInstance:
    """Read one TOPTW instance file.

    Parameters
    ----------
    path
        The instance file, e.g. ``.../solomon/c101.txt``.
    rounding
        Distance rounding rule; by default inferred from the file name (:func:`rounding_for`).

    Returns
    -------
    OrienteeringInstance
        The instance, named after the file stem.

    Raises
    ------
    DataSourceError
        If the file cannot be read or is malformed (message names the line and the reason).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataSourceError(str(path), "", f"cannot read the file ({exc})") from exc
    lines = [(no, line.split()) for no, line in enumerate(text.splitlines(), start=1)]
    lines = [(no, fields) for no, fields in lines if fields]
    if len(lines) < 2:  # noqa: PLR2004 - the header and the D Q line
        msg = "too short: expected a header, a 'D Q' line and vertex lines"
        raise DataSourceError(str(path), f"line {len(lines) + 1}", msg)
    header_no, header = lines[0]
    if len(header) < _MIN_HEADER_FIELDS:
        msg = f"header must be 'k v N t' (got {' '.join(header)!r})"
        raise DataSourceError(str(path), f"line {header_no}", msg)
    routes_needed = _integer(header[1], path, header_no, "v (routes needed)")
    customers = _integer(header[2], path, header_no, "N (customers)")
    if customers < 0:
        msg = f"N (customers) must be >= 0 (got {customers})"
        raise DataSourceError(str(path), f"line {header_no}", msg)
    vertex_lines = lines[2:]
    if len(vertex_lines) != customers + 1:
        last_no = lines[-1][0]
        msg = f"expected {customers + 1} vertex lines (N = {customers}), got {len(vertex_lines)}"
        raise DataSourceError(str(path), f"line {last_no}", msg)
    coords: list[tuple[float, float]] = []
    service: list[float] = []
    score: list[int] = []
    opens: list[float] = []
    closes: list[float] = []
    for expected_id, (no, fields) in enumerate(vertex_lines):
        if len(fields) < _MIN_VERTEX_FIELDS:
            msg = f"a vertex line needs at least {_MIN_VERTEX_FIELDS} fields, got {len(fields)}"
            raise DataSourceError(str(path), f"line {no}", msg)
        vertex_id = _integer(fields[0], path, no, "vertex id")
        if vertex_id != expected_id:
            msg = f"vertex id {vertex_id} out of sequence (expected {expected_id})"
            raise DataSourceError(str(path), f"line {no}", msg)
        coords.append((_number(fields[1], path, no, "x"), _number(fields[2], path, no, "y")))
        service.append(_number(fields[3], path, no, "service duration d"))
        score.append(_integer(fields[4], path, no, "score S"))
        opens.append(_number(fields[-2], path, no, "opening O"))
        closes.append(_number(fields[-1], path, no, "closing C"))
        _check_vertex(path, no, service[-1], score[-1], (opens[-1], closes[-1]))
    try:
        return OrienteeringInstance(
            name=path.stem,
            coords=tuple(coords),
            service=tuple(service),
            score=tuple(score),
            open=tuple(opens),
            close=tuple(closes),
            rounding=rounding if rounding is not None else rounding_for(path.stem),
            routes_needed=routes_needed,
        )
    except InvalidInputError as exc:
        raise DataSourceError(str(path), "", str(exc)) from exc
