"""Document access control in the OpenAPI document: the schemes, and the refusals every operation can give."""

from __future__ import annotations

from flask_restx import Api

from app.access.auth import is_public
from app.access.guard import MAX_QUERY_BYTES
from app.access.limits import PROBES

SCHEMES = {
    "ApiKey": {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": "AUTH_MODE=key: `flask keys create NAME`",
    },
    "Bearer": {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "AUTH_MODE=key: `Bearer <key>`",
    },
    "Basic": {"type": "basic", "description": "AUTH_MODE=basic: a user from `flask users add NAME`"},
}
REQUIREMENTS = {"none": None, "key": [{"ApiKey": []}, {"Bearer": []}], "basic": [{"Basic": []}]}
ABOUT = (
    "\n\nAccess: AUTH_MODE decides (none, key: X-API-Key or Authorization: Bearer, basic: HTTP Basic); "
    "/api/health, /api/ready, /api/docs and /api/swagger.json are always public. Rate limit: RATE_LIMIT per key, "
    "user or client address; every limited answer carries X-RateLimit-Limit, X-RateLimit-Remaining and "
    "X-RateLimit-Reset, and a refusal is a 429 with Retry-After."
)
_STRING = {"type": "string"}


def _refusals(path: str) -> dict[int, tuple[str, dict]]:
    """Return status -> (description, headers) of the answers access control may give on `path`."""
    found = {
        400: ("A parameter is malformed, or the GET carried a body", {}),
        414: (f"The query string is longer than {MAX_QUERY_BYTES} bytes", {}),
    }
    if not is_public(path):
        found[401] = ("No valid credential (AUTH_MODE key or basic)", {"WWW-Authenticate": _STRING})
    if path not in PROBES:
        found[429] = ("Too many requests (RATE_LIMIT)", {"Retry-After": {"type": "integer"}})
    if path != "/api/health":
        found[503] = ("The database did not answer, or not within DB_STATEMENT_TIMEOUT_MS", {})
    return found


def _error_model(responses: dict):
    for code in ("400", "503", "404", "500"):
        if code in responses and len(responses[code]) > 1 and responses[code][1] is not None:
            return responses[code][1]
    return None


def _document_method(function, path: str) -> None:
    doc = getattr(function, "__apidoc__", None)
    if doc is None:
        doc = function.__apidoc__ = {}
    responses = doc.setdefault("responses", {})
    model = _error_model(responses)
    for code, (description, headers) in _refusals(path).items():
        if str(code) not in responses:
            responses[str(code)] = (description, model, {"headers": headers} if headers else {})
    if is_public(path):
        doc["security"] = []  # public in every mode


def document(api: Api, mode: str) -> None:
    """Add the security schemes (required as AUTH_MODE says) and every refusal to `api`'s operations."""
    api.authorizations = SCHEMES
    api.security = REQUIREMENTS[mode]
    if ABOUT not in (api.description or ""):
        api.description = (api.description or "") + ABOUT
    for ns in api.namespaces:
        for resource, urls, _route_doc, _kwargs in ns.resources:
            for url in api.ns_urls(ns, urls):
                path = api.prefix + url
                for method in resource.methods or ():
                    _document_method(getattr(resource, method.lower()), path)
