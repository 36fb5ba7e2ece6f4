import { act } from "@testing-library/react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ControlsAfterHydration } from "./ControlsAfterHydration";

function Page() {
  return (
    <ControlsAfterHydration>
      <select aria-label="language" defaultValue="zh-CN">
        <option value="zh-CN">中文</option>
        <option value="en">English</option>
      </select>
      <input aria-label="search" autoFocus />
      <button type="button">Save</button>
      <a href="/settings/">Settings</a>
    </ControlsAfterHydration>
  );
}

describe("ControlsAfterHydration", () => {
  it("exports its controls disabled and enables them once hydrated", async () => {
    const container = document.createElement("div");
    container.innerHTML = renderToString(<Page />);
    document.body.append(container);
    const select = container.querySelector("select")!;
    const button = container.querySelector("button")!;
    expect(select.matches(":disabled")).toBe(true);
    expect(button.matches(":disabled")).toBe(true);
    // Not a group to assistive technology, only a way to disable.
    expect(container.querySelector("fieldset")!.getAttribute("role")).toBe("none");

    const errors: unknown[] = [];
    await act(async () => {
      hydrateRoot(container, <Page />, { onRecoverableError: (error) => errors.push(error) });
    });
    expect(errors).toEqual([]);
    expect(select.matches(":disabled")).toBe(false);
    expect(button.matches(":disabled")).toBe(false);
    // The autofocused control could not take the focus while disabled; it has it now.
    expect(document.activeElement).toBe(container.querySelector("input"));
    container.remove();
  });
});
