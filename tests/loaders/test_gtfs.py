"""GTFS loader: the real SNCF TGV feed, the real-format fixtures, and broken feeds."""

from __future__ import annotations

import datetime as dt
import shutil
from typing import TYPE_CHECKING

import numpy as np
import pytest
from tests.fixtures_transit import BROKEN_FEEDS, COACH_FEED, TER_FEED, TGV_FEED, timetable

from itinera.errors import DataSourceError, InvalidInputError
from itinera.loaders.gtfs import load_gtfs, load_gtfs_feeds
from itinera.model.link import Mode
from itinera.model.timetable import LOCATION_STATION, mode_from_route_type

if TYPE_CHECKING:
    from pathlib import Path

    from itinera.model.timetable import Timetable

H = 3600


def _times(tt: Timetable, trip_id: str) -> list[tuple[str, int, int]]:
    t = next(i for i, trip in enumerate(tt.trips) if trip.trip_id == trip_id)
    rows = tt.trip_stop_times(t)
    return [
        (tt.stops[s].stop_id, int(a), int(d))
        for s, a, d in zip(
            tt.stop_time_stop[rows], tt.arrival_s[rows], tt.departure_s[rows], strict=True
        )
    ]


# -- the real TGV feed ---------------------------------------------------------------------


def test_load_gtfs_reads_the_whole_tgv_feed() -> None:
    tt = timetable("tgv")
    assert tt.summary() == {
        "stops": 515,
        "routes": 86,
        "trips": 3078,
        "stop_times": 17044,
        "services": 630,
    }
    assert tt.timezone == "Europe/Paris"
    assert tt.validity == (dt.date(2025, 1, 22), dt.date(2025, 2, 21))
    assert tt.feeds[0].version == "2025-01-22"
    assert sum(s.location_type == LOCATION_STATION for s in tt.stops) == 222
    assert tt.transfers == ()  # the feed's transfers.txt has a header only


def test_load_gtfs_keeps_tgv_times_past_midnight_and_boarding_rules() -> None:
    tt = timetable("tgv")
    assert int(tt.arrival_s.max()) == 31 * H + 20 * 60  # 31:20:00
    assert int((~tt.pickup).sum()) == 3464 + 45  # pickup_type=1 rows
    assert int((~tt.drop_off).sum()) == 3588 + 45  # drop_off_type=1 rows
    starts = tt.trip_start[:-1]
    assert not tt.drop_off[starts].any()  # nobody alights where a TGV starts


def test_load_gtfs_reads_the_carcassonne_tgv_of_the_source_notes() -> None:
    tt = timetable("tgv")
    carcassonne = tt.boarding_stops("StopArea:OCE87615286")
    lyon = tt.boarding_stops("StopArea:OCE87723197")
    found = []
    for t in range(tt.n_trips):
        rows = range(*tt.trip_stop_times(t).indices(tt.n_stop_times))
        at = {int(tt.stop_time_stop[i]): i for i in rows}
        c = next((at[s] for s in carcassonne if s in at), None)
        lyon_row = next((at[s] for s in lyon if s in at), None)
        if c is not None and lyon_row is not None and tt.departure_s[lyon_row] == 6 * H + 40 * 60:
            found.append(int(tt.arrival_s[c]))
    assert 10 * H + 7 * 60 in found


def test_load_gtfs_service_dates_come_from_calendar_dates_only() -> None:
    tt = timetable("tgv")
    saturdays = tuple(dt.date(2025, 1, 25) + dt.timedelta(weeks=k) for k in range(4))
    assert tt.service_dates("000001") == saturdays  # four date rows in calendar_dates.txt
    assert tt.trips_on(dt.date(2025, 2, 3)).sum() > 0
    assert tt.trips_on(dt.date(2024, 12, 25)).sum() == 0


def test_timetable_arrays_are_not_writeable() -> None:
    tt = timetable("tgv")
    with pytest.raises(ValueError, match="read-only"):
        tt.arrival_s[0] = 0
    with pytest.raises(ValueError, match="read-only"):
        tt.service_days[0, 0] = True


# -- the fixtures --------------------------------------------------------------------------


def test_load_gtfs_applies_calendar_exceptions() -> None:
    tt = timetable("ter")
    monday, works_monday, saturday = dt.date(2025, 1, 27), dt.date(2025, 2, 3), dt.date(2025, 2, 8)
    weekday = tt.service_dates("WK")
    assert monday in weekday
    assert works_monday not in weekday
    assert works_monday in tt.service_dates("WE")
    assert saturday not in weekday
    assert tt.service_dates("MKT")[:2] == (dt.date(2025, 1, 25), dt.date(2025, 2, 1))
    assert len(tt.service_dates("MKT")) == 7


