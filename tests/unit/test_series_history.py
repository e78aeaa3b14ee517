"""The per-process histories: columns as read, bounded by rows and entries, least recently used out first."""

from __future__ import annotations

import numpy as np
import pytest

from financial.series.history import Histories, from_rows


def history(days: int):
    rows = [(str(np.datetime64("2024-01-01") + n), "1.5", "2", "1", "1.25", n) for n in range(days)]
    return from_rows(rows)


def test_rows_become_read_only_columns_in_date_order():
    found = from_rows([("2024-01-03", "3", "3", "3", "3", 3), ("2024-01-02", "139.5825", "140", "139", "139.9", 2)])

    assert np.datetime_as_string(found.days).tolist() == ["2024-01-02", "2024-01-03"]
    assert found.open.tolist() == [139.5825, 3.0] and found.volume.tolist() == [2, 3]
    with pytest.raises(ValueError, match="read-only"):
        found.close[0] = 0


def test_the_least_recently_used_history_goes_first_past_the_row_bound():
    held = Histories(rows=25, entries=10)
    held.put(("A", 1), history(10))
    held.put(("B", 1), history(10))
    held.get(("A", 1))  # A is now the most recently used

    held.put(("C", 1), history(10))

    assert held.get(("B", 1)) is None
    assert held.get(("A", 1)) is not None and held.get(("C", 1)) is not None


def test_entries_are_bounded_even_when_empty_and_one_large_history_is_kept():
    held = Histories(rows=5, entries=2)
    for symbol in "XYZ":
        held.put((symbol, 1), history(0))
    assert [held.get((s, 1)) is not None for s in "XYZ"] == [False, True, True]

    held.put(("BIG", 1), history(50))

    assert len(held.get(("BIG", 1))) == 50  # the one just read is always kept


def test_a_new_data_version_is_a_new_entry():
    held = Histories()
    held.put(("A", 1), history(3))

    assert held.get(("A", 2)) is None
