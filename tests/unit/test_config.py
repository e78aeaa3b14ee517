"""Settings from the environment: defaults, *_FILE secrets, production refusals, bad values named."""

from __future__ import annotations

import pytest

from app.config import DEFAULT_SQLITE_PATH, ROOT, ConfigError, load_settings

PRODUCTION = {"APP_ENV": "production", "DATABASE_URL": "mysql+pymysql://app:s3cr3t-Pa55@db:3306/financial"}


def test_defaults_use_sqlite_under_data_db():
    settings = load_settings(environ={})

    assert settings["APP_ENV"] == "development"
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{DEFAULT_SQLITE_PATH}"
    assert DEFAULT_SQLITE_PATH.parent == ROOT / "data" / "db"
    assert settings["CACHE_TYPE"] == "SimpleCache"
    assert settings["ALPHAVANTAGE_BASE_URL"] == "https://www.alphavantage.co/query"
    assert settings["RESTX_ERROR_404_HELP"] is False


def test_overrides_win_over_the_environment():
    settings = load_settings({"CACHE_TYPE": "NullCache"}, environ={"CACHE_TYPE": "RedisCache"})

    assert settings["CACHE_TYPE"] == "NullCache"


def test_mysql_gets_pool_settings_from_the_environment():
    environ = {"DATABASE_URL": "mysql+pymysql://u:p@h/db", "DB_POOL_SIZE": "12", "DB_POOL_PRE_PING": "false"}

    options = load_settings(environ=environ)["SQLALCHEMY_ENGINE_OPTIONS"]

    assert (options["pool_size"], options["pool_pre_ping"], options["pool_recycle"]) == (12, False, 280)


def test_secrets_can_come_from_files(tmp_path):
    (tmp_path / "key").write_text("ABCD1234\n", encoding="utf-8")
    (tmp_path / "url").write_text("mysql+pymysql://app:pw-from-file@db/financial\n", encoding="utf-8")
    environ = {"ALPHAVANTAGE_API_KEY_FILE": str(tmp_path / "key"), "DATABASE_URL_FILE": str(tmp_path / "url")}

    settings = load_settings(environ={**environ, "ALPHAVANTAGE_API_KEY": "ignored-when-a-file-is-named"})

    assert settings["ALPHAVANTAGE_API_KEY"] == "ABCD1234"
    assert settings["SQLALCHEMY_DATABASE_URI"] == "mysql+pymysql://app:pw-from-file@db/financial"


def test_an_unreadable_secret_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="ALPHAVANTAGE_API_KEY_FILE"):
        load_settings(environ={"ALPHAVANTAGE_API_KEY_FILE": str(tmp_path / "missing")})


def test_production_starts_with_real_settings(tmp_path):
    (tmp_path / "url").write_text(PRODUCTION["DATABASE_URL"], encoding="utf-8")

    assert load_settings(environ=PRODUCTION)["APP_ENV"] == "production"
    assert load_settings(environ={"APP_ENV": "production", "DATABASE_URL_FILE": str(tmp_path / "url")})
    assert load_settings(environ={**PRODUCTION, "DATABASE_URL": "sqlite:////var/lib/financial/db.sqlite3"})


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"APP_ENV": "production"}, "DATABASE_URL"),
        ({**PRODUCTION, "DATABASE_URL": "mysql+pymysql://app:changeme@db/financial"}, "DATABASE_URL"),
        ({**PRODUCTION, "DATABASE_URL": "mysql+pymysql://app@db/financial"}, "DATABASE_URL"),
        ({**PRODUCTION, "DATABASE_URL": "mysql+pymysql://app:@db/financial"}, "DATABASE_URL"),
        ({**PRODUCTION, "ALPHAVANTAGE_API_KEY": "demo"}, "ALPHAVANTAGE_API_KEY"),
        ({**PRODUCTION, "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": " "}, "CACHE_REDIS_URL"),
    ],
)
def test_production_refuses_missing_or_placeholder_settings(environ, named):
    with pytest.raises(ConfigError, match=named) as caught:
        load_settings(environ=environ)

    assert "s3cr3t" not in str(caught.value)


