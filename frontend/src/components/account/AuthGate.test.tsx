import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { NavBar } from "@/components/NavBar";
import { api } from "@/lib/api";
import { resetAuth } from "@/lib/auth";
import { updateSettings } from "@/lib/settings";
import { jsonResponse } from "@/test/fixtures";
import { AuthGate } from "./AuthGate";

const navigation = vi.hoisted(() => ({ pathname: "/holdings/", replace: vi.fn() }));
vi.mock("next/navigation", () => ({
  usePathname: () => navigation.pathname,
  useRouter: () => ({ replace: navigation.replace }),
}));

const ANN = { id: 1, username: "ann", is_admin: true, created_at: "2026-01-01T00:00:00Z" };

function stubMe(status: number, via = "session") {
  const fetchMock = vi.fn((url: string) => {
    void url;
    return Promise.resolve(
      status === 200 ? jsonResponse({ set_up: via !== "setup", user: ANN, via, registration_open: false }) : jsonResponse({ detail: "log in first" }, status),
    );
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

describe("AuthGate", () => {
  beforeEach(() => {
    resetAuth();
    navigation.replace.mockReset();
    navigation.pathname = "/holdings/";
    window.history.replaceState(null, "", "/holdings/?code=510300");
    updateSettings({ language: "en" });
  });

  it("sends a browser that is not logged in to the login page, with the way back", async () => {
    stubMe(401);
    render(<AuthGate>page</AuthGate>);
    expect(await screen.findByTestId("auth-redirect")).toBeInTheDocument();
    expect(screen.queryByText("page")).toBeNull();
    expect(navigation.replace).toHaveBeenCalledWith("/login/?next=%2Fholdings%2F%3Fcode%3D510300");
  });

  it("asks again when a request is refused while logged in, and goes to the login page once the session is over", async () => {
    let loggedIn = true;
    vi.stubGlobal(
      "fetch",
      vi.fn((url: string) => {
        if (url === "/api/auth/me" && loggedIn) return Promise.resolve(jsonResponse({ set_up: true, user: ANN, via: "session", registration_open: false }));
        return Promise.resolve(jsonResponse({ detail: "log in first" }, 401));
      }),
    );
    render(<AuthGate>page</AuthGate>);
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledWith("/api/auth/me", expect.anything()));
    expect(screen.getByText("page")).toBeInTheDocument();

    loggedIn = false;
    await expect(api.watchlist.list()).rejects.toThrow("log in first");
    expect(await screen.findByTestId("auth-redirect")).toBeInTheDocument();
    expect(navigation.replace).toHaveBeenCalledWith("/login/?next=%2Fholdings%2F%3Fcode%3D510300");
  });

  it("leaves the login page itself alone", async () => {
    navigation.pathname = "/login/";
    const fetchMock = stubMe(401);
    render(<AuthGate>login form</AuthGate>);
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledWith("/api/auth/me", expect.anything()));
    expect(screen.getByText("login form")).toBeInTheDocument();
    expect(navigation.replace).not.toHaveBeenCalled();
  });

  it("renders the page in setup mode, and when the server cannot be reached", async () => {
    const fetchMock = stubMe(200, "setup");
    const { unmount } = render(<AuthGate>page</AuthGate>);
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(screen.getByText("page")).toBeInTheDocument();
    unmount();

    resetAuth();
    vi.stubGlobal("fetch", vi.fn(() => Promise.reject(new TypeError("Failed to fetch"))));
    render(<AuthGate>offline page</AuthGate>);
    expect(screen.getByText("offline page")).toBeInTheDocument();
    expect(navigation.replace).not.toHaveBeenCalled();
  });

  it("shows the user's name and a log-out button in the header with a session, not in the bottom bar", async () => {
    const fetchMock = stubMe(200);
    render(<NavBar />);
    const controls = await screen.findByTestId("account-controls");
    expect(within(controls).getByRole("link", { name: "ann" })).toBeInTheDocument();
    expect(within(screen.getByRole("navigation")).queryByText("Log out")).toBeNull();

    vi.stubGlobal("caches", { delete: vi.fn(() => Promise.resolve(true)) });
    await userEvent.setup().click(within(controls).getByRole("button", { name: "Log out" }));
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledWith("/api/auth/logout", expect.objectContaining({ method: "POST" })));
    await vi.waitFor(() => expect(screen.queryByTestId("account-controls")).toBeNull());
  });

  it("shows no account controls in setup mode", async () => {
    const fetchMock = stubMe(200, "setup");
    render(<NavBar />);
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(screen.queryByTestId("account-controls")).toBeNull();
  });
});
