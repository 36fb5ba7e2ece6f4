"""The replicated deployment on arm64: docker-compose.scale.yml with the arm64 app, PostgreSQL
and balancer images, under qemu. Two replicas on one PostgreSQL behind the balancer: every
container runs aarch64 code, and a transaction written through the balancer is in the ledger
each replica reads from the database."""

import json
from collections.abc import Iterator

import pytest

from container.containers import built_image_id, docker, http_request
from container.scaled import Deployment, scaled_deployment

# The deployment's roles and the arm64 images Pants built for them.
ARM64_IMAGES = {"etftool": "etftool-arm64", "postgres": "postgres-arm64", "balancer": "balancer-arm64"}


@pytest.fixture(scope="module")
def deployment() -> Iterator[Deployment]:
    images = {role: built_image_id(name) for role, name in ARM64_IMAGES.items()}
    with scaled_deployment({"DATA_SOURCE": "sample"}, replicas=2, images=images) as running:
        yield running


def test_every_container_runs_aarch64(deployment: Deployment) -> None:
    services = ("postgres", "app", "balancer")
    containers = [name for service in services for name in deployment.containers(service)]
    assert len(containers) == 4, containers
    machines = {name: docker("exec", name, "uname", "-m").stdout.strip() for name in containers}
    assert set(machines.values()) == {"aarch64"}, machines


def test_a_write_through_the_balancer_is_read_by_every_replica(deployment: Deployment) -> None:
    trade = {"code": "USMV", "side": "buy", "date": "2024-03-01", "quantity": 3, "price": 80.5}
    created = http_request("POST", f"{deployment.base_url}/api/v1/transactions", trade, timeout=60)
    assert created.status == 201, created.body
    written = created.json()
    assert isinstance(written, dict)
    for replica in deployment.containers("app"):
        status, answer = deployment.inside(replica, "GET", "/api/v1/transactions")
        assert status == 200, answer
        assert written["id"] in [row["id"] for row in json.loads(answer)["items"]], (replica, answer)
