"""The FastAPI application factory; `etftool.main:app` is what uvicorn serves."""

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import APIRouter, FastAPI
from starlette.concurrency import run_in_threadpool

from etftool.accounts import service as accounts
from etftool.api import middleware
from etftool.api.deps import provide_user_data
from etftool.api.errors import install_error_handlers
from etftool.api.json_response import FastJsonResponse
from etftool.api.responses import errors
from etftool.api.routes import (
    alerts,
    auth,
    backtests,
    compare,
    datasources,
    etfs,
    health,
    holdings,
    notifications,
    telemetry,
    tokens,
    transfer,
    users,
    watchlist,
)
from etftool.api.security import RequireApiKey, warn_if_api_key_unset
from etftool.core.config import Settings, get_settings
from etftool.core.logging import configure_logging, secrets_of
from etftool.core.paths import resolve_database_url
from etftool.db import Database
from etftool.marketdata import MarketData, MarketDataSettings
from etftool.userdata.lifespan import user_data_lifespan
from etftool.userdata.settings import NotifySettings, UserDataSettings
from etftool.userdata.signals import MarketSignals
from etftool.version import __version__


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, secrets_of(settings))
    market_settings = MarketDataSettings(
        data_source=settings.data_source,
        cache_dir=settings.cache_dir / "marketdata",
        data_dir=settings.data_dir,
        cache_size_limit_bytes=settings.cache_size_mb * 1024 * 1024,
        quotes_ttl_s=settings.quotes_ttl_s,
        keep_quotes_after_close=settings.keep_quotes_after_close,
        live_timeout_s=settings.live_timeout_s,
        failure_backoff_s=settings.live_failure_backoff_s,
        live_list_timeout_s=settings.live_list_timeout_s,
        live_process_idle_s=settings.live_process_idle_s,
        live_process_setup=partial(configure_logging, settings.log_level, secrets_of(settings)),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        logger = logging.getLogger("etftool")
        warn_if_api_key_unset(settings, logger)
        user_data = UserDataSettings(
            database_url=resolve_database_url(settings),
            alert_check_interval_s=settings.alert_check_interval_s,
            webhook_timeout_s=settings.webhook_timeout_s,
            webhook_attempts=settings.webhook_attempts,
            webhook_allowed_networks=tuple(settings.webhook_allowed_networks),
            notify=NotifySettings(
                language=settings.notify_language,
                time_zone=settings.notify_time_zone,
                public_base_url=settings.public_base_url,
                telegram_api_url=settings.notify_telegram_api_url,
                serverchan_api_url=settings.notify_serverchan_api_url,
                bark_api_url=settings.notify_bark_api_url,
                pushplus_api_url=settings.notify_pushplus_api_url,
                ntfy_api_url=settings.notify_ntfy_api_url,
                summary_time=settings.summary_time,
            ),
        )
        database = Database(user_data.database_url)
        market_data = MarketData.from_settings(market_settings, database)
        app.state.market_data = market_data
        try:  # migrates under a lock, runs the alert job, and stops it on exit
            async with user_data_lifespan(
                user_data, database, market_data, signals=MarketSignals(market_data)
            ) as services:
                provide_user_data(app, services)
                if settings.admin_username is not None and settings.admin_password is not None:
                    with database.writing() as session:
                        if accounts.set_up_at_start(
                            session, settings.admin_username, settings.admin_password.get_secret_value()
                        ):
                            logger.info("set up with the admin %s", settings.admin_username)
                # Once migrated: the live list's fetch and its imports (akshare, pandas) would
                # otherwise hold the GIL while migrations run and delay the first healthy answer.
                market_data.warm_up()
                await run_in_threadpool(market_data.move_imported_files_into_database)
                # What starting made (modules, schemas, routes: well over 100,000 objects)
                # lives as long as the process; frozen, it is left out of the collector's full
                # collections, which otherwise walk it for tens of ms every few requests that
                # allocate much (the DCA backtest's p99 was 8× its p50).
                gc.collect()
                gc.freeze()
                yield
        finally:
            market_data.close()
            database.dispose()

    app = FastAPI(
        title="ETFTool",
        version=__version__,
        docs_url="/api/docs" if settings.api_docs else None,
        openapi_url="/api/openapi.json",
        redoc_url=None,
        lifespan=lifespan,
        default_response_class=FastJsonResponse,
    )
    app.state.settings = settings
    install_error_handlers(app)

    # Health answers at /health (seed-compatible) and /api/health (through nginx's /api proxy).
    app.include_router(health.router)
    app.include_router(health.router, prefix="/api")
    # Writes need API_KEY when one is set (reads too with API_KEY_READS=true), and once the server
    # is set up, an identity; a session's write, its CSRF token too.
    api = APIRouter(prefix="/api/v1", dependencies=[RequireApiKey], responses=errors(401, 403))
    for routes in (
        etfs,
        compare,
        backtests,
        datasources,
        watchlist,
        holdings,
        alerts,
        notifications,
        transfer,
    ):
        api.include_router(routes.router)
    app.include_router(api)
    # Accounts: logging in needs no key; each route checks the caller itself.
    for routes in (auth, users, tokens):
        app.include_router(routes.router, prefix="/api")
    # Prometheus telemetry (GET /metrics, not the risk metrics of /api/v1/etfs/{code}/metrics).
    app.include_router(telemetry.router)
    # After the error handlers: it counts the provider errors they answer.
    telemetry.count_provider_errors(app)
    middleware.install(app, settings)
    return app


app = create_app()
