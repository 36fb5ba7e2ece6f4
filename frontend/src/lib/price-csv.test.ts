import { describe, expect, it } from "vitest";
import { codeFromFileName, csvRecords, decodeCsv, lineError, previewPriceCsv } from "./price-csv";

describe("previewPriceCsv", () => {
  it("reads the recognised columns of the first rows with the file's line numbers", () => {
    const text = "Date,Close,Open,Note\n2024-01-02,1.5,1.4,x\n\n2024-01-03,1.6,1.5,y\n2024-01-04,1.7,1.6,z\n";
    const preview = previewPriceCsv(text, 2);
    expect(preview.columns).toEqual(["date", "open", "close"]);
    expect(preview.missing).toEqual([]);
    expect(preview.rowCount).toBe(3);
    expect(preview.rows).toEqual([
      { line: 2, values: { date: "2024-01-02", open: "1.4", close: "1.5" } },
      { line: 4, values: { date: "2024-01-03", open: "1.5", close: "1.6" } },
    ]);
  });

  it("takes akshare's Chinese headers and names missing required columns", () => {
    expect(previewPriceCsv("日期,开盘,收盘,成交额\n2024-01-02,1,2,3").columns).toEqual(["date", "open", "close"]);
    expect(previewPriceCsv("date,open\n2024-01-02,1").missing).toEqual(["close"]);
  });
});

describe("csvRecords", () => {
  it("keeps quoted commas and counts lines inside quoted fields", () => {
    expect(csvRecords('a,"b,c"\r\n"x\ny",2\n3,4')).toEqual([
      { line: 1, fields: ["a", "b,c"] },
      { line: 3, fields: ["x\ny", "2"] },
      { line: 4, fields: ["3", "4"] },
    ]);
  });
});

describe("decodeCsv", () => {
  it("drops a UTF-8 byte-order mark and falls back to GB18030", () => {
    expect(decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe("a");
    // 日期 in GBK
    expect(decodeCsv(new Uint8Array([0xc8, 0xd5, 0xc6, 0xda]))).toBe("日期");
  });
});

describe("lineError", () => {
  it("splits the API's line-numbered message", () => {
    expect(lineError("line 12: bad date 'x' (expected YYYY-MM-DD)")).toEqual({ line: 12, problem: "bad date 'x' (expected YYYY-MM-DD)" });
    expect(lineError("unusable code 'A B'")).toBeNull();
  });
});

describe("codeFromFileName", () => {
  it("is the file name without extension, upper-cased", () => {
    expect(codeFromFileName("my-fund.csv")).toBe("MY-FUND");
  });
});
