"""Backtests of investment plans on historical prices."""

from fastapi import APIRouter

from etftool.api.deps import MarketDataDep
from etftool.api.schemas import market as schemas
from etftool.api.strict_json import StrictJsonRoute
from etftool.services import analysis

router = APIRouter(prefix="/backtests", tags=["backtests"], route_class=StrictJsonRoute)


@router.post("/dca", response_model=schemas.DcaResult, summary="Dollar-cost averaging backtest")
def dca(market_data: MarketDataDep, request: schemas.DcaRequest) -> schemas.DcaResult:
    return analysis.dca(market_data.history(request.code), request)
