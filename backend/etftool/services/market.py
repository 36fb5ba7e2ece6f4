"""The market-data answers (search, quote and status, bars, minutes, distributions, imports,
provider health) built from etftool.marketdata's results; routes stay HTTP only."""

from dataclasses import asdict
from datetime import date, datetime
from typing import Any, Literal

from etftool.analytics import Period
from etftool.marketdata import EtfInfo, MarketData
from etftool.marketdata.codes import normalize_code
from etftool.services import market_schemas as schemas
from etftool.services.bars import json_dates, json_floats, resample, window
from etftool.services.schemas import provenance


def _identity(info: EtfInfo, name: str) -> dict[str, Any]:
    """A FundIdentity's fields, to spread into the answers that start with them. `name`: a
    quote's may be newer than the listing's."""
    return schemas.FundIdentity(
        code=info.code,
        name=name,
        exchange=info.exchange,
        currency=info.currency,
        kind=info.kind,
        category=info.category,
    ).model_dump()


def search(
    market_data: MarketData, q: str, limit: int, category: schemas.Category | None
) -> schemas.SearchResponse:
    listing = market_data.search(q, limit, category)
    needle = q.strip().upper()

    def match_kind(item: EtfInfo) -> Literal["code", "name", "pinyin"]:
        if item.code.startswith(normalize_code(q)):
            return "code"
        return "name" if needle in item.name.upper() else "pinyin"

    return schemas.SearchResponse(
        query=q,
        results=[
            schemas.SearchResult(**_identity(item, item.name), match=match_kind(item))
            for item in listing.items
        ],
        **provenance(listing),
    )


def detail(market_data: MarketData, code: str) -> schemas.EtfDetail:
    info = market_data.info(code)
    quote = market_data.quote(info.code)
    status = market_data.market_status(info.code)
    return schemas.EtfDetail(
        **_identity(info, quote.name or info.name),
        quote=schemas.QuoteOut.of(quote),
        market_status=schemas.MarketStatusOut(
            market=status.market,
            state=status.state.value,
            label=status.reason,
            trading_day=status.trading_day,
            calendar_known=status.calendar_known,
        ),
        **provenance(quote),
    )


def history(
    market_data: MarketData,
    code: str,
    period: Period | None,
    start: date | None,
    end: date | None,
    adjust: schemas.Adjust,
    interval: schemas.BarInterval,
) -> schemas.History:
    daily = window(market_data.history(code, adjust=adjust), period, start, end)
    bars = resample(daily, interval)
    opens, highs, lows, closes, volumes = (
        json_floats(values, 4) for values in (bars.open, bars.high, bars.low, bars.close, bars.volume)
    )
    return schemas.History(
        code=bars.code,
        interval=interval,
        adjust=bars.adjust,
        bars=[
            schemas.Bar(date=day, open=o, high=h, low=lo, close=c, volume=v)
            for day, o, h, lo, c, v in zip(
                json_dates(bars.dates), opens, highs, lows, closes, volumes, strict=True
            )
        ],
        live_bar_date=market_data.live_bar_date(daily),
        **provenance(bars),
    )


def intraday(market_data: MarketData, code: str) -> schemas.IntradayOut:
    minutes = market_data.intraday(code)
    return schemas.IntradayOut(
        code=minutes.code,
        date=date.fromisoformat(minutes.date) if minutes.date else None,
        points=[
            schemas.IntradayPointOut(
                time=datetime.fromisoformat(point.time),
                price=point.price,
                avg_price=point.avg_price,
                volume=point.volume,
            )
            for point in minutes.points
        ],
        **provenance(minutes),
    )


def distributions(market_data: MarketData, code: str) -> schemas.DistributionsOut:
    found = market_data.distributions(code)
    return schemas.DistributionsOut(
        code=found.code,
        events=[
            schemas.DistributionOut(
                kind=event.kind,
                ex_date=event.ex_date,
                record_date=event.record_date,
                pay_date=event.pay_date,
                cash_per_share=event.cash_per_share,
                split_ratio=event.split_ratio,
                split_type=event.split_type,
            )
            for event in found.events
        ],
        first_year=found.first_year,
        last_year=found.last_year,
        **provenance(found),
    )


def imported(info: EtfInfo) -> schemas.ImportedEtf:
    return schemas.ImportedEtf(
        code=info.code, name=info.name, currency=info.currency, source=info.source, as_of=info.as_of
    )


def imports(market_data: MarketData) -> schemas.ImportedEtfs:
    return schemas.ImportedEtfs(items=[imported(info) for info in market_data.imports()])


def datasources(market_data: MarketData) -> schemas.DataSources:
    status = market_data.status()
    return schemas.DataSources(
        configured=status.data_source,
        active=status.active,
        providers=[
            schemas.ProviderStatusOut(
                name=provider.name,
                live=provider.live,
                default=provider.default,
                healthy=provider.healthy,
                breaker=provider.breaker_state.replace("-", "_") if provider.breaker_state else None,  # type: ignore[arg-type]
                last_success=provider.last_success_at,
                last_failure=provider.last_failure_at,
                last_error=provider.last_error,
                cache=schemas.CacheStatsOut(**asdict(provider.cache)) if provider.cache else None,
            )
            for provider in status.providers
        ],
    )
