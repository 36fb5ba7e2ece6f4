"""The API's shapes of user data (request bodies and responses), as they appear in OpenAPI."""

from collections import Counter
from datetime import date, datetime, time
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    FiniteFloat,
    HttpUrl,
    StringConstraints,
    TypeAdapter,
    UrlConstraints,
    ValidationInfo,
    field_validator,
)

from etftool.marketdata.codes import normalize_code
from etftool.userdata.models import (
    CHANNEL_NAME_LENGTH,
    CODE_LENGTH,
    ERROR_LENGTH,
    UID_LENGTH,
    WEBHOOK_URL_LENGTH,
    AlertCondition,
    ChannelKind,
    DeliveryEvent,
    MaWindow,
    TransactionSide,
    WebhookStatus,
)
from etftool.userdata.quotes import QuoteLookup
from etftool.userdata.settings import NotifyLanguage

# An ETF or index code such as 510300 or MTUM, in the spelling market data uses.
Code = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=CODE_LENGTH, pattern=r"^[\w.\-^]+$"),
    AfterValidator(normalize_code),
]
GroupName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)]
Uid = Annotated[str, StringConstraints(min_length=1, max_length=UID_LENGTH)]
# Ids are signed 64-bit in SQLite and PostgreSQL: a larger one would fail in the driver.
MAX_ROW_ID = 2**63 - 1

# JSON has no NaN or infinity, but Python's parser accepts them; bounds keep sums finite.
Quantity = Annotated[float, Field(gt=0, le=1e12, allow_inf_nan=False)]
Money = Annotated[float, Field(ge=0, le=1e12, allow_inf_nan=False)]
Threshold = Annotated[float, Field(ge=-1e9, le=1e9, allow_inf_nan=False)]
WebhookUrl = Annotated[HttpUrl, UrlConstraints(max_length=WEBHOOK_URL_LENGTH)]


# Patterns run on Python's re: pydantic-core's own engine compiles each field's Unicode classes
# (\w, \d, \s) into tables of ≈ 0.4 MB, ≈ 12 MB for these shapes and their routes.
PATTERNS_ON_PYTHON_RE = ConfigDict(regex_engine="python-re")


class Shape(BaseModel):
    """Every shape below, requests and answers."""

    model_config = PATTERNS_ON_PYTHON_RE


class Input(Shape):
    """Request bodies: unknown fields are refused, so a misspelt field is not ignored."""

    model_config = ConfigDict(extra="forbid")


class QuoteFields(Shape):
    """The latest quote, or nulls and `quote_unavailable` saying why there is none."""

    price: float | None = None
    prev_close: float | None = None
    change: float | None = None
    change_pct: float | None = Field(default=None, description="daily change in percent (1.5 = +1.5 %)")
    source: str | None = None
    as_of: str | None = Field(default=None, description="ISO date or datetime of the price")
    stale: bool = False
    volume: float | None = Field(default=None, description="units traded today")
    amount: float | None = Field(default=None, description="value traded today, in the quote currency")
    iopv: float | None = Field(default=None, description="indicative NAV per unit during trading (IOPV)")
    premium_pct: float | None = Field(
        default=None, description="(price / iopv − 1) × 100: positive = premium, negative = discount"
    )
    shares: float | None = Field(default=None, description="fund units outstanding")
    fund_size: float | None = Field(default=None, description="total market value of the fund")
    shares_change_5d: float | None = Field(
        default=None, description="change of shares over 5 trading days; null: no share history source yet"
    )
    shares_change_20d: float | None = Field(default=None, description="as shares_change_5d, over 20 days")
    quote_unavailable: str | None = None

    @classmethod
    def of(cls, lookup: QuoteLookup, code: str) -> "QuoteFields":
        quote = lookup.quotes.get(code)
        if quote is None:
            return cls(quote_unavailable=lookup.missing.get(code, f"no quote was asked for {code}"))
        return cls(source=quote.source, as_of=quote.as_of, stale=quote.stale, **quote.figures())


