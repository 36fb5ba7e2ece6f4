import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api";
import { ErrorNotice } from "./ErrorNotice";

describe("ErrorNotice", () => {
  it("asks for the API key in Settings on 401", () => {
    render(<ErrorNotice error={new ApiError("unauthorized", 401, "bad key")} />);
    expect(screen.getByRole("alert")).toHaveTextContent("需要 API 密钥");
    expect(screen.getByRole("link", { name: "前往设置填写密钥" })).toHaveAttribute(
      "href",
      // Next adds the trailing slash only under the build's trailingSlash setting.
      expect.stringMatching(/^\/settings\/?$/),
    );
  });

  it("calls a 404 for an ETF an unknown code", () => {
    render(<ErrorNotice error={new ApiError("not_found", 404, "nope")} etfCode="999999" />);
    expect(screen.getByRole("alert")).toHaveTextContent("未知的 ETF 代码：999999");
  });

  it("lists 422 field messages", () => {
    const error = new ApiError("validation", 422, "", [{ field: "amount", message: "must be positive" }]);
    render(<ErrorNotice error={error} />);
    expect(screen.getByRole("listitem")).toHaveTextContent("amount: must be positive");
  });

  it("says offline in words and offers a retry", () => {
    render(<ErrorNotice error={new ApiError("offline", null, "Failed to fetch")} onRetry={() => undefined} />);
    expect(screen.getByRole("alert")).toHaveTextContent("无法连接服务器");
    expect(screen.getByRole("button", { name: "重试" })).toBeInTheDocument();
  });

  it("says a full disk saved nothing and what frees it, and offers a retry for after", () => {
    render(<ErrorNotice error={new ApiError("storage_full", 507, "the database's disk is full")} onRetry={() => undefined} />);
    expect(screen.getByRole("alert")).toHaveTextContent("服务器磁盘已满，未保存任何内容。请清理其数据卷的空间后重试。");
    expect(screen.getByRole("button", { name: "重试" })).toBeInTheDocument();
  });
});
