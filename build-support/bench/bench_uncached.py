"""Uncached latency of the analysis endpoints through nginx (prints figures; asserts nothing).

    ./pants package docker:etftool
    ./pants run build-support/bench/bench_uncached.py -- [IMAGE] [REQUESTS_PER_ENDPOINT]

One container of the image (etftool:latest unless given) on the sample data; inside it,
uncached_requests.py sends REQUESTS_PER_ENDPOINT (200 unless given) requests per endpoint, one
at a time, each with a query or body no earlier request had: /metrics and /indicators (all
seven) over about ten years, /compare of the six sample funds and the ten-year DCA backtest.
Prints p50/p90/p99 per endpoint against the budgets (p50 ≤ 20 ms, p99 ≤ 50 ms), as ratios.
"""

import json
import os
import sys
from pathlib import Path

from container.containers import docker, started

BUDGET_P50_MS = 20.0
BUDGET_P99_MS = 50.0
CLIENT = Path(__file__).with_name("uncached_requests.py").resolve()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    image = sys.argv[1] if len(sys.argv) > 1 else "etftool:latest"
    count = sys.argv[2] if len(sys.argv) > 2 else "200"
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"{image}: {count} uncached requests per endpoint, {os.cpu_count()} CPUs, load {' '.join(load)}")
    with started(image, "-e", "DATA_SOURCE=sample", "-v", f"{CLIENT}:/bench/{CLIENT.name}:ro") as app:
        run = docker(
            "exec", app.name, "/app/venv/bin/python", f"/bench/{CLIENT.name}", "http://127.0.0.1:3000", count,
            timeout=600,
        )  # fmt: skip
    results = json.loads(run.stdout)
    header = ("endpoint", "p50 ms", "p90 ms", "p99 ms", "p50/20", "p99/50")
    print(f"{header[0]:<22} " + " ".join(f"{name:>7}" for name in header[1:]) + "  statuses, cache hits")
    for endpoint, result in results.items():
        p50, p90, p99 = (percentile(result["ms"], share) for share in (0.5, 0.9, 0.99))
        print(
            f"{endpoint:<22} {p50:>7.1f} {p90:>7.1f} {p99:>7.1f} {p50 / BUDGET_P50_MS:>7.2f} "
            f"{p99 / BUDGET_P99_MS:>7.2f}  {result['statuses']}, {result['cache_hits']}"
        )


if __name__ == "__main__":
    main()
