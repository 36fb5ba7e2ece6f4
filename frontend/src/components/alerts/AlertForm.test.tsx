import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { updateSettings } from "@/lib/settings";
import { AlertForm } from "./AlertForm";

function renderForm() {
  updateSettings({ language: "en" });
  const onSubmit = vi.fn(() => Promise.resolve(true));
  render(<AlertForm onSubmit={onSubmit} running={false} />);
  return { onSubmit, user: userEvent.setup() };
}

describe("AlertForm", () => {
  it("groups the conditions into price and signal alerts", () => {
    renderForm();
    const groups = screen.getAllByRole("group").map((group) => group.getAttribute("label"));
    expect(groups).toEqual(["Price", "Signals"]);
    expect(screen.getByRole("option", { name: "Golden cross (MA20 crosses above MA60)" })).toBeInTheDocument();
  });

  it("asks for the moving average only for a price crossing it, without a threshold", async () => {
    const { onSubmit, user } = renderForm();
    expect(screen.queryByLabelText("Moving average")).toBeNull();

    await user.type(screen.getByLabelText("Code"), "510300");
    await user.selectOptions(screen.getByLabelText("Condition"), "ma_cross_above");
    expect(screen.queryByLabelText("Threshold")).toBeNull();
    expect(screen.queryByRole("checkbox")).toBeNull(); // signal alerts always re-arm
    await user.selectOptions(screen.getByLabelText("Moving average"), "250");
    await user.click(screen.getByRole("button", { name: "Create alert" }));

    expect(onSubmit).toHaveBeenCalledWith({ code: "510300", condition: "ma_cross_above", ma_window: 250 });
  });

  it("checks an RSI threshold is between 0 and 100", async () => {
    const { onSubmit, user } = renderForm();
    await user.type(screen.getByLabelText("Code"), "510300");
    await user.selectOptions(screen.getByLabelText("Condition"), "rsi_below");
    expect(screen.queryByLabelText("Moving average")).toBeNull();
    await user.type(screen.getByLabelText("Threshold"), "130");
    await user.click(screen.getByRole("button", { name: "Create alert" }));

    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByLabelText("Threshold")).toHaveAccessibleDescription("Must be between 0 and 100.");
  });
});
