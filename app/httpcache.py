"""Memoise GET answers per data version, with a strong ETag, Cache-Control and 304s: the one memo.

A hit costs one (leased) version read and one cache lookup: the stored entry is the finished
body and its ETag, keyed on the data version and the raw query string, so neither argument
parsing, nor the domain query, nor serialisation runs again. A miss parses strictly (bad input
never reaches the cache), answers 304 when the client's ETag is already current, and otherwise
builds, stores and sends the body. The domain functions below know nothing of this.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import Response, current_app, request
from marshmallow import Schema

from app.args import parse_query
from app.extensions import cache
from app.serialize import JSON, dumps
from financial.storage import current_version

Stream = Callable[[dict], Response | None]


def etag_for(path: str, args: dict, version: int) -> str:
    """Return a strong ETag from the data version and the normalised query."""
    query = "&".join(f"{name}={'' if value is None else value}" for name, value in sorted(args.items()))
    digest = hashlib.blake2b(f"{path}?{query}".encode(), digest_size=8).hexdigest()
    return f"v{version}-{digest}"


def _headers(etag: str) -> dict:
    return {"ETag": f'"{etag}"', "Cache-Control": current_app.config["HTTP_CACHE_CONTROL"]}


def _not_modified(etag: str) -> bool:
    # Weak comparison (RFC 9110): a gzipping proxy such as nginx weakens the tags it forwards.
    return request.if_none_match.contains_weak(etag)


def memoised_get(schema: type[Schema], build: Callable[[dict], dict], stream: Stream | None = None) -> Response:
    """Answer a GET whose body `build(args)` makes, from the memo when it can.

    A memo entry is (etag, body); the body is None when only a 304 has been answered so far.
    `stream(args)` may answer instead with a Response of its own (a CSV export, say): such an
    answer is never memoised, so it must depend on the arguments alone.
    """
    version = current_version()
    key = f"get:{version}:{request.path}?{request.query_string.decode('latin-1')}"
    etag, body = cache.get(key) or (None, None)
    if etag is None:
        args = parse_query(schema)
        streamed = stream(args) if stream is not None else None
        if streamed is not None:
            return streamed
        etag = etag_for(request.path, args, version)
        if not _not_modified(etag):
            body = dumps(build(args))
        cache.set(key, (etag, body))
    if _not_modified(etag):
        return Response(status=304, headers=_headers(etag))
    if body is None:  # known from an earlier 304: build the body now
        body = dumps(build(parse_query(schema)))
        cache.set(key, (etag, body))
    return Response(body, status=200, mimetype=JSON, headers=_headers(etag))


def fresh_get(schema: type[Schema], build: Callable[[dict], dict], stream: Stream | None = None) -> Response:
    """Answer a GET built on every request and stored nowhere (`Cache-Control: no-store`).

    For answers that change without the data version moving, such as the ingest ledger.
    """
    args = parse_query(schema)
    streamed = stream(args) if stream is not None else None
    if streamed is not None:
        return streamed
    return Response(dumps(build(args)), status=200, mimetype=JSON, headers={"Cache-Control": "no-store"})
