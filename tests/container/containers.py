"""Runs the image Pants built for a test, on the local Docker engine, and cleans up after."""

import json
import shutil
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

# Debian's client (BuildKit-capable) first; any docker client works for running containers.
DOCKER = shutil.which("docker", path="/usr/bin:/usr/local/bin:/bin") or "docker"
# How long a new container may take to answer /api/health: a native one takes seconds.
HEALTHY_WITHIN_S = 60
# An arm64 one under qemu takes about ten times as long to start, and longer while other
# emulated containers start beside it on the same two cores.
EMULATED_HEALTHY_WITHIN_S = 300


def docker(*args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [DOCKER, *args], check=check, capture_output=True, text=True, timeout=timeout
    )


def built_image_id(name: str = "etftool") -> str:
    """The image id from the `<name>.docker-info.json` Pants puts in the test sandbox."""
    infos = sorted(Path.cwd().rglob(f"{name}.docker-info.json"))
    if not infos:
        raise FileNotFoundError(
            f"no {name}.docker-info.json under {Path.cwd()}: is the image a runtime_package_dependency?"
        )
    return str(json.loads(infos[0].read_text())["image_id"])


@dataclass
class Container:
    name: str
    base_url: str

    def exec(self, *command: str, user: str | None = None) -> subprocess.CompletedProcess[str]:
        prefix = ["exec", *(["--user", user] if user else []), self.name]
        return docker(*prefix, *command, check=False)

    def logs(self) -> str:
        result = docker("logs", self.name)
        return result.stdout + result.stderr

    def health_status(self) -> str:
        return docker("inspect", "--format", "{{.State.Health.Status}}", self.name).stdout.strip()

    def remove(self) -> None:
        docker("rm", "-f", "-v", self.name, check=False)

    def sh(self, script: str) -> subprocess.CompletedProcess[str]:
        """A shell command line inside the container, as the image's user."""
        return self.exec("sh", "-c", script)

    def program_pid(self, program: str) -> int:
        """The pid supervisord reports for one of its programs (fastapi, nginx)."""
        return int(self.exec("supervisorctl", "pid", program).stdout.strip())

    def wait_until_healthy(self, timeout: float = HEALTHY_WITHIN_S) -> float:
        """Seconds until /api/health answers 200 through nginx."""
        started = time.monotonic()
        wait_for_http(self.base_url + "/api/health", timeout=timeout)
        return time.monotonic() - started

    def wait_for_exit(self, timeout: float = 60) -> int:
        return int(docker("wait", self.name, timeout=timeout).stdout.strip())

    def state(self, template: str) -> str:
        return docker("inspect", "--format", template, self.name).stdout.strip()


def unique_name(prefix: str = "etftool-test") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def published_url(name: str) -> str:
    """http://127.0.0.1:PORT for the container's port 3000 ("" while it is not running);
    a random host port changes at each start."""
    ports = docker("port", name, "3000/tcp", check=False).stdout.split()
    return f"http://127.0.0.1:{ports[0].rsplit(':', 1)[1]}" if ports else ""


def run_container(image: str, *run_args: str, name: str | None = None) -> Container:
    """`docker run -d` with a random loopback port for 3000; does not wait for the app."""
    name = name or unique_name()
    docker("run", "-d", "--name", name, "-p", "127.0.0.1::3000", *run_args, image)
    return Container(name=name, base_url=published_url(name))


class Removable(Protocol):
    def remove(self) -> None: ...


RunningContainer = TypeVar("RunningContainer", bound=Removable)


@contextmanager
def until_removed(
    container: RunningContainer, wait_until_ready: Callable[[], object] = lambda: None
) -> Iterator[RunningContainer]:
    """The container once `wait_until_ready` returns; removed on leaving the block, and also
    when it never gets ready. Every container fixture runs its container in one."""
    try:
        wait_until_ready()
        yield container
    finally:
        container.remove()


@contextmanager
def started(image: str, *run_args: str, healthy_within: float = HEALTHY_WITHIN_S) -> Iterator[Container]:
    """A healthy container (see start_container), removed on leaving the block."""
    with until_removed(start_container(image, *run_args, healthy_within=healthy_within)) as running:
        yield running


def start_container(image: str, *run_args: str, healthy_within: float = HEALTHY_WITHIN_S) -> Container:
    container = run_container(image, *run_args)
    try:
        container.wait_until_healthy(healthy_within)
    except BaseException:
        print(docker("logs", container.name, check=False).stdout)
        container.remove()
        raise
    return container


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)


def http_get(url: str, headers: dict[str, str] | None = None, timeout: float = 10) -> Response:
    return http_request("GET", url, headers=headers, timeout=timeout)


def http_request(
    method: str, url: str, body: object = None, headers: dict[str, str] | None = None, timeout: float = 10
) -> Response:
    """One request; `body`, when given, is sent as JSON. HTTP errors are returned, not raised."""
    data = None if body is None else json.dumps(body).encode()
    all_headers = {**({"Content-Type": "application/json"} if data else {}), **(headers or {})}
    request = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return Response(reply.status, dict(reply.headers.items()), reply.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, dict(error.headers.items()), error.read())


def wait_for_http(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            if http_get(url, timeout=2).status == 200:
                return
        except OSError as error:
            last_error = error
        time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer 200 within {timeout} s (last error: {last_error})")


class OfflineContainer:
    """A container on `--network none`, so requests go through nginx from inside it."""

    def __init__(self, image: str, *run_args: str) -> None:
        self.name = f"etftool-offline-{uuid.uuid4().hex[:10]}"
        docker("run", "-d", "--network", "none", "--name", self.name, *run_args, image)

    def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
        command = [
            "exec",
            self.name,
            "curl",
            "-sS",
            "-o",
            "/dev/stdout",
            "-w",
            "\n%{http_code}",
            "-X",
            method,
        ]
        if body is not None:
            command += ["-H", "Content-Type: application/json", "--data", json.dumps(body)]
        result = docker(*command, f"http://127.0.0.1:3000{path}", check=False)
        payload, _, status = result.stdout.rpartition("\n")
        return int(status or 0), json.loads(payload) if payload.startswith(("{", "[")) else payload

    def wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.request("GET", "/api/health")[0] == 200:
                return
            time.sleep(0.5)
        raise TimeoutError(docker("logs", self.name, check=False).stdout)

    def remove(self) -> None:
        docker("rm", "-f", "-v", self.name, check=False)


@contextmanager
def offline_container(image: str, *run_args: str) -> Iterator[OfflineContainer]:
    """An OfflineContainer once its API answers, removed on leaving the block."""
    container = OfflineContainer(image, *run_args)
    with until_removed(container, container.wait_until_ready) as ready:
        yield ready
