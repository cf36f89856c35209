"""compose.yaml: valid against the Compose Specification, two web processes in HTTP mode behind
one published port and two workers, PostgreSQL with a health check, every setting in
.env.example."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from bot.config import Settings
from tests.support import schemas
from tests.support.paths import ROOT

COMPOSE = ROOT / "compose.yaml"
ENV_EXAMPLE = ROOT / ".env.example"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return data


@schemas.needs(schemas.COMPOSE)
def test_compose_validates_against_the_compose_spec(compose):
    schema = schemas.load(schemas.COMPOSE)
    schemas.count_validated()
    errors = sorted(Draft7Validator(schema).iter_errors(compose), key=lambda e: e.path)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def apps(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: s for name, s in compose["services"].items() if s.get("build")}


def role(service: dict[str, Any]) -> str:
    """What ``python -m bot`` runs in the service (the image's CMD is ``serve``)."""
    command = service.get("command", ["python", "-m", "bot", "serve"])
    assert command[:3] == ["python", "-m", "bot"], command
    return str(command[3])


def web(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: s for name, s in apps(compose).items() if role(s) == "web"}


def test_two_web_and_two_worker_processes_on_postgres(compose):
    replicas = apps(compose)
    assert sorted(role(s) for s in replicas.values()) == ["web", "web", "worker", "worker"]
    for name, service in replicas.items():
        env = service["environment"]
        assert env["DATABASE_URL"].startswith("postgresql+asyncpg://"), name
        assert "@postgres:5432/" in env["DATABASE_URL"], name
        assert env["SLACK_APP_TOKEN"] == "", f"{name}: Socket Mode would bypass the proxy"
        assert service["env_file"] == ".env"
        assert "ports" not in service, f"{name} is reached through the proxy only"
        assert env["METRICS_HOST"] == "0.0.0.0", f"{name}: scraped from the private network"
        assert int(env["METRICS_PORT"]) != int(env["PORT"]), f"{name}: /metrics is not public"
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
        test = " ".join(service["healthcheck"]["test"])
        assert "urllib.request" in test and "/healthz" in test
        grace = int(service["stop_grace_period"].rstrip("s"))
        assert grace > Settings.model_fields["shutdown_timeout_seconds"].default


def test_one_published_port_in_front_of_the_web_processes(compose):
    published = {name: s["ports"] for name, s in compose["services"].items() if s.get("ports")}
    [(proxy, ports)] = published.items()
    assert len(ports) == 1
    service = compose["services"][proxy]
    assert {n: d["condition"] for n, d in service["depends_on"].items()} == {
        n: "service_healthy" for n in web(compose)
    }
    [config] = service["configs"]
    content = compose["configs"][config["source"]]["content"]
    for name in apps(compose):
        assert (f"server {name}:3000" in content) == (name in web(compose)), "web only"
        metrics_port = compose["services"][name]["environment"]["METRICS_PORT"]
        assert f"{name}:{metrics_port}" not in content, "the proxy must not reach /metrics"
    assert re.search(r"(?<!\$)\$(?!\$)", content) is None, "a $ compose would interpolate"


def test_postgres_has_a_volume_and_a_health_check(compose):
    postgres = compose["services"]["postgres"]
    assert postgres["image"].startswith("postgres:")
    assert any(v.endswith(":/var/lib/postgresql/data") for v in postgres["volumes"])
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert set(compose["volumes"]) >= {v.split(":")[0] for v in postgres["volumes"]}


def test_env_example_lists_every_setting_with_a_comment():
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    for name in Settings.model_fields:
        variable = name.upper()
        found = [i for i, line in enumerate(lines) if re.fullmatch(rf"#? ?{variable}=.*", line)]
        assert found, f"{variable} is missing from .env.example"
        above = lines[found[0] - 1]
        assert above.startswith("# ") and "=" not in above.split()[1], (
            f"{variable} has no comment line above it"
        )