def test_production_refusals_are_reported_together():
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={"APP_ENV": "production", "ALPHAVANTAGE_API_KEY": "changeme"})

    assert "DATABASE_URL" in str(caught.value) and "ALPHAVANTAGE_API_KEY" in str(caught.value)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CACHE_DEFAULT_TIMEOUT", "soon"),
        ("CACHE_THRESHOLD", "0"),
        ("HTTP_CACHE_MAX_AGE", "-5"),
        ("HTTP_CACHE_MAX_AGE", "1_0"),
        ("ALPHAVANTAGE_RETRIES", "\u0663"),
        ("ALPHAVANTAGE_TIMEOUT", "nan"),
        ("ALPHAVANTAGE_TIMEOUT", "inf"),
        ("ALPHAVANTAGE_RATE", "-1"),
        ("ALPHAVANTAGE_RATE", "fast"),
        ("ALPHAVANTAGE_FUNCTION", "weekly"),
        ("ALPHAVANTAGE_SYMBOL_BUDGET", "0"),  # accepted once, then every symbol failed with a ValueError
        ("ALPHAVANTAGE_SYMBOL_BUDGET", "-3"),
        ("ALPHAVANTAGE_TIMEOUT", "0"),
        ("ALPHAVANTAGE_DAILY_BUDGET", "0"),  # no run could fetch anything
        ("ALPHAVANTAGE_DAILY_BUDGET", "2.5"),
        ("ALPHAVANTAGE_BASE_URL", "www.alphavantage.co/query"),
        ("ACTIONS_MAX_AGE_DAYS", "-1"),
        ("ACTIONS_MAX_AGE_DAYS", "1.5"),
        ("ACTIONS_MAX_AGE_DAYS", "a week"),
        ("ACTIONS_MAX_AGE_DAYS", "99999999999"),  # beyond any date: a timedelta would overflow
        ("APP_ENV", "staging"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_bad_values_are_rejected_naming_the_variable(name, value):
    with pytest.raises(ConfigError, match=name):
        load_settings(environ={name: value})


@pytest.mark.parametrize(
    ("name", "value"),
    [("DB_POOL_SIZE", "0"), ("DB_POOL_SIZE", "many"), ("DB_POOL_PRE_PING", "maybe"), ("DB_POOL_RECYCLE", "1.5")],
)
def test_bad_pool_values_are_rejected_naming_the_variable(name, value):
    with pytest.raises(ConfigError, match=name):
        load_settings(environ={"DATABASE_URL": "mysql+pymysql://u:p@h/db", name: value})


def test_a_malformed_database_url_is_named_without_echoing_it():
    with pytest.raises(ConfigError, match="DATABASE_URL") as caught:
        load_settings(environ={"DATABASE_URL": "not a url with s3cr3t"})

    assert "s3cr3t" not in str(caught.value)


def test_the_symbol_budget_names_what_it_means_and_what_was_given():
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={"ALPHAVANTAGE_SYMBOL_BUDGET": "0"})

    assert str(caught.value) == (
        "ALPHAVANTAGE_SYMBOL_BUDGET must be a number above 0 (seconds one symbol may spend on Alpha Vantage), got '0'"
    )


def test_actions_max_age_zero_means_every_run_and_is_accepted():
    assert load_settings(environ={"ACTIONS_MAX_AGE_DAYS": "0"})["ACTIONS_MAX_AGE_DAYS"] == 0
    assert load_settings(environ={})["ACTIONS_MAX_AGE_DAYS"] == 7


def test_choices_ignore_case():
    settings = load_settings(environ={"LOG_LEVEL": "debug", "ALPHAVANTAGE_FUNCTION": "DAILY"})

    assert (settings["LOG_LEVEL"], settings["ALPHAVANTAGE_FUNCTION"]) == ("DEBUG", "daily")
