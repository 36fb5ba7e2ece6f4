"""The text channels send: a triggered alert or a test message, in zh-CN or English, with
the fund's name and code, the trigger (with a signal's value), the price and change, the
time and a link to the ETF page; and the daily summary after the close. Each channel picks
the form its service takes (plain text or markdown)."""

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from etftool.userdata.models import AlertCondition
from etftool.userdata.settings import NotifyLanguage, NotifySettings

_WORDS = {
    "en": {
        "alert_title": "ETFTool alert: {fund}",
        "test_title": "ETFTool test message",
        "test_body": "Notifications from ETFTool reach this channel.",
        "trigger": "Trigger",
        "price": "Price",
        "change": "Change",
        "time": "Time",
        "open": "Open in ETFTool",
        "price_above": "price at or above {threshold:g}",
        "price_below": "price at or below {threshold:g}",
        "change_pct_above": "daily change at or above {threshold:g} %",
        "change_pct_below": "daily change at or below {threshold:g} %",
        "rsi_above": "RSI(14) {value:.1f} ≥ {threshold:g}",
        "rsi_below": "RSI(14) {value:.1f} ≤ {threshold:g}",
        "temperature_above": "temperature {value:.1f} ≥ {threshold:g}",
        "temperature_below": "temperature {value:.1f} ≤ {threshold:g}",
        "drawdown_beyond": "{value:.2f} % below the 1-year high close (≥ {threshold:g} %)",
        "premium_above": "premium {value:+.2f} % ≥ {threshold:g} %",
        "premium_below": "premium {value:+.2f} % ≤ {threshold:g} %",
        "ma_cross_above": "crossed above MA{window} ({value:.3f})",
        "ma_cross_below": "crossed below MA{window} ({value:.3f})",
        "golden_cross": "golden cross: MA20 crossed above MA60 ({value:.3f})",
        "death_cross": "death cross: MA20 crossed below MA60 ({value:.3f})",
        "summary_title": "ETFTool daily summary: {day}",
        "watchlist": "Watchlist",
        "no_quote": "no quote",
        "stale": " (stale)",
        "more": "and {count} more",
        "alerts_today": "Alerts fired today",
        "day_pnl": "Holdings' day P/L",
        "market_value": "Market value",
        "unpriced": " (without {codes}: no quote)",
    },
    "zh-CN": {
        "alert_title": "ETFTool 提醒：{fund}",
        "test_title": "ETFTool 测试消息",
        "test_body": "此渠道可以收到 ETFTool 的通知。",
        "trigger": "触发条件",
        "price": "价格",
        "change": "涨跌幅",
        "time": "时间",
        "open": "在 ETFTool 中查看",
        "price_above": "价格高于或等于 {threshold:g}",
        "price_below": "价格低于或等于 {threshold:g}",
        "change_pct_above": "日涨跌幅高于或等于 {threshold:g}%",
        "change_pct_below": "日涨跌幅低于或等于 {threshold:g}%",
        "rsi_above": "RSI(14) {value:.1f} ≥ {threshold:g}",
        "rsi_below": "RSI(14) {value:.1f} ≤ {threshold:g}",
        "temperature_above": "温度 {value:.1f} ≥ {threshold:g}",
        "temperature_below": "温度 {value:.1f} ≤ {threshold:g}",
        "drawdown_beyond": "较一年内最高收盘价回撤 {value:.2f}%（≥ {threshold:g}%）",
        "premium_above": "溢价率 {value:+.2f}% ≥ {threshold:g}%",
        "premium_below": "溢价率 {value:+.2f}% ≤ {threshold:g}%",
        "ma_cross_above": "价格上穿 MA{window}（{value:.3f}）",
        "ma_cross_below": "价格下穿 MA{window}（{value:.3f}）",
        "golden_cross": "金叉：MA20 上穿 MA60（{value:.3f}）",
        "death_cross": "死叉：MA20 下穿 MA60（{value:.3f}）",
        "summary_title": "ETFTool 收盘小结：{day}",
        "watchlist": "自选",
        "no_quote": "无报价",
        "stale": "（非最新）",
        "more": "另有 {count} 只",
        "alerts_today": "今日触发提醒",
        "day_pnl": "持仓当日盈亏",
        "market_value": "持仓市值",
        "unpriced": "（不含 {codes}：无报价）",
    },
}


@dataclass(frozen=True)
class AlertNotice:
    """What a triggered alert announces."""

    trigger_id: int
    alert_id: int
    code: str
    name: str
    condition: AlertCondition
    threshold: float
    price: float
    change_pct: float | None
    triggered_at: datetime
    value: float | None = None  # a signal alert's value (see models.AlertTrigger.value)
    ma_window: int | None = None


@dataclass(frozen=True)
class FundClose:
    """A watchlist fund in the daily summary; no price when its quote could not be had."""

    code: str
    name: str
    price: float | None
    change_pct: float | None
    stale: bool = False


@dataclass(frozen=True)
class FiredAlert:
    code: str
    name: str
    condition: AlertCondition
    threshold: float
    value: float | None
    ma_window: int | None
    triggered_at: datetime


@dataclass(frozen=True)
class HoldingsDay:
    """The open positions' day: units × (price − previous close), and units × price.
    `unpriced` are the codes left out of both for want of a quote."""

    day_pnl: float
    market_value: float
    unpriced: tuple[str, ...] = ()


@dataclass(frozen=True)
class DailySummary:
    """What the summary after the close reports."""

    day: date  # in China time
    funds: tuple[FundClose, ...]
    alerts: tuple[FiredAlert, ...]
    holdings: HoldingsDay | None  # None without open positions


