"""Serve liveness and readiness probes: not memoised, never 404, 503 when the database is gone."""

import logging

from flask_restx import Model, Namespace, Resource, fields

from app.docs import envelope_models, register
from app.envelope import ITEM, item_body
from app.errors import ServiceUnavailable
from financial.errors import DatabaseUnavailable
from financial.storage import database_answers

log = logging.getLogger(__name__)
ns = Namespace("health", description="Probes for load balancers and orchestrators", path="/")
STATUS = Model("Status", {"status": fields.String(example="ok", description="ok (health) or ready (ready)")})
status_model, status_error_model = envelope_models(STATUS, ITEM, "Database is not reachable")
register(ns, status_model, status_error_model)


@ns.route("/health")
class Health(Resource):
    """Liveness: the process serves requests."""

    @ns.response(200, "The process serves requests", status_model)
    def get(self):
        """Answer 200 without touching the database."""
        return item_body({"status": "ok"})


@ns.route("/ready")
class Ready(Resource):
    """Readiness: the database answers."""

    @ns.response(200, "The database answers", status_model)
    @ns.response(503, "The database does not answer", status_error_model)
    def get(self):
        """Answer 200 when the database answers a trivial query, 503 otherwise."""
        try:
            database_answers()
        except DatabaseUnavailable as exc:
            log.warning("readiness check failed: %s", exc.__cause__.__class__.__name__)
            raise ServiceUnavailable("Database is not reachable") from None
        return item_body({"status": "ready"})
