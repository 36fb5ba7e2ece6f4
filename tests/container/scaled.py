"""The replicated deployment of docker-compose.scale.yml, run with the images Pants built for a
test (the app, PostgreSQL and the balancer), under a project name of its own, and taken down
with its volumes and network afterwards."""

import os
import secrets
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from container.containers import built_image_id, docker, wait_for_http

COMPOSE_FILE = "docker-compose.scale.yml"
COMPOSE = shutil.which("docker-compose", path="/usr/bin:/usr/local/bin:/bin") or "docker-compose"


@dataclass
class Deployment:
    project: str
    base_url: str  # the balancer's published port

    def compose(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        return _compose(self.project, {}, *args, timeout=timeout)

    def containers(self, service: str) -> list[str]:
        """Names of the service's running containers, in the order compose numbered them."""
        names = docker(
            "ps",
            "--filter", f"label=com.docker.compose.project={self.project}",
            "--filter", f"label=com.docker.compose.service={service}",
            "--format", "{{.Label \"com.docker.compose.container-number\"}} {{.Names}}",
        ).stdout.split("\n")  # fmt: skip
        numbered = sorted((int(line.split()[0]), line.split()[1]) for line in names if line.strip())
        return [name for _, name in numbered]

    @property
    def network(self) -> str:
        return f"{self.project}_default"

    def inside(self, container: str, method: str, path: str, *curl_args: str) -> tuple[int, str]:
        """A request to one replica's own nginx, from inside it (the replicas publish no port)."""
        result = docker(
            "exec", container, "curl", "-sS", "-o", "/dev/stdout", "-w", "\n%{http_code}",
            "-X", method, *curl_args, f"http://127.0.0.1:3000{path}", check=False,
        )  # fmt: skip
        body, _, status = result.stdout.rpartition("\n")
        return int(status or 0), body


@contextmanager
def scaled_deployment(
    settings: Mapping[str, str], replicas: int = 3, images: Mapping[str, str] | None = None
) -> Iterator[Deployment]:
    """Up with `replicas` app containers and `settings` as the app's environment (names the
    compose file passes on), on a random loopback port; every replica answers before it yields.
    `images` names the etftool, postgres and balancer images; by default those Pants built."""
    images = images or {name: built_image_id(name) for name in ("etftool", "postgres", "balancer")}
    project = f"etftoolscale{uuid.uuid4().hex[:8]}"
    environment = {
        **settings,
        "ETFTOOL_IMAGE": images["etftool"],
        "ETFTOOL_POSTGRES_IMAGE": images["postgres"],
        "ETFTOOL_BALANCER_IMAGE": images["balancer"],
        "POSTGRES_PASSWORD": secrets.token_hex(12),
        "APP_REPLICAS": str(replicas),
        "ETFTOOL_BIND": "127.0.0.1",
        "ETFTOOL_PORT": "",
    }
    try:
        _compose(project, environment, "up", "-d", timeout=300)
        deployment = Deployment(project, "")
        balancer = deployment.containers("balancer")[0]
        port = docker("port", balancer, "3000/tcp").stdout.split()[0].rsplit(":", 1)[1]
        deployment.base_url = f"http://127.0.0.1:{port}"
        apps = deployment.containers("app")
        assert len(apps) == replicas, apps
        deadline = time.monotonic() + 120
        for app in apps:
            while deployment.inside(app, "GET", "/api/health")[0] != 200:
                assert time.monotonic() < deadline, _compose(project, {}, "logs", "--tail=40").stdout
                time.sleep(0.5)
        wait_for_http(deployment.base_url + "/api/health", timeout=30)
        yield deployment
    finally:
        _compose(project, {}, "down", "-v", "--remove-orphans", "-t", "5", check=False)


def _compose(
    project: str, environment: Mapping[str, str], *args: str, timeout: float = 180, check: bool = True
) -> subprocess.CompletedProcess[str]:
    # The file's required variable must be set for every command, `down` included.
    env = {"POSTGRES_PASSWORD": "unused", **os.environ, **environment}
    result = subprocess.run(
        [COMPOSE, "-p", project, "-f", str(Path.cwd() / COMPOSE_FILE), *args],
        env=env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    if check and result.returncode:
        raise AssertionError(f"docker-compose {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def balancer_upstreams(deployment: Deployment, method: str, path: str) -> set[str]:
    """The replica addresses the balancer sent these requests to, from its access log."""
    log = docker("logs", deployment.containers("balancer")[0]).stdout
    return {
        line.rsplit("upstream=", 1)[1].strip()
        for line in log.splitlines()
        if f'"{method} {path} ' in line and "upstream=" in line
    }
