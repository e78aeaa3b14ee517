"""Company overviews and the corporate-action listing, stored and read back on each database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from financial.actions import list_actions, store_dividends, store_splits
from financial.companies import company_overview, names_of, parse_overview, store_company
from financial.storage import current_version, db
from tests.corporate import clear_action_tables

# The shape Alpha Vantage's OVERVIEW answers with (abridged; every value is a string).
IBM_OVERVIEW = {
    "Symbol": "IBM",
    "AssetType": "Common Stock",
    "Name": "International Business Machines",
    "Description": "International Business Machines Corporation (IBM) is an American multinational technology company.",
    "CIK": "51143",
    "Exchange": "NYSE",
    "Currency": "USD",
    "Country": "USA",
    "Sector": "TECHNOLOGY",
    "Industry": "COMPUTER & OFFICE EQUIPMENT",
    "FiscalYearEnd": "December",
    "LatestQuarter": "2024-06-30",
    "MarketCapitalization": "181079310000",
    "PERatio": "22.04",
    "DividendDate": "None",
    "ForwardPE": "-",
}


@pytest.fixture(autouse=True)
def _clean(app):
    clear_action_tables(app)


def test_an_overview_keeps_its_named_fields_as_columns_and_the_rest_as_details():
    row = parse_overview(IBM_OVERVIEW)

    assert row["name"] == "International Business Machines"
    assert row["market_capitalization"] == 181_079_310_000
    assert row["fiscal_year_end"] == "December"
    assert row["details"] == {
        "AssetType": "Common Stock",
        "CIK": "51143",
        "LatestQuarter": "2024-06-30",
        "PERatio": "22.04",
        "DividendDate": None,
        "ForwardPE": None,
    }


def test_none_means_null_in_columns_too():
    row = parse_overview({"Symbol": "XYZ", "Name": "None", "MarketCapitalization": "None", "Sector": "-"})

    assert (row["name"], row["market_capitalization"], row["sector"]) == (None, None, None)


def test_a_stored_overview_reads_back_in_any_case_and_bumps_the_version(app):
    with app.app_context():
        before = current_version()
        assert store_company(symbol="IBM", row=parse_overview(IBM_OVERVIEW)) is True
        db.session.commit()
        again = store_company(symbol="IBM", row=parse_overview(IBM_OVERVIEW))
        db.session.commit()

        found = company_overview(symbol="ibm")
        assert current_version() == before + 1
        assert again is False
        assert names_of(["IBM", "MSFT"]) == {"IBM": ("International Business Machines", "NYSE")}
        assert company_overview(symbol="MSFT") is None

    assert found["symbol"] == "IBM"
    assert found["exchange"] == "NYSE"
    assert found["market_capitalization"] == 181_079_310_000
    assert found["details"]["PERatio"] == "22.04"
    assert found["updated_at"].endswith("Z")


def test_a_changed_overview_is_updated(app):
    with app.app_context():
        store_company(symbol="IBM", row=parse_overview(IBM_OVERVIEW))
        db.session.commit()
        store_company(symbol="IBM", row=parse_overview({**IBM_OVERVIEW, "MarketCapitalization": "190000000000"}))
        db.session.commit()

        assert company_overview(symbol="IBM")["market_capitalization"] == 190_000_000_000


def test_actions_list_by_date_with_a_range_and_pages(app):
    with app.app_context():
        store_splits(symbol="AAPL", rows=[{"effective_date": date(2020, 8, 31), "split_factor": Decimal("4")}])
        dividends = [
            {"ex_dividend_date": date(2020, 8, 7), "amount": Decimal("0.82"), "payment_date": date(2020, 8, 13)},
            {"ex_dividend_date": date(2020, 11, 6), "amount": Decimal("0.205")},
            {"ex_dividend_date": date(2021, 2, 5), "amount": Decimal("0.205")},
        ]
        store_dividends(symbol="AAPL", rows=dividends)
        store_splits(symbol="MSFT", rows=[{"effective_date": date(2003, 2, 18), "split_factor": Decimal("2")}])
        db.session.commit()

        everything = list_actions(symbol="aapl", limit=10)
        second = list_actions(symbol="AAPL", page=2, limit=2)
        ranged = list_actions(symbol="AAPL", start_date=date(2020, 8, 8), end_date=date(2020, 12, 31))

    assert [(r["date"], r["type"]) for r in everything.records] == [
        ("2020-08-07", "dividend"),
        ("2020-08-31", "split"),
        ("2020-11-06", "dividend"),
        ("2021-02-05", "dividend"),
    ]
    assert everything.records[0] == {
        "symbol": "AAPL",
        "date": "2020-08-07",
        "type": "dividend",
        "split_factor": None,
        "amount": "0.82",
        "declaration_date": None,
        "record_date": None,
        "payment_date": "2020-08-13",
    }
    assert everything.records[1]["split_factor"] == "4"
    assert second.pagination() == {"count": 4, "page": 2, "limit": 2, "pages": 2}
    assert [r["date"] for r in second.records] == ["2020-11-06", "2021-02-05"]
    assert [r["date"] for r in ranged.records] == ["2020-08-31", "2020-11-06"]
