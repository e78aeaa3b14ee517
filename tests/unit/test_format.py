"""Prices render with full precision and two decimals at least; pages are ceil(count / limit); JSON is strict."""

from __future__ import annotations

from decimal import Decimal

import orjson
import pytest

from app.serialize import json_response
from financial.prices import PricePage, format_price


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("139.5800", "139.58"),
        ("140.0000", "140.00"),
        ("140", "140.00"),
        ("139.5825", "139.5825"),
        ("139.5820", "139.582"),
        ("0.0001", "0.0001"),
        ("0", "0.00"),
        ("1E+2", "100.00"),  # exponent form from a driver must still print plain digits
        ("12345678901234.5000", "12345678901234.50"),
    ],
)
def test_format_price(stored, shown):
    assert format_price(Decimal(stored)) == shown


@pytest.mark.parametrize(
    ("count", "limit", "pages"),
    [(0, 5, 0), (1, 5, 1), (5, 5, 1), (6, 5, 2), (20, 3, 7), (1000, 1000, 1), (1001, 1000, 2)],
)
def test_pages_round_up_and_are_zero_when_empty(count, limit, pages):
    page = PricePage(records=[], count=count, page=1, limit=limit)

    assert page.pagination() == {"count": count, "page": 1, "limit": limit, "pages": pages}


def test_json_never_writes_nan_or_infinity():
    body = json_response({"a": float("nan"), "b": float("inf"), "c": float("-inf")}).get_data()

    assert orjson.loads(body) == {"a": None, "b": None, "c": None}


def test_json_writes_integers_beyond_64_bits_exactly():
    response = json_response({"page": 10**30, "price": "1.00"})

    assert response.get_data() == b'{"page":1000000000000000000000000000000,"price":"1.00"}'
    assert response.mimetype == "application/json"
