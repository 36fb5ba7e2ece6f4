"""The installable web app against the real image: the manifest and its icons, the service
worker that opens the app without a network, the dark theme and the phone layout."""

import json
import struct

from playwright.sync_api import Page, ViewportSize, expect

from container.containers import Container, http_get
from e2e.browser import OpenPage, save_screenshot

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


def test_no_page_scrolls_sideways_at_360_px_and_the_nav_is_at_the_bottom(open_page: OpenPage) -> None:
    page = open_page(NARROW)
    for path in PAGES:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        width = page.evaluate("() => document.scrollingElement.scrollWidth")
        assert width <= 360, f"{path} is {width} px wide"
    nav = page.get_by_test_id("main-nav")
    box = nav.bounding_box()
    assert box is not None and abs(box["y"] + box["height"] - NARROW["height"]) < 1, box
    for link in nav.get_by_role("link").all():
        link_box = link.bounding_box()
        assert link_box is not None and link_box["height"] >= 44, link_box
    save_screenshot(page, "pwa-phone-etf")
