"""Settings → Notifications and the alerts page in the browser: a channel added to a stand-in
WeCom robot on the container's loopback gets the test message, whose delivery the log shows,
and an RSI alert is created."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from container.containers import Container
from container.push_services import PORT, received, with_push_services
from e2e.browser import save_screenshot


@pytest.fixture(scope="module")
def container(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Container]:
    with with_push_services(tmp_path_factory.mktemp("push")) as running:
        yield running


def test_a_channel_gets_its_test_message_and_logs_it(page: Page, container: Container) -> None:
    page.goto("/settings/")
    form = page.get_by_test_id("channel-form")
    form.get_by_label("类型").select_option("wecom")
    form.get_by_label("名称").fill("团队群")
    form.get_by_label("Webhook 地址").fill(f"http://127.0.0.1:{PORT}/cgi-bin/webhook/send?key=ui")
    form.get_by_role("button", name="添加").click()

    channels = page.get_by_test_id("channel-list")
    expect(channels).to_contain_text("团队群")
    channels.get_by_role("button", name="发送测试消息").click()
    expect(channels.get_by_role("status")).to_contain_text("测试消息已送达")
    channels.get_by_role("button", name="发送记录").click()
    log = channels.locator("[data-testid^='channel-log-']")
    expect(log).to_contain_text("测试")
    expect(log).to_contain_text("已送达")
    save_screenshot(page, "notifications-log")

    to_robot = [request for request in received(container) if request["query"] == "key=ui"]
    assert len(to_robot) == 1, to_robot
    assert to_robot[0]["body"]["msgtype"] == "markdown"


def test_an_rsi_alert_is_created_from_the_alerts_page(page: Page) -> None:
    page.goto("/alerts/")
    page.get_by_label("代码", exact=True).fill("MTUM")
    page.get_by_label("条件", exact=True).select_option("rsi_above")
    page.get_by_label("阈值", exact=True).fill("70")
    page.get_by_role("button", name="创建提醒").click()

    alerts = page.get_by_test_id("alerts-list")
    expect(alerts).to_contain_text("MTUM")
    expect(alerts).to_contain_text("RSI(14) 高于")
