"""The installable web app against the real image: the manifest and its icons, the service
worker that opens the app without a network, the dark theme, the phone layout and its touch
gestures, and axe-core's accessibility rules on every page in both themes."""

import json
import re
import struct

from playwright.sync_api import FloatRect, Page, ViewportSize, expect

from container.containers import Container, http_get
from e2e.axe import axe_violations, load_axe_on_every_document
from e2e.browser import SMALL_TAP_TARGETS, Finger, OpenPage, save_screenshot, watch

PAGES = [
    "/",
    "/search/",
    "/compare/",
    "/backtest/",
    "/holdings/",
    "/alerts/",
    "/settings/",
    "/etf/?code=QUAL",
]
NARROW: ViewportSize = {"width": 360, "height": 740}
AXE_PAGES = [*PAGES, "/compare/?codes=MTUM%2CVLUE", "/no-such-page/"]


def lower_keys(headers: dict[str, str]) -> dict[str, str]:
    return {key.lower(): value for key, value in headers.items()}


def test_the_manifest_and_its_icons_are_served(container: Container) -> None:
    response = http_get(container.base_url + "/manifest.webmanifest")
    assert response.status == 200
    assert lower_keys(response.headers)["content-type"].startswith("application/manifest+json")
    manifest = json.loads(response.body)
    assert manifest["name"] and manifest["short_name"]
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    assert manifest["theme_color"] and manifest["background_color"]
    purposes = set()
    for icon in manifest["icons"]:
        image = http_get(container.base_url + icon["src"])
        assert image.status == 200 and lower_keys(image.headers)["content-type"] == "image/png", icon
        width, height = struct.unpack(">II", image.body[16:24])  # the PNG's IHDR
        assert f"{width}x{height}" == icon["sizes"], icon
        purposes.add(icon["purpose"])
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    assert "maskable" in purposes

    worker = lower_keys(http_get(container.base_url + "/sw.js").headers)
    assert worker["cache-control"] == "no-cache"
    assert "manifest-src 'self'" in worker["content-security-policy"]


