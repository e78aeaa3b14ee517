"""Locate the offline sample: public-domain daily prices shipped in the bokeh-sampledata package."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

PACKAGE = "bokeh_sampledata"
RESOURCE = "_data/stocks.csv.gz"  # Ticker,Date,Open,High,Low,Close,Volume,Adj Close
SOURCE = "sample"


class SampleMissing(RuntimeError):
    """The bokeh-sampledata package, or its stock prices file, is not installed."""


@contextlib.contextmanager
def sample_path() -> Iterator[Path]:
    """Yield a filesystem path of the sample's stocks.csv.gz."""
    try:
        resource = resources.files(PACKAGE).joinpath(RESOURCE)
    except ModuleNotFoundError:
        raise SampleMissing(f"the {PACKAGE} package is not installed (pip install bokeh-sampledata)") from None
    if not resource.is_file():
        raise SampleMissing(f"{PACKAGE} has no {RESOURCE}")
    with resources.as_file(resource) as path:
        yield path
