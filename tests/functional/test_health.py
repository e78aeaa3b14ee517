"""Liveness never touches the database; readiness says 503 in the envelope when the database is gone."""

from __future__ import annotations


def test_health_answers_without_a_single_statement(client, sql_log):
    response = client.get("/api/health")

    assert response.status_code == 200
    assert response.get_json() == {"data": {"status": "ok"}, "info": {"error": ""}}
    assert sql_log == []


def test_ready_when_the_database_answers(client):
    response = client.get("/api/ready")

    assert response.status_code == 200
    assert response.get_json() == {"data": {"status": "ready"}, "info": {"error": ""}}


def test_health_stays_200_when_the_database_is_unreachable(dead_database_app):
    response = dead_database_app.test_client().get("/api/health")

    assert response.status_code == 200
    assert response.get_json() == {"data": {"status": "ok"}, "info": {"error": ""}}


def test_ready_is_503_in_the_envelope_when_the_database_is_unreachable(dead_database_app, caplog):
    client = dead_database_app.test_client()

    responses = [client.get("/api/ready") for _ in range(2)]  # a failed check leaves nothing broken behind

    for response in responses:
        assert response.status_code == 503
        assert response.content_type == "application/json"
        assert response.get_json() == {"data": {}, "info": {"error": "Database is not reachable"}}
    assert client.get("/api/health").status_code == 200
    assert caplog.text.count("readiness check failed") == 2
    assert "Traceback" not in caplog.text  # an expected outage is one warning line per probe, not a crash report
