"""Read and write throughput through the balancer of docker-compose.scale.yml with 1 and 3 app
replicas (prints figures; asserts nothing).

    ./pants package docker:etftool docker/postgres:postgres docker/balancer:balancer
    ./pants run build-support/bench/bench_balancer.py -- [ETFTOOL POSTGRES BALANCER]

The images default to the tags those builds make (etftool:latest...). CLIENTS readers on the
balancer's loopback (which the replicas' per-client rate limit leaves out) read the watchlist,
user data every request takes from PostgreSQL through uvicorn (the replicas' nginx caches only
market data), for BENCH_SECONDS (10 unless set) per run; then WRITERS writers record pairs of
ledger transactions (a buy, then its sale: each sale reads the code's ledger) for as long.
"""

import json
import os
import sys
from pathlib import Path
from typing import Any

from container import ledger_writers
from container.containers import docker
from container.scaled import scaled_deployment

CLIENTS = 24
WRITERS = 20
WRITE_CODES = "MTUM,QUAL,USMV,VLUE"
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
READ_PATH = "/api/v1/watchlist"
LOAD_SCRIPT = Path(__file__).with_name("read_load.py").resolve()
WRITERS_SCRIPT = Path(ledger_writers.__file__).resolve()


def throughput(images: dict[str, str], replicas: int) -> tuple[float, dict[str, int], float, int]:
    """Reads per second with their answers by status, writes per second and failed writes."""
    with scaled_deployment({"DATA_SOURCE": "sample"}, replicas=replicas, images=images) as deployment:
        balancer = deployment.containers("balancer")[0]

        def on_the_balancer(script: Path, *arguments: str) -> Any:
            run = docker(
                "run", "--rm", "--network", f"container:{balancer}",
                "-v", f"{script}:/bench/{script.name}:ro", images["etftool"],
                "/app/venv/bin/python", f"/bench/{script.name}", "http://127.0.0.1:3000", *arguments,
                timeout=SECONDS + 120,
            )  # fmt: skip
            return json.loads(run.stdout)

        statuses: dict[str, int] = on_the_balancer(LOAD_SCRIPT, READ_PATH, str(CLIENTS), str(SECONDS))
        written = on_the_balancer(WRITERS_SCRIPT, str(WRITERS), str(SECONDS), WRITE_CODES)
    return statuses.get("200", 0) / SECONDS, statuses, len(written["ids"]) / SECONDS, len(written["failures"])


def main() -> None:
    names = sys.argv[1:] or ["etftool:latest", "etftool-postgres:latest", "etftool-balancer:latest"]
    images = dict(zip(("etftool", "postgres", "balancer"), names, strict=True))
    print(
        f"{CLIENTS} readers of {READ_PATH}, then {WRITERS} ledger writers, {SECONDS:g} s each, "
        f"{os.cpu_count()} CPUs"
    )
    print(f"{'replicas':>8}  {'reads/s':>8}  {'writes/s':>8}  {'failed writes':>13}  reads by status")
    for replicas in (1, 3):
        reads, statuses, writes, failed = throughput(images, replicas)
        print(f"{replicas:>8}  {reads:>8.0f}  {writes:>8.0f}  {failed:>13}  {statuses}")


if __name__ == "__main__":
    main()
