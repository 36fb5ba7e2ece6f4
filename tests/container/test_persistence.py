"""User data lives on the data volume, not in the container: a new container of the image on
the same volume has everything the removed one wrote, also when the removed one ran an older
schema revision."""

import subprocess
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from container.containers import DOCKER, Container, built_image_id, docker, http_request, start_container

API_KEY = "persistence-test-key"
WRITE = {"X-API-Key": API_KEY}


@pytest.fixture
def data_volume() -> Iterator[str]:
    name = docker("volume", "create").stdout.strip()
    yield name
    docker("volume", "rm", "-f", name, check=False)


@pytest.fixture
def previous_release() -> Iterator[str]:
    """The image without its newest migration: it stands for the release before that
    migration (same code otherwise), whose databases stop at the revision before."""
    dockerfile = (
        f"FROM {built_image_id()}\n"
        "USER root\n"
        "RUN find /app/venv -path '*/etftool/migrations/versions/*' -name 'v0002_*' -delete\n"
        "USER 1000:1000\n"
    )
    tag = f"etftool-previous-release:{uuid.uuid4().hex[:10]}"
    build = subprocess.run(
        [DOCKER, "build", "-q", "-t", tag, "-"], input=dockerfile, capture_output=True, text=True, timeout=300
    )
    assert build.returncode == 0, build.stderr
    yield tag
    docker("image", "rm", tag, check=False)


def start_on(volume: str, image: str | None = None) -> Container:
    return start_container(
        image or built_image_id(), "-v", f"{volume}:/app/backend/data", "-e", f"API_KEY={API_KEY}"
    )


def call(container: Container, method: str, path: str, body: object = None, status: int = 200) -> Any:
    response = http_request(method, container.base_url + "/api/v1" + path, body, headers=WRITE)
    assert response.status == status, response.body
    return response.json() if response.body else None


def write_user_data(container: Container) -> None:
    for code, group in (("QUAL", "core"), ("MTUM", "factor"), ("USMV", "")):
        call(container, "POST", "/watchlist", {"code": code, "group": group}, status=201)
    call(container, "PUT", "/watchlist/order", {"codes": ["USMV", "QUAL", "MTUM"]}, status=204)
    for side, day, quantity, price in (("buy", "2020-03-02", 100, 90.0), ("sell", "2021-06-01", 40, 120.0)):
        trade = {"code": "QUAL", "side": side, "date": day, "quantity": quantity, "price": price, "fee": 1.5}
        call(container, "POST", "/transactions", trade, status=201)
    # Sample prices are far above 1, so the first alert triggers at the first check, not the second.
    for code, condition in (("MTUM", "price_above"), ("QUAL", "price_below")):
        call(container, "POST", "/alerts", {"code": code, "condition": condition, "threshold": 1}, status=201)
    call(container, "POST", "/alerts/check")


def user_data(container: Container) -> dict[str, Any]:
    def get(path: str) -> Any:
        return call(container, "GET", path)

    return {
        "watchlist": [(row["code"], row["group"]) for row in get("/watchlist")["items"]],
        "holdings": [
            (row["code"], row["quantity"], row["realized_pnl"])
            for row in get("/holdings")["positions"]
        ],
        "alerts": sorted((row["code"], row["condition"]) for row in get("/alerts")["items"]),
        "triggered": [row["code"] for row in get("/alerts/triggered")["items"]],
        # Everything else, as the export has it (its time stamp aside).
        "export": {key: value for key, value in get("/export").items() if key != "exported_at"},
    }


def test_user_data_survives_removing_the_container(data_volume: str) -> None:
    first = start_on(data_volume)
    try:
        write_user_data(first)
        written = user_data(first)
    finally:
        docker("rm", "-f", first.name)

    assert written["watchlist"] == [("USMV", ""), ("QUAL", "core"), ("MTUM", "factor")]
    # Realised: 40 sold at 120 less the sale's fee, against their average cost (fees included).
    assert written["holdings"] == [("QUAL", 60, pytest.approx(40 * 120 - 1.5 - 40 * (90 + 1.5 / 100)))]
    assert written["alerts"] == [("MTUM", "price_above"), ("QUAL", "price_below")]
    assert written["triggered"] == ["MTUM"]

    second = start_on(data_volume)
    try:
        assert user_data(second) == written
    finally:
        second.remove()


def test_user_data_survives_an_upgrade_that_migrates_the_schema(
    data_volume: str, previous_release: str
) -> None:
    old = start_on(data_volume, previous_release)
    try:
        write_user_data(old)
        written = user_data(old)
        assert "migrated to revision 0001" in old.logs()
    finally:
        docker("rm", "-f", old.name)

    upgraded = start_on(data_volume)
    try:
        assert user_data(upgraded) == written
        assert "migrated to revision 0002" in upgraded.logs()
    finally:
        upgraded.remove()


def post_csv(container: Container, code: str) -> int:
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="code"\r\n\r\n{code}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{code}.csv"\r\n'
        "Content-Type: text/csv\r\n\r\ndate,close\n2024-01-02,1.5\n2024-01-03,1.6\n\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    request = urllib.request.Request(
        container.base_url + "/api/v1/etfs/import",
        data=body,
        method="POST",
        headers={**WRITE, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with urllib.request.urlopen(request, timeout=30) as reply:
        return int(reply.status)


def test_csv_imports_through_several_workers_are_all_kept(data_volume: str) -> None:
    """Each uvicorn worker has its own view of the import index; none may drop another's."""
    codes = [f"IMP{letter}" for letter in "ABCDEFGH"]
    workers = start_container(
        built_image_id(), "-v", f"{data_volume}:/app/backend/data", "-e", f"API_KEY={API_KEY}",
        "-e", "WEB_CONCURRENCY=2",
    )  # fmt: skip
    try:
        with ThreadPoolExecutor(max_workers=len(codes)) as pool:
            assert list(pool.map(lambda code: post_csv(workers, code), codes)) == [201] * len(codes)
    finally:
        docker("rm", "-f", workers.name)

    restarted = start_on(data_volume)
    try:
        for code in codes:
            assert http_request("GET", f"{restarted.base_url}/api/v1/etfs/{code}").status == 200, code
    finally:
        restarted.remove()
