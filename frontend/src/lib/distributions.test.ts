import { describe, expect, it } from "vitest";
import type { Distribution } from "./api-types";
import { dividendPrefill, entitlementDate, markerGroups, parsePrefill, prefillHref, unitsHeldOn } from "./distributions";

const dividend = (ex_date: string, cash: number, extra: Partial<Distribution> = {}): Distribution => ({
  kind: "dividend",
  ex_date,
  record_date: null,
  pay_date: null,
  cash_per_share: cash,
  split_ratio: null,
  split_type: null,
  ...extra,
});

const split = (ex_date: string, ratio: number): Distribution => ({
  kind: "split",
  ex_date,
  record_date: null,
  pay_date: null,
  cash_per_share: null,
  split_ratio: ratio,
  split_type: "份额分拆",
});

describe("markerGroups", () => {
  const days = ["2024-06-03", "2024-06-04", "2024-06-07"];

  it("puts an event on its ex-date's bar, or the next bar when that day has none", () => {
    const groups = markerGroups([dividend("2024-06-04", 0.1), dividend("2024-06-05", 0.2)], days);
    expect(groups.map((group) => [group.time, group.events.map((event) => event.cash_per_share)])).toEqual([
      ["2024-06-04", [0.1]],
      ["2024-06-07", [0.2]],
    ]);
  });

  it("gathers the events of one weekly or monthly bar", () => {
    const months = ["2024-05-31", "2024-06-28"];
    const groups = markerGroups([dividend("2024-06-12", 0.05), split("2024-06-03", 2)], months);
    expect(groups).toHaveLength(1);
    expect(groups[0].time).toBe("2024-06-28");
    expect(groups[0].events.map((event) => event.kind)).toEqual(["dividend", "split"]);
  });

  it("leaves out events before the first bar or after the last", () => {
    expect(markerGroups([dividend("2024-06-02", 0.1), dividend("2024-06-08", 0.1)], days)).toEqual([]);
    expect(markerGroups([dividend("2024-06-04", 0.1)], [])).toEqual([]);
  });
});

describe("unitsHeldOn", () => {
  const transactions = [
    { code: "510300", side: "buy" as const, date: "2024-01-10", quantity: 1000 },
    { code: "510300", side: "sell" as const, date: "2024-03-01", quantity: 400 },
    { code: "510300", side: "dividend" as const, date: "2024-03-05", quantity: 600 },
    { code: "510300", side: "buy" as const, date: "2024-07-01", quantity: 500 },
    { code: "159915", side: "buy" as const, date: "2024-01-10", quantity: 9000 },
  ];

  it("counts buys less sells of the code up to the day", () => {
    expect(unitsHeldOn(transactions, [], "510300", "2024-06-11")).toBe(600);
    expect(unitsHeldOn(transactions, [], "510300", "2024-07-01")).toBe(1100);
  });

  it("scales units bought before a split by its ratio", () => {
    expect(unitsHeldOn(transactions, [split("2024-02-01", 2)], "510300", "2024-06-11")).toBe(1600);
    expect(unitsHeldOn(transactions, [split("2024-08-01", 2)], "510300", "2024-06-11")).toBe(600);
  });

  it("is unknown without any trade of the code by then", () => {
    expect(unitsHeldOn(transactions, [], "510300", "2024-01-09")).toBeNull();
    expect(unitsHeldOn(transactions, [], "510500", "2024-06-11")).toBeNull();
  });
});

describe("entitlementDate", () => {
  it("is the record date, else the day before the ex-date", () => {
    expect(entitlementDate(dividend("2024-06-12", 0.1, { record_date: "2024-06-11" }))).toBe("2024-06-11");
    expect(entitlementDate(dividend("2024-03-01", 0.1))).toBe("2024-02-29");
  });
});

describe("dividendPrefill", () => {
  const paid = dividend("2024-06-12", 0.069, { record_date: "2024-06-11", pay_date: "2024-06-17" });

  it("fills in a paid dividend on its pay date with the units held", () => {
    expect(dividendPrefill("510300", paid, 600, "2024-07-01")).toEqual({
      code: "510300",
      side: "dividend",
      date: "2024-06-17",
      price: "0.069",
      quantity: "600",
    });
  });

  it("dates a dividend not yet paid on its ex-date and leaves unknown units empty", () => {
    expect(dividendPrefill("510300", paid, null, "2024-06-14")).toEqual({
      code: "510300",
      side: "dividend",
      date: "2024-06-12",
      price: "0.069",
    });
  });

  it("offers nothing for splits or dividends not yet ex", () => {
    expect(dividendPrefill("510300", split("2024-06-01", 2), 100, "2024-07-01")).toBeNull();
    expect(dividendPrefill("510300", paid, 100, "2024-06-11")).toBeNull();
  });
});

describe("prefill links", () => {
  it("are read back from the holdings URL", () => {
    const href = prefillHref({ code: "510300", side: "dividend", date: "2024-06-17", price: "0.069", quantity: "600" });
    expect(href).toBe("/holdings/?code=510300&side=dividend&date=2024-06-17&quantity=600&price=0.069");
    expect(parsePrefill(new URL(href, "http://localhost").searchParams)).toEqual({
      code: "510300",
      side: "dividend",
      date: "2024-06-17",
      quantity: "600",
      price: "0.069",
    });
  });

  it("leave out malformed values and are null when nothing is asked", () => {
    const params = new URLSearchParams("code=%3Cscript%3E&side=gift&date=17.06.2024&quantity=-5&price=abc");
    expect(parsePrefill(params)).toBeNull();
    expect(parsePrefill(new URLSearchParams("side=sell"))).toEqual({ side: "sell" });
  });
});
