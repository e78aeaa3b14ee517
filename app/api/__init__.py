"""Build the root `api` object and mount every module of this package under /api.

Each module declares `endpoint = Endpoint(...)` (see app.recipe) or, for the few routes the recipe
does not fit (the health probes), a Flask-RESTX `ns`. Adding a module is all it takes to mount it.
"""

import importlib
import pkgutil

from flask import Flask
from flask_restx import Api, Namespace

from app.recipe import Endpoint, RecipeError, mount
from app.serialize import json_response


def _output_json(data, code, headers=None):
    return json_response(data, code, dict(headers or {}))


def namespaces() -> list[Namespace]:
    """Return the namespaces of app.api's modules (one per route tag); RecipeError for a module with none."""
    found: dict[str, Namespace] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        declared = getattr(module, "endpoint", None)
        if isinstance(declared, Endpoint):
            if declared.tag not in found:
                found[declared.tag] = Namespace(declared.tag, description=declared.about, path="/")
            mount(declared, found[declared.tag])
        elif isinstance(getattr(module, "ns", None), Namespace):
            found[module.__name__] = module.ns
        else:
            raise RecipeError(f"{module.__name__} declares neither `endpoint = Endpoint(...)` nor a Namespace `ns`")
    return list(found.values())


def build_api(app: Flask) -> Api:
    """Create the API for `app`, serving Swagger UI at /api/docs and the spec at /api/swagger.json."""
    api = Api(
        title="Financial data API",
        version="1.0",
        description="Daily stock prices from Alpha Vantage, paginated and summarised.",
        prefix="/api",
        doc="/api/docs",
        default_mediatype="application/json",
    )
    api.representations["application/json"] = _output_json
    for ns in namespaces():
        api.add_namespace(ns)
    api.init_app(app)
    app.extensions["api"] = api
    return api
