"""The access-control settings: defaults, parsing, and what production refuses."""

from __future__ import annotations

import ipaddress

import pytest

from app.config import ConfigError, load_settings

PRODUCTION = {"APP_ENV": "production", "DATABASE_URL": "mysql+pymysql://financial:s3cr3t-pw@db/financial"}


def settings(**environ: str) -> dict:
    return load_settings(environ={"APP_ENV": "testing", **environ})


def test_defaults_leave_the_service_open_with_a_limit_in_memory():
    found = settings()

    assert found["AUTH_MODE"] == "none" and found["AUTH_CACHE_SECONDS"] == 5.0
    assert found["RATE_LIMIT"] == "600/minute" and found["RATE_LIMIT_STORAGE_URL"] == "memory://"
    assert found["TRUSTED_PROXIES"] == () and found["CORS_ORIGINS"] == ()
    assert found["DB_STATEMENT_TIMEOUT_MS"] == 5000


def test_values_are_parsed():
    found = settings(
        AUTH_MODE="Basic",
        RATE_LIMIT="10/second;1000/hour",
        TRUSTED_PROXIES="127.0.0.1, 10.0.0.0/8",
        CORS_ORIGINS="https://a.example, https://b.example",
    )

    assert found["AUTH_MODE"] == "basic" and found["RATE_LIMIT"] == "10/second;1000/hour"
    assert found["TRUSTED_PROXIES"] == (ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("10.0.0.0/8"))
    assert found["CORS_ORIGINS"] == ("https://a.example", "https://b.example")
    assert settings(RATE_LIMIT="OFF")["RATE_LIMIT"] == "off"


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("AUTH_MODE", "token", "AUTH_MODE must be one of none, key, basic"),
        ("RATE_LIMIT", "lots", "RATE_LIMIT must be off or like 600/minute"),
        ("TRUSTED_PROXIES", "nginx", "TRUSTED_PROXIES must list addresses or CIDR ranges"),
        ("DB_STATEMENT_TIMEOUT_MS", "5s", "DB_STATEMENT_TIMEOUT_MS must be a whole number"),
    ],
)
def test_unusable_values_are_refused_by_name(name, value, words):
    with pytest.raises(ConfigError, match=words):
        settings(**{name: value})


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"CORS_ORIGINS": "*"}, "CORS_ORIGINS=\\*"),
        ({"AUTH_CACHE_SECONDS": "600"}, "AUTH_CACHE_SECONDS above 60"),
        ({"DB_STATEMENT_TIMEOUT_MS": "0"}, "DB_STATEMENT_TIMEOUT_MS must be above 0 and below GUNICORN_TIMEOUT"),
        ({"DB_STATEMENT_TIMEOUT_MS": "40000"}, "below GUNICORN_TIMEOUT"),
    ],
)
def test_production_refuses_unsafe_access_settings(extra, words):
    with pytest.raises(ConfigError, match=words):
        load_settings(environ={**PRODUCTION, **extra})


def test_production_accepts_the_compose_settings():
    found = load_settings(
        environ={
            **PRODUCTION,
            "AUTH_MODE": "key",
            "RATE_LIMIT_STORAGE_URL": "redis://redis:6379/1",
            "TRUSTED_PROXIES": "172.16.0.0/12",
        }
    )

    assert found["AUTH_MODE"] == "key" and found["RATE_LIMIT_STORAGE_URL"] == "redis://redis:6379/1"
