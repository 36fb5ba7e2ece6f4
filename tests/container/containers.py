"""Runs the image Pants built for a test, on the local Docker engine, and cleans up after."""

import json
import shutil
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

# Debian's client (BuildKit-capable) first; any docker client works for running containers.
DOCKER = shutil.which("docker", path="/usr/bin:/usr/local/bin:/bin") or "docker"


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


def start_container(image: str, *run_args: str) -> Container:
    name = f"etftool-test-{uuid.uuid4().hex[:10]}"
    docker("run", "-d", "--name", name, "-p", "127.0.0.1::3000", *run_args, image)
    try:
        port = docker("port", name, "3000/tcp").stdout.strip().splitlines()[0].rsplit(":", 1)[1]
        container = Container(name=name, base_url=f"http://127.0.0.1:{port}")
        wait_for_http(container.base_url + "/api/health", timeout=60)
    except BaseException:
        print(docker("logs", name, check=False).stdout)
        docker("rm", "-f", "-v", name, check=False)
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
    request = urllib.request.Request(url, headers=headers or {})
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
