"""API process memory and import benchmark (prints figures; asserts nothing).

Run: ./pants run build-support/bench/memory.py
  or, in the image: docker run --rm -v "$PWD/build-support/bench:/bench:ro" --entrypoint python \
       etftool:latest /bench/memory.py

Each figure comes from a fresh interpreter, as uvicorn's worker starts one:
- RSS after `import etftool.main` (which creates the app), after its start-up (lifespan: market
  data warm-up, migrations) and after a first request to each kind of route;
- which heavy packages (pandas, akshare, scipy...) each step has loaded;
- the RSS each top-level package adds, imported one by one in the order the app imports them;
- the slowest imports of `python -X importtime -c "import etftool.main"`.
DATA_DIR and CACHE_DIR default to a temporary directory; DATA_SOURCE is taken as set (the app
defaults to auto, whose live list is fetched at start-up).
"""

import json
import os
import subprocess
import sys
import tempfile

HEAVY = ("pandas", "akshare", "scipy", "numpy", "requests", "bs4", "lxml", "sqlalchemy", "alembic")
# Bundled sample codes, so that the figures need no network.
REQUESTS = (
    "/api/health",
    "/api/v1/etfs/search?q=S",
    "/api/v1/etfs/SPX",
    "/api/v1/etfs/SPX/history?period=1y",
    "/api/v1/etfs/SPX/metrics",
    "/api/v1/compare?codes=SPX,MTUM",
    "/api/v1/watchlist",
)

_PHASES = """
import json, sys
def rss_mb():
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("VmRSS:")).split()[1]) / 1024
heavy = {heavy!r}
out = {{"start": rss_mb()}}
import etftool.main
out["import"] = rss_mb()
out["import_loaded"] = [name for name in heavy if name in sys.modules]
out["packages"] = list(dict.fromkeys(name.partition(".")[0] for name in sys.modules))
from fastapi.testclient import TestClient
with TestClient(etftool.main.app, base_url="http://localhost") as client:
    out["lifespan"] = rss_mb()
    out["lifespan_loaded"] = [name for name in heavy if name in sys.modules]
    out["statuses"] = {{path: client.get(path).status_code for path in {requests!r}}}
    out["requests"] = rss_mb()
    out["requests_loaded"] = [name for name in heavy if name in sys.modules]
print("FIGURES", json.dumps(out))
"""

_BY_PACKAGE = """
import importlib, json, sys
def rss_mb():
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("VmRSS:")).split()[1]) / 1024
deltas = []
for name in {packages!r}:
    before = rss_mb()
    try:
        importlib.import_module(name)
    except Exception:
        continue
    deltas.append((name, rss_mb() - before))
print("FIGURES", json.dumps(deltas))
"""


def _python(code: str, *options: str) -> subprocess.CompletedProcess[str]:
    # This interpreter's path, so that the child finds the app under `./pants run` (a PEX) too.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(entry for entry in sys.path if entry)}
    done = subprocess.run([sys.executable, *options, "-c", code], capture_output=True, text=True, env=env)
    if done.returncode:
        sys.exit(done.stderr)
    return done


def _figures(done: subprocess.CompletedProcess[str]) -> str:
    """The figures' line: the app logs to stdout too."""
    return next(line for line in done.stdout.splitlines() if line.startswith("FIGURES ")).split(" ", 1)[1]


def main() -> None:
    scratch = tempfile.mkdtemp(prefix="etftool-memory-")
    os.environ.setdefault("DATA_DIR", os.path.join(scratch, "data"))
    os.environ.setdefault("CACHE_DIR", os.path.join(scratch, "cache"))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:  # set in the image, made by its start command
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = os.path.join(scratch, "prometheus")
        os.mkdir(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    source = os.environ.get("DATA_SOURCE", "(default)")
    print(f"memory: DATA_SOURCE={source}, python {sys.version.split()[0]}")

    phases = json.loads(_figures(_python(_PHASES.format(heavy=HEAVY, requests=REQUESTS))))
    print("RSS of the API process:")
    for phase, label in (
        ("start", "interpreter"),
        ("import", "import etftool.main (creates the app)"),
        ("lifespan", "after start-up (lifespan)"),
        ("requests", "after a first request of each kind"),
    ):
        loaded = phases.get(f"{phase}_loaded")
        suffix = f"   loaded: {', '.join(loaded) or '-'}" if loaded is not None else ""
        print(f"  {phases[phase]:7.1f} MB  {label}{suffix}")
    print("  requests: " + ", ".join(f"{path} {status}" for path, status in phases["statuses"].items()))

    packages = [name for name in phases["packages"] if name not in sys.builtin_module_names]
    deltas = json.loads(_figures(_python(_BY_PACKAGE.format(packages=packages))))
    print("RSS each top-level package adds (with what it imports first), largest first:")
    for name, delta in sorted(deltas, key=lambda item: -item[1])[:15]:
        print(f"  {delta:7.1f} MB  {name}")

    timing = _python("import etftool.main", "-X", "importtime").stderr
    rows: list[tuple[int, int, str]] = []  # microseconds: cumulative, own; module
    for line in timing.splitlines():
        if line.startswith("import time:") and "|" in line and "self" not in line:
            own_us, cumulative_us, module = (part.strip() for part in line[len("import time:") :].split("|"))
            rows.append((int(cumulative_us), int(own_us), module))
    total_us = max(rows)[0] if rows else 0
    print(f"import etftool.main: {total_us / 1e6:.2f} s; slowest imports (cumulative, own):")
    for cumulative, own, module in sorted(rows, reverse=True)[:20]:
        print(f"  {cumulative / 1e3:7.0f} ms {own / 1e3:6.0f} ms  {module}")


if __name__ == "__main__":
    main()
