"""Ingest from Alpha Vantage: choose the endpoint, read its payloads, fetch and store each symbol."""

from financial.ingest.alphavantage.service import client_from_config, fetch_and_store

__all__ = ["client_from_config", "fetch_and_store"]
