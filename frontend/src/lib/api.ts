import type {
  Adjust,
  Alert,
  AlertCreate,
  AlertsResponse,
  AlertUpdate,
  BarInterval,
  ChannelCreate,
  ChannelDeliveriesResponse,
  ChannelDelivery,
  ChannelsResponse,
  ChannelUpdate,
  Comparison,
  CsvImportForm,
  DataSources,
  DcaRequest,
  DcaResult,
  Distributions,
  ErrorBody,
  EtfDetail,
  GridSuggestion,
  Health,
  History,
  HoldingsResponse,
  ImportedEtf,
  ImportedEtfs,
  ImportReport,
  IndicatorName,
  Credentials,
  Me,
  NewToken,
  NewUser,
  PasswordChange,
  Registration,
  TokenCreate,
  TokensResponse,
  UserInfo,
  UsersResponse,
  Indicators,
  Metrics,
  NotificationChannel,
  Period,
  SearchResponse,
  SummarySent,
  Temperature,
  Transaction,
  TransactionCreate,
  TransactionsResponse,
  Trend,
  TriggeredAlertsResponse,
  ValidationIssue,
  WatchlistAdd,
  WatchlistItem,
  WatchlistOrder,
  WatchlistResponse,
} from "./api-types";
import type { Category, CategorizedSearchResponse, EtfDetailWithFields, Intraday } from "./api-extensions";
import { takeEarlyResponse } from "./early-request";
import { loadSettings } from "./settings";
import { isStaleAnswer, reportSourceTrouble } from "./source-trouble";

export const API_PREFIX = "/api/v1";
export const HEALTH_PATH = "/api/health";
/** The accounts' routes (/auth, /tokens, /users) are outside /api/v1. */
export const ACCOUNTS_PREFIX = "/api";
/** Set by a login, readable by this script; echoed in CSRF_HEADER on every change. */
export const CSRF_COOKIE = "etftool_csrf";
export const CSRF_HEADER = "X-CSRF-Token";
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Fired on window when a request other than the accounts' own is refused with a 401: a login
 *  session may have ended (expired, or logged out elsewhere). */
export const UNAUTHORIZED_EVENT = "etftool:unauthorized";

export type ApiErrorKind =
  | "offline"
  | "unauthorized"
  | "not_found"
  | "validation"
  | "conflict"
  | "rate_limited"
  | "unavailable"
  | "storage_full"
  | "server";

