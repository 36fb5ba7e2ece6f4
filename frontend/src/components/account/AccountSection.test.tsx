import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { resetAuth } from "@/lib/auth";
import { updateSettings } from "@/lib/settings";
import { jsonResponse } from "@/test/fixtures";
import { AccountSection } from "./AccountSection";
import { ApiTokens } from "./ApiTokens";

const ANN = { id: 1, username: "ann", is_admin: true, created_at: "2026-01-01T00:00:00Z" };
const BO = { id: 2, username: "bo", is_admin: false, created_at: "2026-01-02T00:00:00Z" };
const TOKEN = { id: 5, name: "backup script", created_at: "2026-01-03T00:00:00Z", last_used_at: null };
const SECRET = "etf_0123456789abcdef";

type Handler = (url: string, method: string, body: unknown) => Response | undefined;

function stubApi(handler: Handler) {
  const fetchMock = vi.fn((url: string, init?: RequestInit) => {
    const body: unknown = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
    return Promise.resolve(handler(url, init?.method ?? "GET", body) ?? jsonResponse({ detail: "not in this test" }, 404));
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

describe("AccountSection", () => {
  beforeEach(() => {
    resetAuth();
    updateSettings({ language: "en" });
  });

  it("in setup mode protects the server: names the admin, sets the password and logs in", async () => {
    let setUp = false;
    const fetchMock = stubApi((url, method) => {
      if (url === "/api/auth/me") return jsonResponse({ set_up: setUp, user: ANN, via: setUp ? "session" : "setup", registration_open: false });
      if (url === "/api/auth/setup" && method === "POST") {
        setUp = true;
        return jsonResponse(ANN);
      }
      if (url === "/api/tokens") return jsonResponse({ items: [] });
      if (url === "/api/users") return jsonResponse({ items: [ANN] });
    });
    const user = userEvent.setup();
    render(<AccountSection />);
    const form = await screen.findByTestId("setup-form");
    expect(within(form).getByRole("heading", { name: "Protect this server" })).toBeInTheDocument();
    await user.type(within(form).getByLabelText("Username"), "ann");
    await user.type(within(form).getByLabelText("New password"), "long secret");
    await user.type(within(form).getByLabelText("New password again"), "long secret");
    await user.click(within(form).getByRole("button", { name: "Set up the admin and log in" }));

    expect(await screen.findByText("This server is protected; you are logged in as its admin.")).toBeInTheDocument();
    expect(screen.getByTestId("account-who")).toHaveTextContent("Logged in as ann.");
    expect(fetchMock).toHaveBeenCalledWith("/api/auth/setup", expect.objectContaining({ body: JSON.stringify({ username: "ann", password: "long secret" }) }));
    expect(screen.getByTestId("password-form")).toBeInTheDocument();
    expect(await screen.findByTestId("user-list")).toHaveTextContent("ann");
  });

  it("lets an admin add a user and delete one after asking", async () => {
    let users = [ANN];
    const fetchMock = stubApi((url, method, body) => {
      if (url === "/api/auth/me") return jsonResponse({ set_up: true, user: ANN, via: "session", registration_open: false });
      if (url === "/api/tokens") return jsonResponse({ items: [] });
      if (url === "/api/users" && method === "GET") return jsonResponse({ items: users });
      if (url === "/api/users" && method === "POST") {
        expect(body).toEqual({ username: "bo", password: "pw", is_admin: false });
        users = [ANN, BO];
        return jsonResponse(BO, 201);
      }
      if (url === "/api/users/2" && method === "DELETE") {
        users = [ANN];
        return new Response(null, { status: 204 });
      }
    });
    const user = userEvent.setup();
    render(<AccountSection />);
    const form = await screen.findByTestId("user-form");
    await user.type(within(form).getByLabelText("Username"), "bo");
    await user.type(within(form).getByLabelText("Password"), "pw");
    await user.click(within(form).getByRole("button", { name: "Add user" }));
    expect(await screen.findByText("Added the user bo.")).toBeInTheDocument();
    const list = await screen.findByTestId("user-list");
    await vi.waitFor(() => expect(list).toHaveTextContent("bo"));
    // Nobody deletes themselves here.
    expect(within(list).queryByRole("button", { name: "Delete the user ann" })).toBeNull();

    await user.click(within(list).getByRole("button", { name: "Delete the user bo" }));
    expect(fetchMock).not.toHaveBeenCalledWith("/api/users/2", expect.anything());
    await user.click(within(list).getByRole("button", { name: "Delete" }));
    await vi.waitFor(() => expect(list).not.toHaveTextContent("bo"));
  });
});

describe("ApiTokens", () => {
  beforeEach(() => updateSettings({ language: "en" }));

  it("shows a new token once, with a copy button, and lists it without its secret", async () => {
    let tokens: (typeof TOKEN)[] = [];
    const fetchMock = stubApi((url, method, body) => {
      if (url === "/api/tokens" && method === "GET") return jsonResponse({ items: tokens });
      if (url === "/api/tokens" && method === "POST") {
        expect(body).toEqual({ name: "backup script" });
        tokens = [TOKEN];
        return jsonResponse({ ...TOKEN, token: SECRET }, 201);
      }
      if (url === "/api/tokens/5" && method === "DELETE") {
        tokens = [];
        return new Response(null, { status: 204 });
      }
    });
    const writeText = vi.fn(() => Promise.resolve());
    const user = userEvent.setup();
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    render(<ApiTokens />);
    expect(await screen.findByText("No tokens yet.")).toBeInTheDocument();
    await user.type(screen.getByLabelText("What it is for (optional)"), "backup script");
    await user.click(screen.getByRole("button", { name: "Create token" }));

    expect(await screen.findByTestId("new-token-value")).toHaveTextContent(SECRET);
    await user.click(screen.getByRole("button", { name: "Copy" }));
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(await screen.findByText("Copied.")).toBeInTheDocument();
    const list = await screen.findByTestId("token-list");
    expect(list).toHaveTextContent("backup script");
    expect(list).toHaveTextContent("never used");
    expect(list).not.toHaveTextContent(SECRET);

    await user.click(screen.getByRole("button", { name: "Done" }));
    expect(screen.queryByText(SECRET)).toBeNull();
    expect(document.body).not.toHaveTextContent(SECRET);

    await user.click(within(list).getByRole("button", { name: "Revoke the token backup script" }));
    expect(await screen.findByText("No tokens yet.")).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledWith("/api/tokens/5", expect.objectContaining({ method: "DELETE" }));
  });
});
