import { act, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { OfflineSupport } from "./OfflineSupport";

describe("OfflineSupport", () => {
  it("says the app is offline until the connection returns", () => {
    const onLine = vi.spyOn(navigator, "onLine", "get").mockReturnValue(true);
    render(<OfflineSupport />);
    expect(screen.queryByTestId("offline-banner")).not.toBeInTheDocument();

    onLine.mockReturnValue(false);
    act(() => void window.dispatchEvent(new Event("offline")));
    expect(screen.getByTestId("offline-banner")).toHaveTextContent("当前离线");

    onLine.mockReturnValue(true);
    act(() => void window.dispatchEvent(new Event("online")));
    expect(screen.queryByTestId("offline-banner")).not.toBeInTheDocument();
  });
});
