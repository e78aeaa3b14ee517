"""Ingest from files: a CSV of daily bars, or the bundled offline sample."""

from financial.ingest.files.csv_import import import_csv
from financial.ingest.files.sample import sample_path

__all__ = ["import_csv", "sample_path"]
