"""Health of the market-data providers."""

from fastapi import APIRouter

from etftool.api.deps import MarketDataDep
from etftool.services import market
from etftool.services import market_schemas as schemas

router = APIRouter(tags=["datasources"])


@router.get("/datasources", response_model=schemas.DataSources, summary="Provider health, breakers, cache")
def datasources(market_data: MarketDataDep) -> schemas.DataSources:
    return market.datasources(market_data)
