"""Crashes, restarts, shutdown, a read-only root without capabilities, and the tunables.

Durations are printed (pytest -s, or the test's captured output), never asserted.
"""

import json
import re
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from container.containers import (
    Container,
    built_image_id,
    docker,
    http_get,
    run_container,
    start_container,
    started,
)


@pytest.fixture(scope="module")
def container() -> Iterator[Container]:
    with started(built_image_id()) as running:
        yield running


def processes(container: Container) -> list[tuple[int, int, int, str]]:
    """(pid, parent pid, process group, command line) of every process in the container."""
    lines = container.exec("ps", "-eo", "pid=,ppid=,pgid=,args=").stdout.splitlines()
    fields = (line.split(None, 3) for line in lines)
    return [(int(pid), int(ppid), int(pgid), args) for pid, ppid, pgid, args in fields]


def restart_after_kill(container: Container, program: str) -> tuple[int, int, float]:
    """kill -9 the program's main process; returns (old pid, new pid, seconds until a new
    process has written its pid file and /api/health answers through nginx)."""
    pid_file = {"fastapi": "/tmp/fastapi.pgid", "nginx": "/tmp/nginx.pid"}[program]
    old = container.program_pid(program)
    killed = time.monotonic()
    assert container.exec("kill", "-9", str(old)).returncode == 0
    deadline = killed + 60
    new = old
    while time.monotonic() < deadline:
        written = container.exec("cat", pid_file).stdout.strip()
        new = int(written) if written.isdigit() else old
        if new != old and http_get(container.base_url + "/api/health", timeout=2).status == 200:
            break
        time.sleep(0.05)
    seconds = time.monotonic() - killed
    deadline = time.monotonic() + 30
    while "RUNNING" not in container.exec("supervisorctl", "status", program).stdout:
        assert time.monotonic() < deadline, container.logs()
        time.sleep(0.2)
    return old, container.program_pid(program), seconds


def test_a_killed_uvicorn_is_restarted_by_supervisord(container: Container) -> None:
    old, new, seconds = restart_after_kill(container, "fastapi")
    print(f"uvicorn killed (kill -9): running again and /api/health 200 after {seconds:.2f} s")
    assert new not in (0, old)
    assert http_get(container.base_url + "/health").status == 200


def test_a_killed_nginx_is_restarted_and_its_old_workers_are_gone(container: Container) -> None:
    old, new, seconds = restart_after_kill(container, "nginx")
    print(f"nginx master killed (kill -9): running again and /api/health 200 after {seconds:.2f} s")
    assert new not in (0, old)
    workers = [(pid, ppid) for pid, ppid, _, args in processes(container) if args == "nginx: worker process"]
    assert workers and all(ppid == new for _, ppid in workers), processes(container)
    assert http_get(container.base_url + "/").status == 200


@pytest.fixture(scope="module")
def tuned() -> Iterator[Container]:
    with started(
        built_image_id(),
        *("-e", "WEB_CONCURRENCY=2", "-e", "NGINX_WORKER_PROCESSES=3", "-e", "LOG_LEVEL=WARNING"),
    ) as running:
        yield running


