"""Send the security headers: nosniff and Referrer-Policy everywhere, a CSP on every HTML page."""

from __future__ import annotations

import base64
import hashlib
import re

from flask import Response, request

# The dashboard's pages: their own scripts and styles from /static, nothing inline, no framing.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_PATH = "/api/docs"
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def docs_policy(html: str) -> str:
    """Return the Swagger UI page's policy: its bundled assets, plus its one inline start-up script by hash.

    Swagger UI sets style attributes from its scripts, so styles alone are allowed inline there.
    """
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html)
    )
    return (
        f"default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


def secure(response: Response) -> Response:
    """Add the headers to `response`."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if response.mimetype == "text/html" and "Content-Security-Policy" not in response.headers:
        if request.path == DOCS_PATH and not response.is_streamed:
            policy = docs_policy(response.get_data(as_text=True))
        else:
            policy = PAGE_POLICY
        response.headers["Content-Security-Policy"] = policy
    return response
