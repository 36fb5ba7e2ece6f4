"""The web UI on live A-share data: the real akshare in the image calls the stand-in upstream
on the container's loopback (tests/upstream), so the browser sees the ETF-specific figures."""

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from upstream import standin

from container.containers import Container, built_image_id, http_request, started
from container.upstream_standin import standin_run_args, start_standin
from e2e.browser import save_screenshot, wait_for_drawn_chart

FIXTURES = Path(standin.__file__).parent / "fixtures"
SPOT_FIXTURE = FIXTURES / "em_fund_etf_spot.json"
HS300 = next(
    row
    for row in json.loads(json.loads(SPOT_FIXTURE.read_text(encoding="utf-8"))["body"])["data"]["diff"]
    if row["f12"] == "510300"
)
# (price / IOPV − 1) × 100, to two places, in the UI's signed form (e.g. -0.41%).
PREMIUM = re.compile(rf"[-−+]?{abs((HS300['f2'] / HS300['f441'] - 1) * 100):.2f}%")


def fixture_table(name: str, table: str) -> list[list[str]]:
    """The rows of an East Money 分红送配 page: `var pageinfo=[…];var <table>=[[…],…];var …`."""
    body = json.loads((FIXTURES / name).read_text(encoding="utf-8"))["body"]
    start = body.index(f"var {table}=") + len(f"var {table}=")
    return json.loads(body[start : body.index(";", start)])  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def container(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Container]:
    """Overrides conftest's: this module's container has the stand-in upstream."""
    with started(built_image_id(), *standin_run_args(tmp_path_factory.mktemp("ui-live"))) as running:
        start_standin(running)
        yield running


def test_the_etf_page_shows_iopv_premium_and_no_sample_banner(page: Page) -> None:
    page.goto("/etf/?code=510300")
    expect(page.get_by_role("heading", level=1)).to_have_text(HS300["f14"])
    expect(page.get_by_test_id("premium-pct")).to_have_text(PREMIUM)
    expect(page.get_by_test_id("quote-iopv")).to_contain_text(f"{HS300['f441']:.4f}")
    expect(page.get_by_test_id("data-source-banner")).to_have_count(0)
    save_screenshot(page, "20-live-etf")


def test_a_dividend_from_the_etf_page_fills_in_the_holdings_form(page: Page) -> None:
    dividends = sorted(
        (row[3], row[4])  # ex date, cash per unit
        for name in ("em_fund_fh_2024_page1.json", "em_fund_fh_2024_page2.json")
        for row in fixture_table(name, "jjfh_data")
        if row[0] == "510300"
    )
    page.goto("/etf/?code=510300")
    rows = page.get_by_test_id("distribution-row")
    expect(rows).to_have_count(len(dividends))
    ex_date, cash = dividends[-1]
    expect(rows.first).to_contain_text(ex_date)  # newest first
    save_screenshot(page, "23-live-distributions")
    rows.first.get_by_test_id("record-dividend").click()
    expect(page.get_by_test_id("prefill-notice")).to_contain_text("510300")
    expect(page.get_by_label("方向")).to_have_value("dividend")
    expect(page.get_by_label("价格")).to_have_value(str(float(cash)))


def test_the_intraday_tab_draws_the_minute_prices(page: Page) -> None:
    page.goto("/etf/?code=510300")
    page.get_by_test_id("intraday-tab").click()
    expect(page.get_by_test_id("intraday-chart")).to_be_visible()
    wait_for_drawn_chart(page, "intraday-chart")
    save_screenshot(page, "21-live-intraday")


def test_the_watchlist_has_a_premium_column(page: Page, container: Container) -> None:
    added = http_request("POST", container.base_url + "/api/v1/watchlist", {"code": "510300"})
    assert added.status in (201, 409), added.body
    page.goto("/")
    row = page.locator('[data-testid="watchlist-row"][data-code="510300"]')
    expect(row.get_by_test_id("premium-pct")).to_have_text(PREMIUM)
    page.get_by_test_id("sort-premium").click()
    expect(page.get_by_role("columnheader").filter(has=page.get_by_test_id("sort-premium"))).to_have_attribute(
        "aria-sort", re.compile("ascending|descending")
    )
    save_screenshot(page, "22-live-watchlist")
