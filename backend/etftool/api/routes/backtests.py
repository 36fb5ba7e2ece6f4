"""Backtests of investment plans on historical prices."""

from fastapi import APIRouter

from etftool.api.deps import MarketDataDep
from etftool.api.responses import errors
from etftool.api.strict_json import StrictJsonRoute
from etftool.services import analysis
from etftool.services.schemas import DcaRequest, DcaResult

router = APIRouter(prefix="/backtests", tags=["backtests"], route_class=StrictJsonRoute)


@router.post(
    "/dca",
    response_model=DcaResult,
    summary="Dollar-cost averaging backtest",
    responses=errors(404, 415, 503),
)
def dca(market_data: MarketDataDep, request: DcaRequest) -> DcaResult:
    return analysis.dca(market_data.history(request.code), request)
