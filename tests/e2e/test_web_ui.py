"""The web UI in a real browser against the real image: nginx, the static export and the API
with its offline sample data (MTUM, QUAL, SIZE, USMV, VLUE: 2014–2022; SPX since 1950)."""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from playwright.sync_api import Page, expect

from container.containers import Container, http_get
from e2e.browser import (
    DRAWN_CHART_PIXELS,
    PHONE,
    OpenPage,
    coloured_chart_pixels,
    save_screenshot,
    wait_for_drawn_chart,
    wait_for_price_chart_paint,
    watch,
)

QUAL_NAME = "iShares MSCI USA Quality Factor ETF"
MTUM_NAME = "iShares MSCI USA Momentum Factor ETF"
SIGNED_PERCENT = re.compile(r"^[+-]?\d+\.\d\d%$")


def expect_etf_page_complete(page: Page, name: str) -> None:
    """Quote, a painted price chart, the metrics and the side cards."""
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_test_id("quote-price")).to_have_text(re.compile(r"^[\d,]+\.\d{3}$"))
    wait_for_price_chart_paint(page)
    assert coloured_chart_pixels(page, "price-chart") >= DRAWN_CHART_PIXELS
    expect(page.get_by_test_id("metric-total_return").locator("dd").first).to_have_text(SIGNED_PERCENT)
    expect(page.get_by_test_id("metric-max_drawdown").locator("dd").first).to_have_text(re.compile(r"^-\d+\.\d\d%$"))
    for card in ("temperature-card", "trend-card", "grid-card"):
        expect(page.get_by_test_id(card).get_by_text("加载中…")).to_have_count(0)
    expect(page.get_by_test_id("error-notice")).to_have_count(0)


def test_search_then_open_an_etf_with_its_chart_and_metrics(page: Page) -> None:
    page.goto("/search/")
    page.get_by_test_id("search-input").fill("qual")
    result = page.locator('[data-testid="search-result"][data-code="QUAL"]')
    expect(result).to_contain_text(QUAL_NAME)
    save_screenshot(page, "01-search")

    result.click()
    expect(page).to_have_url(re.compile(r"/etf/\?code=QUAL$"))
    expect_etf_page_complete(page, QUAL_NAME)
    expect(page.get_by_test_id("market-state")).to_be_visible()
    expect(page.get_by_test_id("price-adjust")).to_have_text("价格：前复权")
    expect(page.get_by_test_id("temperature-price_percentile")).to_be_visible()
    expect(page.get_by_test_id("metric-current_drawdown")).to_contain_text("日内高点")
    save_screenshot(page, "02-etf-detail")


def test_a_code_added_from_search_stays_in_the_server_watchlist(open_page: OpenPage) -> None:
    page = open_page()
    page.goto("/search/")
    page.get_by_test_id("search-input").fill("mtum")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name=f"将 {MTUM_NAME} MTUM 加入自选").click()
    assert answer.value.status == 201
    expect(page.get_by_role("button", name=f"已在自选: {MTUM_NAME} MTUM")).to_be_disabled()

    page.get_by_role("navigation").get_by_role("link", name="自选").click()
    row = page.locator('[data-testid="watchlist-row"][data-code="MTUM"]')
    expect(row).to_contain_text(MTUM_NAME)
    page.reload()
    expect(row).to_contain_text(MTUM_NAME)
    expect(row.get_by_role("cell").nth(1)).to_have_text("143.730")  # the last sample close
    expect(page.get_by_test_id("watchlist-local-notice")).to_have_count(0)
    save_screenshot(page, "03-watchlist")

    # Another browser (no shared localStorage) sees the same list.
    elsewhere = open_page()
    elsewhere.goto("/")
    expect(elsewhere.locator('[data-testid="watchlist-row"][data-code="MTUM"]')).to_contain_text(MTUM_NAME)


