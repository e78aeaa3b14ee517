"""US/Eastern wall times to UTC and back, across both 2024 DST changes, and request bounds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from financial.ingest.parse import RowError
from financial.intraday import EASTERN, NONEXISTENT, NaiveDatetime, bounds, eastern_iso, wall_to_utc
from financial.intraday.clock import eastern_iso_us, parse_wall, utc_from_text


def test_winter_and_summer_wall_times_get_their_own_offsets():
    assert utc_from_text("2024-03-08 15:45:00") == datetime(2024, 3, 8, 20, 45)  # EST, UTC-5
    assert utc_from_text("2024-03-11 15:45:00") == datetime(2024, 3, 11, 19, 45)  # EDT, UTC-4
    assert utc_from_text("2024-11-04 09:30:00") == datetime(2024, 11, 4, 14, 30)  # EST again


def test_the_spring_forward_hour_does_not_exist():
    assert utc_from_text("2024-03-10 01:45:00") == datetime(2024, 3, 10, 6, 45)
    for text in ("2024-03-10 02:00:00", "2024-03-10 02:30:00", "2024-03-10 02:59:59"):
        with pytest.raises(RowError) as caught:
            utc_from_text(text)
        assert caught.value.reason == NONEXISTENT
    assert utc_from_text("2024-03-10 03:00:00") == datetime(2024, 3, 10, 7, 0)


def test_a_repeated_fall_back_wall_time_is_its_first_occurrence():
    # 01:30 happens at 05:30 UTC (EDT) and again at 06:30 UTC (EST); the first one is kept.
    assert utc_from_text("2024-11-03 01:30:00") == datetime(2024, 11, 3, 5, 30)
    assert utc_from_text("2024-11-03 00:59:00") == datetime(2024, 11, 3, 4, 59)
    assert utc_from_text("2024-11-03 02:00:00") == datetime(2024, 11, 3, 7, 0)


def test_conversion_agrees_with_an_independent_offset_table_all_year():
    # The US rule since 2007: EDT from the second Sunday of March 02:00 to the first Sunday of November 02:00.
    start = datetime(2024, 3, 10, 3)
    end = datetime(2024, 11, 3, 1, 59)
    wall = datetime(2024, 1, 1, 12)
    while wall.year == 2024:
        offset = 4 if start <= wall <= end else 5
        assert wall_to_utc(wall) == wall + timedelta(hours=offset), wall
        wall += timedelta(hours=7)


@pytest.mark.parametrize(
    "text", ["2024-03-08T15:45:00", "2024-03-08 15:45", "2024-03-08 25:00:00", "2024-02-30 10:00:00", "", None, 5]
)
def test_malformed_wall_times_are_bad_rows(text):
    with pytest.raises(RowError) as caught:
        parse_wall(text)
    assert caught.value.reason in ("bad timestamp", "bad date")


def test_stored_instants_render_with_the_offset_of_their_day():
    assert eastern_iso(datetime(2024, 3, 8, 20, 45)) == "2024-03-08T15:45:00-05:00"
    assert eastern_iso(datetime(2024, 3, 11, 19, 45)) == "2024-03-11T15:45:00-04:00"
    assert eastern_iso("2024-11-03 05:30:00.000000") == "2024-11-03T01:30:00-04:00"  # SQLite's text
    assert eastern_iso(datetime(2024, 11, 3, 6, 30)) == "2024-11-03T01:30:00-05:00"


def test_a_date_is_the_whole_eastern_day_even_when_it_is_23_or_25_hours_long():
    low, high = bounds(date(2024, 3, 10), date(2024, 3, 10))
    assert (low, high) == (datetime(2024, 3, 10, 5), datetime(2024, 3, 11, 4))
    assert high - low == timedelta(hours=23)
    low, high = bounds(date(2024, 11, 3), date(2024, 11, 3))
    assert high - low == timedelta(hours=25)


def test_datetimes_with_an_offset_are_inclusive_instants():
    eastern = timezone(timedelta(hours=-5))
    low, high = bounds(datetime(2024, 3, 8, 15, 45, tzinfo=eastern), datetime(2024, 3, 8, 20, 45, tzinfo=UTC))
    assert low == datetime(2024, 3, 8, 20, 45)
    assert high == datetime(2024, 3, 8, 20, 45, 0, 1)  # half-open: the end instant itself is in
    assert bounds(None, None) == (None, None)


def test_a_naive_datetime_names_no_instant():
    with pytest.raises(NaiveDatetime, match="offset"):
        bounds(datetime(2024, 3, 8, 15, 45), None)


def test_rendering_agrees_with_zoneinfo_at_every_quarter_hour_of_2024():
    instant = datetime(2023, 12, 31, 0, 0)
    while instant < datetime(2025, 1, 2):
        expected = instant.replace(tzinfo=UTC).astimezone(EASTERN).isoformat()
        assert eastern_iso(instant) == expected
        assert eastern_iso(instant.isoformat(" ") + ".000000") == expected  # SQLite's stored text
        assert eastern_iso_us((instant - datetime(1970, 1, 1)) // timedelta(microseconds=1)) == expected  # held bars
        instant += timedelta(minutes=15)
    assert eastern_iso("2024-03-08 20:45:00.250000") == "2024-03-08T15:45:00.250000-05:00"
    assert eastern_iso_us(1_709_930_700_250_000) == "2024-03-08T15:45:00.250000-05:00"


def test_rendering_microseconds_agrees_with_zoneinfo_at_every_second_around_both_changes():
    for change in (datetime(2024, 3, 10, 7), datetime(2024, 11, 3, 6)):  # 02:00 EST, 01:00 EST (UTC)
        for second in range(-3 * 3600, 3 * 3600, 7):
            instant = change + timedelta(seconds=second)
            expected = instant.replace(tzinfo=UTC).astimezone(EASTERN).isoformat()
            assert eastern_iso_us((instant - datetime(1970, 1, 1)) // timedelta(microseconds=1)) == expected
