import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { loadPage, resetAuth } from "@/lib/auth";
import { updateSettings } from "@/lib/settings";
import { jsonResponse } from "@/test/fixtures";
import { LoginPage } from "./LoginPage";

vi.mock("@/lib/auth", async (original) => ({ ...(await original<typeof import("@/lib/auth")>()), loadPage: vi.fn() }));

const ANN = { id: 1, username: "ann", is_admin: true, created_at: "2026-01-01T00:00:00Z" };

function stubLogin(answer: () => Response, registrationOpen = false) {
  const fetchMock = vi.fn((url: string) => {
    if (url === "/api/auth/me") return Promise.resolve(jsonResponse({ detail: "log in first" }, 401));
    if (url === "/api/auth/registration") return Promise.resolve(jsonResponse({ open: registrationOpen }));
    return Promise.resolve(answer());
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

async function logIn(password = "secret") {
  const user = userEvent.setup();
  render(<LoginPage />);
  await user.type(screen.getByLabelText("Username"), "ann");
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Log in" }));
  return user;
}

describe("LoginPage", () => {
  beforeEach(() => {
    resetAuth();
    window.history.replaceState(null, "", "/login/?next=/holdings/");
    vi.mocked(loadPage).mockReset();
    updateSettings({ language: "en" });
  });

  it("logs in and returns to the page the user came from", async () => {
    const fetchMock = stubLogin(() => jsonResponse(ANN));
    await logIn();
    await vi.waitFor(() => expect(loadPage).toHaveBeenCalledWith("/holdings/"));
    expect(fetchMock).toHaveBeenCalledWith(
      "/api/auth/login",
      expect.objectContaining({ method: "POST", body: JSON.stringify({ username: "ann", password: "secret" }) }),
    );
  });

  it("says when the name or password is wrong, tied to the form", async () => {
    stubLogin(() => jsonResponse({ detail: "wrong username or password" }, 401));
    await logIn("nope");
    const error = await screen.findByTestId("login-form-error");
    expect(error).toHaveTextContent("Wrong username or password.");
    expect(screen.getByTestId("login-form")).toHaveAttribute("aria-describedby", error.id);
    expect(loadPage).not.toHaveBeenCalled();
  });

  it("gives the wait of a lockout, and tells a rate limit apart", async () => {
    stubLogin(
      () =>
        new Response(JSON.stringify({ detail: "too many failed logins: try again in 300 s" }), {
          status: 429,
          headers: { "Content-Type": "application/json", "Retry-After": "300, 1" },
        }),
    );
    const user = await logIn();
    expect(await screen.findByTestId("login-form-error")).toHaveTextContent("Too many failed logins: try again in 5 min.");

    stubLogin(() => jsonResponse({ detail: "too many requests: at most 20 a second per client, please retry shortly" }, 429));
    await user.click(screen.getByRole("button", { name: "Log in" }));
    expect(await screen.findByTestId("login-form-error")).toHaveTextContent("Too many requests");
  });

  it("puts the server's rules under the fields they are about, in the reader's language", async () => {
    stubLogin(() =>
      jsonResponse({ detail: [{ loc: ["body", "password"], msg: "a password has 8 to 1024 characters", type: "value_error" }] }, 422),
      true,
    );
    updateSettings({ language: "zh-CN" });
    const user = userEvent.setup();
    render(<LoginPage />);
    await user.click(await screen.findByRole("button", { name: "没有账户？注册一个" }));
    await user.type(screen.getByLabelText("用户名"), "bo");
    await user.type(screen.getByLabelText("新密码"), "short");
    await user.type(screen.getByLabelText("再次输入新密码"), "short");
    await user.click(screen.getByRole("button", { name: "注册" }));
    await vi.waitFor(() => expect(screen.getByLabelText("新密码")).toHaveAccessibleDescription("密码需要 8 到 1024 个字符。"));
  });

  it("asks for the missing fields before sending anything", async () => {
    const fetchMock = stubLogin(() => jsonResponse(ANN));
    const user = userEvent.setup();
    render(<LoginPage />);
    await user.click(screen.getByRole("button", { name: "Log in" }));
    expect(screen.getByLabelText("Username")).toHaveAccessibleDescription("Enter a username.");
    expect(screen.getByLabelText("Password")).toHaveAttribute("aria-invalid", "true");
    expect(fetchMock).not.toHaveBeenCalledWith("/api/auth/login", expect.anything());
  });

  it("makes an account, and stops offering it once the server says registration is closed", async () => {
    const fetchMock = stubLogin(() => jsonResponse({ ...ANN, id: 2, username: "bo", is_admin: false }, 201), true);
    const user = userEvent.setup();
    render(<LoginPage />);
    await user.click(await screen.findByRole("button", { name: "No account? Make one" }));
    await user.type(screen.getByLabelText("Username"), "bo");
    await user.type(screen.getByLabelText("New password"), "pw1");
    await user.type(screen.getByLabelText("New password again"), "pw2");
    await user.click(screen.getByRole("button", { name: "Make the account" }));
    expect(screen.getByLabelText("New password again")).toHaveAccessibleDescription("The two passwords differ.");

    await user.clear(screen.getByLabelText("New password again"));
    await user.type(screen.getByLabelText("New password again"), "pw1");
    await user.click(screen.getByRole("button", { name: "Make the account" }));
    await vi.waitFor(() => expect(loadPage).toHaveBeenCalledWith("/holdings/"));
    expect(fetchMock).toHaveBeenCalledWith("/api/auth/register", expect.objectContaining({ method: "POST" }));

    stubLogin(() => jsonResponse({ detail: "this server does not allow registration: ask its admin for an account" }, 403), true);
    await user.click(screen.getByRole("button", { name: "Make the account" }));
    expect(await screen.findByTestId("register-form-error")).toHaveTextContent("does not let people make their own account");
    await user.click(screen.getByRole("button", { name: "Have an account? Log in" }));
    expect(screen.queryByRole("button", { name: "No account? Make one" })).toBeNull();
  });

  it("offers no registration where the server says it is closed", async () => {
    const fetchMock = stubLogin(() => jsonResponse(ANN));
    render(<LoginPage />);
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledWith("/api/auth/registration", expect.anything()));
    await act(async () => {}); // the answer is rendered
    expect(screen.getByRole("button", { name: "Log in" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "No account? Make one" })).toBeNull();
  });
});
