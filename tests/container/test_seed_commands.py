"""The seed design's own commands (§5 run, §5.3 compose, §8 logs and health, §9 troubleshooting)
run as written against the image, in a scratch directory standing for the user's checkout.

The only changes to the seed's text: a unique container name for `etftool`, a random loopback
port for `-p 3000:3000`, the built image's id for `etftool:latest`, and `docker exec` without
`-it` (tests have no terminal).
"""

import os
import re
import shutil
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from container.containers import (
    DOCKER,
    Container,
    built_image_id,
    docker,
    http_get,
    published_url,
    unique_name,
    until_removed,
)

SEED_RUN = """
docker run -d \\
  --name etftool \\
  -p 3000:3000 \\
  -v $(pwd)/backend/cache:/app/backend/cache \\
  -v $(pwd)/backend/etftool.db:/app/backend/etftool.db \\
  etftool:latest
"""

SEED_RUN_WITH_ENVIRONMENT = """
docker run -d \\
  --name etftool \\
  -p 3000:3000 \\
  -e DATABASE_URL=sqlite:///./etftool.db \\
  -e API_KEY=your_api_key \\
  -v $(pwd)/backend/cache:/app/backend/cache \\
  -v $(pwd)/backend/etftool.db:/app/backend/etftool.db \\
  etftool:latest
"""

# What README-Docker.md asks for before the seed's run: the mounted paths, owned by uid 1000.
HOST_PREPARATION = "mkdir -p backend/cache && touch backend/etftool.db && chown -R 1000:1000 backend"


def adapt(command: str, name: str, image: str) -> str:
    return (
        command.replace("--name etftool", f"--name {name}")
        .replace("-p 3000:3000", "-p 127.0.0.1::3000")
        .replace("etftool:latest", image)
        .replace("docker exec -it etftool", f"docker exec {name}")
        .replace("docker logs etftool", f"docker logs {name}")
        .replace("docker inspect etftool", f"docker inspect {name}")
    )


def shell(command: str, cwd: Path, timeout: float = 120, env: dict[str, str] | None = None) -> str:
    """Runs a command line as a user would type it; returns stdout and stderr together."""
    environment = {**os.environ, "PATH": f"{Path(DOCKER).parent}:{os.environ.get('PATH', '')}", **(env or {})}
    result = subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=environment, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{command}\n→ {result.returncode}\n{result.stdout}{result.stderr}"
    return result.stdout + result.stderr


def as_root_in_container(directory: Path, script: str) -> None:
    """Changes files in `directory` as root without needing root on the host."""
    docker(
        "run", "--rm", "--user", "0", "--entrypoint", "sh", "-v", f"{directory}:/w", "-w", "/w",
        built_image_id(), "-c", script,
    )


class SeedRun:
    def __init__(self, directory: Path, command: str) -> None:
        self.directory = directory
        self.name = unique_name("etftool-seed")
        shell(adapt(command, self.name, built_image_id()), directory)
        self.container = Container(self.name, published_url(self.name))

    def run(self, command: str, timeout: float = 120) -> str:
        return shell(adapt(command, self.name, built_image_id()), self.directory, timeout)

    def remove(self) -> None:
        self.container.remove()
        # Files made by Docker (root) or the container (uid 1000) go with root's help.
        as_root_in_container(self.directory, "rm -rf backend")


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeedRun]:
    directory = tmp_path_factory.mktemp("checkout")
    as_root_in_container(directory, HOST_PREPARATION)
    run = SeedRun(directory, SEED_RUN)
    with until_removed(run, run.container.wait_until_healthy) as healthy:
        yield healthy


