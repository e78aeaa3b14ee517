"""Know the NYSE's trading sessions: one exchange_calendars XNYS calendar per process.

exchange_calendars builds a calendar from 20 years before today unless told `start=`; the stored
histories begin in 1999-2000 (Alpha Vantage's full history, the bundled sample), so the calendar
starts well before them. It ends a year after today, exchange_calendars' default.
"""

from __future__ import annotations

import functools
import threading
import warnings
from datetime import date

import numpy as np

CALENDAR = "XNYS"
START = date(1970, 1, 2)  # the first session of 1970: covers any history Alpha Vantage serves
_lock = threading.Lock()


@functools.cache
def _sessions() -> np.ndarray:
    """Return every XNYS session from START to a year ahead, as sorted datetime64[D] values."""
    import exchange_calendars  # imported on first use: it costs a second at start-up

    with _lock, warnings.catch_warnings():
        # exchange_calendars 4.13 reads Series.values, which pandas 3.1 deprecates: its concern, not ours.
        warnings.filterwarnings("ignore", message="Series.values returning an ndarray")
        calendar = exchange_calendars.get_calendar(CALENDAR, start=START.isoformat())
        return calendar.sessions.to_numpy().astype("datetime64[D]")


def sessions_between(first: date | np.datetime64, last: date | np.datetime64) -> np.ndarray:
    """Return the sessions from `first` to `last` inclusive (datetime64[D]); days outside the calendar have none."""
    sessions = _sessions()
    low = np.searchsorted(sessions, np.datetime64(first, "D"), side="left")
    high = np.searchsorted(sessions, np.datetime64(last, "D"), side="right")
    return sessions[low:high]


def calendar_bounds() -> tuple[date, date]:
    """Return the first and last session the calendar knows."""
    sessions = _sessions()
    return sessions[0].astype(date), sessions[-1].astype(date)
