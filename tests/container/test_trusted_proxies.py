"""TRUSTED_PROXIES: behind a reverse proxy the image names, each client is counted as itself (the
rate limit, the logs) and a session cookie is Secure behind HTTPS; the same headers from anyone
else are not believed."""

import json
import re
import time
import urllib.request
from collections.abc import Iterator

import pytest

from container.containers import Container, built_image_id, docker, http_get, started

PASSWORD = "proxy-test-password"


@pytest.fixture(scope="module")
def behind_proxy() -> Iterator[Container]:
    # Requests from the tests reach the container from the Docker bridge's network: that is
    # "the proxy" here.
    bridge = docker("network", "inspect", "bridge", "--format", "{{range .IPAM.Config}}{{.Subnet}},{{end}}")
    subnets = [subnet for subnet in bridge.stdout.strip().split(",") if "." in subnet]
    assert subnets, bridge.stdout
    with started(
        built_image_id(),
        "-e", f"TRUSTED_PROXIES={','.join(subnets)}",
        "-e", "ADMIN_USERNAME=admin",
        "-e", f"ADMIN_PASSWORD={PASSWORD}",
    ) as running:  # fmt: skip
        yield running


def log_in(base_url: str, headers: dict[str, str]) -> list[str]:
    """The Set-Cookie headers of a successful login."""
    body = json.dumps({"username": "admin", "password": PASSWORD}).encode()
    headers = {"Content-Type": "application/json", **headers}
    request = urllib.request.Request(base_url + "/api/auth/login", data=body, method="POST", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as reply:
        assert reply.status == 200
        return reply.headers.get_all("Set-Cookie") or []


def session_cookie(set_cookies: list[str]) -> str:
    (cookie,) = (value for value in set_cookies if value.startswith("etftool_session="))
    return cookie


def nginx_line(container: Container, request_id: str) -> str:
    """nginx's log line of a request (it reaches `docker logs` a moment after the answer)."""
    deadline = time.monotonic() + 10
    while True:
        found = [line for line in container.logs().splitlines() if line.endswith(f"id={request_id}")]
        if found or time.monotonic() > deadline:
            assert found, f"no nginx line for {request_id}"
            return found[0]
        time.sleep(0.2)


def test_a_trusted_proxy_names_the_client_and_the_scheme(behind_proxy: Container) -> None:
    answer = http_get(behind_proxy.base_url + "/api/health", headers={"X-Forwarded-For": "203.0.113.7"})
    assert nginx_line(behind_proxy, answer.headers["X-Request-ID"]).startswith("203.0.113.7 - [")

    https_client = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.8"}
    over_https = log_in(behind_proxy.base_url, https_client)
    assert re.search(r";\s*Secure\b", session_cookie(over_https), re.IGNORECASE), over_https
    over_http = log_in(behind_proxy.base_url, {"X-Forwarded-For": "203.0.113.7"})
    assert not re.search(r"\bSecure\b", session_cookie(over_http), re.IGNORECASE), over_http


def test_the_rate_limit_counts_each_client_behind_a_trusted_proxy(behind_proxy: Container) -> None:
    statuses = {
        http_get(behind_proxy.base_url + "/api/health", headers={"X-Forwarded-For": "198.51.100.1"}).status
        for _ in range(120)
    }
    assert statuses == {200, 429}
    # Another client behind the same proxy is not limited by the first one's requests.
    other_client = {"X-Forwarded-For": "198.51.100.2"}
    assert http_get(behind_proxy.base_url + "/api/health", headers=other_client).status == 200
    time.sleep(2)  # the first client's bucket refills at 20 a second


def test_the_same_headers_from_elsewhere_are_not_believed(behind_proxy: Container) -> None:
    # From inside the container, over loopback, which is not a trusted proxy.
    login = behind_proxy.sh(
        "curl -s -o /dev/null -D - -H 'Content-Type: application/json' "
        "-H 'X-Forwarded-Proto: https' -H 'X-Forwarded-For: 192.0.2.99' "
        f"-d '{json.dumps({'username': 'admin', 'password': PASSWORD})}' "
        "http://127.0.0.1:3000/api/auth/login"
    ).stdout
    assert re.search(r"^HTTP/1\.1 200", login), login
    cookies = [line for line in login.splitlines() if line.lower().startswith("set-cookie: etftool_session=")]
    assert cookies and not re.search(r"\bSecure\b", cookies[0], re.IGNORECASE), cookies
    answer = behind_proxy.sh(
        "curl -s -D - -o /dev/null -H 'X-Forwarded-For: 192.0.2.99' http://127.0.0.1:3000/api/health"
    ).stdout
    (request_id,) = re.findall(r"(?im)^X-Request-ID: (\w+)", answer)
    assert nginx_line(behind_proxy, request_id).startswith("127.0.0.1 - [")