# Records what a layout shift moved up or down (not sideways) in window.__verticalShifts.
RECORD_VERTICAL_SHIFTS = """
window.__verticalShifts = [];
new PerformanceObserver((list) => {
  for (const shift of list.getEntries())
    for (const source of shift.sources)
      if (source.previousRect.y !== source.currentRect.y)
        window.__verticalShifts.push({
          element: source.node ? (source.node.outerHTML || source.node.textContent).slice(0, 100) : null,
          from: source.previousRect.y,
          to: source.currentRect.y,
        });
}).observe({ type: "layout-shift", buffered: true });
"""


def test_the_watchlist_does_not_move_down_as_its_figures_arrive_on_a_phone(open_page: OpenPage) -> None:
    page = open_page(PHONE)
    watch(page, "QUAL", "USMV")
    page.add_init_script(RECORD_VERTICAL_SHIFTS)
    page.goto("/")
    # The rows are shown first; the quotes (with the categories' chips) and the year's figures follow.
    usmv = page.locator('[data-testid="watchlist-row"][data-code="USMV"]')
    expect(page.get_by_test_id("category-filter")).to_be_visible()
    expect(usmv.get_by_test_id("temperature")).to_have_text(re.compile(r"^\d{1,3}$"))
    assert page.evaluate("() => window.__verticalShifts") == []


def test_watchlist_rows_have_a_sparkline_and_reorder_by_dragging(page: Page) -> None:
    watch(page, "QUAL", "USMV")
    page.goto("/")
    rows = page.get_by_test_id("watchlist-row")
    usmv = page.locator('[data-testid="watchlist-row"][data-code="USMV"]')
    sparkline = usmv.get_by_role("img", name=re.compile("USMV：近一年每周收盘价"))
    expect(sparkline).to_be_visible()
    # A year of weekly closes.
    assert len((sparkline.locator("polyline").get_attribute("points") or "").split()) >= 50
    expect(usmv.get_by_test_id("temperature")).to_have_text(re.compile(r"^\d{1,3}$"))
    save_screenshot(page, "03b-watchlist-sparklines")

    codes = [rows.nth(index).get_attribute("data-code") for index in range(rows.count())]
    assert len(codes) >= 2, codes
    moved = codes[-1]
    with page.expect_response(lambda response: response.request.method == "PUT") as saved:
        rows.last.drag_to(rows.first)
    assert saved.value.status == 204
    expect(rows.first).to_have_attribute("data-code", moved)
    page.reload()
    expect(rows.first).to_have_attribute("data-code", moved)
    expect(rows).to_have_count(len(codes))


def test_switching_the_language_translates_the_page_and_is_remembered(page: Page) -> None:
    page.goto("/etf/?code=QUAL")
    expect_etf_page_complete(page, QUAL_NAME)
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")

    page.get_by_test_id("language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation").get_by_role("link", name="Watchlist")).to_be_visible()
    expect(page.get_by_test_id("metrics-cards")).to_contain_text("Period metrics")
    page.reload()
    expect(page.get_by_test_id("price-adjust")).to_have_text("Prices: forward-adjusted")
    expect_etf_page_complete(page, QUAL_NAME)
    save_screenshot(page, "04-etf-detail-en")


def test_compare_two_etfs(page: Page) -> None:
    page.goto("/compare/")
    codes = page.get_by_test_id("compare-code-input")
    for count, code in enumerate(("MTUM", "VLUE"), start=1):
        codes.fill(code)
        codes.press("Enter")
        expect(page.get_by_test_id("compare-chip")).to_have_count(count)
    expect(page).to_have_url(re.compile(r"/compare/\?codes=MTUM%2CVLUE&period=1y$"))

    wait_for_drawn_chart(page, "compare-chart")
    heatmap = page.get_by_test_id("correlation-heatmap")
    expect(heatmap.locator("tbody td")).to_have_count(4)
    expect(heatmap.locator("tbody tr").first.locator("td").first).to_have_text("1.00")
    expect(page.get_by_test_id("compare-metrics").locator("thead th")).to_have_text(["指标", "MTUM", "VLUE"])
    save_screenshot(page, "05-compare")


