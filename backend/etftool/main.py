"""The FastAPI application factory; `etftool.main:app` is what uvicorn serves."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from etftool.api.errors import install_error_handlers
from etftool.api.routes import backtests, compare, datasources, etfs, health
from etftool.core.config import Settings, get_settings
from etftool.marketdata import MarketData, MarketDataSettings
from etftool.version import __version__


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    logging.basicConfig(level=settings.log_level)
    market_data = MarketData.from_settings(
        MarketDataSettings(
            data_source=settings.data_source,
            cache_dir=settings.cache_dir / "marketdata",
            data_dir=settings.data_dir,
        )
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        market_data.close()

    app = FastAPI(
        title="ETFTool",
        version=__version__,
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.market_data = market_data
    install_error_handlers(app)

    # Health answers at /health (seed-compatible) and /api/health (through nginx's /api proxy).
    app.include_router(health.router)
    app.include_router(health.router, prefix="/api")
    api = APIRouter(prefix="/api/v1")
    for routes in (etfs, compare, backtests, datasources):
        api.include_router(routes.router)
    app.include_router(api)
    return app


app = create_app()