class WatchlistAdd(Input):
    code: Code
    group: GroupName = ""


class WatchlistUpdate(Input):
    group: GroupName


class WatchlistOrder(Input):
    codes: list[Code] = Field(description="the new order of these codes; others keep their places")

    @field_validator("codes")
    @classmethod
    def _distinct(cls, codes: list[str]) -> list[str]:
        repeated = sorted(code for code, count in Counter(codes).items() if count > 1)
        if repeated:
            raise ValueError(f"codes appear more than once: {', '.join(repeated)}")
        return codes


class WatchlistItem(QuoteFields):
    code: str
    name: str
    group: str
    position: int
    added_at: datetime


class WatchlistResponse(Shape):
    items: list[WatchlistItem]
    groups: list[str] = Field(description="every group name in use, sorted")


class TransactionCreate(Input):
    code: Code
    side: TransactionSide
    date: date
    quantity: Quantity = Field(description="units traded; for a dividend, the units it was paid on")
    price: Money = Field(description="price per unit; for a dividend, the cash per unit")
    fee: Money = 0.0
    note: Annotated[str, StringConstraints(max_length=500)] = ""


class Transaction(Shape):
    id: int
    code: str
    side: TransactionSide
    date: date
    quantity: float
    price: float
    fee: float
    note: str
    created_at: datetime


class TransactionsResponse(Shape):
    items: list[Transaction]
    total: int = Field(description="transactions matching, on every page")
    next_offset: int | None = Field(description="offset of the next page; null on the last one")


class Position(QuoteFields):
    code: str
    name: str
    quantity: float
    avg_cost: float | None = Field(description="cost per unit held, fees included; null when none is held")
    cost_basis: float
    market_value: float | None
    unrealized_pnl: float | None
    realized_pnl: float = Field(description="gains on sales and dividends received, net of fees")
    dividends: float
    fees: float
    xirr: float | None = Field(description="annualised return of the cash flows (0.1 = 10 %)")
    xirr_unavailable: str | None
    valued_on: date | None = Field(description="date the market value and XIRR refer to")


class PortfolioTotals(Shape):
    cost_basis: float
    market_value: float | None
    unrealized_pnl: float | None
    realized_pnl: float
    dividends: float
    fees: float
    xirr: float | None
    xirr_unavailable: str | None
    incomplete: str | None = Field(description="why market value and unrealised P/L are null")


class HoldingsResponse(Shape):
    positions: list[Position]
    totals: PortfolioTotals


CONDITION_DESCRIPTION = (
    "price_* and change_pct_* compare the quote's price or daily change in percent; the others are "
    "signal alerts on the daily history, which always re-arm: rsi_* (RSI(14)), temperature_* (0-100), "
    "drawdown_beyond (percent below the 250-day high close), premium_* (percent over the IOPV), "
    "ma_cross_* (the price crossing its ma_window-day average), golden_cross and death_cross "
    "(MA20 crossing MA60). A crossing fires on a cross a check observes, not on the state at creation."
)
THRESHOLD_DESCRIPTION = (
    "a price; a daily change, drawdown or premium in percent; an RSI or temperature (0-100). "
    "Crossings (ma_cross_*, golden_cross, death_cross) have none: leave it out or give 0."
)
REARM_DESCRIPTION = (
    "trigger again each time the condition is met anew; default false for price alerts, "
    "always true for signal alerts (false is refused)"
)
MA_WINDOW_DESCRIPTION = "days of the moving average: required for ma_cross_*, refused for the others"


class AlertCreate(Input):
    code: Code
    condition: AlertCondition = Field(description=CONDITION_DESCRIPTION)
    threshold: Threshold | None = Field(default=None, description=THRESHOLD_DESCRIPTION)
    ma_window: MaWindow | None = Field(default=None, description=MA_WINDOW_DESCRIPTION)
    rearm: bool | None = Field(default=None, description=REARM_DESCRIPTION)
    webhook_url: WebhookUrl | None = None


