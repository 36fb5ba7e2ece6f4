"""Health of the market-data providers."""

from dataclasses import asdict

from fastapi import APIRouter

from etftool.api.deps import MarketDataDep
from etftool.api.schemas import market as schemas

router = APIRouter(tags=["datasources"])


@router.get("/datasources", response_model=schemas.DataSources, summary="Provider health, breakers, cache")
def datasources(market_data: MarketDataDep) -> schemas.DataSources:
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
