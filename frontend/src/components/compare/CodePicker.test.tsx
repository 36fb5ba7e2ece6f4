import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { CodePicker } from "./CodePicker";

function renderPicker(codes: string[]) {
  const onChange = vi.fn();
  render(<CodePicker codes={codes} onChange={onChange} suggestions={[{ code: "159915", name: "创业板ETF" }]} />);
  return { onChange, user: userEvent.setup() };
}

describe("CodePicker", () => {
  it("adds a typed code with Enter and a watchlist code with one click", async () => {
    const { onChange, user } = renderPicker(["510300"]);
    await user.type(screen.getByTestId("compare-code-input"), "510500{Enter}");
    expect(onChange).toHaveBeenCalledWith(["510300", "510500"]);
    await user.click(screen.getByRole("button", { name: /创业板ETF/ }));
    expect(onChange).toHaveBeenLastCalledWith(["510300", "159915"]);
  });

  it("refuses malformed and repeated codes with a message", async () => {
    const { onChange, user } = renderPicker(["510300"]);
    const input = screen.getByTestId("compare-code-input");
    await user.type(input, "51 03{Enter}");
    expect(screen.getByRole("alert")).toHaveTextContent("代码只能包含字母、数字和点");
    expect(input).toHaveAttribute("aria-invalid", "true");
    await user.clear(input);
    await user.type(input, "510300{Enter}");
    expect(screen.getByRole("alert")).toHaveTextContent("510300 已在列表中");
    expect(onChange).not.toHaveBeenCalled();
  });

  it("stops at six codes", () => {
    renderPicker(["a1", "a2", "a3", "a4", "a5", "a6"]);
    expect(screen.getByRole("button", { name: "添加" })).toBeDisabled();
    expect(screen.queryByRole("button", { name: /创业板ETF/ })).toBeNull();
  });

  it("removes a code", async () => {
    const { onChange, user } = renderPicker(["510300", "510500"]);
    await user.click(screen.getByRole("button", { name: "移除 510300" }));
    expect(onChange).toHaveBeenCalledWith(["510500"]);
  });
});