def test_section_5_run_keeps_the_database_and_cache_in_the_mounted_host_paths(seed: SeedRun) -> None:
    page = http_get(seed.container.base_url + "/")
    assert page.status == 200 and b"<html" in page.body
    logs = seed.container.logs()
    assert "ETFTool: database sqlite:////app/backend/etftool.db" in logs
    assert "/app/backend/etftool.db is a single mounted file" in logs
    probe = seed.container.sh(
        "sqlite3 /app/backend/etftool.db 'CREATE TABLE IF NOT EXISTS seed_probe(x); "
        "INSERT INTO seed_probe VALUES (42); PRAGMA wal_checkpoint(TRUNCATE);'"
        " && touch /app/backend/cache/seed-probe"
    )
    assert probe.returncode == 0, probe.stderr
    with sqlite3.connect(seed.directory / "backend" / "etftool.db") as database:
        assert (42,) in database.execute("SELECT x FROM seed_probe").fetchall()
        # The app migrated this file: it is the database the API uses.
        tables = {name for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "alembic_version" in tables, tables
    assert (seed.directory / "backend" / "cache" / "seed-probe").exists()


def test_section_5_run_with_environment_variables(tmp_path: Path) -> None:
    as_root_in_container(tmp_path, HOST_PREPARATION)
    run = SeedRun(tmp_path, SEED_RUN_WITH_ENVIRONMENT)
    try:
        run.container.wait_until_healthy()
        key = {"Authorization": "Bearer your_api_key"}
        assert http_get(run.container.base_url + "/api/health", headers=key).status == 200
        logs = run.container.logs()
        assert "ETFTool: database sqlite:////app/backend/etftool.db" in logs
        assert "your_api_key" not in logs
    finally:
        run.remove()


def test_section_8_logs_show_every_process(seed: SeedRun) -> None:
    http_get(seed.container.base_url + "/api/health")
    logs = seed.run("docker logs etftool")
    assert "spawned: 'nginx'" in logs and "spawned: 'fastapi'" in logs
    assert re.search(r'"GET /api/health HTTP/1\.1" 200 .* id=[0-9a-f]{32}', logs)
    assert re.search(r'^\{"time": .*"logger": "uvicorn\.access"', logs, re.MULTILINE)


def test_section_8_health_status_is_shown_by_docker_ps_and_inspect(seed: SeedRun) -> None:
    deadline = time.monotonic() + 60
    while seed.container.health_status() != "healthy" and time.monotonic() < deadline:
        time.sleep(1)
    assert "(healthy)" in next(line for line in seed.run("docker ps").splitlines() if seed.name in line)
    health = seed.run("docker inspect etftool | grep Health -A 10")
    assert '"Status": "healthy"' in health


def test_section_9_problem_1_supervisorctl_status(seed: SeedRun) -> None:
    status = seed.run("docker exec -it etftool supervisorctl status")
    assert re.search(r"^fastapi\s+RUNNING", status, re.MULTILINE)
    assert re.search(r"^nginx\s+RUNNING", status, re.MULTILINE)


def test_section_9_problem_2_nginx_config_and_backend(seed: SeedRun) -> None:
    assert "test is successful" in seed.run("docker exec -it etftool nginx -t")
    assert '"status":"ok"' in seed.run("docker exec -it etftool curl http://127.0.0.1:8000/health")


def test_section_9_problem_3_static_files(seed: SeedRun) -> None:
    static = seed.run("docker exec -it etftool ls -la /app/frontend/.next/static")
    assert "chunks" in static
    assert "public -> ." in seed.run("docker exec -it etftool ls -la /app/frontend/public")
    config = seed.run("docker exec -it etftool cat /etc/nginx/nginx.conf")
    assert "root /app/frontend;" in config


def test_section_9_2_debugging_inside_the_container(seed: SeedRun) -> None:
    processes = seed.run("docker exec -it etftool bash -c 'ps aux | grep nginx; ps aux | grep uvicorn'")
    assert "nginx: master process" in processes and "nginx: worker process" in processes
    assert "uvicorn etftool.main:app" in processes
    listening = seed.run("docker exec -it etftool netstat -tlnp")
    assert re.search(r"0\.0\.0\.0:3000\s+0\.0\.0\.0:\*\s+LISTEN\s+\d+/nginx", listening), listening
    assert re.search(r"127\.0\.0\.1:8000\s+0\.0\.0\.0:\*\s+LISTEN\s+\d+/python", listening), listening
    assert '"status":"ok"' in seed.run("docker exec -it etftool curl http://127.0.0.1:8000/api/health")
    assert "<html" in seed.run("docker exec -it etftool curl http://127.0.0.1:3000/")


def test_section_9_problem_1_supervisorctl_restart_all(seed: SeedRun) -> None:
    before = {program: seed.container.program_pid(program) for program in ("fastapi", "nginx")}
    restarted = seed.run("docker exec -it etftool supervisorctl restart all")
    assert "fastapi: started" in restarted and "nginx: started" in restarted
    seed.container.wait_until_healthy()
    after = {program: seed.container.program_pid(program) for program in ("fastapi", "nginx")}
    assert all(after[program] != before[program] for program in before)


def test_a_missing_host_database_file_stops_the_container_with_what_to_do(tmp_path: Path) -> None:
    # Nothing prepared: Docker creates backend/cache and backend/etftool.db as root's directories.
    run = SeedRun(tmp_path, SEED_RUN)
    try:
        assert run.container.wait_for_exit() == 2
        logs = run.container.logs()
        assert "ETFTool cannot start" in logs
        assert "/app/backend/etftool.db is a directory, not a database file" in logs
        assert "touch backend/etftool.db && sudo chown 1000:1000 backend/etftool.db" in logs
        assert "CACHE_DIR /app/backend/cache is not writable" in logs
        assert "Traceback" not in logs and "OperationalError" not in logs
        assert run.container.state("{{.RestartCount}}") == "0"

        # Fix (c) of the message: let the container's user write in the directory.
        as_root_in_container(tmp_path, "chown 1000:1000 backend/etftool.db backend/cache")
        docker("start", run.name)
        run.container.base_url = published_url(run.name)
        run.container.wait_until_healthy()
        assert "ETFTool: database sqlite:////app/backend/etftool.db/etftool.db" in run.container.logs()
    finally:
        run.remove()


@pytest.fixture
def compose_project(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    compose = shutil.which("docker-compose", path="/usr/bin:/usr/local/bin:/bin")
    assert compose, "docker-compose is not installed (Debian package docker-compose)"
    shutil.copy(Path("docker-compose.yml"), tmp_path / "docker-compose.yml")
    tag = f"etftool-test:{uuid.uuid4().hex[:10]}"
    docker("tag", built_image_id(), tag)
    env = {
        "COMPOSE_PROJECT_NAME": f"etftooltest{uuid.uuid4().hex[:10]}",
        "ETFTOOL_IMAGE": tag,
        "ETFTOOL_BIND": "127.0.0.1",
        "ETFTOOL_PORT": "",
    }
    try:
        yield tmp_path, env
    finally:
        subprocess.run(
            ["docker-compose", "down", "-v", "--timeout", "10"],
            cwd=tmp_path, env={**os.environ, **env}, capture_output=True, timeout=120,
        )
        docker("rmi", tag, check=False)


def test_section_5_3_docker_compose_up_logs_down(compose_project: tuple[Path, dict[str, str]]) -> None:
    directory, env = compose_project
    shell("docker-compose up -d", directory, env=env)
    port = shell("docker-compose port etftool 3000", directory, env=env).strip().rsplit(":", 1)[1]
    Container(name="compose", base_url=f"http://127.0.0.1:{port}").wait_until_healthy()
    assert http_get(f"http://127.0.0.1:{port}/").status == 200

    environment = {**os.environ, **env}
    try:
        subprocess.run(
            ["bash", "-c", "docker-compose logs -f"],
            cwd=directory, env=environment, capture_output=True, text=True, timeout=5,
        )
        pytest.fail("docker-compose logs -f ended while the service runs")
    except subprocess.TimeoutExpired as following:
        output = following.stdout.decode() if isinstance(following.stdout, bytes) else following.stdout or ""
    assert "spawned: 'nginx'" in output and "Uvicorn running" in output

    shell("docker-compose down", directory, env=env)
    project = f"label=com.docker.compose.project={env['COMPOSE_PROJECT_NAME']}"
    remaining = docker("ps", "-a", "-q", "--filter", project)
    assert remaining.stdout.strip() == ""
