// Types of the backend API (/api/v1), taken from the schema the backend serves:
// src/lib/openapi.json (backend/tests/api/test_openapi_contract.py keeps it current)
// → openapi.gen.ts (`npm run openapi`), so an API change fails `npm run typecheck`.
import type { components } from "./openapi.gen";

type Schemas = components["schemas"];

/** Fails to compile unless `T` is `true`; used to hold hand-made types to the schema. */
type Assert<T extends true> = T;
type IsSubset<A, B> = [A] extends [B] ? true : false;

export type IsoDate = string;
export type IsoDateTime = string;

export type Health = Schemas["Health"];

/** Fields every market-data response carries so the UI can say where data came from. */
export type Provenance = Pick<Schemas["EtfDetail"], "source" | "as_of" | "stale">;

export type SearchResult = Schemas["SearchResult"];
export type SearchMatch = SearchResult["match"];
/** What a fund invests in (from its name); also the search endpoint's `category` filter. */
export type Category = SearchResult["category"];
export type SearchResponse = Schemas["SearchResponse"];

export type Quote = Schemas["QuoteOut"];
export type MarketStatus = Schemas["MarketStatusOut"];
export type MarketState = MarketStatus["state"];
export type EtfDetail = Schemas["EtfDetail"];

export type Bar = Schemas["Bar"];
export type History = Schemas["History"];
export type Adjust = History["adjust"];
export type BarInterval = History["interval"];

export type IntradayPoint = Schemas["IntradayPointOut"];
export type Intraday = Schemas["IntradayOut"];

export type Distribution = Schemas["DistributionOut"];
export type Distributions = Schemas["DistributionsOut"];

/** The periods the UI offers, in order; each must be one the API accepts. */
export const PERIODS = ["1w", "1m", "3m", "6m", "ytd", "1y", "3y", "5y", "all"] as const;
export type Period = (typeof PERIODS)[number];
export type PeriodsAreApiPeriods = Assert<IsSubset<Period, NonNullable<Schemas["Metrics"]["period"]>>>;

export type MaxDrawdown = Schemas["MaxDrawdownOut"];
export type CurrentDrawdown = Schemas["CurrentDrawdownOut"];
export type Metrics = Schemas["Metrics"];
export type RiskLevel = NonNullable<Metrics["risk_level"]>;

/** Values of the indicators endpoint's `names` parameter (its schema types it as a string). */
export type IndicatorName = "sma" | "ema" | "boll" | "macd" | "rsi" | "kdj" | "atr";
export type Indicators = Schemas["Indicators"];

export type Temperature = Schemas["TemperatureOut"];
export type TemperatureLevel = NonNullable<Temperature["level"]>;
export type GridSuggestion = Schemas["GridOut"];
export type Trend = Schemas["TrendOut"];
export type TrendDirection = NonNullable<Trend["daily"]>;

export type Comparison = Schemas["Comparison"];

export type DcaRequest = Schemas["DcaRequest"];
export type DcaInterval = NonNullable<DcaRequest["interval"]>;
export type DcaPoint = Schemas["DcaPoint"];
export type DcaResult = Schemas["DcaResult"];

export type ProviderStatus = Schemas["ProviderStatusOut"];
export type BreakerState = NonNullable<ProviderStatus["breaker"]>;
export type CacheStats = Schemas["CacheStatsOut"];
export type DataSources = Schemas["DataSources"];

export type WatchlistItem = Schemas["WatchlistItem"];
export type WatchlistResponse = Schemas["WatchlistResponse"];
export type WatchlistAdd = Schemas["WatchlistAdd"];
export type WatchlistOrder = Schemas["WatchlistOrder"];

export type Transaction = Schemas["Transaction"];
export type TransactionSide = Transaction["side"];
export type TransactionCreate = Schemas["TransactionCreate"];
export type TransactionsResponse = Schemas["TransactionsResponse"];
export type Position = Schemas["Position"];
export type PortfolioTotals = Schemas["PortfolioTotals"];
export type HoldingsResponse = Schemas["HoldingsResponse"];

export type Alert = Schemas["Alert"];
export type AlertCondition = Alert["condition"];
export type AlertCreate = Schemas["AlertCreate"];
export type AlertUpdate = Schemas["AlertUpdate"];
export type AlertsResponse = Schemas["AlertsResponse"];
export type TriggeredAlert = Schemas["TriggeredAlert"];
export type TriggeredAlertsResponse = Schemas["TriggeredAlertsResponse"];

export type NotificationChannel = Schemas["Channel"];
export type ChannelKind = NotificationChannel["kind"];
export type ChannelCreate = Schemas["ChannelCreate"];
export type ChannelConfig = ChannelCreate["config"];
export type ChannelUpdate = Schemas["ChannelUpdate"];
export type ChannelsResponse = Schemas["ChannelsResponse"];
export type ChannelDelivery = Schemas["ChannelDelivery"];
export type ChannelDeliveriesResponse = Schemas["ChannelDeliveriesResponse"];
export type SummarySent = Schemas["SummarySent"];

export type ImportReport = Schemas["ImportReport"];

/** A price history the user imported from a CSV file; its code is then served like any ETF's. */
export type ImportedEtf = Schemas["ImportedEtf"];
export type ImportedEtfs = Schemas["ImportedEtfs"];
/** The CSV import's form fields; the schema types the file part as a string (binary). */
export type CsvImportForm = Omit<Schemas["Body_import_csv_api_v1_etfs_import_post"], "file"> & { file: Blob };

// Accounts (/api/auth, /api/tokens, /api/users).
export type Credentials = Schemas["Credentials"];
export type UserInfo = Schemas["UserInfo"];
/** How the request was recognised: `setup` while the server has no passwords (every request
 *  acts as the admin), `api_key` (the server's API_KEY), `token` (a personal token), `session`. */
export type Via = "setup" | "api_key" | "token" | "session";
/** The schema types `via` as a string; the backend documents the four values. */
export type Me = Omit<Schemas["Me"], "via"> & { via: Via };
export type MeIsTheSchemas = Assert<IsSubset<Me, Schemas["Me"]>>;
export type Registration = Schemas["Registration"];
export type PasswordChange = Schemas["PasswordChange"];
export type NewUser = Schemas["NewUser"];
export type UsersResponse = Schemas["UsersResponse"];
export type TokenCreate = Schemas["TokenCreate"];
export type TokenInfo = Schemas["TokenInfo"];
/** A token just made: `token` is in this answer only. */
export type NewToken = Schemas["NewToken"];
export type TokensResponse = Schemas["TokensResponse"];

/**
 * An error's `detail`: a message, or a list of field errors. FastAPI's own 422s carry `type`;
 * the routes' hand-made ones (such as "give 2 to 6 different codes") may not.
 */
export type ValidationIssue = Omit<Schemas["ValidationError"], "type"> & { type?: string };
export type ValidationIssuesAreFastApis = Assert<IsSubset<Schemas["ValidationError"], ValidationIssue>>;

export interface ErrorBody {
  detail: string | ValidationIssue[];
}
