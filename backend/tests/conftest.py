"""Shared fixtures for the backend tests."""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from etftool.core.config import Settings
from etftool.main import create_app

# akshare is a pinned wheel outside the lockfile (3rdparty/python/BUILD): pure Python, so it
# imports straight from the zip, as the image has it unpacked in site-packages.
sys.path.extend(str(wheel) for wheel in Path("3rdparty/python").glob("akshare-*.whl"))


@pytest.fixture
def settings(tmp_path) -> Settings:  # type: ignore[no-untyped-def]
    """Offline (DATA_SOURCE=sample): the API tests must not reach for the network."""
    return Settings(
        data_dir=tmp_path / "data", cache_dir=tmp_path / "cache", environment="test", data_source="sample"
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client