export interface FieldError {
  /** Dotted field path without the body/query/path prefix, "" for the request as a whole. */
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number | null,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    /** A 429's Retry-After, in seconds, when it carries one. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const LOCATION_PREFIXES = new Set(["body", "query", "path", "header"]);

function toFieldErrors(issues: ValidationIssue[]): FieldError[] {
  return issues.map((issue) => {
    const loc = issue.loc ?? [];
    const path = LOCATION_PREFIXES.has(String(loc[0])) ? loc.slice(1) : loc;
    return { field: path.join("."), message: issue.msg };
  });
}

function kindForStatus(status: number): ApiErrorKind {
  switch (status) {
    case 401:
    case 403:
      return "unauthorized";
    case 404:
      return "not_found";
    case 409:
      return "conflict";
    case 422:
      return "validation";
    case 429:
      return "rate_limited";
    case 502:
    case 503:
    case 504:
      return "unavailable";
    case 507:
      return "storage_full";
    default:
      return "server";
  }
}

/**
 * Retry-After in seconds (the form with a date is not used by this API). Behind nginx a 429
 * may carry two, the API's and nginx's own "1", joined by a comma: the longer one counts.
 */
export function retryAfterSeconds(header: string | null): number | null {
  const values = (header ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter((part) => /^\d+$/.test(part))
    .map(Number);
  return values.length > 0 ? Math.max(...values) : null;
}

async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | null = null;
  try {
    body = (await response.json()) as Partial<ErrorBody>;
  } catch {
    // A proxy error page or empty body: the status alone has to do.
  }
  const kind = kindForStatus(response.status);
  const detail = body?.detail;
  if (Array.isArray(detail)) {
    const fieldErrors = toFieldErrors(detail);
    return new ApiError(kind, response.status, fieldErrors.map((f) => f.message).join("; "), fieldErrors);
  }
  const retryAfter = response.status === 429 ? retryAfterSeconds(response.headers.get("Retry-After")) : null;
  return new ApiError(kind, response.status, typeof detail === "string" ? detail : response.statusText, [], retryAfter);
}

/** The value of a cookie this page may read, or "" without it. */
export function readCookie(name: string): string {
  if (typeof document === "undefined") return "";
  for (const pair of document.cookie.split(";")) {
    const [key, ...value] = pair.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return "";
}

type QueryValue = string | number | undefined | null;

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  query?: Record<string, QueryValue>;
  /** Sent as JSON, except FormData, which goes as multipart/form-data (fetch sets its boundary). */
  body?: unknown;
  signal?: AbortSignal;
}

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** Fetches a same-origin URL and turns every failure into an ApiError (aborts are rethrown as is). */
export async function requestUrl<T>(url: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const multipart = options.body instanceof FormData;
  if (options.body !== undefined && !multipart) headers["Content-Type"] = "application/json";
  const { apiKey } = loadSettings();
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  const method = options.method ?? "GET";
  // A change made with the login's session cookie must echo its CSRF cookie (double submit).
  const csrf = UNSAFE_METHODS.has(method) ? readCookie(CSRF_COOKIE) : "";
  if (csrf) headers[CSRF_HEADER] = csrf;

  const fullUrl = buildUrl(url, options.query);
  // The page's main request may be under way already (started in <head>, without a key).
  const early = method === "GET" && !apiKey ? takeEarlyResponse(fullUrl) : undefined;
  let response: Response;
  try {
    response = await (early ??
      fetch(fullUrl, {
        method,
        headers,
        body: options.body === undefined ? undefined : multipart ? (options.body as FormData) : JSON.stringify(options.body),
        signal: options.signal,
      }));
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError("offline", null, error instanceof Error ? error.message : String(error));
  }

  if (!response.ok) {
    const error = await errorFromResponse(response);
    if (error.kind === "unavailable") reportSourceTrouble();
    if (response.status === 401 && !url.startsWith(`${ACCOUNTS_PREFIX}/auth/`) && typeof window !== "undefined") {
      window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    }
    throw error;
  }
  if (response.status === 204) return undefined as T;
  let body: T;
  try {
    body = (await response.json()) as T;
  } catch {
    throw new ApiError("server", response.status, "Response was not JSON");
  }
  // The data-source banner looks again at once rather than at its next poll.
  if (isStaleAnswer(body)) reportSourceTrouble();
  return body;
}

/** Every transaction: the API answers a page at a time, each naming the next one's offset. */
export async function allTransactions(signal?: AbortSignal): Promise<TransactionsResponse> {
  const page = await request<TransactionsResponse>("/transactions", { signal });
  const items = [...page.items];
  let next = page.next_offset;
  while (next !== null && next !== undefined) {
    const more = await request<TransactionsResponse>("/transactions", { query: { offset: next }, signal });
    items.push(...more.items);
    next = more.items.length > 0 ? more.next_offset : null;
  }
  return { items, total: page.total, next_offset: null };
}

export function request<T>(path: string, options?: RequestOptions): Promise<T> {
  return requestUrl<T>(API_PREFIX + path, options);
}

function csvImportBody({ file, ...fields }: CsvImportForm, fileName: string): FormData {
  const body = new FormData();
  body.append("file", file, fileName);
  for (const [name, value] of Object.entries(fields)) {
    const text = typeof value === "string" ? value.trim() : "";
    if (text) body.append(name, text);
  }
  return body;
}

function accountsRequest<T>(path: string, options?: RequestOptions): Promise<T> {
  return requestUrl<T>(ACCOUNTS_PREFIX + path, options);
}

const etfPath = (code: string) => `/etfs/${encodeURIComponent(code)}`;
const CHANNELS = "/notifications/channels";

export interface HistoryQuery {
  start?: string;
  end?: string;
  /** The period ending at the last bar; the whole history without it (or start/end). */
  period?: Period;
  adjust?: Adjust;
  interval?: BarInterval;
}

export const api = {
  health: (signal?: AbortSignal) => requestUrl<Health>(HEALTH_PATH, { signal }),

  auth: {
    /** Who requests act for; a 401 once the server is set up and this browser is not logged in. */
    me: (signal?: AbortSignal) => accountsRequest<Me>("/auth/me", { signal }),
    /** Only while the server is not set up: names the admin, sets its password and logs in. */
    setup: (body: Credentials) => accountsRequest<UserInfo>("/auth/setup", { method: "POST", body }),
    login: (body: Credentials) => accountsRequest<UserInfo>("/auth/login", { method: "POST", body }),
    /** Whether the server lets anyone make an account; asked before logging in. */
    registration: (signal?: AbortSignal) => accountsRequest<Registration>("/auth/registration", { signal }),
    /** Only when the server allows registration; logs in. */
    register: (body: Credentials) => accountsRequest<UserInfo>("/auth/register", { method: "POST", body }),
    logout: () => accountsRequest<void>("/auth/logout", { method: "POST" }),
    /** Ends every session of the user, this one included; tokens keep working. */
    logoutEverywhere: () => accountsRequest<void>("/auth/logout-all", { method: "POST" }),
    changePassword: (body: PasswordChange) => accountsRequest<void>("/auth/password", { method: "POST", body }),
  },

  tokens: {
    list: (signal?: AbortSignal) => accountsRequest<TokensResponse>("/tokens", { signal }),
    create: (body: TokenCreate) => accountsRequest<NewToken>("/tokens", { method: "POST", body }),
    remove: (id: number) => accountsRequest<void>(`/tokens/${id}`, { method: "DELETE" }),
  },

  /** Admins only. */
  users: {
    list: (signal?: AbortSignal) => accountsRequest<UsersResponse>("/users", { signal }),
    create: (body: NewUser) => accountsRequest<UserInfo>("/users", { method: "POST", body }),
    /** Deletes the user and all their data. */
    remove: (id: number) => accountsRequest<void>(`/users/${id}`, { method: "DELETE" }),
  },

  search: (q: string, limit: number, signal?: AbortSignal, category?: Category | null) =>
    request<SearchResponse & CategorizedSearchResponse>("/etfs/search", { query: { q, limit, category }, signal }),
  etf: (code: string, signal?: AbortSignal) => request<EtfDetail & EtfDetailWithFields>(etfPath(code), { signal }),
  history: (code: string, query: HistoryQuery, signal?: AbortSignal) =>
    request<History>(`${etfPath(code)}/history`, { query: { ...query }, signal }),
  metrics: (code: string, period: Period, signal?: AbortSignal) =>
    request<Metrics>(`${etfPath(code)}/metrics`, { query: { period }, signal }),
  indicators: (code: string, names: readonly IndicatorName[], period: Period, signal?: AbortSignal) =>
    request<Indicators>(`${etfPath(code)}/indicators`, { query: { names: names.join(","), period }, signal }),
  temperature: (code: string, signal?: AbortSignal) =>
    request<Temperature>(`${etfPath(code)}/temperature`, { signal }),
  intraday: (code: string, signal?: AbortSignal) => request<Intraday>(`${etfPath(code)}/intraday`, { signal }),
  distributions: (code: string, signal?: AbortSignal) =>
    request<Distributions>(`${etfPath(code)}/distributions`, { signal }),
  grid: (code: string, signal?: AbortSignal) => request<GridSuggestion>(`${etfPath(code)}/grid`, { signal }),
  trend: (code: string, signal?: AbortSignal) => request<Trend>(`${etfPath(code)}/trend`, { signal }),

  compare: (codes: readonly string[], period: Period, signal?: AbortSignal) =>
    request<Comparison>("/compare", { query: { codes: codes.join(","), period }, signal }),
  dcaBacktest: (body: DcaRequest, signal?: AbortSignal) =>
    request<DcaResult>("/backtests/dca", { method: "POST", body, signal }),
  dataSources: (signal?: AbortSignal) => request<DataSources>("/datasources", { signal }),
  /**
   * Stores a price history from a CSV file under `code` (the file name without extension when
   * left out), replacing an earlier import of that code. A malformed file is a 422 whose
   * detail names the file's line: "line 5: bad date …".
   */
  importCsv: (form: CsvImportForm, fileName: string) =>
    request<ImportedEtf>("/etfs/import", { method: "POST", body: csvImportBody(form, fileName) }),
  csvImports: {
    list: (signal?: AbortSignal) => request<ImportedEtfs>("/etfs/imports", { signal }),
    remove: (code: string) => request<void>(`/etfs/imports/${encodeURIComponent(code)}`, { method: "DELETE" }),
  },

  watchlist: {
    list: (signal?: AbortSignal) => request<WatchlistResponse>("/watchlist", { signal }),
    add: (item: WatchlistAdd) => request<WatchlistItem>("/watchlist", { method: "POST", body: item }),
    remove: (code: string) => request<void>(`/watchlist/${encodeURIComponent(code)}`, { method: "DELETE" }),
    reorder: (codes: string[]) =>
      request<void>("/watchlist/order", { method: "PUT", body: { codes } satisfies WatchlistOrder }),
  },

  holdings: {
    positions: (signal?: AbortSignal) => request<HoldingsResponse>("/holdings", { signal }),
    transactions: (signal?: AbortSignal) => allTransactions(signal),
    addTransaction: (body: TransactionCreate) => request<Transaction>("/transactions", { method: "POST", body }),
  },

  alerts: {
    list: (signal?: AbortSignal) => request<AlertsResponse>("/alerts", { signal }),
    create: (body: AlertCreate) => request<Alert>("/alerts", { method: "POST", body }),
    update: (id: number, body: AlertUpdate) => request<Alert>(`/alerts/${id}`, { method: "PATCH", body }),
    remove: (id: number) => request<void>(`/alerts/${id}`, { method: "DELETE" }),
    triggered: (signal?: AbortSignal) => request<TriggeredAlertsResponse>("/alerts/triggered", { signal }),
  },

  notifications: {
    channels: (signal?: AbortSignal) => request<ChannelsResponse>(CHANNELS, { signal }),
    create: (body: ChannelCreate) => request<NotificationChannel>(CHANNELS, { method: "POST", body }),
    update: (id: number, body: ChannelUpdate) =>
      request<NotificationChannel>(`${CHANNELS}/${id}`, { method: "PATCH", body }),
    remove: (id: number) => request<void>(`${CHANNELS}/${id}`, { method: "DELETE" }),
    /** Sends a test message now; the answer is the delivery as logged (delivered or the failure). */
    test: (id: number) => request<ChannelDelivery>(`${CHANNELS}/${id}/test`, { method: "POST" }),
    deliveries: (id: number, signal?: AbortSignal) =>
      request<ChannelDeliveriesResponse>(`${CHANNELS}/${id}/deliveries`, { signal }),
    /** Sends today's daily summary now to the enabled channels that opt in to it. */
    sendSummary: () => request<SummarySent>("/notifications/summary/send", { method: "POST" }),
  },

  userData: {
    /** Everything the user entered, as one document that `import` merges back idempotently. */
    export: (signal?: AbortSignal) => request<unknown>("/export", { signal }),
    import: (document: unknown) => request<ImportReport>("/import", { method: "POST", body: document }),
  },
};
