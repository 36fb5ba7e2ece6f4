import { act, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { resetAuth } from "@/lib/auth";
import { updateSettings } from "@/lib/settings";
import { jsonResponse } from "@/test/fixtures";
import { OpenWritesBanner } from "./OpenWritesBanner";

function stubHealth(openWrites: boolean) {
  const fetchMock = vi.fn(() => Promise.resolve(jsonResponse({ status: "ok", version: "0.1.0", open_writes: openWrites })));
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

describe("OpenWritesBanner", () => {
  beforeEach(resetAuth);

  it("warns while the server has no API key", async () => {
    updateSettings({ language: "en" });
    stubHealth(true);
    render(<OpenWritesBanner />);
    expect(await screen.findByTestId("open-writes-banner")).toHaveTextContent(
      "This server has no API key: anyone who can reach it can change your watchlist, holdings and alerts.",
    );
  });

  it("shows nothing once a key is set", async () => {
    const fetchMock = stubHealth(false);
    render(<OpenWritesBanner />);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledWith("/api/health", expect.anything()));
    await act(() => Promise.resolve());
    expect(screen.queryByTestId("open-writes-banner")).toBeNull();
  });

  it("shows nothing once the server has accounts", async () => {
    const fetchMock = vi.fn((url: string) =>
      Promise.resolve(
        url === "/api/auth/me"
          ? jsonResponse({ set_up: true, user: { id: 1, username: "ann", is_admin: true, created_at: "2026-01-01T00:00:00Z" }, via: "session", registration_open: false })
          : jsonResponse({ status: "ok", version: "0.1.0", open_writes: true }),
      ),
    );
    vi.stubGlobal("fetch", fetchMock);
    render(<OpenWritesBanner />);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledWith("/api/auth/me", expect.anything()));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledWith("/api/health", expect.anything()));
    await act(() => Promise.resolve());
    expect(screen.queryByTestId("open-writes-banner")).toBeNull();
  });
});