class AlertUpdate(Input):
    condition: AlertCondition | None = None
    threshold: Threshold | None = None
    ma_window: MaWindow | None = Field(
        default=None, description="left out: kept for ma_cross_*, dropped for another condition"
    )
    rearm: bool | None = None
    active: bool | None = None
    webhook_url: WebhookUrl | None = None


class Alert(Shape):
    id: int
    code: str
    condition: AlertCondition
    threshold: float
    ma_window: MaWindow | None
    rearm: bool
    active: bool
    webhook_url: str | None
    created_at: datetime
    last_triggered_at: datetime | None


class AlertsResponse(Shape):
    items: list[Alert]


class TriggeredAlert(Shape):
    id: int
    alert_id: int
    code: str
    condition: AlertCondition
    threshold: float
    price: float
    change_pct: float | None
    ma_window: MaWindow | None
    value: float | None = Field(
        description="a signal alert's value: the RSI, temperature, drawdown or premium, or the moving "
        "average crossed (MA60 for golden_cross and death_cross); null for price alerts"
    )
    quote_as_of: str
    triggered_at: datetime
    webhook_status: WebhookStatus
    webhook_attempts: int
    webhook_error: str | None


class TriggeredAlertsResponse(Shape):
    items: list[TriggeredAlert]


# What replaces a secret that is not a URL in reads that may not see secrets.
MASKED_SECRET = "***"


def _not_masked(value: object) -> object:
    if value == MASKED_SECRET:
        raise ValueError("this secret was masked by a read without the API key; give the secret itself")
    return value


# Tokens and keys go into URL paths and queries: only characters that need no escaping.
Token = Annotated[
    str,
    BeforeValidator(_not_masked),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=r"^[\w\-.:~]+$"),
]
SigningSecret = Annotated[str, BeforeValidator(_not_masked), StringConstraints(min_length=1, max_length=200)]


class TelegramConfig(Input):
    kind: Literal["telegram"]
    bot_token: Token = Field(description="the bot's token from @BotFather, e.g. 123456:ABC-DEF")
    chat_id: Annotated[
        str, StringConstraints(strip_whitespace=True, pattern=r"^(-?\d{1,20}|@\w{4,64})$")
    ] = Field(description="a chat id (a number) or @channelusername")


class ServerChanConfig(Input):
    kind: Literal["serverchan"]
    send_key: Token = Field(description="Server酱 SendKey")


class WeComConfig(Input):
    kind: Literal["wecom"]
    webhook_url: WebhookUrl = Field(description="the group robot's webhook (…/cgi-bin/webhook/send?key=…)")


class DingTalkConfig(Input):
    kind: Literal["dingtalk"]
    webhook_url: WebhookUrl = Field(description="the robot's webhook (…/robot/send?access_token=…)")
    secret: SigningSecret | None = Field(default=None, description="the robot's signing secret (SEC…)")


class FeishuConfig(Input):
    kind: Literal["feishu"]
    webhook_url: WebhookUrl = Field(description="the bot's webhook (…/open-apis/bot/v2/hook/…)")
    secret: SigningSecret | None = Field(default=None, description="the bot's signature secret, if set")


class BarkConfig(Input):
    kind: Literal["bark"]
    device_key: Token
    server_url: WebhookUrl | None = Field(default=None, description="a self-hosted Bark server")


class PushPlusConfig(Input):
    kind: Literal["pushplus"]
    token: Token


class NtfyConfig(Input):
    kind: Literal["ntfy"]
    topic: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[\w\-]{1,64}$")]
    server_url: WebhookUrl | None = Field(default=None, description="a self-hosted ntfy server")
    access_token: Token | None = None


class WebhookConfig(Input):
    kind: Literal["webhook"]
    url: WebhookUrl
    secret: SigningSecret | None = Field(
        default=None,
        description="signs each request: X-ETFTool-Signature is sha256=hex(HMAC-SHA256(secret, "
        "X-ETFTool-Timestamp + '.' + body))",
    )


