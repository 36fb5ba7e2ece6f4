"""Shared fixtures for the backend tests."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from etftool.core.config import Settings
from etftool.main import create_app


@pytest.fixture
def settings(tmp_path) -> Settings:  # type: ignore[no-untyped-def]
    return Settings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache", environment="test")


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client
