"""Several ETFs side by side."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from etftool.api.deps import MarketDataDep
from etftool.api.responses import errors, field_error
from etftool.marketdata.codes import normalize_code
from etftool.services import analysis
from etftool.services.bars import PERIOD_RULE
from etftool.services.schemas import Comparison, MetricsPeriod

router = APIRouter(tags=["compare"])


@router.get(
    "/compare",
    response_model=Comparison,
    summary="Normalised series, correlations, metrics",
    responses=errors(404, 503),
)
def compare(
    market_data: MarketDataDep,
    codes: Annotated[str, Query(description="2 to 6 comma-separated codes", max_length=200)],
    period: Annotated[MetricsPeriod, Query(description=PERIOD_RULE)] = "1y",
) -> Comparison:
    wanted = list(dict.fromkeys(normalize_code(code) for code in codes.split(",") if code.strip()))
    if not 2 <= len(wanted) <= 6:
        msg = f"give 2 to 6 different codes, got {len(wanted)}"
        raise HTTPException(422, detail=field_error("query", "codes", msg))
    histories = [market_data.history(code) for code in wanted]
    trading_days = {bars.code: market_data.trading_days_per_year(bars.code) for bars in histories}
    return analysis.compare(histories, period, trading_days)
