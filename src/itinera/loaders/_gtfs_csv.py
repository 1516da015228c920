"""GTFS text files from a folder or a zip: CSV rows with their line numbers, and value parsers.

Tolerates what real feeds do: a UTF-8 byte-order mark, CRLF line ends, quoted fields (commas
and newlines inside quotes), blank lines, padding spaces, extra columns and a zip whose files
sit in a single sub-folder. Every error names the file, the line and the column, with the
offending value: ``stop_times.txt:line 7: arrival_time: not a GTFS time H:MM:SS (got
'25:6x:00')``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn, TypeVar

from itinera.errors import DataSourceError

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

T = TypeVar("T")

_TIME = re.compile(r"(\d{1,3}):([0-5]\d):([0-5]\d)")
_DATE = re.compile(r"\d{8}")


class FeedSource:
    """A GTFS feed on disk: a folder of ``.txt`` files or a ``.zip`` of them.

    Raises
    ------
    DataSourceError
        When ``path`` is neither a folder nor a readable zip file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip_names: dict[str, str] = {}
        if path.is_dir():
            return
        if not path.is_file() or not zipfile.is_zipfile(path):
            raise DataSourceError(str(path), "", "not a GTFS folder or zip file")
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                base = name.rsplit("/", 1)[-1]
                if base.endswith(".txt") and "__MACOSX" not in name:
                    self._zip_names.setdefault(base, name)

    def label(self, name: str) -> str:
        """Return how messages name file ``name`` of this feed."""
        return f"{self.path}/{name}"

    def has(self, name: str) -> bool:
        """Return whether the feed contains file ``name``."""
        if self.path.is_dir():
            return (self.path / name).is_file()
        return name in self._zip_names

    def text(self, name: str) -> str:
        """Return the decoded text of file ``name`` (UTF-8, byte-order mark dropped)."""
        if self.path.is_dir():
            data = (self.path / name).read_bytes()
        else:
            with zipfile.ZipFile(self.path) as archive:
                data = archive.read(self._zip_names[name])
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            msg = f"not UTF-8 text (got byte {data[exc.start]:#04x})"
            raise DataSourceError(self.label(name), f"line {line}", msg) from None


@dataclass(frozen=True, slots=True)
class Table:
    """The rows of one GTFS file, each with the line it ends on in the file."""

    label: str
    columns: dict[str, int]
    rows: list[list[str]]
    lines: list[int]

    def __len__(self) -> int:
        return len(self.rows)

    def has(self, column: str) -> bool:
        """Return whether the file has ``column``."""
        return column in self.columns

    def values(self, column: str, default: str = "") -> list[str]:
        """Return the stripped values of ``column`` (``default`` everywhere if it is absent)."""
        j = self.columns.get(column)
        if j is None:
            return [default] * len(self.rows)
        return [row[j] for row in self.rows]

    def fail(self, row: int, column: str, reason: str, value: str | None = None) -> NoReturn:
        """Raise a :class:`DataSourceError` for ``column`` of row ``row`` (0-based)."""
        got = "" if value is None else f" (got {value!r})"
        raise DataSourceError(self.label, f"line {self.lines[row]}", f"{column}: {reason}{got}")


def read_table(source: FeedSource, name: str, required: tuple[str, ...]) -> Table:
    """Return the rows of file ``name``, checking that the ``required`` columns are present.

    Raises
    ------
    DataSourceError
        When the file is missing, empty, not UTF-8, or lacks a required column.
    """
    label = source.label(name)
    if not source.has(name):
        raise DataSourceError(label, "", "required file is missing")
    reader = csv.reader(io.StringIO(source.text(name), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DataSourceError(label, "line 1", "empty file, no header") from None
    except csv.Error as exc:
        raise DataSourceError(label, "line 1", f"bad CSV ({exc})") from None
    columns: dict[str, int] = {}
    for j, column in enumerate(header):
        columns.setdefault(column.strip().lstrip("\ufeff").strip('"'), j)
    for column in required:
        if column not in columns:
            msg = f"{column}: required column is missing (got {', '.join(columns)})"
            raise DataSourceError(label, "line 1", msg)
    width = len(header)
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for row in reader:
            values = [v.strip() for v in row]
            if not any(values):
                continue
            if len(values) < width:
                values.extend([""] * (width - len(values)))
            rows.append(values)
            lines.append(reader.line_num)
    except csv.Error as exc:
        raise DataSourceError(label, f"line {reader.line_num}", f"bad CSV ({exc})") from None
    return Table(label=label, columns=columns, rows=rows, lines=lines)


def parse_time(value: str) -> int | None:
    """Return GTFS time ``H:MM:SS`` as seconds, None when empty.

    Raises
    ------
    ValueError
        When the value is not a GTFS time.
    """
    if not value:
        return None
    match = _TIME.fullmatch(value)
    if match is None:
        raise ValueError(value)
    hours, minutes, seconds = match.groups()
    return int(hours) * 3600 + int(minutes) * 60 + int(seconds)


def parse_date(value: str) -> dt.date:
    """Return GTFS date ``YYYYMMDD`` as a date.

    Raises
    ------
    ValueError
        When the value is not a valid date.
    """
    if not _DATE.fullmatch(value):
        raise ValueError(value)
    return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))


def column_values(
    table: Table,
    column: str,
    parse: Callable[[str], T],
    reason: str,
    *,
    default: str = "",
) -> list[T]:
    """Return ``parse`` applied to every value of ``column``, failing on the first bad one.

    Repeated values are parsed once (stop times repeat the same clock times many times).
    """
    cache: dict[str, T] = {}
    out: list[T] = []
    for i, value in enumerate(table.values(column, default)):
        try:
            parsed = cache[value]
        except KeyError:
            try:
                parsed = parse(value)
            except (ValueError, KeyError, OverflowError):
                table.fail(i, column, reason, value)
            cache[value] = parsed
        out.append(parsed)
    return out


def int_in(low: int, high: int, *, empty: int | None = None) -> Callable[[str], int]:
    """Return a parser of integers between ``low`` and ``high`` (``empty`` for a blank)."""

    def parse(value: str) -> int:
        if not value and empty is not None:
            return empty
        number = int(value)
        if not low <= number <= high:
            raise ValueError(value)
        return number

    return parse


def float_in(low: float, high: float) -> Callable[[str], float]:
    """Return a parser of decimal numbers between ``low`` and ``high``."""

    def parse(value: str) -> float:
        number = float(value)
        if not low <= number <= high:
            raise ValueError(value)
        return number

    return parse
