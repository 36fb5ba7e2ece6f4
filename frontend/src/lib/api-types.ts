// Types of the backend API (/api/v1). Kept in this one file so they can be
// regenerated from, or checked against, the backend's OpenAPI schema.

export type IsoDate = string;
export type IsoDateTime = string;

export interface Health {
  status: "ok";
  version: string;
}

/** Fields every market-data response carries so the UI can say where data came from. */
export interface Provenance {
  source: string;
  as_of: IsoDateTime;
  stale: boolean;
}

export type SearchMatch = "code" | "name" | "pinyin";

export interface SearchResult {
  code: string;
  name: string;
  exchange: string;
  currency: string;
  match: SearchMatch;
}

export interface SearchResponse {
  query: string;
  results: SearchResult[];
}

export interface Quote {
  price: number | null;
  prev_close: number | null;
  change: number | null;
  change_pct: number | null;
  date: IsoDate;
}

export type MarketState = "open" | "closed" | "break" | "pre_open";

export interface MarketStatus {
  state: MarketState;
  label: string;
}

export interface EtfDetail extends Provenance {
  code: string;
  name: string;
  exchange: string;
  currency: string;
  quote: Quote;
  market_status: MarketStatus;
}

export type Adjust = "qfq" | "hfq" | "none";
export type BarInterval = "daily" | "weekly" | "monthly";

export interface Bar {
  date: IsoDate;
  open: number | null;
  high: number | null;
  low: number | null;
  close: number;
  volume: number | null;
}

export interface History extends Provenance {
  code: string;
  interval: BarInterval;
  adjust: Adjust;
  bars: Bar[];
}

export const PERIODS = ["1m", "3m", "6m", "ytd", "1y", "3y", "5y", "all"] as const;
export type Period = (typeof PERIODS)[number];

export interface MaxDrawdown {
  value: number;
  peak: IsoDate;
  trough: IsoDate;
  recovery: IsoDate | null;
}

export interface CurrentDrawdown {
  value: number;
  high_date: IsoDate;
  days_since_high: number;
}

export type RiskLevel = "low" | "medium" | "high";

export interface Metrics extends Provenance {
  code: string;
  period: Period;
  start: IsoDate | null;
  end: IsoDate | null;
  total_return: number | null;
  cagr: number | null;
  volatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  calmar: number | null;
  max_drawdown: MaxDrawdown | null;
  current_drawdown: CurrentDrawdown | null;
  risk_level: RiskLevel | null;
  /** Why a field is null, keyed by field name. */
  unavailable: Record<string, string>;
}

export type IndicatorName = "sma" | "ema" | "boll" | "macd" | "rsi" | "kdj" | "atr";

export interface Indicators {
  code: string;
  dates: IsoDate[];
  /** Keys such as `sma20`, `ema12`, `macd.dif`, `boll.upper`, `kdj.j`; aligned with `dates`. */
  series: Record<string, (number | null)[]>;
}

export type TemperatureLevel = "freezing" | "cool" | "warm" | "hot";

export interface Temperature {
  score: number | null;
  level: TemperatureLevel | null;
  components: Record<string, number | null>;
}

export interface GridSuggestion {
  upper: number;
  lower: number;
  spacing_pct: number;
  grid_count: number;
  out_of_range: boolean;
}

export type TrendDirection = "bullish" | "bearish" | "neutral";

export interface Trend {
  daily: TrendDirection | null;
  weekly: TrendDirection | null;
}

export interface Comparison {
  codes: string[];
  dates: IsoDate[];
  normalized: Record<string, (number | null)[]>;
  /** Square matrix in the order of `codes`. */
  correlation: (number | null)[][];
  metrics: Record<string, Metrics>;
}

export type DcaInterval = "weekly" | "monthly";

export interface DcaRequest {
  code: string;
  start: IsoDate;
  end: IsoDate;
  amount: number;
  interval: DcaInterval;
}

export interface DcaPoint {
  date: IsoDate;
  value: number;
  cost: number;
}

export interface DcaResult {
  invested: number;
  final_value: number;
  total_return: number | null;
  xirr: number | null;
  buys: number;
  series: DcaPoint[];
}

export interface ProviderStatus {
  name: string;
  healthy: boolean;
  breaker: "closed" | "open" | "half_open";
  last_success: IsoDateTime | null;
  last_error: string | null;
}

export interface DataSources {
  active: string;
  providers: ProviderStatus[];
}

export interface WatchlistItem {
  code: string;
  name: string;
  group: string;
  position: number;
}

export interface WatchlistResponse {
  items: WatchlistItem[];
}

export interface WatchlistAdd {
  code: string;
  group?: string;
}

export interface WatchlistOrder {
  codes: string[];
}

export type TransactionSide = "buy" | "sell";

export interface Transaction {
  id: number;
  code: string;
  side: TransactionSide;
  date: IsoDate;
  quantity: number;
  price: number;
  fee: number;
}

export type TransactionCreate = Omit<Transaction, "id">;

export interface TransactionsResponse {
  items: Transaction[];
}

export interface Position {
  code: string;
  name: string;
  quantity: number;
  avg_cost: number;
  market_value: number | null;
  unrealized_pnl: number | null;
  realized_pnl: number;
  xirr: number | null;
}

export interface HoldingsResponse {
  positions: Position[];
}

export type AlertCondition = "price_above" | "price_below" | "change_pct_above" | "change_pct_below";

export interface Alert {
  id: number;
  code: string;
  condition: AlertCondition;
  threshold: number;
  active: boolean;
}

export type AlertCreate = Omit<Alert, "id" | "active">;

export interface AlertsResponse {
  items: Alert[];
}

export interface TriggeredAlert {
  alert_id: number;
  code: string;
  condition: AlertCondition;
  threshold: number;
  price: number;
  triggered_at: IsoDateTime;
}

export interface TriggeredAlertsResponse {
  items: TriggeredAlert[];
}

/** FastAPI error body: a message, or pydantic's list of field errors. */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type?: string;
}

export interface ErrorBody {
  detail: string | ValidationIssue[];
}
