"""Company overviews: read from Alpha Vantage's OVERVIEW, stored one row per symbol, served by the API."""

from financial.companies.overview import parse_overview
from financial.companies.read import company_overview, names_of, with_names
from financial.companies.store import store_company

__all__ = ["company_overview", "names_of", "parse_overview", "store_company", "with_names"]