# Lines of one list in the summary; the rest is counted, so that long watchlists stay readable.
SUMMARY_LINES_LISTED = 30


@dataclass(frozen=True)
class Message:
    event: str  # "alert.triggered", "test" or "summary.daily"
    title: str
    lines: tuple[tuple[str, str], ...]  # (label, value); a test message has one unlabelled line
    link: str | None
    link_label: str
    notice: AlertNotice | None = None

    @property
    def text(self) -> str:
        """Title, lines and link as plain text."""
        body = [self.title, *(_line(label, value) for label, value in self.lines)]
        if self.link:
            body.append(self.link)
        return "\n".join(body)

    @property
    def body_text(self) -> str:
        """The plain text without the title, for services that show a title of their own."""
        return self.text.split("\n", 1)[1]

    def markdown(self, *, heading: bool = True) -> str:
        body = [f"### {self.title}"] if heading else []
        body += [f"- **{label}**: {value}" if label else value for label, value in self.lines]
        if self.link:
            body.append(f"[{self.link_label}]({self.link})")
        return "\n".join(body)


def alert_message(notice: AlertNotice, settings: NotifySettings) -> Message:
    words = _WORDS[settings.language]
    fund = f"{notice.name} ({notice.code})" if notice.name and notice.name != notice.code else notice.code
    change = "—" if notice.change_pct is None else f"{notice.change_pct:+.2f}%"
    at = notice.triggered_at.astimezone(ZoneInfo(settings.time_zone))
    return Message(
        event="alert.triggered",
        title=words["alert_title"].format(fund=fund),
        lines=(
            (
                words["trigger"],
                condition_text(
                    settings.language, notice.condition, notice.threshold, notice.value, notice.ma_window
                ),
            ),
            (words["price"], f"{notice.price:g}"),
            (words["change"], change),
            (words["time"], f"{at:%Y-%m-%d %H:%M:%S} ({settings.time_zone})"),
        ),
        link=etf_link(settings.public_base_url, notice.code),
        link_label=words["open"],
        notice=notice,
    )


def condition_text(
    language: NotifyLanguage,
    condition: AlertCondition,
    threshold: float,
    value: float | None,
    ma_window: int | None,
) -> str:
    """What made an alert trigger, e.g. "RSI(14) 72.4 ≥ 70" or "crossed above MA60 (3.812)"."""
    # A signal trigger always has its value; NaN keeps a damaged row from failing the message.
    shown = float("nan") if value is None else value
    return _WORDS[language][condition].format(threshold=threshold, value=shown, window=ma_window)


def trial_message(settings: NotifySettings) -> Message:
    words = _WORDS[settings.language]
    return Message(
        event="test",
        title=words["test_title"],
        lines=(("", words["test_body"]),),
        link=settings.public_base_url.rstrip("/") or None,
        link_label=words["open"],
    )


def summary_message(summary: DailySummary, settings: NotifySettings) -> Message:
    words = _WORDS[settings.language]
    lines: list[tuple[str, str]] = []
    if summary.funds:
        lines.append(("", words["watchlist"]))
        funds = [(_fund(fund.name, fund.code), _close(fund, words)) for fund in summary.funds]
        lines += _capped(funds, words)
    lines.append((words["alerts_today"], str(len(summary.alerts))))
    fired = [(_fund(alert.name, alert.code), _fired(alert, settings)) for alert in summary.alerts]
    lines += _capped(fired, words)
    if summary.holdings is not None:
        held = summary.holdings
        unpriced = words["unpriced"].format(codes=", ".join(held.unpriced)) if held.unpriced else ""
        lines.append((words["day_pnl"], f"{held.day_pnl:+,.2f}{unpriced}"))
        lines.append((words["market_value"], f"{held.market_value:,.2f}{unpriced}"))
    return Message(
        event="summary.daily",
        title=words["summary_title"].format(day=summary.day.isoformat()),
        lines=tuple(lines),
        link=settings.public_base_url.rstrip("/") or None,
        link_label=words["open"],
    )


def _capped(lines: list[tuple[str, str]], words: dict[str, str]) -> list[tuple[str, str]]:
    """The first SUMMARY_LINES_LISTED lines, and how many more there are."""
    if len(lines) <= SUMMARY_LINES_LISTED:
        return lines
    rest = len(lines) - SUMMARY_LINES_LISTED
    return [*lines[:SUMMARY_LINES_LISTED], ("", words["more"].format(count=rest))]


def _fund(name: str, code: str) -> str:
    return f"{name} ({code})" if name and name != code else code


def _fired(alert: FiredAlert, settings: NotifySettings) -> str:
    """The trigger and its time, e.g. "price at or above 13 (14:05)"."""
    at = alert.triggered_at.astimezone(ZoneInfo(settings.time_zone))
    condition = condition_text(
        settings.language, alert.condition, alert.threshold, alert.value, alert.ma_window
    )
    return f"{condition} ({at:%H:%M})"


def _close(fund: FundClose, words: dict[str, str]) -> str:
    if fund.price is None:
        return words["no_quote"]
    change = "—" if fund.change_pct is None else f"{fund.change_pct:+.2f}%"
    return f"{fund.price:g} {change}{words['stale'] if fund.stale else ''}"


def etf_link(public_base_url: str, code: str) -> str | None:
    if not public_base_url:
        return None
    return f"{public_base_url.rstrip('/')}/etf/?code={quote(code, safe='')}"


def _line(label: str, value: str) -> str:
    return f"{label}: {value}" if label else value
