import { render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { updateSettings } from "@/lib/settings";
import { NavBar } from "./NavBar";

vi.mock("next/navigation", () => ({ usePathname: () => "/compare" }));

describe("NavBar", () => {
  it("links every page and marks the current one", () => {
    render(<NavBar />);
    const nav = screen.getByRole("navigation", { name: "主导航" });
    const links = within(nav).getAllByRole("link");
    // Next's Link drops the trailing slash outside a build (trailingSlash is next.config's).
    expect(links.map((link) => link.getAttribute("href"))).toEqual([
      "/",
      "/search",
      "/compare",
      "/backtest",
      "/holdings",
      "/alerts",
      "/settings",
    ]);
    expect(within(nav).getByRole("link", { current: "page" })).toHaveTextContent("对比");
  });

  it("is a bar at the bottom on phones and in the header from the sm width up", () => {
    updateSettings({ language: "en" });
    render(<NavBar />);
    const nav = screen.getByRole("navigation", { name: "Main navigation" });
    expect(nav).toHaveClass("fixed", "bottom-0", "sm:static");
    // Each link takes the width its label needs, and is at least 56 px tall there.
    for (const link of within(nav).getAllByRole("link")) expect(link).toHaveClass("min-h-14", "sm:min-h-0");
  });
});
