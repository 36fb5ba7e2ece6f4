"""nginx keeps idle connections to uvicorn for reuse (the `api` upstream's keepalive). If uvicorn
closed one first, nginx could send a request on it at the moment it closes: that request fails
with a 502, and nginx does not retry a POST elsewhere. So uvicorn's keep-alive must outlast
nginx's, as set in the two files the image runs."""

import re
from pathlib import Path

# The files the image copies (docker/BUILD :configs), at their place in the repository.
DOCKER = Path("docker")


def nginx_upstream_keepalive_seconds() -> int:
    upstream = re.search(r"upstream api \{(.*?)\}", (DOCKER / "nginx.conf").read_text(), re.S)
    assert upstream, "nginx.conf has no `upstream api` block"
    assert re.search(r"^\s*keepalive \d+;", upstream[1], re.M), "the api upstream keeps no connections"
    timeout = re.search(r"^\s*keepalive_timeout (\d+)s;", upstream[1], re.M)
    # nginx's default for an upstream's idle connections is 60 s.
    return int(timeout[1]) if timeout else 60


def uvicorn_keepalive_seconds() -> int:
    command = re.search(r"^command=.*/uvicorn .*$", (DOCKER / "supervisord.conf").read_text(), re.M)
    assert command, "supervisord.conf does not run uvicorn"
    timeout = re.search(r"--timeout-keep-alive (\d+)", command[0])
    # uvicorn's default.
    return int(timeout[1]) if timeout else 5


def test_uvicorn_keeps_idle_connections_longer_than_nginx_reuses_them() -> None:
    assert uvicorn_keepalive_seconds() > nginx_upstream_keepalive_seconds()
