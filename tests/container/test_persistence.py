"""User data lives on the data volume, not in the container: a new container of the image on
the same volume has everything the removed one wrote, also after the schema was taken back a
revision (as before running the previous release) and migrated forward again. A database
from before household accounts becomes the admin's data: logged in, the admin finds it."""

import json
import re
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from container.containers import Container, built_image_id, docker, http_request, start_container

API_KEY = "persistence-test-key"
# The schema's revision before household accounts (v0012): one user's data.
BEFORE_ACCOUNTS = "0011"
WRITE = {"X-API-Key": API_KEY}


@pytest.fixture
def data_volume() -> Iterator[str]:
    name = docker("volume", "create").stdout.strip()
    yield name
    docker("volume", "rm", "-f", name, check=False)


@pytest.fixture
def newest_revision() -> int:
    """The number of the image's newest migration."""
    versions = "/app/venv/lib/python3*/site-packages/etftool/migrations/versions"
    listing = docker("run", "--rm", "--entrypoint", "sh", built_image_id(), "-c", f"ls {versions}").stdout
    return max(int(name[1:5]) for name in listing.split() if re.fullmatch(r"v\d{4}_\w+\.py", name))


def start_on(volume: str, image: str | None = None, *run_args: str) -> Container:
    return start_container(
        image or built_image_id(), "-v", f"{volume}:/app/backend/data", "-e", f"API_KEY={API_KEY}", *run_args
    )


def downgrade(volume: str, revision: str) -> None:
    """What an operator runs before starting an earlier release on the same data."""
    done = docker(
        "run", "--rm", "-v", f"{volume}:/app/backend/data", "--entrypoint", "python",
        built_image_id(), "-m", "etftool.db.migrate", "downgrade", revision,
    )  # fmt: skip
    assert f"database schema at revision {revision}" in done.stdout


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


def written_and_removed(volume: str) -> dict[str, Any]:
    """The user data a container on `volume` wrote; the container is gone, the volume kept."""
    first = start_on(volume)
    try:
        write_user_data(first)
        return user_data(first)
    finally:
        docker("rm", "-f", first.name)


def test_user_data_survives_removing_the_container(data_volume: str) -> None:
    written = written_and_removed(data_volume)

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


def test_user_data_survives_a_schema_downgrade_and_the_upgrade_back(
    data_volume: str, newest_revision: int
) -> None:
    written = written_and_removed(data_volume)

    downgrade(data_volume, f"{newest_revision - 1:04d}")

    upgraded = start_on(data_volume)
    try:
        assert user_data(upgraded) == written
        assert f"migrated to revision {newest_revision:04d}" in upgraded.logs()
    finally:
        upgraded.remove()


def test_a_single_user_database_becomes_the_admins_when_accounts_come(data_volume: str) -> None:
    written = written_and_removed(data_volume)
    downgrade(data_volume, BEFORE_ACCOUNTS)

    owner = ("-e", "ADMIN_USERNAME=Owner", "-e", "ADMIN_PASSWORD=owner-password")
    upgraded = start_on(data_volume, None, *owner)
    try:
        login = urllib.request.Request(
            upgraded.base_url + "/api/auth/login",
            data=json.dumps({"username": "owner", "password": "owner-password"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(login, timeout=10) as answer:
            cookies = [cookie.split(";")[0] for cookie in answer.headers.get_all("Set-Cookie")]
        as_owner = {"Cookie": "; ".join(cookies)}
        watchlist = http_request("GET", upgraded.base_url + "/api/v1/watchlist", headers=as_owner)
        items = json.loads(watchlist.body)["items"]
        assert [(row["code"], row["group"]) for row in items] == written["watchlist"]
        anonymous = http_request("GET", upgraded.base_url + "/api/v1/watchlist")
        assert anonymous.status == 401
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
    """Each uvicorn worker stores its imports in the shared database; none may drop another's."""
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
