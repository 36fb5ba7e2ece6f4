"""Measures the UI budgets on a running image; build-support/bench/bench-ui.sh builds it and runs this.

    ./pants run build-support/bench/bench-ui.py -- IMAGE

Prints the first-load JavaScript of each exported page (gzip; budget 200 KB), read from the
image's own /app/frontend, and the price chart's draw-and-paint time on the ETF page
with the last 10 years of SPX's daily bars (target 300 ms). The chart records that time as
a performance measure; the history response is cut to 10 years on its way to the page.
"""

import statistics
import subprocess
import sys
import tempfile
from datetime import date
from typing import Any

from playwright.sync_api import Page, Route, sync_playwright

from container.containers import docker, start_container
from e2e.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PRICE_CHART_RENDER, wait_for_price_chart_paint

CHART_TARGET_MS = 300
CHART_YEARS = 10
PAGE_LOADS = 5


def last_years_of_history(route: Route) -> None:
    response = route.fetch()
    history: dict[str, Any] = response.json()
    last = date.fromisoformat(history["bars"][-1]["date"])
    first = last.replace(year=last.year - CHART_YEARS).isoformat()
    history["bars"] = [bar for bar in history["bars"] if bar["date"] >= first]
    # Only the body and status: the original headers describe the original (gzip) body.
    route.fulfill(status=response.status, json=history)


def chart_renders(page: Page, base_url: str) -> list[dict[str, Any]]:
    """Every chart draw of one fresh page load: the bars, and the indicators when they come."""
    page.goto(f"{base_url}/etf/?code=SPX&period=all")
    page.wait_for_load_state("networkidle")
    wait_for_price_chart_paint(page)
    renders: list[dict[str, Any]] = page.evaluate(
        f"() => performance.getEntriesByName({PRICE_CHART_RENDER!r})"
        ".map((entry) => ({ ms: entry.duration, ...entry.detail }))"
    )
    return renders


def render_line(render: dict[str, Any]) -> str:
    lines = " with indicator lines" if render["indicators"] else ""
    return f"{render['bars']} bars{lines}: {render['ms']:.0f} ms"


def print_first_load_js(container_name: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        docker("cp", f"{container_name}:/app/frontend", f"{scratch}/out")
        report = subprocess.run(
            ["node", "frontend/scripts/first-load-js.mjs", f"{scratch}/out"], capture_output=True, text=True
        )
    print("First-load JavaScript per page (gzip; budget 200 KB):")
    print(report.stdout.rstrip())
    print(report.stderr.rstrip() or "every page is within the budget")


def print_chart_render(base_url: str) -> None:
    slowest: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(PAGE_LOADS):
            context = browser.new_context(viewport=DESKTOP)
            page = context.new_page()
            page.route("**/api/v1/etfs/SPX/history*", last_years_of_history)
            renders = chart_renders(page, base_url)
            context.close()
            print("  " + "; ".join(render_line(render) for render in renders))
            slowest.append(max(r["ms"] for r in renders))
        browser.close()
    median = statistics.median(slowest)
    verdict = "within" if median <= CHART_TARGET_MS else "OVER"
    print(
        f"Price chart, {CHART_YEARS} years of SPX daily bars, slowest draw per load: "
        f"median {median:.0f} ms, max {max(slowest):.0f} ms over {PAGE_LOADS} loads "
        f"({verdict} the {CHART_TARGET_MS} ms target)"
    )


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: bench-ui.py IMAGE (an id or tag; bench-ui.sh beside it passes the one it built)")
    image = sys.argv[1]
    container = start_container(image)
    try:
        print_first_load_js(container.name)
        print(f"\nPrice chart draws on {container.base_url}/etf/?code=SPX (each line one page load):")
        print_chart_render(container.base_url)
    finally:
        container.remove()


if __name__ == "__main__":
    main()
