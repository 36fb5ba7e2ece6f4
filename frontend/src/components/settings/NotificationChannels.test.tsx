import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { ChannelDelivery, NotificationChannel } from "@/lib/api-types";
import { jsonResponse } from "@/test/fixtures";
import { NotificationChannels } from "./NotificationChannels";

const BOT: NotificationChannel = {
  id: 7,
  name: "My phone",
  kind: "telegram",
  enabled: true,
  summary: false,
  config: { kind: "telegram", bot_token: "***", chat_id: "42" },
  created_at: "2024-06-28T01:00:00Z",
  quiet_hours: null,
  max_alerts_per_hour: 20,
  language: null,
};
const FAILED_TEST: ChannelDelivery = {
  id: 3,
  event: "test",
  trigger_id: null,
  attempt: 1,
  attempted_at: "2024-06-28T02:00:00Z",
  delivered: false,
  suppressed: false,
  latency_ms: 120,
  error: "HTTP 4xx: Unauthorized",
};

function stubApi(channels: NotificationChannel[]) {
  const fetchMock = vi.fn((url: string, init?: RequestInit) => {
    const method = init?.method ?? "GET";
    if (url === "/api/v1/notifications/channels" && method === "GET") return Promise.resolve(jsonResponse({ items: channels }));
    if (url === "/api/v1/notifications/channels" && method === "POST") return Promise.resolve(jsonResponse({ ...BOT, id: 8 }, 201));
    if (url === "/api/v1/notifications/channels/7" && method === "PATCH") return Promise.resolve(jsonResponse({ ...BOT, summary: true }));
    if (url === "/api/v1/notifications/channels/7/test") return Promise.resolve(jsonResponse(FAILED_TEST));
    if (url === "/api/v1/notifications/summary/send") return Promise.resolve(jsonResponse({ day: "2024-06-28", channels: 1 }));
    if (url === "/api/v1/notifications/channels/7/deliveries") {
      return Promise.resolve(jsonResponse({ items: [{ ...FAILED_TEST, id: 4, attempt: 2, error: "timeout" }, FAILED_TEST] }));
    }
    return Promise.resolve(jsonResponse({ detail: "not in this test" }, 404));
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

describe("NotificationChannels", () => {
  it("adds a channel with the fields of its kind", async () => {
    const fetchMock = stubApi([]);
    const user = userEvent.setup();
    render(<NotificationChannels />);
    expect(await screen.findByText("还没有通知渠道。")).toBeInTheDocument();

    const form = screen.getByTestId("channel-form");
    await user.selectOptions(within(form).getByLabelText("类型"), "dingtalk");
    expect(within(form).queryByLabelText("Bot Token")).toBeNull();
    await user.type(within(form).getByLabelText("Webhook 地址"), "https://oapi.dingtalk.com/robot/send?access_token=abc");
    await user.type(within(form).getByLabelText("加签密钥（可选）"), "SEC123");
    await user.click(within(form).getByRole("button", { name: "添加" }));

    const post = fetchMock.mock.calls.find(([, init]) => init?.method === "POST");
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({
      name: "钉钉机器人",
      config: { kind: "dingtalk", webhook_url: "https://oapi.dingtalk.com/robot/send?access_token=abc", secret: "SEC123" },
      summary: false,
    });
  });

  it("opts a new channel in to the daily summary, in English", async () => {
    const fetchMock = stubApi([]);
    const user = userEvent.setup();
    render(<NotificationChannels />);
    const form = await screen.findByTestId("channel-form");
    await user.type(within(form).getByLabelText("Bot Token"), "1:abc");
    await user.type(within(form).getByLabelText("Chat ID"), "42");
    await user.click(within(form).getByLabelText("收盘后每日小结"));
    await user.selectOptions(within(form).getByLabelText("消息语言"), "英文");
    await user.click(within(form).getByRole("button", { name: "添加" }));

    const post = fetchMock.mock.calls.find(([, init]) => init?.method === "POST");
    const body = JSON.parse(String(post?.[1]?.body));
    expect([body.summary, body.language]).toEqual([true, "en"]);
  });

  it("switches a channel's daily summary and sends today's summary on demand", async () => {
    const fetchMock = stubApi([{ ...BOT, summary: false }]);
    const user = userEvent.setup();
    render(<NotificationChannels />);
    const list = await screen.findByTestId("channel-list");
    expect(within(list).queryByRole("button", { name: "立即发送今日小结" })).toBeNull();

    await user.click(await within(list).findByLabelText("收盘后每日小结"));
    const patch = fetchMock.mock.calls.find(([, init]) => init?.method === "PATCH");
    expect(patch?.[0]).toBe("/api/v1/notifications/channels/7");
    expect(JSON.parse(String(patch?.[1]?.body))).toEqual({ summary: true });

    cleanup();
    stubApi([{ ...BOT, summary: true }]);
    render(<NotificationChannels />);
    await user.click(await screen.findByRole("button", { name: "立即发送今日小结" }));
    expect(await screen.findByRole("status")).toHaveTextContent("2024-06-28 的小结已发送到 1 个渠道。");
  });

  it("offers the SMTP encryption as a list and sends its default", async () => {
    const fetchMock = stubApi([]);
    const user = userEvent.setup();
    render(<NotificationChannels />);
    const form = await screen.findByTestId("channel-form");
    await user.selectOptions(within(form).getByLabelText("类型"), "email");
    await user.type(within(form).getByLabelText("SMTP 服务器"), "smtp.qq.com");
    await user.type(within(form).getByLabelText("发件地址"), "me@qq.com");
    await user.type(within(form).getByLabelText("收件地址（逗号分隔）"), "me@qq.com");
    await user.click(within(form).getByRole("button", { name: "添加" }));

    const post = fetchMock.mock.calls.find(([, init]) => init?.method === "POST");
    expect(JSON.parse(String(post?.[1]?.body)).config).toEqual({
      kind: "email",
      host: "smtp.qq.com",
      security: "starttls",
      from_address: "me@qq.com",
      to_addresses: "me@qq.com",
    });
  });

  it("sends a test message, shows the service's answer and the delivery log", async () => {
    stubApi([BOT]);
    const user = userEvent.setup();
    render(<NotificationChannels />);

    await user.click(await screen.findByRole("button", { name: "发送测试消息" }));
    expect(await screen.findByRole("status")).toHaveTextContent("测试消息未送达：HTTP 4xx: Unauthorized");

    await user.click(screen.getByRole("button", { name: "发送记录" }));
    const log = await screen.findByTestId("channel-log-7");
    expect(within(log).getAllByRole("listitem")[0]).toHaveTextContent("第 2 次尝试");
    expect(within(log).getAllByRole("listitem")[1]).not.toHaveTextContent("次尝试");
    expect(log).toHaveTextContent("测试");
    expect(log).toHaveTextContent("失败");
    expect(log).toHaveTextContent("120 毫秒");
    expect(log).toHaveTextContent("HTTP 4xx: Unauthorized");
  });

  it("sets a channel's message language, and gives it back to the server's", async () => {
    const fetchMock = stubApi([BOT]);
    const user = userEvent.setup();
    render(<NotificationChannels />);
    const language = await within(await screen.findByTestId("channel-list")).findByLabelText("消息语言");
    expect(language).toHaveValue("");

    await user.selectOptions(language, "英文");
    cleanup();
    const english = stubApi([{ ...BOT, language: "en" }]);
    render(<NotificationChannels />);
    // The list's card comes before its channels do.
    const chosen = await within(await screen.findByTestId("channel-list")).findByLabelText("消息语言");
    expect(chosen).toHaveValue("en");
    await user.selectOptions(chosen, "跟随服务器");

    const patchOf = (mock: typeof fetchMock) => mock.mock.calls.find(([, init]) => init?.method === "PATCH");
    expect(JSON.parse(String(patchOf(fetchMock)?.[1]?.body))).toEqual({ language: "en" });
    // The select hands the change to an asynchronous submit, so the request can come later.
    await waitFor(() => expect(JSON.parse(String(patchOf(english)?.[1]?.body))).toEqual({ language: null }));
  });

  it("sets a channel's quiet hours and hourly limit, and removes them", async () => {
    const fetchMock = stubApi([BOT]);
    const user = userEvent.setup();
    render(<NotificationChannels />);
    expect(await screen.findByTestId("channel-limits-summary-7")).toHaveTextContent("每小时最多 20 条");

    await user.click(screen.getByRole("button", { name: "免打扰与限额" }));
    const form = screen.getByTestId("channel-limits-7");
    expect(within(form).getByLabelText("开始（北京时间）")).toBeDisabled();
    await user.click(within(form).getByLabelText("免打扰时段"));
    fireEvent.change(within(form).getByLabelText("开始（北京时间）"), { target: { value: "23:00" } });
    fireEvent.change(within(form).getByLabelText("结束"), { target: { value: "06:30" } });
    await user.clear(within(form).getByLabelText("每小时最多提醒数"));
    await user.type(within(form).getByLabelText("每小时最多提醒数"), "5");
    await user.click(within(form).getByRole("button", { name: "保存" }));

    const patches = () => fetchMock.mock.calls.filter(([, init]) => init?.method === "PATCH");
    expect(JSON.parse(String(patches()[0]?.[1]?.body))).toEqual({
      quiet_hours: { start: "23:00", end: "06:30" },
      max_alerts_per_hour: 5,
    });

    cleanup();
    const limited = stubApi([{ ...BOT, quiet_hours: { start: "23:00:00", end: "06:30:00" }, max_alerts_per_hour: 5 }]);
    render(<NotificationChannels />);
    expect(await screen.findByTestId("channel-limits-summary-7")).toHaveTextContent("免打扰 23:00–06:30 · 每小时最多 5 条");
    await user.click(screen.getByRole("button", { name: "免打扰与限额" }));
    const again = screen.getByTestId("channel-limits-7");
    await user.click(within(again).getByLabelText("免打扰时段"));
    await user.clear(within(again).getByLabelText("每小时最多提醒数"));
    await user.click(within(again).getByRole("button", { name: "保存" }));
    const last = limited.mock.calls.find(([, init]) => init?.method === "PATCH");
    expect(JSON.parse(String(last?.[1]?.body))).toEqual({ quiet_hours: null, max_alerts_per_hour: null });
  });

  it("shows alerts held back by quiet hours or the limit apart from failures", async () => {
    const held: ChannelDelivery = {
      ...FAILED_TEST,
      id: 9,
      event: "alert",
      trigger_id: 4,
      suppressed: true,
      latency_ms: 0,
      error: "held back: quiet hours 22:00 to 07:00 China time",
    };
    const fetchMock = stubApi([BOT]);
    fetchMock.mockImplementation((url: string) =>
      Promise.resolve(
        url.endsWith("/deliveries") ? jsonResponse({ items: [held] }) : jsonResponse({ items: [BOT] }),
      ),
    );
    const user = userEvent.setup();
    render(<NotificationChannels />);
    await user.click(await screen.findByRole("button", { name: "发送记录" }));
    const log = await screen.findByTestId("channel-log-7");
    expect(log).toHaveTextContent("已拦截");
    expect(log).not.toHaveTextContent("失败");
    expect(log).toHaveTextContent("held back: quiet hours 22:00 to 07:00 China time");
  });
});
