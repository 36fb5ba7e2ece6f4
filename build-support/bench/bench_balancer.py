"""Read throughput through the balancer of docker-compose.scale.yml with 1 and 3 app replicas
(prints figures; asserts nothing).

    ./pants package docker:etftool docker/postgres:postgres docker/balancer:balancer
    ./pants run build-support/bench/bench_balancer.py -- [ETFTOOL POSTGRES BALANCER]

The images default to the tags those builds make (etftool:latest...). CLIENTS readers on the
balancer's loopback (which the replicas' per-client rate limit leaves out) read the watchlist,
user data every request takes from PostgreSQL through uvicorn (the replicas' nginx caches only
market data), for BENCH_SECONDS (10 unless set) per run.
"""

import json
import os
import sys
from pathlib import Path

from container.containers import docker
from container.scaled import scaled_deployment

CLIENTS = 24
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
READ_PATH = "/api/v1/watchlist"
LOAD_SCRIPT = Path(__file__).with_name("read_load.py").resolve()


def reads_per_second(images: dict[str, str], replicas: int) -> tuple[float, dict[str, int]]:
    with scaled_deployment({"DATA_SOURCE": "sample"}, replicas=replicas, images=images) as deployment:
        balancer = deployment.containers("balancer")[0]
        run = docker(
            "run", "--rm", "--network", f"container:{balancer}",
            "-v", f"{LOAD_SCRIPT}:/bench/read_load.py:ro", images["etftool"],
            "/app/venv/bin/python", "/bench/read_load.py",
            "http://127.0.0.1:3000", READ_PATH, str(CLIENTS), str(SECONDS),
            timeout=SECONDS + 120,
        )  # fmt: skip
    statuses: dict[str, int] = json.loads(run.stdout)
    return statuses.get("200", 0) / SECONDS, statuses


def main() -> None:
    names = sys.argv[1:] or ["etftool:latest", "etftool-postgres:latest", "etftool-balancer:latest"]
    images = dict(zip(("etftool", "postgres", "balancer"), names, strict=True))
    print(f"{CLIENTS} readers of {READ_PATH}, {SECONDS:g} s each run, {os.cpu_count()} CPUs")
    print(f"{'replicas':>8}  {'reads/s':>8}  answers by status")
    for replicas in (1, 3):
        rate, statuses = reads_per_second(images, replicas)
        print(f"{replicas:>8}  {rate:>8.0f}  {statuses}")


if __name__ == "__main__":
    main()