def test_a_dca_backtest_runs_and_shows_its_result(page: Page) -> None:
    page.goto("/backtest/?code=QUAL")
    form = page.get_by_test_id("backtest-form")
    expect(form.get_by_label("ETF 代码")).to_have_value("QUAL")
    # The default period is the three years up to QUAL's newest sample price.
    expect(form.get_by_label("结束日期")).to_have_value("2022-12-28")
    expect(form.get_by_label("开始日期")).to_have_value("2019-12-28")
    form.get_by_label("开始日期").fill("2018-01-02")
    form.get_by_label("每期投入金额").fill("500")
    form.get_by_label("定投频率").select_option("weekly")
    form.get_by_role("button", name="开始回测").click()

    result = page.get_by_test_id("backtest-result")
    expect(result).to_contain_text("2018-01-02 至 2022-12-28")
    buys = result.locator("div", has_text="买入次数").locator("dd")
    expect(buys).to_have_text(re.compile(r"^2\d\d$"))  # one a week for five years
    wait_for_drawn_chart(page, "backtest-chart")
    save_screenshot(page, "06-backtest")


def test_the_servers_422_appears_next_to_the_field_it_names(page: Page) -> None:
    page.goto("/backtest/?code=QUAL")
    form = page.get_by_test_id("backtest-form")
    # The sample data ends on 2022-12-28, so the API finds no prices to buy.
    form.get_by_label("开始日期").fill("2023-06-01")
    form.get_by_label("结束日期").fill("2024-06-01")
    form.get_by_role("button", name="开始回测").click()

    expect(form.get_by_test_id("error-start")).not_to_be_empty()
    expect(page.get_by_test_id("error-notice")).to_contain_text("请检查以下输入")
    expect(page.get_by_test_id("backtest-result")).to_have_count(0)


def test_an_unknown_code_is_named_in_words(page: Page) -> None:
    page.goto("/etf/?code=NOPE")
    expect(page.get_by_test_id("error-notice")).to_contain_text("未知的 ETF 代码：NOPE")
    expect(page.get_by_test_id("error-notice").get_by_role("link", name="搜索 ETF")).to_be_visible()


def test_losing_the_connection_is_said_in_words(page: Page) -> None:
    page.goto("/search/")
    expect(page.get_by_test_id("search-input")).to_be_focused()
    page.context.set_offline(True)
    page.get_by_test_id("search-input").fill("size")
    expect(page.get_by_test_id("error-notice")).to_contain_text("无法连接服务器")
    page.context.set_offline(False)
    page.get_by_test_id("error-notice").get_by_role("button", name="重试").click()
    expect(page.locator('[data-testid="search-result"][data-code="SIZE"]')).to_be_visible()


def test_a_deep_link_survives_a_browser_refresh(page: Page) -> None:
    page.goto("/etf/?code=QUAL&period=3y")
    expect_etf_page_complete(page, QUAL_NAME)
    page.reload()
    expect(page).to_have_url(re.compile(r"/etf/\?code=QUAL&period=3y$"))
    expect_etf_page_complete(page, QUAL_NAME)
    three_years = page.get_by_test_id("period-selector").locator('[data-period="3y"]')
    expect(three_years).to_have_attribute("aria-pressed", "true")


def test_the_user_data_and_settings_pages_load_from_the_api(page: Page) -> None:
    for path, heading in (("/holdings/", "持仓"), ("/alerts/", "提醒"), ("/settings/", "设置")):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.get_by_text("加载中…")).to_have_count(0)
        expect(page.get_by_test_id("error-notice")).to_have_count(0)
    expect(page.get_by_test_id("datasources")).to_contain_text("当前数据源：sample")
    save_screenshot(page, "09-settings")


