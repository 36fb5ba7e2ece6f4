"""The runtime image: nginx + supervisor + the API, as a user runs it."""

import json
import re
import time
from collections.abc import Iterator

import pytest

from container.containers import Container, built_image_id, docker, http_get, start_container, started


@pytest.fixture(scope="module")
def container() -> Iterator[Container]:
    with started(built_image_id()) as running:
        yield running


def test_root_serves_the_frontend_html_through_nginx(container: Container) -> None:
    response = http_get(container.base_url + "/")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert b"<html" in response.body and b"/_next/static/" in response.body


def test_the_scripts_a_page_starts_with_carry_the_compile_hint(container: Container) -> None:
    # frontend/scripts/compile-hints.mjs: Chromium compiles them while they download.
    page = http_get(container.base_url + "/").body.decode()
    scripts = re.findall(r'<script src="(/_next/static/chunks/[^"]+[.]js)"', page)
    assert len(scripts) >= 3, page
    for script in scripts:
        body = http_get(container.base_url + script).body
        assert body.startswith(b"//# allFunctionsCalledOnLoad\n"), script


def test_a_page_named_without_its_slash_is_reached_on_the_published_port(container: Container) -> None:
    """The container's port 3000 is published on another port here, as users often do."""
    response = http_get(container.base_url + "/etf?code=SPX")
    assert response.status == 200
    assert b"<html" in response.body


@pytest.mark.parametrize("path", ["/api/health", "/health"])
def test_health_endpoints_answer_json(container: Container, path: str) -> None:
    response = http_get(container.base_url + path)
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert isinstance(body, dict) and body["status"] == "ok"
    assert re.fullmatch(r"\d+\.\d+\.\d+", body["version"])


def test_docker_health_status_becomes_healthy(container: Container) -> None:
    deadline = time.monotonic() + 60
    while container.health_status() != "healthy" and time.monotonic() < deadline:
        time.sleep(1)
    assert container.health_status() == "healthy"


def test_supervisorctl_shows_both_programs_running(container: Container) -> None:
    result = container.exec("supervisorctl", "status")
    assert result.returncode == 0, result.stdout + result.stderr
    states = dict(line.split()[:2] for line in result.stdout.splitlines() if line.strip())
    assert states == {"fastapi": "RUNNING", "nginx": "RUNNING"}


def test_api_and_nginx_workers_run_as_a_non_root_user(container: Container) -> None:
    result = container.exec("ps", "-eo", "uid=,args=")
    processes = [line.split(None, 1) for line in result.stdout.splitlines()]
    uvicorn = [int(uid) for uid, args in processes if "uvicorn" in args]
    workers = [int(uid) for uid, args in processes if "nginx: worker process" in args]
    assert uvicorn and workers
    assert all(uid != 0 for uid in uvicorn + workers)


def test_logs_hold_nginx_access_lines_and_api_lines(container: Container) -> None:
    http_get(container.base_url + "/api/health")
    logs = container.logs()
    assert re.search(r'"GET /api/health HTTP/1\.1" 200 .* id=[0-9a-f]{32}', logs), logs
    assert re.search(r"Uvicorn running on http://127\.0\.0\.1:8000", logs), logs


def test_the_image_carries_its_sbom(container: Container) -> None:
    """The CycloneDX document at /app/sbom.cdx.json names what the image runs, at the versions
    the image really has."""
    sbom = json.loads(container.exec("cat", "/app/sbom.cdx.json").stdout)
    assert sbom["bomFormat"] == "CycloneDX" and sbom["specVersion"] == "1.6"
    versions = {component["name"]: component["version"] for component in sbom["components"]}
    nginx = container.exec("dpkg-query", "-W", "-f", "${Version}", "nginx-light").stdout
    fastapi = container.exec("python", "-c", "import fastapi; print(fastapi.__version__)").stdout.strip()
    assert versions["nginx-light"] == nginx
    assert versions["fastapi"] == fastapi


def test_docker_stop_ends_the_container_gracefully() -> None:
    stopping = start_container(built_image_id())
    try:
        docker("stop", stopping.name, timeout=30)
        state = docker("inspect", "--format", "{{.State.ExitCode}} {{.State.OOMKilled}}", stopping.name)
        # 137 would mean Docker had to SIGKILL it after its 10 s grace period.
        assert state.stdout.split() == ["0", "false"], stopping.logs()
    finally:
        stopping.remove()
