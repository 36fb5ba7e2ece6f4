"""The FastAPI application factory; `etftool.main:app` is what uvicorn serves."""

import logging

from fastapi import FastAPI

from etftool.api.routes import health
from etftool.core.config import Settings, get_settings
from etftool.version import __version__


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    logging.basicConfig(level=settings.log_level)
    app = FastAPI(
        title="ETFTool",
        version=__version__,
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )
    app.state.settings = settings
    # Health answers at /health (seed-compatible) and /api/health (through nginx's /api proxy).
    app.include_router(health.router)
    app.include_router(health.router, prefix="/api")
    return app


app = create_app()
