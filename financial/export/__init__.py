"""Export stored rows as CSV or NDJSON, streamed in batches (the API's format=csv and `flask export`)."""

from financial.export.encode import HEADER
from financial.export.sql import COLUMNS, CSV, FORMATS, NDJSON
from financial.export.stream import Export, Selection

__all__ = ["COLUMNS", "CSV", "FORMATS", "HEADER", "NDJSON", "Export", "Selection"]
