"""Accounts in a real browser: the admin protects the server from Settings, logs out and in
again (back to the page asked for), adds to the watchlist and makes a second user, who logs in
elsewhere and sees a watchlist of their own, empty."""

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from container.containers import Container, built_image_id, http_request, started
from e2e.axe import axe_violations, load_axe_on_every_document
from e2e.browser import SMALL_TAP_TARGETS, OpenPage, save_screenshot

ADMIN, ADMIN_PASSWORD = "ann", "correct horse battery"
MEMBER, MEMBER_PASSWORD = "bo", "staple for bo"
MTUM_NAME = "iShares MSCI USA Momentum Factor ETF"
NARROW: ViewportSize = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def container() -> Iterator[Container]:
    """A server of this module's own: once set up, every page of it asks for a login, which the
    other modules' tests do not expect."""
    with started(built_image_id()) as running:
        yield running


def log_in(page: Page, username: str, password: str) -> None:
    form = page.get_by_test_id("login-form")
    form.get_by_label("用户名").fill(username)
    form.get_by_label("密码").fill(password)
    form.get_by_role("button", name="登录").click()


def fits_a_phone(page: Page) -> list[str]:
    """What is wrong with the page on a 360 px phone: sideways scrolling, small tap targets."""
    width = page.evaluate("() => document.scrollingElement.scrollWidth")
    problems = [f"{page.url} is {width} px wide"] if width > NARROW["width"] else []
    return problems + [f"{page.url}: {target}" for target in page.evaluate(SMALL_TAP_TARGETS)]


def test_set_up_log_out_log_in_and_a_second_user_has_an_empty_watchlist(open_page: OpenPage) -> None:
    page = open_page()
    load_axe_on_every_document(page)
    page.goto("/settings/")
    setup = page.get_by_test_id("setup-form")
    setup.get_by_label("用户名").fill(ADMIN)
    setup.get_by_label("新密码", exact=True).fill(ADMIN_PASSWORD)
    setup.get_by_label("再次输入新密码").fill(ADMIN_PASSWORD)
    setup.get_by_role("button", name="设置管理员并登录").click()
    expect(page.get_by_text("此服务器已受保护，你已作为管理员登录。")).to_be_visible()
    expect(page.get_by_test_id("account-name")).to_have_text(ADMIN)
    expect(page.get_by_test_id("users-admin")).to_contain_text(ADMIN)
    # Changes now need a login: no more warning that anyone may make them.
    expect(page.get_by_test_id("open-writes-banner")).to_have_count(0)
    assert axe_violations(page) == []
    save_screenshot(page, "accounts-settings")

    page.get_by_test_id("logout-button").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    # Logged out, a page sends to the login page, which comes back to it.
    page.goto("/holdings/")
    expect(page).to_have_url(re.compile(r"/login/\?next=%2Fholdings%2F$"))
    log_in(page, ADMIN, "wrong password")
    expect(page.get_by_test_id("login-form-error")).to_have_text("用户名或密码错误。")
    assert axe_violations(page) == []
    save_screenshot(page, "accounts-login-error")
    log_in(page, ADMIN, ADMIN_PASSWORD)
    expect(page).to_have_url(re.compile(r"/holdings/$"))
    expect(page.get_by_test_id("account-name")).to_have_text(ADMIN)

    # A change made with the session (it carries the CSRF header).
    page.goto("/search/")
    page.get_by_test_id("search-input").fill("mtum")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.get_by_role("button", name=f"将 {MTUM_NAME} MTUM 加入自选").click()
    assert answer.value.status == 201
    page.get_by_role("navigation").get_by_role("link", name="自选").click()
    expect(page.locator('[data-testid="watchlist-row"][data-code="MTUM"]')).to_contain_text(MTUM_NAME)

    page.goto("/settings/")
    users = page.get_by_test_id("user-form")
    users.get_by_label("用户名").fill(MEMBER)
    users.get_by_label("密码").fill(MEMBER_PASSWORD)
    users.get_by_role("button", name="添加用户").click()
    expect(page.get_by_text(f"已添加用户 {MEMBER}。")).to_be_visible()
    expect(page.get_by_test_id("user-list")).to_contain_text(MEMBER)
    page.get_by_test_id("api-tokens").get_by_role("button", name="创建令牌").click()
    expect(page.get_by_test_id("new-token-value")).to_have_text(re.compile(r"\S{20,}"))
    # The dark theme (the setting follows the system's) with every part of the section shown.
    page.emulate_media(color_scheme="dark")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert axe_violations(page) == []
    save_screenshot(page, "accounts-settings-dark")
    page.emulate_media(color_scheme="light")

    # The second user, on a phone.
    elsewhere = open_page(NARROW, touch=True)
    elsewhere.goto("/")
    expect(elsewhere).to_have_url(re.compile(r"/login/\?next=%2F$"))
    expect(elsewhere.get_by_test_id("login-form")).to_be_visible()
    problems = fits_a_phone(elsewhere)
    log_in(elsewhere, MEMBER, MEMBER_PASSWORD)
    expect(elsewhere.get_by_test_id("account-name")).to_have_text(MEMBER)
    expect(elsewhere.get_by_test_id("watchlist-empty")).to_be_visible()
    expect(elsewhere.get_by_test_id("watchlist-row")).to_have_count(0)
    problems += fits_a_phone(elsewhere)
    # Not an admin: no users to manage.
    elsewhere.goto("/settings/")
    expect(elsewhere.get_by_test_id("account-who")).to_contain_text(MEMBER)
    expect(elsewhere.get_by_test_id("api-tokens")).to_contain_text("还没有令牌。")
    expect(elsewhere.get_by_test_id("users-admin")).to_have_count(0)
    problems += fits_a_phone(elsewhere)
    assert not problems, "\n".join(problems)
    save_screenshot(elsewhere, "accounts-member-settings-phone")



def test_a_locked_login_says_through_nginx_how_long_to_wait(container: Container) -> None:
    """The API's 429 keeps its own Retry-After, once: nginx adds its "1" only to its rate
    limit's 429s. Last in this module, since the failures lock this client's address a while."""
    # Logins are refused until the server is set up (the test above does it too).
    admin = {"username": ADMIN, "password": ADMIN_PASSWORD}
    setup = http_request("POST", container.base_url + "/api/auth/setup", admin)
    assert setup.status in (200, 409), setup.body
    wrong = json.dumps({"username": "mallory", "password": "not anyone's password"}).encode()
    request = urllib.request.Request(
        container.base_url + "/api/auth/login", data=wrong, headers={"Content-Type": "application/json"}
    )
    statuses = []
    for _ in range(10):
        try:
            urllib.request.urlopen(request, timeout=10)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
            if error.code == 429:
                waits = error.headers.get_all("Retry-After")
                assert waits is not None and len(waits) == 1 and int(waits[0]) >= 1, waits
                assert "try again in" in json.loads(error.read())["detail"]
                return
    raise AssertionError(f"no lockout after {statuses}")
