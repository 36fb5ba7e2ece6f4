"""Security of the running image: headers, limits, CORS, metrics exposure, logs, and what the
image's layers hold."""

import base64
import gzip
import hashlib
import json
import re
import socket
import subprocess
import tarfile
import time
import uuid
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import IO

import pytest

from container.containers import (
    DOCKER,
    Container,
    Response,
    built_image_id,
    docker,
    http_get,
    http_request,
    started,
)

API_KEY = f"test-key-{uuid.uuid4().hex}"


@pytest.fixture(scope="module")
def container() -> Iterator[Container]:
    with started(built_image_id(), "-e", f"API_KEY={API_KEY}") as running:
        yield running


@pytest.fixture(scope="module")
def public_metrics() -> Iterator[Container]:
    with started(built_image_id(), "-e", "METRICS_PUBLIC=true") as running:
        yield running


def assert_security_headers(response: Response) -> None:
    headers = {key.lower(): value for key, value in response.headers.items()}
    policy = headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, headers
    assert "object-src 'none'" in policy
    assert headers.get("x-content-type-options") == "nosniff"
    assert headers.get("x-frame-options") == "DENY"
    assert headers.get("referrer-policy") == "same-origin"
    assert re.fullmatch(r"[0-9a-f]{32}", headers.get("x-request-id", ""))
    assert headers.get("server") == "nginx"  # server_tokens off: no version


def largest_chunk(container: Container) -> str:
    # The largest: nginx leaves files under gzip_min_length (1 KB) uncompressed, and which chunk
    # sorts first changes with every build.
    listing = container.sh("ls -S /app/frontend/_next/static/chunks | grep '\\.js$' | head -1").stdout.strip()
    assert listing
    return f"/_next/static/chunks/{listing}"


def raw_request(container: Container, request: bytes) -> Response:
    host, port = container.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as client:
        client.sendall(request)
        reply = b""
        while chunk := client.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines)
    return Response(int(status_line.split()[1]), headers, body)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/etf/", 200),
        ("CHUNK", 200),
        ("/icon.svg", 200),
        ("/api/health", 200),
        ("/api/openapi.json", 200),
        ("/api/v1/etfs/NOSUCHCODE", 404),
        ("/no/such/page/", 404),
        ("/.next/static/", 404),
        ("/metrics", 404),
    ],
)
def test_every_response_carries_the_security_headers(container: Container, path: str, status: int) -> None:
    response = http_get(container.base_url + (largest_chunk(container) if path == "CHUNK" else path))
    assert response.status == status
    assert_security_headers(response)


def test_a_too_large_body_is_refused_with_json(container: Container) -> None:
    response = raw_request(
        container,
        b"POST /api/v1/etfs/import HTTP/1.1\r\nHost: t\r\nContent-Type: text/csv\r\n"
        b"Content-Length: 20000000\r\nConnection: close\r\n\r\n",
    )
    assert response.status == 413
    assert "too large" in json.loads(response.body)["detail"]
    assert_security_headers(response)


def test_the_api_down_answers_json_503_until_supervisord_starts_it(container: Container) -> None:
    assert "stopped" in container.exec("supervisorctl", "stop", "fastapi").stdout
    try:
        response = http_get(container.base_url + "/api/health")
        assert response.status == 503
        assert "retry" in json.loads(response.body)["detail"]
        assert_security_headers(response)
    finally:
        container.exec("supervisorctl", "start", "fastapi")
    container.wait_until_healthy()


INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)
SCRIPT_SOURCE = re.compile(rb"<script[^>]*\bsrc=\"([^\"]+)\"")


