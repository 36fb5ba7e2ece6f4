import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { DcaFormValues } from "@/lib/dca-validation";
import { DcaForm } from "./DcaForm";

const INITIAL: DcaFormValues = { code: "", start: "2021-01-04", end: "2024-06-28", amount: "1000", feePercent: "0", interval: "monthly" };

function renderForm(serverErrors = {}) {
  const onSubmit = vi.fn();
  render(<DcaForm initialValues={INITIAL} onSubmit={onSubmit} running={false} today="2024-06-30" serverErrors={serverErrors} />);
  return { onSubmit, user: userEvent.setup() };
}

describe("DcaForm", () => {
  it("blocks submission and marks the fields that are wrong", async () => {
    const { onSubmit, user } = renderForm();
    await user.clear(screen.getByLabelText("每期投入金额"));
    await user.type(screen.getByLabelText("每期投入金额"), "0");
    await user.click(screen.getByRole("button", { name: "开始回测" }));

    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByTestId("error-code")).toHaveTextContent("此项必填");
    expect(screen.getByLabelText("ETF 代码")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("ETF 代码")).toHaveAccessibleDescription("此项必填。");
    expect(screen.getByTestId("error-amount")).toHaveTextContent("必须大于 0");
  });

  it("rejects a start date after the end date", async () => {
    const { onSubmit, user } = renderForm();
    await user.type(screen.getByLabelText("ETF 代码"), "510300");
    const start = screen.getByLabelText("开始日期");
    await user.clear(start);
    await user.type(start, "2024-06-29");
    await user.click(screen.getByRole("button", { name: "开始回测" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByTestId("error-start")).toHaveTextContent("开始日期必须早于结束日期");
  });

  it("submits a typed request when everything is valid", async () => {
    const { onSubmit, user } = renderForm();
    await user.type(screen.getByLabelText("ETF 代码"), "510300");
    await user.selectOptions(screen.getByLabelText("定投频率"), "weekly");
    await user.click(screen.getByRole("button", { name: "开始回测" }));
    expect(onSubmit).toHaveBeenCalledWith({
      code: "510300",
      start: "2021-01-04",
      end: "2024-06-28",
      amount: 1000,
      interval: "weekly",
      fee_rate: 0,
    });
    expect(screen.queryByTestId("error-code")).toBeNull();
  });

  it("shows the server's field messages next to the field", () => {
    renderForm({ amount: "Input should be less than 100000", feePercent: "Input should be less than 0.1" });
    expect(screen.getByTestId("error-amount")).toHaveTextContent("Input should be less than 100000");
    expect(screen.getByTestId("error-feePercent")).toHaveTextContent("Input should be less than 0.1");
  });
});
