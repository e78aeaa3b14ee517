"""Check the Docker image, compose files, nginx and MySQL config with the tools that run here."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests import systools
from tests.e2e import prodlike_nginx

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
CODE = ("app", "financial", "lib", "conf", "get_raw_data.py")


def tool(name: str) -> str:
    """Return a tool's path; skip locally and fail in CI when it is not installed."""
    return systools.require_for_test(name)


def instructions() -> list[tuple[str, str]]:
    """Return the Dockerfile's (INSTRUCTION, arguments) pairs, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def compose(path: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `docker-compose config` on a file offline, with only the variables given."""
    binary = tool("docker-compose")
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"), **(env or {})}
    # An empty --env-file: a developer's .env must not decide whether CI passes.
    with tempfile.NamedTemporaryFile("w", suffix=".env") as empty:
        argv = [binary, "--env-file", empty.name, "-f", str(ROOT / path), "config"]
        return subprocess.run(argv, capture_output=True, text=True, env=clean, timeout=60, check=False)


def resolved(path: str, env: dict[str, str] | None = None) -> dict:
    """Return the compose file as docker-compose resolves it, parsed by compose's own YAML library."""
    result = compose(path, env)
    assert result.returncode == 0, result.stderr
    interpreter = Path(tool("docker-compose")).read_text().splitlines()[0].removeprefix("#!").split()
    to_json = "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"
    parsed = subprocess.run(
        [*interpreter, "-c", to_json], input=result.stdout, capture_output=True, text=True, check=True
    )
    return json.loads(parsed.stdout)


PROD_ENV = {"SECRETS_DIR": "/srv/financial/secrets"}


@pytest.fixture(scope="module")
def prod() -> dict:
    return resolved("docker-compose.prod.yml", PROD_ENV)


@pytest.fixture(scope="module")
def dev() -> dict:
    return resolved("docker-compose.dev.yml")


