"""Let GET /api/financial_data answer `format=csv` or `format=ndjson` with a streamed file.

The listing's schema takes `format` and a `limit` that may be `all` from `ExportArgs`; the
endpoint's `stream` answers the two file formats; `flask export` reads the same arguments.
"""

from __future__ import annotations

from flask import Response
from marshmallow import ValidationError, validates_schema

from app.args import DateRangeSchema
from app.fields import Choice, StrictInt, shown
from financial.export import CSV, FORMATS, NDJSON, Export, Selection

JSON = "json"
ALL = "all"
MAX_LIMIT = 1000
MEDIA_TYPES = {CSV: "text/csv; charset=utf-8", NDJSON: "application/x-ndjson"}


class PageLimit(StrictInt):
    """Rows per page from 1 to 1000, or `all` (None), which only the file formats take."""

    def _deserialize(self, value, attr, data, **kwargs) -> int | None:
        if isinstance(value, str) and value.lower() == ALL:
            return None
        try:
            return super()._deserialize(value, attr, data, **kwargs)
        except ValidationError:
            if str(data.get("format", "")).lower() in FORMATS:
                raise ValidationError(f"must be {self._range_text()} or all, got {shown(value)}") from None
            raise


class ExportArgs(DateRangeSchema):
    """The listing's `format` and `limit`: JSON pages hold 1-1000 rows, a file may hold them all."""

    format = Choice((JSON, *FORMATS), metadata={"description": "json (default), or a file: csv or ndjson"})
    limit = PageLimit(
        minimum=1,
        maximum=MAX_LIMIT,
        load_default=5,
        metadata={"description": "Rows per page, 1-1000; or all, with format=csv or format=ndjson"},
    )

    @validates_schema
    def _all_needs_a_file(self, data, **kwargs):
        if data.get("limit", 5) is not None:
            return
        if data.get("format", JSON) == JSON:
            raise ValidationError("limit=all needs format=csv or format=ndjson: a JSON page holds 1 to 1000 rows")
        if data.get("page", 1) != 1:
            raise ValidationError(f"page must be 1 with limit=all (every row is on page 1), got {data['page']}")


def selection(args: dict) -> Selection:
    """Return the rows the parsed arguments select: a page, or all of them."""
    limit = args["limit"]
    offset = 0 if limit is None else (args["page"] - 1) * limit  # limit=all is page 1 by the schema
    return Selection(args["symbol"], args["start_date"], args["end_date"], limit=limit, offset=offset)


def filename(args: dict) -> str:
    """Return a file name naming the symbol and the range, e.g. IBM_2020-01-01_2020-12-31.csv."""
    start, end = args["start_date"], args["end_date"]
    spans = {(True, True): f"{start}_{end}", (True, False): f"from_{start}", (False, True): f"until_{end}"}
    span = spans.get((bool(start), bool(end)), "all_dates")
    return f"{args['symbol'] or 'all_symbols'}_{span}.{args['format']}"


def stream_export(args: dict) -> Response | None:
    """Answer format=csv or ndjson with the rows streamed; None lets the JSON page answer."""
    fmt = args.get("format") or JSON
    if fmt == JSON:
        return None
    adjustment = {"adjusted": args.get("adjusted", "none"), "as_of": args.get("as_of")}
    export = Export(selection(args), fmt, **adjustment)  # the query and its first batch run now: errors are JSON
    disposition = f'attachment; filename="{filename({**args, "format": fmt})}"'
    return Response(
        export,
        status=200,
        content_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )


def json_page(fetch):
    """Return `fetch` taking (and ignoring) `format`, for the JSON answer of the same arguments."""

    def page(*, format: str = JSON, **args):
        return fetch(**args)

    page.__name__ = getattr(fetch, "__name__", "page")
    return page