def test_load_gtfs_expands_frequencies_into_trips() -> None:
    tt = timetable("ter")
    runs = [t.trip_id for t in tt.trips if t.trip_id.startswith("NAV-UP")]
    # 07:00-20:00 every 20 min, then 20:00-22:00 every 30 min; the template itself is gone
    assert len(runs) == 39 + 4
    assert runs[0] == "NAV-UP@07:00:00"
    assert runs[-1] == "NAV-UP@21:30:00"
    assert "NAV-UP" not in {t.trip_id for t in tt.trips}
    assert _times(tt, "NAV-UP@21:30:00") == [
        ("CARC_BUS", 21 * H + 30 * 60, 21 * H + 30 * 60),
        ("BASTIDE", 21 * H + 36 * 60, 21 * H + 36 * 60),
        ("CITE", 21 * H + 45 * 60, 21 * H + 45 * 60),
    ]


def test_load_gtfs_sorts_stop_times_and_interpolates_untimed_stops() -> None:
    tt = timetable("ter")
    # rows of TN-W-0930 are out of order in the file; stop_sequence decides
    assert [s for s, _, _ in _times(tt, "TN-W-0930")] == ["NARB:1", "LEZ", "CARC:2", "TLS:1"]
    # Lézignan has no times on TN-E-1210: halfway between 13:05 and 13:42, by stop count
    lez = _times(tt, "TN-E-1210")[2]
    assert lez == ("LEZ", 13 * H + 23 * 60 + 30, 13 * H + 23 * 60 + 30)


def test_load_gtfs_reads_quoted_fields_with_bom_and_crlf() -> None:
    tt = timetable("ter")
    names = {s.stop_id: s for s in tt.stops}
    assert names["CARC:1"].name == "Carcassonne, voie 1"
    assert names["CARC:1"].parent_station == "CARC"
    assert names["CARC:2"].wheelchair_boarding == 2
    assert "CARC:BA" not in names  # a boarding area: no coordinates, not routable
    assert names["CARC:E"].location_type == 2
    assert tt.boarding_stops("CARC") == (tt.stop_index("CARC:1"), tt.stop_index("CARC:2"))
    route = next(r for r in tt.routes if r.route_id == "TN")
    assert route.long_name == "Toulouse - Carcassonne - Narbonne"
    assert route.mode is Mode.TRAIN
    assert tt.feeds[0].start_date == dt.date(2025, 1, 20)


def test_load_gtfs_reads_transfers_and_skips_route_scoped_ones() -> None:
    tt = timetable("ter")
    rules = {
        (t.from_stop_id, t.to_stop_id): (t.transfer_type, t.min_transfer_s) for t in tt.transfers
    }
    assert rules == {
        ("CARC:1", "CARC_BUS"): (2, 420),
        ("CARC:2", "CARC_BUS"): (2, 420),
        ("CARC_BUS", "CARC"): (2, 600),
        ("NARB:1", "NARB:1"): (2, 600),
        ("CARC_BUS", "BASTIDE"): (3, None),
    }


def test_load_gtfs_reads_a_zip_with_files_in_a_folder() -> None:
    tt = timetable("coach")
    assert tt.summary()["trips"] == 3
    assert tt.routes[0].mode is Mode.COACH  # extended route_type 200
    assert tt.service_dates("2") == (
        dt.date(2025, 1, 29),
        dt.date(2025, 2, 5),
        dt.date(2025, 2, 12),
    )


def test_load_gtfs_feeds_namespaces_ids_so_feeds_never_collide() -> None:
    merged, ter, coach = timetable("merged"), timetable("ter"), timetable("coach")
    assert merged.n_stops == ter.n_stops + coach.n_stops
    assert merged.n_stop_times == ter.n_stop_times + coach.n_stop_times
    assert "coach:1" in {s.stop_id for s in merged.stops}
    assert "ter:CARC:1" in {s.stop_id for s in merged.stops}
    assert merged.stops[merged.stop_index("ter:CARC:1")].parent_station == "ter:CARC"
    assert merged.service_dates("coach:2") == coach.service_dates("2")
    assert merged.service_dates("ter:WK") == ter.service_dates("WK")
    assert _times(merged, "coach:1")[0] == ("coach:1", 8 * H + 15 * 60, 8 * H + 15 * 60)
    assert merged.validity == (dt.date(2025, 1, 6), dt.date(2025, 3, 31))


