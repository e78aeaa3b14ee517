"""Answer GETs with a strong ETag and Cache-Control, and 304 when the client's copy is current."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import current_app, request

from app.serialize import json_response
from financial.version import current_version


def etag_for(path: str, args: dict, version: int) -> str:
    """Return a strong ETag from the data version and the normalised query."""
    query = "&".join(f"{name}={'' if value is None else value}" for name, value in sorted(args.items()))
    digest = hashlib.blake2b(f"{path}?{query}".encode(), digest_size=8).hexdigest()
    return f"v{version}-{digest}"


def cached_response(args: dict, build: Callable[[int], dict]):
    """Return 304 if the client's ETag is current, else the 200 body `build(version)` makes."""
    version = current_version()
    etag = etag_for(request.path, args, version)
    headers = {
        "ETag": f'"{etag}"',
        "Cache-Control": f"public, max-age={current_app.config['HTTP_CACHE_MAX_AGE']}",
    }
    # Weak comparison (RFC 9110): a gzipping proxy such as nginx weakens the tags it forwards.
    if request.if_none_match.contains_weak(etag):
        response = current_app.response_class(status=304)
        response.headers.update(headers)
        return response
    return json_response(build(version), 200, headers)