def test_a_csv_price_history_is_imported_opened_and_removed_from_settings(page: Page) -> None:
    rows = "\n".join(f"2024-03-{day:02d},{1 + day / 100:.2f}" for day in range(1, 21))
    page.goto("/settings/")
    importer = page.get_by_test_id("csv-import")
    importer.get_by_label("CSV 文件").set_input_files(
        {"name": "myfund.csv", "mimeType": "text/csv", "buffer": f"date,close\n{rows}\n".encode()}
    )
    expect(importer.get_by_test_id("csv-preview")).to_contain_text("2024-03-01")
    expect(importer.get_by_label("代码（默认取文件名）")).to_have_value("MYFUND")
    importer.get_by_label("名称（可选）").fill("我的基金")
    importer.get_by_role("button", name="导入", exact=True).click()

    expect(importer.get_by_role("status")).to_contain_text("已导入 20 行，代码 MYFUND（我的基金）")
    expect(page.get_by_test_id("csv-imports")).to_contain_text("数据截至 2024-03-20")
    importer.get_by_role("link", name="查看 MYFUND").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("我的基金")

    page.goto("/settings/")
    page.get_by_role("button", name="删除 MYFUND 的导入价格").click()
    expect(page.get_by_text("尚未导入任何价格。")).to_be_visible()


def test_an_unknown_path_gets_the_404_page(page: Page) -> None:
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("页面不存在")
    expect(page.get_by_role("link", name="返回自选")).to_be_visible()
    save_screenshot(page, "07-not-found")


def test_the_etf_page_fits_a_phone_screen_and_does_not_move_as_it_loads(open_page: OpenPage) -> None:
    page = open_page(PHONE)
    page.add_init_script(RECORD_VERTICAL_SHIFTS)
    page.goto("/etf/?code=SPX")
    expect_etf_page_complete(page, "S&P 500 Index")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than the 375 px screen"
    assert page.evaluate("() => window.__verticalShifts") == []
    save_screenshot(page, "08-etf-detail-phone")


def test_the_banner_says_the_pages_show_the_sample_while_the_live_source_is_unreachable(
    page: Page, container: Container
) -> None:
    # This module's container has no way out: the live source's start-up fetch fails.
    deadline = time.monotonic() + 30
    while http_get(container.base_url + "/api/v1/datasources").json()["active"] != "sample":  # type: ignore[index]
        assert time.monotonic() < deadline, "the live source never reported its failure"
        time.sleep(0.5)
    page.goto("/")
    banner = page.get_by_test_id("data-source-banner")
    expect(banner).to_have_attribute("data-state", "live_down")
    expect(banner).to_contain_text("2022")
    save_screenshot(page, "19-sample-banner")


ATTACK_PAGE = b"""<!doctype html><title>elsewhere</title><script>
async function attack(base) {
  const alert = '{"code": "SIZE", "condition": "price_above", "threshold": 1}';
  const form = new FormData();
  form.append("code", "ATTACK");
  form.append("file", new Blob(["date,close\\n2024-01-02,1\\n"]), "attack.csv");
  for (const init of [
    { body: new Blob([alert]) },  // no Content-Type at all
    { body: alert, headers: { "Content-Type": "text/plain" } },
  ]) {
    await fetch(base + "/api/v1/alerts", { method: "POST", mode: "no-cors", ...init });
  }
  await fetch(base + "/api/v1/etfs/import", { method: "POST", mode: "no-cors", body: form });
}
</script>"""


def test_a_page_on_another_site_cannot_write_through_the_visitors_browser(
    page: Page, container: Container
) -> None:
    """The instance has no API_KEY: the browser's own marks on the requests are what refuse them."""

    class AttackPage(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(ATTACK_PAGE)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), AttackPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    statuses: list[int] = []
    page.on("response", lambda answer: statuses.append(answer.status) if "/api/" in answer.url else None)
    try:
        # "localhost" is another site than the container's 127.0.0.1.
        page.goto(f"http://localhost:{server.server_address[1]}/")
        page.evaluate("base => attack(base)", container.base_url)
    finally:
        server.shutdown()
        server.server_close()

    assert statuses == [403, 403, 403]
    assert json.loads(http_get(container.base_url + "/api/v1/alerts").body)["items"] == []
    assert http_get(container.base_url + "/api/v1/etfs/ATTACK").status == 404