def requests_counted(container: Container) -> float:
    text = container.exec("curl", "-s", "http://127.0.0.1:8000/metrics").stdout
    pattern = r'^etftool_http_requests_total\{method="GET",route="/api/health",status="200"\} (\S+)$'
    found = re.search(pattern, text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_tunables_set_worker_counts_and_log_level(tuned: Container) -> None:
    listing = processes(tuned)
    uvicorn_pgid = tuned.program_pid("fastapi")
    api_workers = [
        args for _, ppid, _, args in listing if ppid == uvicorn_pgid and "multiprocessing.spawn" in args
    ]
    nginx_workers = [args for *_, args in listing if args == "nginx: worker process"]
    assert len(api_workers) == 2 and len(nginx_workers) == 3, listing

    before = requests_counted(tuned)
    for _ in range(40):
        assert http_get(tuned.base_url + "/api/health").status == 200
    # Every worker's requests are in the one /metrics answer (the health check may add one).
    assert 40 <= requests_counted(tuned) - before <= 45
    assert '"logger": "uvicorn.access"' not in tuned.logs()


def test_a_killed_uvicorn_with_workers_leaves_none_behind(tuned: Container) -> None:
    old_group = tuned.program_pid("fastapi")
    old, new, seconds = restart_after_kill(tuned, "fastapi")
    print(f"uvicorn with 2 workers killed: running again and /api/health 200 after {seconds:.2f} s")
    assert new not in (0, old)
    assert [args for _, _, pgid, args in processes(tuned) if pgid == old_group] == []


def test_a_read_only_root_without_capabilities_works() -> None:
    hardened = start_container(
        built_image_id(),
        "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
        "-v", "/app/backend/data", "-v", "/app/backend/cache",
    )
    try:
        assert hardened.sh("grep CapEff /proc/1/status").stdout.split() == ["CapEff:", "0000000000000000"]
        assert http_get(hardened.base_url + "/").status == 200
        assert http_get(hardened.base_url + "/api/v1/etfs/MTUM").status == 200
        assert "RUNNING" in hardened.exec("supervisorctl", "status", "nginx").stdout
        written = hardened.sh(
            "sqlite3 /app/backend/data/probe.db 'CREATE TABLE t(x)' && touch /app/backend/cache/x"
        )
        assert written.returncode == 0, written.stderr
        assert hardened.sh("touch /app/backend/elsewhere").returncode != 0
        docker("stop", hardened.name, timeout=30)
        assert hardened.state("{{.State.ExitCode}}") == "0", hardened.logs()
    finally:
        hardened.remove()


def test_a_read_only_root_without_a_tmpfs_says_what_to_add() -> None:
    refused = run_container(built_image_id(), "--read-only")
    try:
        assert refused.wait_for_exit() == 2
        logs = refused.logs()
        assert "/tmp is not writable" in logs and "--tmpfs /tmp" in logs
        assert "DATA_DIR /app/backend/data is not writable" in logs
    finally:
        refused.remove()


def test_a_damaged_database_stops_the_container_saying_how_to_restore() -> None:
    """Instead of supervisord restarting an API that fails on the file again and again."""
    volume = docker("volume", "create").stdout.strip()
    try:
        # Written as the image's user, as a copy gone wrong would be.
        docker(
            "run", "--rm", "-v", f"{volume}:/app/backend/data", "--entrypoint", "sh", built_image_id(),
            "-c", "head -c 65536 /dev/urandom > /app/backend/data/etftool.db",
        )
        refused = run_container(built_image_id(), "-v", f"{volume}:/app/backend/data")
        try:
            assert refused.wait_for_exit() == 2
            logs = refused.logs()
            assert "the database /app/backend/data/etftool.db is damaged (file is not a database)" in logs
            assert "restore the latest backup" in logs
            assert "supervisord started" not in logs
        finally:
            refused.remove()
    finally:
        docker("volume", "rm", volume)


def test_an_invalid_setting_stops_the_container_naming_it() -> None:
    refused = run_container(built_image_id(), "-e", "WEB_CONCURRENCY=0", "-e", "NGINX_WORKER_PROCESSES=many")
    try:
        assert refused.wait_for_exit() == 2
        logs = refused.logs()
        assert "WEB_CONCURRENCY" in logs and "NGINX_WORKER_PROCESSES" in logs
        assert "supervisord started" not in logs
    finally:
        refused.remove()


def test_docker_stop_lets_an_in_flight_request_finish() -> None:
    stopping = start_container(built_image_id())
    try:
        host, port = stopping.base_url.removeprefix("http://").split(":")
        body = b'{"slow": 1}'
        with socket.create_connection((host, int(port)), timeout=20) as client:
            client.sendall(
                b"GET /api/health HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
                b"Content-Type: application/json\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body[:5]
            )
            timing: dict[str, float] = {}

            def stop() -> None:
                started = time.monotonic()
                docker("stop", stopping.name, timeout=30)
                timing["stop"] = time.monotonic() - started

            stopper = threading.Thread(target=stop)
            stopper.start()
            # The request is in flight once nginx has begun its graceful shutdown.
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                if any("is shutting down" in args for *_, args in processes(stopping)):
                    break
                time.sleep(0.05)
            else:
                pytest.fail("nginx did not begin shutting down")
            client.sendall(body[5:])
            reply = b""
            while chunk := client.recv(65536):
                reply += chunk
        stopper.join(timeout=30)
        head, _, payload = reply.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200"), reply
        assert json.loads(payload)["status"] == "ok"
        assert stopping.state("{{.State.ExitCode}}") == "0", stopping.logs()
        print(f"docker stop with a request in flight took {timing['stop']:.2f} s (exit code 0)")
    finally:
        stopping.remove()
