import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Loading } from "./Loading";

describe("Loading", () => {
  it("says it is loading in the reader's language and keeps the room it is given", () => {
    render(<Loading minHeight={380} />);
    expect(screen.getByText("加载中…")).toHaveStyle({ minHeight: "380px" });
  });

  it("keeps no room unless given one", () => {
    render(<Loading small />);
    expect(screen.getByText("加载中…").getAttribute("style")).toBeNull();
  });
});
