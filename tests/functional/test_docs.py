"""Swagger UI and the OpenAPI document: every parameter, the shapes, the error envelopes, an exported copy."""

from __future__ import annotations

import json

import pytest
import schemathesis
from schemathesis.specs.openapi.checks import response_schema_conformance

from app.cli import SPEC_PATH, render_spec
from tests.conftest import price_row

DATE = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
SYMBOL = {"type": "string", "pattern": "^[A-Za-z0-9.\\-]{1,10}$"}
# The API reads an empty optional parameter (`symbol=`) as absent, so the document allows it.
OPTIONAL = {"allowEmptyValue": True}


def _params(spec: dict, path: str) -> dict:
    return {
        param.pop("name"): {key: value for key, value in param.items() if key != "description"}
        for param in spec["paths"][path]["get"]["parameters"]
    }


def _definition(spec: dict, ref: str) -> dict:
    return spec["definitions"][ref.rsplit("/", 1)[1]]


def test_swagger_ui_is_served(client):
    response = client.get("/api/docs")

    assert response.status_code == 200
    assert response.content_type.startswith("text/html")
    assert b"swagger-ui" in response.data
    assert b"/api/swagger.json" in response.data


def test_every_parameter_is_documented_with_its_rule(client):
    spec = client.get("/api/swagger.json").get_json()

    assert _params(spec, "/financial_data") == {
        "start_date": {"in": "query", "required": False, **OPTIONAL, **DATE},
        "end_date": {"in": "query", "required": False, **OPTIONAL, **DATE},
        "symbol": {"in": "query", "required": False, **OPTIONAL, **SYMBOL},
        "limit": {
            "in": "query",
            "required": False,
            **OPTIONAL,
            "type": "integer",
            "minimum": 1,
            "maximum": 1000,
            "default": 5,
        },
        "page": {"in": "query", "required": False, **OPTIONAL, "type": "integer", "minimum": 1, "default": 1},
        "format": {"in": "query", "required": False, **OPTIONAL, "type": "string", "enum": ["json", "csv", "ndjson"]},
        "adjusted": {
            "in": "query",
            "required": False,
            **OPTIONAL,
            "type": "string",
            "enum": ["none", "splits", "all"],
            "x-example": "all",
        },
        "as_of": {"in": "query", "required": False, **OPTIONAL, **DATE, "x-example": "2017-10-04"},
    }
    statistics = _params(spec, "/statistics")
    assert statistics.pop("metrics")["items"]["enum"][:2] == ["all", "min_close"]
    assert statistics == {
        "start_date": {"in": "query", "required": True, **DATE},
        "end_date": {"in": "query", "required": True, **DATE},
        "symbol": {"in": "query", "required": True, **SYMBOL},
    }


def test_the_export_formats_are_documented_content_types(client):
    spec = client.get("/api/swagger.json").get_json()

    produces = spec["paths"]["/financial_data"]["get"]["produces"]

    assert produces == ["application/json", "text/csv; charset=utf-8", "application/x-ndjson"]
    assert "produces" not in spec["paths"]["/statistics"]["get"]


def test_success_shapes_carry_the_issue_examples(client):
    spec = client.get("/api/swagger.json").get_json()
    examples = {
        name: {field: schema.get("example") for field, schema in spec["definitions"][name]["properties"].items()}
        for name in ("PriceRecord", "Pagination", "Statistics")
    }

    assert examples["PriceRecord"] == {
        "symbol": "IBM",
        "date": "2023-01-05",
        "open_price": "153.08",
        "close_price": "154.52",
        "volume": "62199013",
    }
    assert examples["Pagination"] == {"count": 20, "page": 2, "limit": 3, "pages": 7}
    assert examples["Statistics"] == {
        "start_date": "2023-01-01",
        "end_date": "2023-01-31",
        "symbol": "IBM",
        "average_daily_open_price": 123.45,
        "average_daily_close_price": 234.56,
        "average_daily_volume": 1000000,
        # issue 11's optional metrics, present only when `metrics` asks for them
        "min_close": 98.0,
        "max_close": 130.31,
        "median_close": 112.5,
        "stddev_close": 7.43,
        "first_close": 102.0,
        "last_close": 121.5,
        "total_return": 0.191176,
        "volatility": 0.284113,
        "max_drawdown": -0.153846,
        "trading_days": 21,
        "vwap_close": 111.87,
    }


def test_error_envelopes_are_documented_with_the_success_keys(client):
    spec = client.get("/api/swagger.json").get_json()
    expected = {"/financial_data": ("400", "500"), "/statistics": ("400", "404", "500"), "/ready": ("503",)}

    for path, codes in expected.items():
        responses = spec["paths"][path]["get"]["responses"]
        success_keys = set(_definition(spec, responses["200"]["schema"]["$ref"])["properties"])
        for code in codes:
            error = _definition(spec, responses[code]["schema"]["$ref"])
            assert set(error["properties"]) == success_keys, (path, code)
            message = _definition(spec, error["properties"]["info"]["$ref"])["properties"]["error"]
            assert message["type"] == "string" and message["example"], (path, code)


def test_the_exported_copy_is_current(client):
    """Fails when the API changed without `make swagger`: run it and commit conf/api.swagger.json."""
    live = client.get("/api/swagger.json").get_json()

    assert SPEC_PATH.is_file(), "conf/api.swagger.json is missing: run `make swagger`"
    assert json.loads(SPEC_PATH.read_text(encoding="utf-8")) == live


def test_export_swagger_writes_the_live_spec(app, client, runner, tmp_path):
    output = tmp_path / "spec.json"

    result = runner.invoke(args=["export-swagger", "--output", str(output)])

    assert result.exit_code == 0, result.output
    assert str(output) in result.output
    assert json.loads(output.read_text(encoding="utf-8")) == client.get("/api/swagger.json").get_json()
    with app.app_context():
        assert output.read_text(encoding="utf-8") == render_spec()  # stable text: sorted keys, one trailing newline


@pytest.mark.parametrize(
    ("path", "query", "status"),
    [
        ("/financial_data", {"limit": "0"}, 400),
        ("/financial_data", {"symbol": ""}, 200),
        ("/statistics", {"symbol": "IBM"}, 400),
        ("/statistics", {"symbol": "IBM", "start_date": "2024-01-01", "end_date": "2024-01-31"}, 404),
    ],
)
def test_answers_conform_to_the_document(app, path, query, status):
    # schemathesis reads Swagger 2.0 as its readers do: an error's `pagination` is null, so it must be x-nullable.
    operation = schemathesis.openapi.from_wsgi("/api/swagger.json", app)[path]["GET"]
    case = operation.Case(query=query)

    response = case.call()

    assert response.status_code == status
    case.validate_response(response, checks=[response_schema_conformance])


def test_an_empty_optional_parameter_is_documented_and_read_as_absent(client, insert_prices):
    insert_prices([price_row("IBM", "2023-01-02"), price_row("AAPL", "2023-01-02")])
    spec = client.get("/api/swagger.json").get_json()

    for path, item in spec["paths"].items():
        for param in item["get"].get("parameters", []):
            if param["required"] or "{" in path:
                assert "allowEmptyValue" not in param, (path, param["name"])
                continue
            assert param["allowEmptyValue"] is True, (path, param["name"])
            empty, absent = client.get(f"/api{path}?{param['name']}="), client.get(f"/api{path}")
            assert (empty.status_code, empty.data) == (absent.status_code, absent.data), (path, param["name"])
