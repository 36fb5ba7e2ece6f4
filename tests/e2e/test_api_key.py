"""With API_KEY set, changes need the key: the UI asks for it in words and works once it is
saved in Settings."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, Response, expect

from container.containers import Container, built_image_id, started
from e2e.browser import save_screenshot

API_KEY = "e2e-secret-key"
MTUM_NAME = "iShares MSCI USA Momentum Factor ETF"


@pytest.fixture(scope="module")
def container() -> Iterator[Container]:
    with started(built_image_id(), "-e", f"API_KEY={API_KEY}") as running:
        yield running


def add_mtum_from_search(page: Page) -> Response:
    """Clicks "add" on the search page; returns the API's answer to the request it makes."""
    page.goto("/search/")
    page.get_by_test_id("search-input").fill("mtum")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name=f"将 {MTUM_NAME} MTUM 加入自选").click()
    return answer.value


def test_a_change_without_the_key_asks_for_it_and_works_once_it_is_saved(page: Page) -> None:
    assert add_mtum_from_search(page).status == 401
    notice = page.get_by_test_id("error-notice")
    expect(notice).to_contain_text("此操作需要 API 密钥")
    # The refused change is rolled back.
    expect(page.get_by_role("button", name=f"将 {MTUM_NAME} MTUM 加入自选")).to_be_enabled()
    save_screenshot(page, "10-api-key-needed")

    notice.get_by_role("link", name="前往设置填写密钥").click()
    expect(page).to_have_url(re.compile(r"/settings/$"))
    page.get_by_test_id("api-key-input").fill(API_KEY)
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("密钥已保存。")).to_be_visible()

    assert add_mtum_from_search(page).status == 201
    expect(page.get_by_role("button", name=f"已在自选: {MTUM_NAME} MTUM")).to_be_disabled()
    expect(page.get_by_test_id("error-notice")).to_have_count(0)
    page.get_by_role("navigation").get_by_role("link", name="自选").click()
    expect(page.locator('[data-testid="watchlist-row"][data-code="MTUM"]')).to_contain_text(MTUM_NAME)
    expect(page.get_by_test_id("watchlist-local-notice")).to_have_count(0)