def test_dockerfile_passes_hadolint():
    hadolint = tool("hadolint")
    result = subprocess.run(
        [hadolint, "--no-color", "--failure-threshold", "style", "Dockerfile"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_image_is_slim_python_311_run_by_gunicorn_as_a_non_root_user():
    steps = instructions()
    assert steps[0] == ("FROM", "python:3.11-slim")
    users = [args for name, args in steps if name == "USER"]
    assert users and users[-1].split(":")[0] not in ("0", "root")
    cmd = json.loads(next(args for name, args in steps if name == "CMD"))
    assert cmd == ["gunicorn", "--config", "conf/gunicorn.conf.py", "app:create_app()"]
    env = " ".join(args for name, args in steps if name == "ENV")
    assert "GUNICORN_BIND=0.0.0.0:8000" in env and "APP_ENV=production" in env


def test_image_healthcheck_probes_api_health_without_curl():
    healthchecks = [args for name, args in instructions() if name == "HEALTHCHECK"]
    assert len(healthchecks) == 1
    assert "http://127.0.0.1:8000/api/health" in healthchecks[0] and "urllib" in healthchecks[0]


def test_requirements_install_in_a_layer_before_the_code_is_copied():
    steps = instructions()
    install = next(i for i, (name, args) in enumerate(steps) if name == "RUN" and "requirements.txt" in args)
    copies = [(i, args.split()[0]) for i, (name, args) in enumerate(steps) if name == "COPY"]
    assert [source for i, source in copies if i < install] == ["requirements.txt"]
    assert {source for i, source in copies if i > install} == set(CODE)


def _dockerignored(path: str, patterns: list[str]) -> bool:
    ignored = False
    for pattern in patterns:
        negated, pattern = pattern.startswith("!"), pattern.lstrip("!")
        if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(path, pattern.removeprefix("**/")):
            ignored = not negated
    return ignored


def test_dockerignore_keeps_venv_data_and_secrets_out_but_not_the_code():
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    for secret_or_bulk in (".venv", "data", ".env", ".env.production", "secrets", ".git"):
        assert _dockerignored(secret_or_bulk, patterns), secret_or_bulk
    for needed in ("requirements.txt", *CODE):
        assert (ROOT / needed).exists(), f"the Dockerfile copies {needed}, which does not exist"
        assert not _dockerignored(needed, patterns), f"{needed} is copied but .dockerignore drops it"


@pytest.mark.parametrize("path", ["docker-compose.dev.yml", "docker-compose.prod.yml"])
def test_compose_files_validate(path):
    result = compose(path, PROD_ENV if "prod" in path else None)
    assert result.returncode == 0, result.stderr


def test_prod_compose_refuses_to_start_without_its_secrets_folder():
    result = compose("docker-compose.prod.yml")
    assert result.returncode != 0 and "set SECRETS_DIR" in result.stderr


def test_prod_publishes_only_nginx(prod):
    published = {name for name, service in prod["services"].items() if service.get("ports")}
    assert published == {"nginx"}
    assert any(volume.endswith("/etc/nginx/nginx.conf:ro") for volume in prod["services"]["nginx"]["volumes"])


def test_prod_api_runs_several_restartable_replicas_from_the_image(prod):
    api = prod["services"]["api"]
    assert api["deploy"]["replicas"] >= 2 and api["restart"] == "unless-stopped"
    assert "volumes" not in api and "command" not in api  # the image's gunicorn CMD, no code mount
    assert api["environment"]["APP_ENV"] == "production" and api["environment"]["CACHE_TYPE"] == "RedisCache"
    assert "/api/health" in " ".join(api["healthcheck"]["test"])


def test_prod_secrets_come_from_files_never_from_plain_variables(prod):
    for name, service in prod["services"].items():
        env = service.get("environment", {})
        assert not {"DATABASE_URL", "ALPHAVANTAGE_API_KEY", "MYSQL_PASSWORD", "MYSQL_ROOT_PASSWORD"} & set(env), name
        mounted = {secret["source"] for secret in service.get("secrets", [])}
        for variable, value in env.items():
            if variable.endswith("_FILE"):
                assert value.startswith("/run/secrets/") and value.rsplit("/", 1)[1] in mounted, (name, variable)
    assert prod["services"]["mysql"]["environment"]["MYSQL_PASSWORD_FILE"] == "/run/secrets/mysql_password"
    assert prod["services"]["ingest"]["environment"]["ALPHAVANTAGE_API_KEY_FILE"] == "/run/secrets/alphavantage_api_key"
    assert all(secret["file"].startswith(PROD_ENV["SECRETS_DIR"]) for secret in prod["secrets"].values())


def test_prod_ingestion_is_a_one_shot_job(prod):
    ingest = prod["services"]["ingest"]
    assert ingest["restart"] == "no" and ingest["profiles"] == ["ingest"]
    assert ingest["command"][:2] == ["python", "get_raw_data.py"]


@pytest.mark.parametrize("which", ["dev", "prod"])
def test_services_wait_for_healthy_dependencies(which, request):
    config = request.getfixturevalue(which)
    services = config["services"]
    waits = 0
    for name, service in services.items():
        for dependency, rule in service.get("depends_on", {}).items():
            assert rule["condition"] in ("service_healthy", "service_completed_successfully"), (name, dependency)
            if rule["condition"] == "service_healthy":
                assert services[dependency].get("healthcheck", {}).get("test"), f"{dependency} has no healthcheck"
                waits += 1
    assert waits >= 3


def test_dev_mounts_the_code_and_serves_with_the_debug_server(dev):
    api = dev["services"]["api"]
    assert any(volume.endswith(":/app") or volume.endswith(":/app:rw") for volume in api["volumes"])
    assert "run --debug" in " ".join(api["command"])
    assert all(
        port.startswith("127.0.0.1:") for service in dev["services"].values() for port in service.get("ports", [])
    )
    assert {"mysql", "api", "get_raw_data", "adminer"} <= set(dev["services"])
    assert dev["services"]["get_raw_data"]["restart"] == "no"


def test_mysql_keeps_its_data_in_a_named_volume(dev, prod):
    for config in (dev, prod):
        mysql = config["services"]["mysql"]
        assert mysql["image"].startswith("mysql:8")
        data = [volume for volume in mysql["volumes"] if volume.split(":")[1] == "/var/lib/mysql"]
        assert data and data[0].split(":")[0] in config["volumes"]


def test_nginx_config_passes_nginx_t(tmp_path):
    nginx = tool("nginx")
    config = prodlike_nginx.write(prefix=tmp_path, port=8080, upstreams=[8001, 8002])
    argv = [nginx, *prodlike_nginx.argv(config, prefix=tmp_path, test=True)[1:]]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0, result.stderr


def test_nginx_proxies_with_keepalive_gzip_cache_and_limits():
    text = re.sub(r"#.*", "", (ROOT / "conf" / "nginx.conf").read_text(encoding="utf-8"))
    for directive in (
        "keepalive 32;",
        "gzip on;",
        "proxy_cache api_cache;",
        "proxy_cache_revalidate on;",
        "client_max_body_size",
        "limit_req zone=",
        'proxy_set_header Connection "";',
    ):
        assert directive in text, directive
    # Honour the app's Cache-Control: no blanket validity, no ignored headers.
    assert "proxy_cache_valid" not in text and "proxy_ignore_headers" not in text


def test_mysql_config_is_accepted_by_mariadbd():
    mariadbd = tool("mariadbd")
    argv = [mariadbd, f"--defaults-file={ROOT / 'conf' / 'mysql' / 'financial.cnf'}", "--verbose", "--help"]
    argv += ["--user=root"] if os.geteuid() == 0 else []
    result = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0 and "[ERROR]" not in result.stderr, result.stderr[-2000:]
