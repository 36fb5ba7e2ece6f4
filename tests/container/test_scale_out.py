"""The replicated deployment (docker-compose.scale.yml): three app replicas on one PostgreSQL
behind the load-balancing nginx, every image built by Pants. Concurrent writers spread over the
replicas lose nothing and never oversell; a CSV imported through one replica is served by the
others; an alert whose condition is met reaches a stand-in receiver exactly once, with one of
the replicas killed while the others run their periodic checks."""

import json
import shutil
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from container.containers import built_image_id, docker, http_get, http_request
from container.push_services import recorded_requests
from container.scaled import Deployment, balancer_upstreams, scaled_deployment

WRITERS = 20
WRITE_SECONDS = 30
LEDGER_CODES = ("MTUM", "QUAL", "USMV", "VLUE")
RECEIVER_PORT = 9100
RECEIVER_RECORD = "/tmp/push-requests.jsonl"


@pytest.fixture(scope="module")
def mount(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scripts the containers run (the writers, the stand-in receiver), readable by the
    image's unprivileged user."""
    directory = tmp_path_factory.mktemp("scale")
    for script in ("ledger_writers.py", "push_standin.py"):
        shutil.copy(Path(__file__).with_name(script), directory)
    for path in [directory, *directory.iterdir()]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return directory


@pytest.fixture(scope="module")
def deployment(mount: Path) -> Iterator[Deployment]:
    settings = {
        "DATA_SOURCE": "sample",
        "ALERT_CHECK_INTERVAL_S": "1",
        # The stand-in receiver is on the deployment's network, a private one.
        "WEBHOOK_ALLOWED_NETWORKS": "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16",
        "NOTIFY_LANGUAGE": "en",
    }
    with scaled_deployment(settings, replicas=3) as running:
        receiver = f"{running.project}-receiver"
        docker(
            "run", "-d", "--name", receiver, "--network", running.network, "--network-alias", "receiver",
            "-v", f"{mount}:/push:ro", built_image_id("etftool"),
            "/app/venv/bin/python", "/push/push_standin.py", str(RECEIVER_PORT), RECEIVER_RECORD, "0.0.0.0",
        )  # fmt: skip
        try:
            yield running
        finally:
            docker("rm", "-f", receiver, check=False)


def receiver_requests(deployment: Deployment) -> list[dict[str, Any]]:
    record = docker("exec", f"{deployment.project}-receiver", "cat", RECEIVER_RECORD, check=False).stdout
    return recorded_requests(record)


def all_transactions(deployment: Deployment) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        page = http_get(f"{deployment.base_url}/api/v1/transactions?offset={offset}", timeout=30).json()
        assert isinstance(page, dict)
        found += page["items"]
        offset = page["next_offset"]
    return found


def test_concurrent_writers_across_replicas_lose_nothing_and_keep_the_ledger(
    deployment: Deployment, mount: Path
) -> None:
    """The writers run on the balancer's loopback, which the replicas' per-client rate limit
    leaves out as it leaves out tools run inside a container: from one outside address,
    20 writers would be held to 20 requests a second per replica, by design."""
    balancer = deployment.containers("balancer")[0]
    run = docker(
        "run", "--rm", "--network", f"container:{balancer}", "-v", f"{mount}:/push:ro",
        built_image_id("etftool"), "/app/venv/bin/python", "/push/ledger_writers.py",
        "http://127.0.0.1:3000", str(WRITERS), str(WRITE_SECONDS), ",".join(LEDGER_CODES),
        timeout=WRITE_SECONDS + 120,
    )  # fmt: skip
    result = json.loads(run.stdout)
    assert result["failures"] == [], result["failures"][:5]
    assert result["pairs"] > WRITERS, result["pairs"]  # every writer got through more than one pair
    written = set(result["ids"])
    assert len(written) == len(result["ids"]) == 2 * result["pairs"]
    print(
        f"{WRITERS} writers × {WRITE_SECONDS} s through the balancer: {len(written)} transactions, "
        f"{len(written) / WRITE_SECONDS:.0f}/s, 0 failures"
    )

    stored = all_transactions(deployment)
    assert {row["id"] for row in stored} == written  # none lost, none extra
    held: dict[str, float] = defaultdict(float)
    for row in sorted(stored, key=lambda row: (row["date"], row["id"])):  # the ledger's order
        held[row["code"]] += row["quantity"] if row["side"] == "buy" else -row["quantity"]
        assert held[row["code"]] >= 0, row
    assert set(held) == set(LEDGER_CODES) and all(units == 0 for units in held.values()), held
    # Spread over every replica, not served by one.
    assert len(balancer_upstreams(deployment, "POST", "/api/v1/transactions")) == 3


def test_concurrent_sales_across_replicas_never_oversell(deployment: Deployment) -> None:
    def trade(side: str) -> int:
        body = {"code": "SIZE", "side": side, "date": "2024-03-01", "quantity": 1, "price": 1.0}
        return http_request("POST", f"{deployment.base_url}/api/v1/transactions", body, timeout=30).status

    assert [trade("buy") for _ in range(3)] == [201] * 3
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = sorted(pool.map(trade, ["sell"] * 12))
    assert statuses == [201] * 3 + [422] * 9, statuses
    sizes = [row for row in all_transactions(deployment) if row["code"] == "SIZE"]
    assert sum(1 if row["side"] == "buy" else -1 for row in sizes) == 0, sizes


def test_a_csv_imported_through_one_replica_is_served_by_the_others(deployment: Deployment) -> None:
    first, *others = deployment.containers("app")
    written = docker(
        "exec", first, "sh", "-c", "printf 'date,close\\n2024-01-02,1.5\\n2024-01-03,1.6\\n' >/tmp/SCALE.csv"
    )
    assert written.returncode == 0
    form = ("-F", "code=SCALECSV", "-F", "file=@/tmp/SCALE.csv;type=text/csv")
    status, body = deployment.inside(first, "POST", "/api/v1/etfs/import", *form)
    assert status == 201, body
    for replica in others:
        status, body = deployment.inside(replica, "GET", "/api/v1/etfs/imports")
        assert status == 200 and "SCALECSV" in [item["code"] for item in json.loads(body)["items"]], body
        status, body = deployment.inside(replica, "GET", "/api/v1/etfs/SCALECSV")
        assert status == 200 and json.loads(body)["code"] == "SCALECSV", body


def test_an_alert_reaches_the_receiver_once_with_a_replica_killed(deployment: Deployment) -> None:
    """Its webhook and its notification channel each get one message: the alert is evaluated
    by every surviving replica's periodic check, and recorded, sent and announced by one."""
    hook = f"http://receiver:{RECEIVER_PORT}/cgi-bin/webhook/send"
    channel = {"name": "team", "config": {"kind": "wecom", "webhook_url": f"{hook}?key=channel"}}
    created = http_request("POST", f"{deployment.base_url}/api/v1/notifications/channels", channel)
    assert created.status == 201, created.body

    killed = deployment.containers("app")[0]
    docker("kill", killed)
    alert = {"code": "MTUM", "condition": "price_above", "threshold": 1, "webhook_url": f"{hook}?key=hook"}
    created = http_request("POST", f"{deployment.base_url}/api/v1/alerts", alert, timeout=30)
    assert created.status == 201, created.body

    def queries() -> list[str]:
        return sorted(str(message["query"]) for message in receiver_requests(deployment))

    deadline = time.monotonic() + 30
    while len(queries()) < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(4)  # four more periodic checks on each replica, which must not send it again

    assert queries() == ["key=channel", "key=hook"], receiver_requests(deployment)
    assert killed not in deployment.containers("app")
    triggered = http_get(f"{deployment.base_url}/api/v1/alerts/triggered").json()
    assert isinstance(triggered, dict)
    assert [(item["code"], item["webhook_status"]) for item in triggered["items"]] == [("MTUM", "delivered")]