def test_load_gtfs_with_feed_id_namespaces_a_single_feed() -> None:
    tt = load_gtfs(COACH_FEED, feed_id="cars")
    assert tt.trips[0].trip_id == "cars:1"
    assert tt.trips[0].route_id == "cars:1"


def test_mode_from_route_type_covers_basic_and_extended_types() -> None:
    assert mode_from_route_type(0) is Mode.TRAIN  # tram
    assert mode_from_route_type(3) is Mode.BUS
    assert mode_from_route_type(4) is Mode.BOAT
    assert mode_from_route_type(102) is Mode.TRAIN
    assert mode_from_route_type(200) is Mode.COACH
    assert mode_from_route_type(715) is Mode.BUS
    assert mode_from_route_type(1200) is Mode.BOAT


def test_timetable_stop_index_raises_when_stop_is_unknown() -> None:
    with pytest.raises(InvalidInputError, match=r"stop_id: unknown stop \(got 'nowhere'\)"):
        timetable("ter").stop_index("nowhere")


# -- broken feeds --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("feed", "file", "location", "reason"),
    [
        (
            "bad-time",
            "stop_times.txt",
            "line 4",
            "arrival_time: not a GTFS time H:MM:SS (got '25:6x:00')",
        ),
        ("unknown-stop", "stop_times.txt", "line 6", "stop_id: not in stops.txt (got 'Z')"),
        (
            "repeated-sequence",
            "stop_times.txt",
            "line 7",
            "stop_sequence: repeats within the trip (got '2')",
        ),
        (
            "backwards-time",
            "stop_times.txt",
            "line 4",
            "arrival_time: earlier than the departure from the previous stop (got '08:05:00')",
        ),
        (
            "missing-column",
            "trips.txt",
            "line 1",
            "service_id: required column is missing (got route_id, trip_id)",
        ),
        ("missing-file", "stop_times.txt", "", "required file is missing"),
        (
            "unknown-service",
            "trips.txt",
            "line 3",
            "service_id: not in calendar(_dates).txt (got 'S9')",
        ),
    ],
)
def test_load_gtfs_raises_when_feed_is_broken(
    feed: str, file: str, location: str, reason: str
) -> None:
    path = BROKEN_FEEDS / feed
    with pytest.raises(DataSourceError) as caught:
        load_gtfs(path)
    assert caught.value.path == f"{path}/{file}"
    assert caught.value.location == location
    assert caught.value.reason == reason


def _copy_of(base: Path, tmp_path: Path) -> Path:
    feed = tmp_path / "feed"
    shutil.copytree(base, feed)
    return feed


def _edit(feed: Path, name: str, old: str, new: str) -> None:
    text = (feed / name).read_bytes().decode("utf-8")
    assert old in text
    (feed / name).write_bytes(text.replace(old, new).encode("utf-8"))


@pytest.mark.parametrize(
    ("name", "old", "new", "location", "reason"),
    [
        (
            "calendar.txt",
            "WE,0,0,0,0,0,1,1",
            "WE,0,0,0,0,0,1,2",
            "line 3",
            "sunday: not 0 or 1 (got '2')",
        ),
        (
            "calendar.txt",
            "20250120,20250331\nDLY",
            "2025-01-20,20250331\nDLY",
            "line 3",
            "start_date: not a date YYYYMMDD (got '2025-01-20')",
        ),
        (
            "stops.txt",
            "LEZ,,Lézignan-Corbières,43.20080",
            "LEZ,,Lézignan-Corbières,143.2",
            "line 11",
            "stop_lat: not a latitude (got '143.2')",
        ),
        (
            "stops.txt",
            "QUIL,,Quillan",
            "COUZ,,Quillan",
            "line 18",
            "stop_id: repeats an earlier row (got 'COUZ')",
        ),
        (
            "routes.txt",
            "NAV,CITY,N,",
            "TN,CITY,N,",
            "line 4",
            "route_id: repeats an earlier row (got 'TN')",
        ),
        (
            "trips.txt",
            "LS,MKT,LS-OUT",
            "LX,MKT,LS-OUT",
            "line 23",
            "route_id: not in routes.txt (got 'LX')",
        ),
        (
            "frequencies.txt",
            "NAV-UP,07:00:00,20:00:00,1200",
            "NAV-UP,07:00:00,20:00:00,0",
            "line 2",
            "headway_secs: not an int in 1-86400 (got '0')",
        ),
        (
            "transfers.txt",
            "NARB:1,NARB:1",
            "NARB:1,NARB:9",
            "line 5",
            "to_stop_id: not in stops.txt (got 'NARB:9')",
        ),
        (
            "agency.txt",
            '"Europe/Paris","fr",""\r\n"CITY"',
            '"Europe/Pariss","fr",""\r\n"CITY"',
            "line 2",
            "agency_timezone: unknown IANA time zone (got 'Europe/Pariss')",
        ),
        (
            "stop_times.txt",
            "NAV-UP,07:06:00,07:06:00,BASTIDE",
            "NAV-UP,07:06:00,07:06:00,CARC",
            "line 79",
            "stop_id: a station or entrance, not a stop or platform (got 'CARC')",
        ),
        (
            "stop_times.txt",
            "NAV-UP,07:06:00,07:06:00",
            "NAV-UP,07:06:00,07:05:00",
            "line 79",
            "departure_time: earlier than arrival_time (got '07:05:00')",
        ),
        (
            "stop_times.txt",
            "CQ-S-0705,07:05:00,07:05:00",
            "CQ-S-0705,,",
            "line 54",
            "arrival_time: required at a trip's first and last stop",
        ),
    ],
)
def test_load_gtfs_raises_on_a_bad_value_naming_line_and_column(
    tmp_path: Path, name: str, old: str, new: str, location: str, reason: str
) -> None:
    feed = _copy_of(TER_FEED, tmp_path)
    _edit(feed, name, old, new)
    with pytest.raises(DataSourceError) as caught:
        load_gtfs(feed)
    assert (caught.value.path, caught.value.location, caught.value.reason) == (
        f"{feed}/{name}",
        location,
        reason,
    )