# One address, with nothing that could end a mail header or start another address.
EmailAddress = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=254, pattern=r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+$")
]

_EMAIL_ADDRESS: TypeAdapter[str] = TypeAdapter(EmailAddress, config=PATTERNS_ON_PYTHON_RE)


class EmailConfig(Input):
    kind: Literal["email"]
    host: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=253, pattern=r"^[A-Za-z0-9.\-]+$")
    ] = Field(description="the SMTP server, e.g. smtp.qq.com")
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = Field(
        default="starttls", description="STARTTLS (usually port 587), TLS from the start (465), or none"
    )
    username: Annotated[str, StringConstraints(max_length=200)] | None = None
    password: SigningSecret | None = None
    from_address: EmailAddress
    to_addresses: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = Field(
        description="recipients, comma-separated"
    )

    @field_validator("to_addresses")
    @classmethod
    def _addresses(cls, value: str) -> str:
        addresses = [address.strip() for address in value.split(",") if address.strip()]
        if not addresses:
            raise ValueError("give at least one recipient")
        for address in addresses:
            _EMAIL_ADDRESS.validate_python(address)
        return ", ".join(addresses)


ChannelConfig = Annotated[
    TelegramConfig
    | ServerChanConfig
    | WeComConfig
    | DingTalkConfig
    | FeishuConfig
    | BarkConfig
    | PushPlusConfig
    | NtfyConfig
    | WebhookConfig
    | EmailConfig,
    Field(discriminator="kind"),
]
ChannelName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=CHANNEL_NAME_LENGTH)
]
DEFAULT_MAX_ALERTS_PER_HOUR = 20
MaxAlertsPerHour = Annotated[
    int | None,
    Field(
        ge=1,
        le=1000,
        description="the most alert messages sent in any hour; the others are held back (logged, not "
        "sent); null for no limit",
    ),
]


class QuietHours(Input):
    """China time (Asia/Shanghai). Alerts that trigger from `start` until `end` are held back
    (logged, not sent); a start after the end spans midnight. The daily summary and test
    messages are sent all the same."""

    start: time
    end: time

    @field_validator("start", "end")
    @classmethod
    def _wall_clock(cls, value: time) -> time:
        # Stored without an offset: 22:00Z and 22:00+01:00 would both be kept as 22:00.
        if value.tzinfo is not None:
            raise ValueError("quiet hours are China time (Asia/Shanghai): give them without a UTC offset")
        return value

    @field_validator("end")
    @classmethod
    def _not_empty(cls, end: time, info: ValidationInfo) -> time:
        if end == info.data.get("start"):
            raise ValueError("quiet hours must not start and end at the same time")
        return end


ChannelLanguage = Annotated[
    NotifyLanguage | None,
    Field(description="the language of the channel's messages; null: the server's (NOTIFY_LANGUAGE)"),
]


class ChannelCreate(Input):
    name: ChannelName
    enabled: bool = Field(default=True, description="triggered alerts are announced on enabled channels")
    summary: bool = Field(
        default=False, description="the channel also gets the daily summary after the close (SUMMARY_TIME)"
    )
    config: ChannelConfig
    quiet_hours: QuietHours | None = None
    max_alerts_per_hour: MaxAlertsPerHour = DEFAULT_MAX_ALERTS_PER_HOUR
    language: ChannelLanguage = None


class ChannelUpdate(Input):
    name: ChannelName | None = None
    enabled: bool | None = None
    summary: bool | None = None
    config: ChannelConfig | None = Field(default=None, description="replaces the whole config")
    quiet_hours: QuietHours | None = Field(default=None, description="an explicit null removes them")
    max_alerts_per_hour: MaxAlertsPerHour = None
    language: ChannelLanguage = None


class Channel(Shape):
    id: int
    name: str
    kind: ChannelKind
    enabled: bool
    summary: bool = Field(description="gets the daily summary after the close")
    config: dict[str, str | int | None] = Field(
        description="the kind's settings; secrets masked to a request without the API key"
    )
    created_at: datetime
    quiet_hours: QuietHours | None
    max_alerts_per_hour: int | None = Field(description="null: no limit")
    language: ChannelLanguage


