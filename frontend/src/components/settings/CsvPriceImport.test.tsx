import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { ImportedEtf } from "@/lib/api-types";
import { updateSettings } from "@/lib/settings";
import { jsonResponse } from "@/test/fixtures";
import { CsvPriceImport, MAX_CSV_BYTES } from "./CsvPriceImport";

const CSV = [
  "date,open,high,low,close,volume",
  "2024-01-02,1.00,1.10,0.95,1.05,1000",
  "2024-01-03,1.05,1.12,1.01,1.08,1200",
  "2024-13-04,1.08,1.15,1.02,1.10,900",
  "",
  "2024-01-05,1.10,1.20,1.05,1.18,1500",
  "2024-01-08,1.18,1.25,1.10,1.22,1300",
  "2024-01-09,1.22,1.30,1.20,1.28,1100",
].join("\n");

const IMPORTED: ImportedEtf = { code: "MYFUND", name: "My fund", currency: "CNY", source: "csv: myfund.csv", as_of: "2024-01-09" };

function stubApi(response: Response) {
  const fetchMock = vi.fn((_url: string, _init?: RequestInit) => Promise.resolve(response));
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

async function chooseFile(content = CSV, name = "myfund.csv") {
  const user = userEvent.setup();
  render(<CsvPriceImport />);
  await user.upload(screen.getByLabelText("CSV 文件"), new File([content], name, { type: "text/csv" }));
  return user;
}

describe("CsvPriceImport", () => {
  it("previews the first rows parsed from the chosen file, with their line numbers", async () => {
    await chooseFile();
    const table = await screen.findByTestId("csv-preview");
    expect(within(table).getByText("预览：共 6 行中的前 5 行")).toBeInTheDocument();
    expect(within(table).getAllByRole("columnheader").map((cell) => cell.textContent)).toEqual([
      "行号", "日期", "开盘", "最高", "最低", "收盘", "成交量",
    ]);
    const rows = screen.getAllByTestId("csv-preview-row").map((row) =>
      within(row).getAllByRole("cell").map((cell) => cell.textContent),
    );
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual(["2", "2024-01-02", "1.00", "1.10", "0.95", "1.05", "1000"]);
    // The blank line 5 is skipped, and the numbering keeps to the file's lines.
    expect(rows[3]).toEqual(["6", "2024-01-05", "1.10", "1.20", "1.05", "1.18", "1500"]);
    expect(screen.getByLabelText("代码（默认取文件名）")).toHaveValue("MYFUND");
  });

  it("warns before uploading when the header lacks the close column", async () => {
    await chooseFile("date,open\n2024-01-02,1.0\n");
    expect(await screen.findByRole("alert")).toHaveTextContent("表头缺少必需的列：收盘");
  });

  it("posts the file with the code, name and currency as multipart form data", async () => {
    const fetchMock = stubApi(jsonResponse(IMPORTED, 201));
    updateSettings({ apiKey: "secret" });
    const user = await chooseFile();
    await user.clear(screen.getByLabelText("代码（默认取文件名）"));
    await user.type(screen.getByLabelText("代码（默认取文件名）"), "myfund");
    await user.type(screen.getByLabelText("名称（可选）"), "My fund");
    await user.click(screen.getByRole("button", { name: "导入" }));

    await screen.findByTestId("csv-import-done");
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe("/api/v1/etfs/import");
    expect(init?.method).toBe("POST");
    const headers = init?.headers as Record<string, string>;
    expect(headers.Authorization).toBe("Bearer secret");
    expect(headers["Content-Type"]).toBeUndefined(); // fetch adds multipart's boundary itself
    const body = init?.body as FormData;
    expect(body).toBeInstanceOf(FormData);
    const file = body.get("file") as File;
    expect(file.name).toBe("myfund.csv");
    expect(await file.text()).toBe(CSV);
    expect(body.get("code")).toBe("myfund");
    expect(body.get("name")).toBe("My fund");
    expect(body.has("currency")).toBe(false); // left empty: the API's default
  });

  it("shows the import's row count, code and a link to its page", async () => {
    stubApi(jsonResponse(IMPORTED, 201));
    const user = await chooseFile();
    await user.click(screen.getByRole("button", { name: "导入" }));
    const done = await screen.findByRole("status");
    expect(done).toHaveTextContent("已导入 6 行，代码 MYFUND（My fund）。");
    expect(within(done).getByRole("link", { name: "查看 MYFUND" })).toHaveAttribute(
      "href",
      // Next adds the trailing slash only under the build's trailingSlash setting.
      expect.stringMatching(/^\/etf\/?\?code=MYFUND$/),
    );
  });

  it("lists the API's line-numbered error and marks that line in the preview", async () => {
    stubApi(jsonResponse({ detail: "line 4: bad date '2024-13-04' (expected YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)" }, 422));
    const user = await chooseFile();
    await user.click(screen.getByRole("button", { name: "导入" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("文件未导入");
    expect(within(alert).getByRole("listitem")).toHaveTextContent(
      "第 4 行： bad date '2024-13-04' (expected YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)",
    );
    const marked = screen.getAllByTestId("csv-preview-row").filter((row) => row.getAttribute("aria-invalid") === "true");
    expect(marked.map((row) => within(row).getAllByRole("cell")[0].textContent)).toEqual(["4"]);
    expect(screen.queryByTestId("csv-import-done")).toBeNull();
  });

  it("shows the API's field errors, in English too", async () => {
    updateSettings({ language: "en" });
    stubApi(jsonResponse({ detail: [{ loc: ["body", "name"], msg: "String should have at most 80 characters", type: "string_too_long" }] }, 422));
    const user = userEvent.setup();
    render(<CsvPriceImport />);
    await user.upload(screen.getByLabelText("CSV file"), new File([CSV], "myfund.csv", { type: "text/csv" }));
    await user.click(screen.getByRole("button", { name: "Import" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("name: String should have at most 80 characters");
  });

  it("refuses a file over the API's size limit before uploading it", async () => {
    const fetchMock = stubApi(jsonResponse(IMPORTED, 201));
    await chooseFile("x".repeat(MAX_CSV_BYTES + 1), "big.csv");
    expect(await screen.findByRole("alert")).toHaveTextContent("文件超过 5 MB，无法导入。");
    expect(screen.queryByTestId("csv-preview")).toBeNull();
    expect(screen.getByRole("button", { name: "导入" })).toBeDisabled();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("cannot upload before a file is chosen", () => {
    render(<CsvPriceImport />);
    expect(screen.getByRole("button", { name: "导入" })).toBeDisabled();
  });
});
