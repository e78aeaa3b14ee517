"""The endpoint recipe: one module under app/api is a served, memoised, documented endpoint; mistakes stop the app."""

from __future__ import annotations

import re
import sys
import textwrap

import pytest
from marshmallow import fields

import app.api
from app import create_app
from app.args import QuerySchema
from app.docs import UnknownFieldType
from app.fields import QueryField, StrictInt
from app.recipe import RecipeError
from financial.storage import db
from tests.conftest import base_config

# A whole endpoint module, as an author would write it; its domain function records its calls.
MODULE = """
from flask import Response
from flask_restx import Model, fields

from app.args import QuerySchema
from app.envelope import ITEM
from app.fields import Choice, CommaList, Symbol
from app.recipe import Endpoint

CALLS = []


class Args(QuerySchema):
    symbols = CommaList(
        Symbol(), max_items=3, required=True, metadata={"description": "Tickers", "example": "IBM,AAPL"}
    )
    interval = Choice(("daily", "weekly"), load_default="daily", metadata={"description": "Bar size"})
    format = Choice(("json", "csv"), load_default="json", metadata={"description": "Answer format"})


def joined(*, symbols, interval, format):
    CALLS.append((symbols, interval))
    return None if "NONE" in symbols else {"joined": "+".join(symbols), "interval": interval}


def as_csv(args):
    if args["format"] != "csv":
        return None
    return Response(iter(["symbol\\n", *(s + "\\n" for s in args["symbols"])]), mimetype="text/csv")


endpoint = Endpoint(
    route="/joined",
    about="A toy endpoint",
    summary="Join symbols.",
    args=Args,
    record=Model("Joined", {"joined": fields.String(example="IBM+AAPL"), "interval": fields.String()}),
    envelope=ITEM,
    fetch=joined,
    returns="The joined symbols",
    not_found="Nothing for {symbols}",
    stream=as_csv,
    streams=("text/csv",),
)
"""


def _add_module(monkeypatch, tmp_path, name: str, source: str):
    """Put a module into app.api's search path for this test only."""
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    monkeypatch.setattr(app.api, "__path__", [*app.api.__path__, str(tmp_path)])
    monkeypatch.delitem(sys.modules, f"app.api.{name}", raising=False)


def _app(database_url):
    made = create_app(base_config(database_url))
    with made.app_context():
        db.engine.dispose()  # the toy endpoint never reads the database
    return made


@pytest.fixture
def toy(monkeypatch, tmp_path, database_url):
    _add_module(monkeypatch, tmp_path, "toy_joined", MODULE)
    client = _app(database_url).test_client()
    yield client, sys.modules["app.api.toy_joined"]
    sys.modules.pop("app.api.toy_joined", None)


def test_a_new_module_is_a_served_memoised_endpoint(toy):
    client, module = toy

    first = client.get("/api/joined?symbols=ibm,aapl&interval=WEEKLY")
    again = client.get("/api/joined?symbols=ibm,aapl&interval=WEEKLY")

    assert first.status_code == 200
    assert first.get_json() == {"data": {"joined": "IBM+AAPL", "interval": "weekly"}, "info": {"error": ""}}
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
    assert module.CALLS == [(("IBM", "AAPL"), "weekly")]  # the second answer came from the memo
    assert (
        client.get(
            "/api/joined?symbols=ibm,aapl&interval=weekly", headers={"If-None-Match": first.headers["ETag"]}
        ).status_code
        == 304
    )


def test_its_errors_take_the_declared_envelope(toy):
    client, _ = toy

    missing, bad, none = (
        client.get("/api/joined"),
        client.get("/api/joined?symbols=IBM,,X"),
        client.get("/api/joined?symbols=NONE"),
    )

    assert missing.status_code == 400 and missing.get_json() == {"data": {}, "info": {"error": "symbols is required"}}
    assert bad.status_code == 400 and bad.get_json()["info"]["error"].startswith("symbols value 2 must be 1-10 letters")
    assert none.status_code == 404 and none.get_json() == {"data": {}, "info": {"error": "Nothing for ('NONE',)"}}
    assert (
        client.get("/api/joined?symbols=A,B,C,D")
        .get_json()["info"]["error"]
        .startswith("symbols must be 1 to 3 values")
    )
    assert client.get("/api/joined?symbols=IBM&interval=hourly").get_json()["info"]["error"] == (
        "interval must be one of daily, weekly, got 'hourly'"
    )


def test_a_streamed_answer_bypasses_the_memo(toy):
    client, module = toy

    answers = [client.get("/api/joined?symbols=ibm,aapl&format=CSV") for _ in range(2)]

    for answer in answers:
        assert answer.status_code == 200 and answer.content_type.startswith("text/csv")
        assert answer.data == b"symbol\nIBM\nAAPL\n" and "ETag" not in answer.headers
    assert module.CALLS == []  # the JSON domain function never ran


