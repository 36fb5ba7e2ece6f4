import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { updateSettings } from "@/lib/settings";
import { jsonResponse } from "@/test/fixtures";
import { PasswordChangeForm } from "./PasswordChangeForm";

async function change(current: string, next: string, repeat = next) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Current password"), current);
  await user.type(screen.getByLabelText("New password"), next);
  await user.type(screen.getByLabelText("New password again"), repeat);
  await user.click(screen.getByRole("button", { name: "Change password" }));
}

describe("PasswordChangeForm", () => {
  beforeEach(() => updateSettings({ language: "en" }));

  it("says under the field when the current password is wrong, and when the change is done", async () => {
    let answer = jsonResponse({ detail: [{ loc: ["body", "current_password"], msg: "the current password is wrong", type: "value_error" }] }, 422);
    const fetchMock = vi.fn(() => Promise.resolve(answer));
    vi.stubGlobal("fetch", fetchMock);
    render(<PasswordChangeForm />);
    await change("old one", "new password");
    await vi.waitFor(() => expect(screen.getByLabelText("Current password")).toHaveAccessibleDescription("The current password is wrong."));

    answer = new Response(null, { status: 204 });
    await userEvent.setup().click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Password changed");
    expect(fetchMock).toHaveBeenLastCalledWith(
      "/api/auth/password",
      expect.objectContaining({ method: "POST", body: JSON.stringify({ current_password: "old one", new_password: "new password" }) }),
    );
    expect(screen.getByLabelText("New password")).toHaveValue("");
  });

  it("sends nothing while the two new passwords differ", async () => {
    const fetchMock = vi.fn(() => Promise.resolve(new Response(null, { status: 204 })));
    vi.stubGlobal("fetch", fetchMock);
    render(<PasswordChangeForm />);
    await change("old one", "new password", "new passwort");
    expect(screen.getByLabelText("New password again")).toHaveAccessibleDescription("The two passwords differ.");
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
