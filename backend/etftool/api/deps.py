"""Typed dependencies shared by the API routes."""

from typing import Annotated

from fastapi import Depends, Request

from etftool.core.config import Settings
from etftool.marketdata import MarketData


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_market_data(request: Request) -> MarketData:
    market_data: MarketData = request.app.state.market_data
    return market_data


SettingsDep = Annotated[Settings, Depends(get_settings)]
MarketDataDep = Annotated[MarketData, Depends(get_market_data)]