def test_the_app_opens_offline_with_the_last_watchlist_and_says_so(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("我的自选")
    # The worker controls the page once it is active (it claims its clients).
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()  # the watchlist now goes through the worker, which keeps it
    expect(page.get_by_role("heading", level=1)).to_have_text("我的自选")
    # The worker stores the watchlist after answering with it: waited for, not raced.
    page.wait_for_function(
        """async () => Boolean(await caches.match("/api/v1/watchlist", { ignoreVary: true }))"""
    )
    shells = page.evaluate(
        """async () => (await caches.keys()).filter((name) => name.startsWith("etftool-shell-")).length"""
    )
    assert shells == 1

    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的自选")
    expect(page.get_by_test_id("offline-banner")).to_contain_text("当前离线")
    page.goto("/settings/")  # a page not opened before comes from the cached shell too
    expect(page.get_by_role("heading", level=1)).to_have_text("设置")
    save_screenshot(page, "pwa-offline")
    page.context.set_offline(False)


# Every theme <html> takes while a page loads: a light one before a dark one is a flash.
RECORD_THEMES = """
window.etftoolThemes = [];
new MutationObserver(() => window.etftoolThemes.push(document.documentElement.dataset.theme))
  .observe(document, { attributes: true, attributeFilter: ["data-theme"], subtree: true });
"""


def themes_taken(page: Page) -> set[str]:
    return set(page.evaluate("() => window.etftoolThemes"))


def test_the_dark_theme_follows_the_system_and_the_setting(page: Page) -> None:
    page.add_init_script(RECORD_THEMES)
    page.emulate_media(color_scheme="dark")
    page.goto("/settings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("设置")
    assert themes_taken(page) == {"dark"}
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(248, 250, 252)", background  # not the light theme's slate-50
    save_screenshot(page, "pwa-dark-settings")

    page.get_by_test_id("settings-theme").select_option("light")
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    page.reload()  # the choice is applied from storage before the first paint
    expect(page.get_by_role("heading", level=1)).to_have_text("设置")
    assert themes_taken(page) == {"light"}


def test_every_page_fits_360_px_with_44_px_tap_targets_and_no_axe_violation(open_page: OpenPage) -> None:
    """In the light theme: the dark one is checked on the desktop below, so that axe sees the
    colours of both themes and the structure of both layouts, for the time of one round each."""
    page = open_page(NARROW, touch=True)
    add_user_data(page)
    load_axe_on_every_document(page)
    page.emulate_media(color_scheme="light")
    failures: list[str] = []
    for path in AXE_PAGES:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("data-theme", "light")
        wait_until_loaded(page)
        width = page.evaluate("() => document.scrollingElement.scrollWidth")
        assert width <= 360, f"{path} is {width} px wide"
        failures += [f"{path}: {target}" for target in page.evaluate(SMALL_TAP_TARGETS)]
        failures += [f"{path}: {violation}" for violation in axe_violations(page)]
    assert not failures, "\n".join(failures)
    nav = page.get_by_test_id("main-nav")
    box = nav.bounding_box()
    assert box is not None and abs(box["y"] + box["height"] - NARROW["height"]) < 1, box
    save_screenshot(page, "pwa-phone-not-found")


def centre(box: FloatRect | None) -> tuple[float, float]:
    assert box is not None
    return (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_a_finger_drags_a_watchlist_row_to_another_place(open_page: OpenPage) -> None:
    page = open_page(NARROW, touch=True)
    add_user_data(page)
    page.goto("/")
    wait_until_loaded(page)  # the quotes and sparklines in, so the rows stay where they are
    rows = page.get_by_test_id("watchlist-row")
    expect(rows.nth(1)).to_be_visible()
    codes = [rows.nth(index).get_attribute("data-code") for index in range(rows.count())]
    moved = codes[-1]
    handle = rows.last.get_by_test_id("drag-handle")
    handle.scroll_into_view_if_needed()
    (x, y) = centre(handle.bounding_box())
    finger = Finger(page)
    finger.down(x, y)
    finger.move_to(x, centre(rows.first.bounding_box())[1])
    expect(rows.first).to_have_class(re.compile(r"\bbg-blue-50\b"))  # where the row will land
    with page.expect_response(lambda response: response.request.method == "PUT") as saved:
        finger.up()
    assert saved.value.status == 204
    expect(rows.first).to_have_attribute("data-code", moved)
    page.reload()
    expect(rows.first).to_have_attribute("data-code", moved)
    expect(rows).to_have_count(len(codes))


def test_pulling_the_top_of_the_watchlist_down_refreshes_its_quotes(open_page: OpenPage) -> None:
    page = open_page(NARROW, touch=True)
    add_user_data(page)
    page.goto("/")
    wait_until_loaded(page)
    (x, y) = centre(page.get_by_role("heading", level=1).bounding_box())
    finger = Finger(page)
    finger.down(x, y)
    finger.move_to(x, y + 150)
    expect(page.get_by_test_id("pull-to-refresh")).to_have_text("松开刷新")
    with page.expect_request(lambda request: "/api/v1/etfs/QUAL" in request.url):
        finger.up()
    expect(page.get_by_test_id("pull-to-refresh")).to_have_count(0)

def add_user_data(page: Page) -> None:
    """Rows for the watchlist, holdings and alerts pages, so that their tables are checked too."""
    watch(page, "QUAL", "USMV")
    bought = {"code": "QUAL", "side": "buy", "date": "2022-01-03", "quantity": 10, "price": 100}
    assert page.request.post("/api/v1/holdings/transactions", data=bought).ok
    alert = {"code": "SIZE", "condition": "price_above", "threshold": 1}
    assert page.request.post("/api/v1/alerts", data=alert).ok


def wait_until_loaded(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("加载中…")).to_have_count(0)
    page.wait_for_load_state("networkidle")


def test_axe_finds_no_violation_in_the_dark_theme_nor_in_the_pages_answers(page: Page) -> None:
    add_user_data(page)
    load_axe_on_every_document(page)
    page.emulate_media(color_scheme="dark")
    found: dict[str, list[str]] = {}
    for path in AXE_PAGES:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("data-theme", "dark")
        wait_until_loaded(page)
        found[path] = axe_violations(page)

    page.goto("/search/")
    page.get_by_test_id("search-input").fill("qual")
    expect(page.locator('[data-testid="search-result"][data-code="QUAL"]')).to_be_visible()
    found["search results"] = axe_violations(page)
    page.goto("/backtest/?code=QUAL")
    page.get_by_role("button", name="开始回测").click()
    expect(page.get_by_test_id("backtest-result")).to_be_visible()
    page.wait_for_load_state("networkidle")
    found["backtest result"] = axe_violations(page)

    failures = [f"{where}: {violation}" for where, violations in found.items() for violation in violations]
    assert not failures, "\n".join(failures)