def test_load_gtfs_raises_when_no_calendar_file(tmp_path: Path) -> None:
    feed = _copy_of(TER_FEED, tmp_path)
    (feed / "calendar.txt").unlink()
    (feed / "calendar_dates.txt").unlink()
    with pytest.raises(
        DataSourceError, match=r"calendar\.txt or calendar_dates\.txt: at least one"
    ):
        load_gtfs(feed)


def test_load_gtfs_works_without_optional_files(tmp_path: Path) -> None:
    feed = _copy_of(TER_FEED, tmp_path)
    for name in ("frequencies.txt", "transfers.txt", "feed_info.txt"):
        (feed / name).unlink()
    tt = load_gtfs(feed)
    assert tt.transfers == ()
    assert "NAV-UP" in {t.trip_id for t in tt.trips}  # the template, now a plain trip
    assert tt.feeds[0].start_date is None
    assert tt.validity == (dt.date(2025, 1, 20), dt.date(2025, 3, 31))


def test_load_gtfs_raises_when_file_is_not_utf8(tmp_path: Path) -> None:
    feed = _copy_of(TER_FEED, tmp_path)
    data = (feed / "routes.txt").read_bytes().replace(b"Carcassonne", b"Carcass\xe9nne", 1)
    (feed / "routes.txt").write_bytes(data)
    with pytest.raises(
        DataSourceError, match=r"routes.txt:line 2: not UTF-8 text \(got byte 0xe9\)"
    ):
        load_gtfs(feed)


def test_load_gtfs_raises_when_path_is_not_a_feed(tmp_path: Path) -> None:
    bogus = tmp_path / "feed.zip"
    bogus.write_text("not a zip")
    with pytest.raises(DataSourceError, match="not a GTFS folder or zip file"):
        load_gtfs(bogus)


def test_load_gtfs_feeds_raises_when_time_zones_differ(tmp_path: Path) -> None:
    feed = _copy_of(TER_FEED, tmp_path)
    text = (
        (feed / "agency.txt")
        .read_bytes()
        .decode("utf-8-sig")
        .replace("Europe/Paris", "Europe/Lisbon")
    )
    (feed / "agency.txt").write_text(text, encoding="utf-8")
    with pytest.raises(
        DataSourceError, match=r"agency_timezone: differs from Europe/Paris .*Lisbon"
    ):
        load_gtfs_feeds({"tgv": TGV_FEED, "ter": feed})


def test_load_gtfs_feeds_merges_the_real_tgv_feed_with_fixtures() -> None:
    tt = load_gtfs_feeds({"tgv": TGV_FEED, "ter": TER_FEED, "coach": COACH_FEED})
    assert tt.n_trips == 3078 + timetable("ter").n_trips + 3
    tgv_carcassonne = tt.stops[tt.stop_index("tgv:StopPoint:OCETGV INOUI-87615286")]
    assert tgv_carcassonne.name == "Carcassonne"
    assert np.array_equal(
        tt.service_days[tt.service_ids.index("tgv:000001")].nonzero()[0],
        np.array([(d - tt.first_date).days for d in timetable("tgv").service_dates("000001")]),
    )
