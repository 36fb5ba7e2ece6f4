"""Lighthouse on a running image, mobile profile, in Debian's Chromium; bench-lighthouse.sh beside
it builds the image and runs this.

    ./pants run build-support/bench/bench_lighthouse.py -- IMAGE [RUNS [THROTTLING]]

Scores the watchlist (three funds on it), an ETF page and a comparison of three funds on the
embedded sample data, RUNS times each (default 1), and prints each page's performance,
accessibility and best-practices scores with the figures behind performance (median over the
runs), against the budgets: performance ≥ 95, accessibility and best practices = 100.

Exits 1 when an accessibility or best-practices audit fails, naming it: those audits read the
page, not the clock, so they give the same answer on any machine. Performance is measured under
simulated throttling on a shared machine and is printed only.

Each line ends with the host's CPU benchmark index as Lighthouse measured it (its median over the
runs). Lighthouse's 4x CPU slowdown stands for a mid-tier phone on a host of about 1500 (its
docs/throttling.md); on a slower or busier host the same page scores lower, so figures from two
machines compare only with their indexes beside them.

THROTTLING is Lighthouse's throttling method: `simulate` (its default, which the budget is set
for) models the throttled load from an unthrottled one; `devtools` throttles the network and CPU of
the real load, so requests that start earlier (as the pages' early request does) show in its
figures, which the model does not credit.

Lighthouse comes from the npm registry at the version lighthouse/package-lock.json pins,
installed once per lockfile into ~/.cache/etftool.
"""

import hashlib
import itertools
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from container.containers import http_request, started
from e2e.browser import CHROMIUM

LIGHTHOUSE_PACKAGE = Path(__file__).with_name("lighthouse")
CACHE = Path.home() / ".cache" / "etftool"
WATCHED = ["SPX", "SIZE", "VLUE"]
PAGES = {
    "watchlist": "/",
    "ETF": "/etf/?code=SPX",
    "compare": "/compare/?codes=" + ",".join(WATCHED),
}
CATEGORIES = ["performance", "accessibility", "best-practices"]
PERFORMANCE_BUDGET = 95
ATTEMPTS = 3
THROTTLING_METHODS = ("simulate", "devtools")
# The figures behind the performance score, in Lighthouse's own units.
METRICS = {
    "first-contentful-paint": ("FCP", "ms"),
    "largest-contentful-paint": ("LCP", "ms"),
    "total-blocking-time": ("TBT", "ms"),
    "cumulative-layout-shift": ("CLS", ""),
}


def installed_lighthouse() -> Path:
    """The CLI of the locked Lighthouse, installed by `npm ci` the first time this lock is seen."""
    lock = (LIGHTHOUSE_PACKAGE / "package-lock.json").read_bytes()
    prefix = CACHE / f"lighthouse-{hashlib.sha256(lock).hexdigest()[:16]}"
    cli = prefix / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        prefix.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            (prefix / name).write_bytes((LIGHTHOUSE_PACKAGE / name).read_bytes())
        env = {**os.environ, "NODE_EXTRA_CA_CERTS": "/etc/ssl/certs/ca-certificates.crt"}
        npm_ci = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"]
        subprocess.run(npm_ci, cwd=prefix, env=env, check=True)
    return cli


def lighthouse_report(cli: Path, url: str, throttling: str) -> dict[str, Any]:
    """One Lighthouse run of url; a run Lighthouse itself gives up on is tried again, up to
    ATTEMPTS times, since its runtime errors (such as NO_NAVSTART, a trace lost on a busy machine)
    say "Please run Lighthouse again" and tell nothing about the page."""
    for attempt in range(1, ATTEMPTS + 1):
        run = subprocess.run(
            [
                "node", str(cli), url,
                "--output=json", "--output-path=stdout", "--quiet",
                "--only-categories=" + ",".join(CATEGORIES),
                "--throttling-method=" + throttling,
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if run.returncode == 0:
            report: dict[str, Any] = json.loads(run.stdout)
            if not report.get("runtimeError"):
                return report
            error = report["runtimeError"]["message"]
        elif "Runtime error encountered" in run.stderr:
            error = run.stderr.strip().splitlines()[-1]
        else:
            sys.exit(f"lighthouse failed on {url}:\n{run.stderr[-2000:]}")
        print(f"  lighthouse gave up on {url} (attempt {attempt} of {ATTEMPTS}): {error}")
    sys.exit(f"lighthouse could not load {url} in {ATTEMPTS} attempts")


def score(report: dict[str, Any], category: str) -> int:
    return round(float(report["categories"][category]["score"]) * 100)


def failed_audits(report: dict[str, Any], category: str) -> list[str]:
    """The scored audits of a category that did not pass, as "id: title"."""
    audits = report["audits"]
    return [
        f"{ref['id']}: {audits[ref['id']]['title']}"
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    ]


def metric(report: dict[str, Any], audit: str) -> float:
    return float(report["audits"][audit]["numericValue"])


def page_line(page: str, scores: dict[str, float], reports: list[dict[str, Any]]) -> str:
    """The page's median scores and performance figures over its reports."""
    figures = [
        f"{statistics.median(metric(report, audit) for report in reports):>5.{0 if unit else 3}f}{unit}"
        for audit, (_, unit) in METRICS.items()
    ]
    cpu = statistics.median(float(report["environment"]["benchmarkIndex"]) for report in reports)
    figures.append(f"{cpu:>7.0f}")
    return f"{page:<10} " + " ".join(f"{scores[c]:>4.0f}" for c in CATEGORIES) + "  " + "  ".join(figures)


def main() -> None:
    if len(sys.argv) not in (2, 3, 4) or sys.argv[3:] and sys.argv[3] not in THROTTLING_METHODS:
        sys.exit(
            "usage: bench_lighthouse.py IMAGE [RUNS [simulate|devtools]]"
            " (bench-lighthouse.sh passes the image it built)"
        )
    image = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) >= 3 else 1
    throttling = sys.argv[3] if len(sys.argv) == 4 else "simulate"
    cli = installed_lighthouse()
    failures: list[str] = []
    with started(image, "-e", "DATA_SOURCE=sample") as container:
        for code in WATCHED:
            added = http_request("POST", container.base_url + "/api/v1/watchlist", {"code": code})
            assert added.status == 201, (added.status, added.body)
        print(
            f"Lighthouse, mobile profile, {throttling} throttling, median of {runs} run(s) a page;"
            " budgets: performance"
            f" ≥ {PERFORMANCE_BUDGET}, accessibility and best practices = 100"
        )
        columns = [name for name, _ in METRICS.values()] + ["CPU"]
        print(f"{'page':<10} perf a11y best  " + "  ".join(f"{name:>7}" for name in columns))
        for page, path in PAGES.items():
            reports = [lighthouse_report(cli, container.base_url + path, throttling) for _ in range(runs)]
            scores = {c: statistics.median(score(report, c) for report in reports) for c in CATEGORIES}
            print(page_line(page, scores, reports))
            if scores["performance"] < PERFORMANCE_BUDGET:
                missed = failed_audits(reports[0], "performance")
                print(f"  performance below {PERFORMANCE_BUDGET}: " + "; ".join(missed))
            for category, report in itertools.product(("accessibility", "best-practices"), reports):
                failures += [f"{page} {category}: {audit}" for audit in failed_audits(report, category)]
    if failures:
        sys.exit("FAILED audits:\n" + "\n".join(sorted(set(failures))))


if __name__ == "__main__":
    main()
