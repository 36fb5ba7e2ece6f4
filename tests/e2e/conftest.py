"""One ETFTool container per test module and one Chromium; each test gets a fresh browser
context (empty localStorage, zh-CN) on a desktop-sized window."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect, sync_playwright

from container.containers import Container, built_image_id, started
from e2e.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, SCREENSHOT_DIR, OpenPage

# The container answers from a busy CI machine; waits end as soon as the page is ready.
expect.set_options(timeout=20_000)


def pytest_report_header() -> str:
    return f"e2e screenshots: {SCREENSHOT_DIR}"


@pytest.fixture(scope="module")
def container() -> Iterator[Container]:
    with started(built_image_id()) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Browser, container: Container) -> Iterator[OpenPage]:
    """Fails the test on errors the pages did not catch."""
    contexts: list[BrowserContext] = []
    errors: list[str] = []

    def open_page_sized(viewport: ViewportSize = DESKTOP, touch: bool = False) -> Page:
        context = browser.new_context(
            base_url=container.base_url,
            viewport=viewport,
            locale="zh-CN",
            has_touch=touch,
            is_mobile=touch,  # a phone: touch events and a coarse pointer
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_page_sized
    for context in contexts:
        context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    return open_page()
