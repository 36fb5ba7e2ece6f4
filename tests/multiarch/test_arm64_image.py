"""The arm64 image, run under qemu user emulation, passes the amd64 image's smoke checks and
serves live A-share data through the real akshare in it, from the stand-in upstream on the
container's loopback (one container for both: the sample codes never touch the source)."""

import json
import time
from collections.abc import Iterator

import pytest

from container.containers import (
    EMULATED_HEALTHY_WITHIN_S,
    Container,
    built_image_id,
    docker,
    http_get,
    started,
)
from container.upstream_standin import standin_run_args, start_standin

IMAGE = "etftool-arm64"


@pytest.fixture(scope="module")
def container(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Container]:
    standin = standin_run_args(tmp_path_factory.mktemp("arm64"))
    with started(
        built_image_id(IMAGE), "--platform", "linux/arm64", *standin, healthy_within=EMULATED_HEALTHY_WITHIN_S
    ) as running:
        start_standin(running)
        yield running


def test_image_is_arm64_with_oci_labels() -> None:
    config = json.loads(docker("image", "inspect", built_image_id(IMAGE)).stdout)[0]
    assert (config["Os"], config["Architecture"]) == ("linux", "arm64")
    labels = config["Config"]["Labels"]
    for key in ("version", "revision", "created", "source"):
        assert labels.get(f"org.opencontainers.image.{key}"), labels


def test_processes_run_as_aarch64(container: Container) -> None:
    assert container.exec("uname", "-m").stdout.strip() == "aarch64"
    machine = container.exec("/app/venv/bin/python", "-c", "import platform; print(platform.machine())")
    assert machine.stdout.strip() == "aarch64", machine.stderr


def test_root_serves_the_frontend_html(container: Container) -> None:
    response = http_get(container.base_url + "/")
    assert response.status == 200
    assert b"<html" in response.body and b"/_next/static/" in response.body


def test_health_answers_ok(container: Container) -> None:
    body = http_get(container.base_url + "/api/health").json()
    assert isinstance(body, dict) and body["status"] == "ok"


def test_api_searches_and_computes_metrics_with_native_wheels(container: Container) -> None:
    search = http_get(container.base_url + "/api/v1/etfs/search?q=mtum", timeout=60)
    assert search.status == 200, search.body
    body = search.json()
    assert isinstance(body, dict) and "MTUM" in [item["code"] for item in body["results"]]
    # numpy's aarch64 wheel does the arithmetic here.
    metrics = http_get(container.base_url + "/api/v1/etfs/USMV/metrics?period=all", timeout=60)
    assert metrics.status == 200, metrics.body
    assert isinstance(metrics.json(), dict)


def test_supervisorctl_shows_both_programs_running(container: Container) -> None:
    result = container.exec("supervisorctl", "status")
    assert result.returncode == 0, result.stdout + result.stderr
    states = dict(line.split()[:2] for line in result.stdout.splitlines() if line.strip())
    assert states == {"fastapi": "RUNNING", "nginx": "RUNNING"}


def test_api_and_nginx_run_as_a_non_root_user(container: Container) -> None:
    result = container.exec("ps", "-eo", "uid=,args=")
    processes = [line.split(None, 1) for line in result.stdout.splitlines()]
    uvicorn = [int(uid) for uid, args in processes if "uvicorn" in args]
    # Under qemu, ps shows nginx's command line rather than "nginx: worker process", so every
    # nginx process (master and workers) is checked.
    nginx = [int(uid) for uid, args in processes if "nginx" in args]
    assert uvicorn and len(nginx) >= 2, result.stdout
    assert all(uid != 0 for uid in uvicorn + nginx), result.stdout


def test_docker_health_status_becomes_healthy(container: Container) -> None:
    # Emulation makes the first probes slower; Docker 20.10 probes every 10 s.
    deadline = time.monotonic() + 120
    while container.health_status() != "healthy" and time.monotonic() < deadline:
        time.sleep(2)
    assert container.health_status() == "healthy", container.logs()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/etfs/search?q=hs300",
        "/api/v1/etfs/510300",
        "/api/v1/etfs/510300/history",
        "/api/v1/etfs/510300/intraday",
    ],
)
def test_live_a_share_data_comes_through_akshare_without_a_javascript_engine(
    container: Container, path: str
) -> None:
    response = http_get(container.base_url + path, timeout=60)
    assert response.status == 200, response.body
    body = response.json()
    assert isinstance(body, dict) and body["source"].startswith("akshare") and body["stale"] is False, body
    assert "510300" in response.body.decode()
