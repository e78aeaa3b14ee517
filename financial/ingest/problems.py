"""Name what stops an ingestion, as codes that its caller puts into words."""

from __future__ import annotations

from enum import StrEnum


class Problem(StrEnum):
    """Why a request cannot run, or a file cannot be read; `detail` carries the specifics."""

    NO_API_KEY = "no_api_key"  # live data was asked for and no key is set
    NO_CSV_FILE = "no_csv_file"  # detail: the path
    BAD_SYMBOLS = "bad_symbols"  # the SYMBOLS setting; detail: why
    NO_SAMPLE = "no_sample"  # detail: what is missing
    CSV_NEEDS_SYMBOL = "csv_needs_symbol"  # a CSV without a symbol column, and not one symbol named


class Refused(Exception):
    """The request cannot run with these settings; nothing has been touched."""

    def __init__(self, problem: Problem, detail: str = "") -> None:
        super().__init__(f"{problem}: {detail}" if detail else str(problem))
        self.problem = problem
        self.detail = detail
