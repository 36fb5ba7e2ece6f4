import { describe, expect, it, vi } from "vitest";
import { jsonResponse } from "@/test/fixtures";
import { api, ApiError } from "./api";
import { updateSettings } from "./settings";

function stubFetch(response: Response | { reject: unknown }) {
  const fetchMock = vi.fn(() => ("reject" in response ? Promise.reject(response.reject) : Promise.resolve(response)));
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe("api client", () => {
  it("builds the URL under /api/v1 and returns the parsed body", async () => {
    const fetchMock = stubFetch(jsonResponse({ query: "hs300", results: [] }));
    const response = await api.search("hs300", 20);
    expect(response.query).toBe("hs300");
    expect(fetchMock).toHaveBeenCalledWith("/api/v1/etfs/search?q=hs300&limit=20", expect.objectContaining({ method: "GET" }));
  });

  it("sends the search's category only when one is chosen, and asks for the intraday session", async () => {
    const fetchMock = vi.fn(() => Promise.resolve(jsonResponse({ query: "300", results: [] })));
    vi.stubGlobal("fetch", fetchMock);
    await api.search("300", 20, undefined, "broad");
    expect(fetchMock).toHaveBeenLastCalledWith("/api/v1/etfs/search?q=300&limit=20&category=broad", expect.anything());
    await api.search("300", 20, undefined, null);
    expect(fetchMock).toHaveBeenLastCalledWith("/api/v1/etfs/search?q=300&limit=20", expect.anything());
    await api.intraday("510300");
    expect(fetchMock).toHaveBeenLastCalledWith("/api/v1/etfs/510300/intraday", expect.anything());
  });

  it("follows the transaction pages until the last one", async () => {
    const item = (id: number) => ({ id, code: "510300", side: "buy", date: "2024-01-02", quantity: 1, price: 1, fee: 0, note: "", created_at: "2024-01-02T00:00:00Z" });
    const fetchMock = vi.fn((url: string) =>
      Promise.resolve(
        url.includes("offset=2")
          ? jsonResponse({ items: [item(3)], total: 3, next_offset: null })
          : jsonResponse({ items: [item(1), item(2)], total: 3, next_offset: 2 }),
      ),
    );
    vi.stubGlobal("fetch", fetchMock);
    const all = await api.holdings.transactions();
    expect(all.items.map((transaction) => transaction.id)).toEqual([1, 2, 3]);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(fetchMock).toHaveBeenLastCalledWith("/api/v1/transactions?offset=2", expect.anything());
  });

  it("maps 401 to an unauthorized error", async () => {
    const needsKey = "this request needs the API key: send 'Authorization: Bearer <API_KEY>' or 'X-API-Key: <API_KEY>'";
    stubFetch(jsonResponse({ detail: needsKey }, 401));
    const error = await failure(api.watchlist.add({ code: "510300" }));
    expect(error.kind).toBe("unauthorized");
    expect(error.status).toBe(401);
    expect(error.message).toBe(needsKey);
  });

  it("maps 404 to not_found", async () => {
    stubFetch(jsonResponse({ detail: "unknown ETF code: 999999" }, 404));
    const error = await failure(api.etf("999999"));
    expect(error.kind).toBe("not_found");
  });

  it("turns a 422 detail list into field errors without the location prefix", async () => {
    stubFetch(
      jsonResponse(
        {
          detail: [
            { loc: ["body", "amount"], msg: "Input should be greater than 0", type: "greater_than" },
            { loc: ["body"], msg: "start must be before end", type: "value_error" },
          ],
        },
        422,
      ),
    );
    const error = await failure(api.dcaBacktest({ code: "510300", start: "2023-01-01", end: "2022-01-01", amount: 0, interval: "monthly" }));
    expect(error.kind).toBe("validation");
    expect(error.fieldErrors).toEqual([
      { field: "amount", message: "Input should be greater than 0" },
      { field: "", message: "start must be before end" },
    ]);
  });

  it("keeps the server's words for a custom 422 detail and a 409", async () => {
    stubFetch(jsonResponse({ detail: "no grid suggestion: needs at least 60 closes" }, 422));
    const validation = await failure(api.grid("QUAL"));
    expect(validation).toMatchObject({ kind: "validation", message: "no grid suggestion: needs at least 60 closes", fieldErrors: [] });
    stubFetch(jsonResponse({ detail: "MTUM is already in the watchlist" }, 409));
    expect(await failure(api.watchlist.add({ code: "MTUM" }))).toMatchObject({ kind: "conflict", message: "MTUM is already in the watchlist" });
  });

  it("posts a CSV import as multipart form data, leaving out the empty fields", async () => {
    const fetchMock = stubFetch(jsonResponse({ code: "MYFUND", name: "MYFUND", currency: "", source: "csv: f.csv", as_of: "2024-01-09" }, 201));
    const file = new Blob(["date,close\n2024-01-09,1.5\n"], { type: "text/csv" });
    const imported = await api.importCsv({ file, code: " myfund ", name: "", currency: null }, "f.csv");
    expect(imported.code).toBe("MYFUND");
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/v1/etfs/import");
    expect(init.method).toBe("POST");
    expect((init.headers as Record<string, string>)["Content-Type"]).toBeUndefined();
    const body = init.body as FormData;
    expect([...body.keys()]).toEqual(["file", "code"]);
    expect((body.get("file") as File).name).toBe("f.csv");
    expect(body.get("code")).toBe("myfund");
  });

  it("keeps the server's line-numbered words for a rejected CSV file", async () => {
    stubFetch(jsonResponse({ detail: "line 3: duplicate date 2024-01-02 (first on line 2)" }, 422));
    const error = await failure(api.importCsv({ file: new Blob(["x"]) }, "f.csv"));
    expect(error.kind).toBe("validation");
    expect(error.message).toBe("line 3: duplicate date 2024-01-02 (first on line 2)");
  });

  it("reports a network failure as offline", async () => {
    stubFetch({ reject: new TypeError("Failed to fetch") });
    const error = await failure(api.etf("510300"));
    expect(error.kind).toBe("offline");
    expect(error.status).toBeNull();
  });

  it("maps 429 and 503 and survives a non-JSON error body", async () => {
    stubFetch(jsonResponse({ detail: "slow down" }, 429));
    expect((await failure(api.etf("510300"))).kind).toBe("rate_limited");
    stubFetch(new Response("<html>Bad gateway</html>", { status: 503, statusText: "Service Unavailable" }));
    const unavailable = await failure(api.etf("510300"));
    expect(unavailable.kind).toBe("unavailable");
    expect(unavailable.message).toBe("Service Unavailable");
  });

  it("maps 507 to a full disk, keeping the server's words", async () => {
    stubFetch(jsonResponse({ detail: "the database's disk is full" }, 507));
    const full = await failure(api.watchlist.add({ code: "510300" }));
    expect(full.kind).toBe("storage_full");
    expect(full.message).toBe("the database's disk is full");
  });

  it("sends the stored API key as a bearer token, and no header without one", async () => {
    const fetchMock = stubFetch(new Response(null, { status: 204 }));
    await api.watchlist.remove("510300");
    const headersWithout = (fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1].headers as Record<string, string>;
    expect(headersWithout.Authorization).toBeUndefined();

    updateSettings({ apiKey: "secret-key" });
    await api.watchlist.reorder(["510300"]);
    const [url, init] = fetchMock.mock.calls[1] as unknown as [string, RequestInit];
    expect(url).toBe("/api/v1/watchlist/order");
    expect(init.method).toBe("PUT");
    expect(init.body).toBe(JSON.stringify({ codes: ["510300"] }));
    expect((init.headers as Record<string, string>).Authorization).toBe("Bearer secret-key");
  });

  it("rethrows an abort instead of calling it offline", async () => {
    const controller = new AbortController();
    controller.abort();
    stubFetch({ reject: new DOMException("aborted", "AbortError") });
    await expect(api.etf("510300", controller.signal)).rejects.toHaveProperty("name", "AbortError");
  });
});