def test_it_is_documented_from_the_declaration(toy):
    client, _ = toy
    spec = client.get("/api/swagger.json").get_json()

    operation = spec["paths"]["/joined"]["get"]
    params = {param["name"]: param for param in operation["parameters"]}
    assert params["symbols"] == {
        "name": "symbols", "in": "query", "required": True, "description": "Tickers", "x-example": "IBM,AAPL",
        "type": "array", "collectionFormat": "csv", "maxItems": 3,
        "items": {"type": "string", "pattern": "^[A-Za-z0-9.\\-]{1,10}$"},
    }  # fmt: skip
    assert params["interval"]["enum"] == ["daily", "weekly"] and params["interval"]["default"] == "daily"
    assert params["interval"]["allowEmptyValue"] is True and "allowEmptyValue" not in params["symbols"]
    access = {"401", "414", "429", "503"}  # the refusals app.access adds to every operation (issue 13)
    assert set(operation["responses"]) == {"200", "304", "400", "404", "500"} | access
    assert operation["summary"] == "Join symbols"


FRESH = """
from flask_restx import Model, fields

from app.args import QuerySchema
from app.envelope import ITEM
from app.fields import StrictInt, Symbol
from app.recipe import Endpoint

CALLS = []


class Args(QuerySchema):
    symbol = Symbol(required=True, metadata={"description": "Ticker in the path"})
    times = StrictInt(minimum=1, maximum=3, load_default=1, metadata={"description": "Repeats"})


def echo(*, symbol, times):
    CALLS.append(symbol)
    return {"echo": symbol * times, "calls": len(CALLS)}


endpoint = Endpoint(
    route="/echoes/<symbol>",
    about="A toy endpoint with a path value, never memoised",
    summary="Echo a symbol.",
    args=Args,
    record=Model("Echo", {"echo": fields.String(), "calls": fields.Integer()}),
    envelope=ITEM,
    fetch=echo,
    returns="The echo",
    not_found="Never",
    memo=False,
)
"""


@pytest.fixture
def fresh(monkeypatch, tmp_path, database_url):
    _add_module(monkeypatch, tmp_path, "toy_echo", FRESH)
    client = _app(database_url).test_client()
    yield client, sys.modules["app.api.toy_echo"]
    sys.modules.pop("app.api.toy_echo", None)


def test_a_path_value_is_an_argument_and_memo_false_builds_every_answer(fresh):
    client, module = fresh

    answers = [client.get("/api/echoes/ibm?times=2&symbol=X") for _ in range(2)]
    bad = client.get("/api/echoes/IB$M")

    assert [a.get_json()["data"] for a in answers] == [{"echo": "IBMIBM", "calls": 1}, {"echo": "IBMIBM", "calls": 2}]
    assert all(a.headers["Cache-Control"] == "no-store" and "ETag" not in a.headers for a in answers)
    assert bad.status_code == 400 and bad.get_json()["info"]["error"].startswith("symbol must be 1-10 letters")
    assert module.CALLS == ["IBM", "IBM"]
    operation = client.get("/api/swagger.json").get_json()["paths"]["/echoes/{symbol}"]["get"]
    symbol = next(param for param in operation["parameters"] if param["name"] == "symbol")
    assert (symbol["in"], symbol["required"], symbol["pattern"]) == ("path", True, "^[A-Za-z0-9.\\-]{1,10}$")
    assert "304" not in operation["responses"] and operation["operationId"] == "get_echoes_symbol"


class _Plain(QuerySchema):
    interval = fields.String(metadata={"description": "A plain marshmallow field"})


class _Undocumented(QuerySchema):
    page = StrictInt(minimum=1)


class _Home(QueryField):
    pass


class _HomeMade(QuerySchema):
    thing = _Home(metadata={"description": "A field type without swagger()"})


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        (_Plain, "_Plain.interval is a String: the Swagger generator knows only app.fields types"),
        (_Undocumented, "_Undocumented.page has no metadata={'description': ...}"),
        (_HomeMade, "_HomeMade.thing: _Home has no swagger() method"),
    ],
)
def test_a_field_the_generator_does_not_know_stops_the_app(monkeypatch, database_url, schema, message):
    from app.api import prices

    monkeypatch.setattr(prices.endpoint, "args", schema)

    with pytest.raises(UnknownFieldType) as caught:
        create_app(base_config(database_url))
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"not_found": None}, "an ITEM endpoint needs not_found"),
        ({"not_found": "No {ticker}"}, "not_found names ['ticker'], which are not arguments"),
        ({"envelope": "table"}, "envelope be LIST or ITEM"),
        ({"fetch": lambda *, symbol, start_date, metrics: None}, "takes no keyword ['end_date']"),
        ({"route": "/statistics/<ticker>"}, "the route carries ['ticker'], which are not arguments"),
        ({"streams": ("text/csv",)}, "stream and streams (its content types) go together"),
    ],
)
def test_an_inconsistent_declaration_stops_the_app(monkeypatch, database_url, change, message):
    from app.api import statistics

    for name, value in change.items():
        monkeypatch.setattr(statistics.endpoint, name, value)

    with pytest.raises(RecipeError, match=re.escape(message)):
        create_app(base_config(database_url))


def test_a_module_that_declares_nothing_stops_the_app(monkeypatch, tmp_path, database_url):
    _add_module(monkeypatch, tmp_path, "toy_stray", "HELPER = 1\n")

    with pytest.raises(RecipeError, match=r"app\.api\.toy_stray declares neither"):
        create_app(base_config(database_url))
    sys.modules.pop("app.api.toy_stray", None)