class ChannelsResponse(Shape):
    items: list[Channel]


class ChannelDelivery(Shape):
    id: int
    event: DeliveryEvent
    trigger_id: int | None
    attempt: int = Field(description="which attempt at sending its message: 2 and up are retries")
    attempted_at: datetime
    delivered: bool
    suppressed: bool = Field(description="held back by the channel's quiet hours or limit: not sent")
    latency_ms: int = Field(description="from connecting to the answer")
    error: str | None = Field(
        description="why it failed, e.g. 'timeout' or the service's own error, or why it was held back"
    )


class ChannelDeliveriesResponse(Shape):
    items: list[ChannelDelivery] = Field(description="attempts, newest first; the newest 100 are kept")


class ExportedWatchlistItem(Input):
    code: Code
    name: Annotated[str, StringConstraints(max_length=200)] = ""
    group: GroupName = ""
    position: int = Field(ge=0)


class ExportedTransaction(TransactionCreate):
    uid: Uid


class ExportedAlert(Input):
    uid: Uid
    code: Code
    condition: AlertCondition
    threshold: Threshold
    ma_window: MaWindow | None = None
    rearm: bool = False
    active: bool = True
    webhook_url: WebhookUrl | None = None
    created_at: AwareDatetime
    last_triggered_at: AwareDatetime | None = None


class ExportedTrigger(Input):
    uid: Uid
    alert_uid: Uid
    code: Code
    condition: AlertCondition
    threshold: Threshold
    price: FiniteFloat
    change_pct: FiniteFloat | None
    ma_window: MaWindow | None = None
    value: FiniteFloat | None = None
    quote_as_of: Annotated[str, StringConstraints(max_length=40)]
    triggered_at: AwareDatetime
    webhook_status: WebhookStatus
    webhook_attempts: int = Field(default=0, ge=0)
    webhook_error: Annotated[str, StringConstraints(max_length=ERROR_LENGTH)] | None = None


class ExportedChannel(Input):
    """Without the API key, secrets are masked and such a document cannot be imported."""

    uid: Uid
    name: ChannelName
    enabled: bool = True
    summary: bool = False
    config: dict[str, str | int | None]
    created_at: AwareDatetime
    quiet_hours: QuietHours | None = None
    # Documents from before limits existed: channels there had none.
    max_alerts_per_hour: MaxAlertsPerHour = None
    language: ChannelLanguage = None


class UserDataDocument(Input):
    """Everything a user entered; `POST /import` of it is idempotent (rows match by
    code for the watchlist and by uid for the rest)."""

    format: Literal["etftool-userdata"] = "etftool-userdata"
    version: Literal[1] = 1
    exported_at: datetime | None = None
    watchlist: list[ExportedWatchlistItem] = []
    transactions: list[ExportedTransaction] = []
    alerts: list[ExportedAlert] = []
    triggered_alerts: list[ExportedTrigger] = []
    notification_channels: list[ExportedChannel] = []

    @field_validator("watchlist", "transactions", "alerts", "triggered_alerts", "notification_channels")
    @classmethod
    def _distinct_keys(cls, rows: list[BaseModel]) -> list[BaseModel]:
        # Watchlist rows are matched by code, the others by uid.
        keys = [str(getattr(row, "uid", "") or getattr(row, "code", "")) for row in rows]
        repeated = sorted(key for key, count in Counter(keys).items() if count > 1)
        if repeated:
            raise ValueError(f"more than one row for {', '.join(repeated)}")
        return rows


class SummarySent(Shape):
    day: date = Field(description="the day summarised, in China time")
    channels: int = Field(description="enabled channels that opt in to the summary, and were sent it")


class ImportCounts(Shape):
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class ImportReport(Shape):
    watchlist: ImportCounts
    transactions: ImportCounts
    alerts: ImportCounts
    triggered_alerts: ImportCounts
    notification_channels: ImportCounts
