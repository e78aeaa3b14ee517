"""Convert between the exchange's US/Eastern wall times and the UTC instants the store keeps.

Alpha Vantage writes intraday times as US/Eastern wall times ("2024-03-08 15:45:00"). Each spring
one wall hour does not exist (02:00-02:59 on 2024-03-10) and each autumn one happens twice (01:00-01:59
on 2024-11-03). Conversions go through zoneinfo, never a fixed offset. Stored instants are naive
datetimes in UTC (what DATETIME columns hold).
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from financial.ingest.parse import RowError, parse_date

# Alpha Vantage calls it "US/Eastern", a legacy alias that Debian ships only in tzdata-legacy.
EASTERN = ZoneInfo("America/New_York")
NONEXISTENT = "nonexistent wall time (spring-forward hour)"
BAD_TIMESTAMP = "bad timestamp"
_WALL = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})\Z", re.ASCII)


class NaiveDatetime(ValueError):
    """A datetime without an offset: which instant it names is unknown."""


def parse_wall(text: object) -> datetime:
    """Return the naive wall time written exactly `YYYY-MM-DD HH:MM:SS`, or raise RowError."""
    match = _WALL.match(text) if isinstance(text, str) else None
    if match is None:
        raise RowError(BAD_TIMESTAMP)
    day = parse_date(match.group(1))
    try:
        clock = time(int(match.group(2)), int(match.group(3)), int(match.group(4)))
    except ValueError:
        raise RowError(BAD_TIMESTAMP) from None
    return datetime.combine(day, clock)


def wall_to_utc(wall: datetime) -> datetime:
    """Return the naive UTC instant of an Eastern wall time; RowError(NONEXISTENT) in the spring gap.

    A repeated autumn wall time is its first occurrence (fold=0, still daylight time), so a later
    answer for the same wall time lands on the same instant: an update, never a second bar.
    """
    instant = wall.replace(tzinfo=EASTERN, fold=0).astimezone(UTC)
    if instant.astimezone(EASTERN).replace(tzinfo=None) != wall:
        raise RowError(NONEXISTENT)
    return instant.replace(tzinfo=None)


def utc_from_text(text: object) -> datetime:
    """Return the naive UTC instant of an Alpha Vantage wall-time text, or raise RowError."""
    return wall_to_utc(parse_wall(text))


def to_utc(moment: datetime) -> datetime:
    """Return an aware datetime as a naive UTC instant; NaiveDatetime for one without an offset."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise NaiveDatetime("a datetime needs an offset such as -05:00 or Z")
    return moment.astimezone(UTC).replace(tzinfo=None)


@functools.lru_cache(maxsize=4096)
def day_start(day: date) -> datetime:
    """Return the naive UTC instant at which `day` begins on the exchange (Eastern midnight).

    Kept per process: every request naming a date converts it twice (validation, then the query).
    """
    return datetime.combine(day, time(0), tzinfo=EASTERN).astimezone(UTC).replace(tzinfo=None)


def bounds(start: date | datetime | None, end: date | datetime | None) -> tuple[datetime | None, datetime | None]:
    """Return the half-open UTC range [from, before) a request's start and end name.

    A date is the whole Eastern day (23 or 25 hours long on the DST days); a datetime must have an
    offset and is an inclusive instant.
    """
    low = high = None
    if start is not None:
        low = to_utc(start) if isinstance(start, datetime) else day_start(start)
    if end is not None:
        high = to_utc(end) + timedelta(microseconds=1) if isinstance(end, datetime) else day_start(end + timedelta(1))
    return low, high


@functools.lru_cache(maxsize=8192)
def _local_hour(hour: str) -> tuple[str, str]:
    """Return the Eastern wall hour ("2024-03-08T15") and offset ("-05:00") of a UTC hour ("2024-03-08 20")."""
    local = datetime.fromisoformat(f"{hour}:00").replace(tzinfo=UTC).astimezone(EASTERN).isoformat()
    return local[:13], local[19:]


def eastern_iso(instant: datetime | str) -> str:
    """Return a stored UTC instant as ISO 8601 in Eastern time with its offset at that instant.

    Eastern's offset is a whole number of hours and changes only on a whole UTC hour, so each UTC
    hour maps to one Eastern wall hour: the minutes and seconds are copied, not computed (a page
    renders hundreds of bars). SQLite answers with the stored text, MySQL with a datetime.
    """
    text = instant if isinstance(instant, str) else instant.isoformat(" ")
    if len(text) > 19 and text[20:].strip("0"):  # a fraction of a second: never a bar, but exact anyway
        moment = datetime.fromisoformat(text).replace(tzinfo=UTC).astimezone(EASTERN)
        return moment.isoformat()
    hour, offset = _local_hour(text[:13])
    return f"{hour}{text[13:19]}{offset}"


_HOUR_US = 3_600_000_000
_CLOCK = tuple(f":{second // 60:02d}:{second % 60:02d}" for second in range(3600))  # ":MM:SS" of each second


@functools.lru_cache(maxsize=8192)
def _local_hour_at(hour: int) -> tuple[str, str]:
    """Return the Eastern wall hour and offset of the `hour`-th UTC hour since 1970 (as _local_hour)."""
    local = (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(hours=hour)).astimezone(EASTERN).isoformat()
    return local[:13], local[19:]


def eastern_iso_us(us: int) -> str:
    """Return eastern_iso of the instant `us` microseconds after 1970-01-01 UTC (how held bars keep time)."""
    hour, within = divmod(us, _HOUR_US)
    if within % 1_000_000:  # a fraction of a second: never a bar, but exact anyway
        return eastern_iso(datetime(1970, 1, 1) + timedelta(microseconds=us))
    wall, offset = _local_hour_at(hour)
    return f"{wall}{_CLOCK[within // 1_000_000]}{offset}"


def eastern_day(instant: datetime) -> date:
    """Return the exchange's calendar day of a naive UTC instant."""
    return instant.replace(tzinfo=UTC).astimezone(EASTERN).date()