def test_the_content_security_policy_lets_every_page_run(container: Container) -> None:
    """Each exported page's inline scripts are allowed (by 'unsafe-inline' or their hash) and
    its other scripts come from the site itself."""
    pages = container.sh("cd /app/frontend && find . -name '*.html' | sort").stdout.split()
    assert len(pages) >= 5
    for page in pages:
        path = "/" + page.removeprefix("./").removesuffix("index.html")
        response = http_get(container.base_url + path)
        assert response.status in (200, 404), path
        policy = dict(
            (directive.split()[0], directive.split()[1:])
            for directive in response.headers["Content-Security-Policy"].split(";")
            if directive.strip()
        )
        allowed = policy["script-src"]
        for script in INLINE_SCRIPT.findall(response.body):
            if script.strip() and "'unsafe-inline'" not in allowed:
                digest = base64.b64encode(hashlib.sha256(script).digest()).decode()
                assert f"'sha256-{digest}'" in allowed, (path, script[:80])
        for source in SCRIPT_SOURCE.findall(response.body):
            assert source.startswith(b"/"), (path, source)


def test_assets_are_cached_forever_pages_revalidated_and_both_gzipped(container: Container) -> None:
    asset = http_get(container.base_url + largest_chunk(container), headers={"Accept-Encoding": "gzip"})
    assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert asset.headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(asset.body)
    page = http_get(container.base_url + "/", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Cache-Control"] == "no-cache"
    assert page.headers.get("Content-Encoding") == "gzip"
    schema = http_get(container.base_url + "/api/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert schema.headers.get("Content-Encoding") == "gzip"
    assert "paths" in json.loads(gzip.decompress(schema.body))


def test_cross_origin_reads_are_not_allowed_by_default(container: Container) -> None:
    evil = {"Origin": "https://elsewhere.example"}
    simple = http_get(container.base_url + "/api/health", headers=evil)
    assert "Access-Control-Allow-Origin" not in simple.headers
    preflight = raw_request(
        container,
        b"OPTIONS /api/v1/etfs/search HTTP/1.1\r\nHost: t\r\nOrigin: https://elsewhere.example\r\n"
        b"Access-Control-Request-Method: GET\r\nConnection: close\r\n\r\n",
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers


def test_metrics_are_served_inside_only_unless_metrics_public(
    container: Container, public_metrics: Container
) -> None:
    for path in ("/metrics", "/api/metrics"):
        assert http_get(container.base_url + path).status == 404
        public = http_get(public_metrics.base_url + path)
        assert public.status == 200 and b"etftool_http_requests_total" in public.body
    inside = container.exec("curl", "-fsS", "http://127.0.0.1:8000/metrics")
    assert inside.returncode == 0 and "etftool_http_request_duration_seconds_bucket" in inside.stdout


def test_the_request_id_ties_the_response_to_nginx_and_api_log_lines(container: Container) -> None:
    request_id = http_get(container.base_url + "/api/health").headers["X-Request-ID"]
    nginx_line = rf'"GET /api/health HTTP/1\.1" 200 .* id={request_id}$'
    # The lines reach `docker logs` through supervisord's pipes a moment after the answer.
    deadline = time.monotonic() + 10
    while True:
        logs = container.logs()
        lines = logs.splitlines()
        api_lines = [json.loads(line) for line in lines if line.startswith("{") and request_id in line]
        if (re.search(nginx_line, logs, re.MULTILINE) and api_lines) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert re.search(nginx_line, logs, re.MULTILINE)
    assert [line["logger"] for line in api_lines] == ["uvicorn.access"]
    assert api_lines[0]["request_id"] == request_id and api_lines[0]["status"] == 200


def test_the_api_key_is_never_logged(container: Container) -> None:
    for headers, query in (
        ({"Authorization": f"Bearer {API_KEY}"}, ""),
        ({"X-API-Key": API_KEY}, ""),
        ({}, f"?api_key={API_KEY}"),
        ({}, f"?token={API_KEY}"),
    ):
        http_get(container.base_url + "/api/v1/etfs/search" + (query or "?q=MTUM"), headers=headers)
    logs = container.logs()
    assert "/api/v1/etfs/search" in logs
    assert API_KEY not in logs


def test_the_api_rate_limit_answers_429_json_and_spares_loopback(public_metrics: Container) -> None:
    statuses = []
    limited: Response | None = None
    for _ in range(150):
        response = http_get(public_metrics.base_url + "/api/health")
        statuses.append(response.status)
        if response.status == 429:
            limited = response
    assert limited is not None and set(statuses) == {200, 429}, statuses
    assert "too many requests" in json.loads(limited.body)["detail"]
    assert limited.headers["Retry-After"] == "1"
    assert_security_headers(limited)
    # Pages are not limited, and neither are requests from inside the container.
    assert http_get(public_metrics.base_url + "/").status == 200
    inside = public_metrics.sh(
        "for i in $(seq 150); do "
        "curl -s -o /dev/null -w '%{http_code}\\n' http://127.0.0.1:3000/api/health; done"
    ).stdout.split()
    assert set(inside) == {"200"}
    time.sleep(2)  # the bucket refills at 20 a second: later tests start unlimited


# Looked for in every file but compiled programs and libraries (libgnutls carries the test
# keys of its self-tests): what a leak from the build would be, keys and tokens in text.
SECRET_CONTENT = re.compile(
    rb"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----"
    rb"|\bAKIA[0-9A-Z]{16}\b"
    rb"|gh[pousr]_[A-Za-z0-9]{36}"
    rb"|xox[abprs]-[A-Za-z0-9-]{10,}"
    rb"|_authToken=\S+"
)
SECRET_NAMES = re.compile(
    r"(^|/)(\.env(\.[^/]*)?|id_rsa|id_ed25519|\.netrc|\.pypirc|\.npmrc|\.git-credentials)$"
)


def layer_members(stream: IO[bytes]) -> Iterator[tuple[str, tarfile.TarFile, tarfile.TarInfo]]:
    """(layer, layer archive, member) for every file of every layer in a `docker save` stream."""
    with tarfile.open(fileobj=stream, mode="r|") as image:
        for entry in image:
            if entry.name.endswith("layer.tar") and entry.isfile():
                layer_stream = image.extractfile(entry)
                assert layer_stream is not None
                with tarfile.open(fileobj=layer_stream, mode="r|") as layer:
                    for member in layer:
                        yield entry.name, layer, member


def test_no_layer_of_the_image_holds_secrets_or_env_files() -> None:
    found = []
    files = 0
    with subprocess.Popen([DOCKER, "save", built_image_id()], stdout=subprocess.PIPE) as save:
        assert save.stdout is not None
        for layer_name, layer, member in layer_members(save.stdout):
            path = PurePosixPath("/" + member.name.lstrip("./"))
            if SECRET_NAMES.search(str(path)):
                found.append(f"{layer_name}: {path}")
            if member.isfile():
                files += 1
                content = layer.extractfile(member)
                assert content is not None
                data = content.read()
                if not data.startswith(b"\x7fELF") and SECRET_CONTENT.search(data):
                    found.append(f"{layer_name}: {path} has secret-looking content")
    assert save.returncode == 0
    assert files > 1000  # the scan did read the image
    assert found == []
    config = json.loads(docker("image", "inspect", built_image_id()).stdout)[0]["Config"]
    names = [variable.split("=", 1)[0] for variable in config["Env"]]
    assert not [name for name in names if re.search(r"KEY|SECRET|PASSWORD|TOKEN", name)], names


def test_a_webhook_to_the_containers_own_loopback_is_refused(container: Container) -> None:
    """The API inside listens on 127.0.0.1:8000: a webhook there would reach it behind nginx."""
    hook = "http://127.0.0.1:8000/metrics"
    alert = {"code": "MTUM", "condition": "price_above", "threshold": 1, "webhook_url": hook}
    response = http_request(
        "POST", container.base_url + "/api/v1/alerts", body=alert, headers={"X-API-Key": API_KEY}
    )
    assert response.status == 422
    assert "WEBHOOK_ALLOWED_NETWORKS" in json.loads(response.body)["detail"][0]["msg"]
