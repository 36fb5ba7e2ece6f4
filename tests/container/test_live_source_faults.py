"""A live data source that hangs or fails, inside the real container: answers keep coming from
the cache, marked stale, within the request timeout, and never as a 5xx. The source is a
stand-in akshare (fault_akshare/) whose behaviour the test switches through a mounted file."""

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from container.containers import Container, built_image_id, http_get, start_container

FAKE_AKSHARE = Path(__file__).parent / "fault_akshare"
SITE_PACKAGES = "/app/venv/lib/python3.11/site-packages"
LIVE_TIMEOUT_S = 2
QUOTES_TTL_S = 1


@pytest.fixture(scope="module")
def fault_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("fault")
    (directory / "mode").write_text("ok")
    directory.chmod(0o755)
    return directory


@pytest.fixture(scope="module")
def container(fault_dir: Path) -> Iterator[Container]:
    running = start_container(
        built_image_id(),
        # Into the venv itself: its interpreter runs with -sE, ignoring PYTHONPATH.
        *("-v", f"{FAKE_AKSHARE.resolve() / 'akshare'}:{SITE_PACKAGES}/akshare:ro"),
        *("-v", f"{fault_dir}:/fault:ro", "-e", "DATA_SOURCE=akshare"),
        *("-e", f"QUOTES_TTL_S={QUOTES_TTL_S}", "-e", f"LIVE_TIMEOUT_S={LIVE_TIMEOUT_S}"),
        *("-e", "LIVE_FAILURE_BACKOFF_S=0"),
    )
    yield running
    running.remove()


def quote(container: Container) -> tuple[int, dict[str, Any]]:
    """The 510300 detail, past nginx's short market-data cache. A source call that did not
    end in time would surface as nginx's 503 after its 30 s proxy timeout."""
    response = http_get(f"{container.base_url}/api/v1/etfs/510300?probe={uuid.uuid4().hex}", timeout=40)
    body = response.json()
    assert isinstance(body, dict)
    return response.status, body


@pytest.mark.parametrize("fault", ["hang", "error"])
def test_a_failing_source_is_answered_from_the_cache_marked_stale(
    container: Container, fault_dir: Path, fault: str
) -> None:
    (fault_dir / "mode").write_text("ok")
    time.sleep(QUOTES_TTL_S + 0.5)
    status, fresh = quote(container)
    assert status == 200 and fresh["stale"] is False, fresh
    assert fresh["quote"]["price"] == 3.912

    (fault_dir / "mode").write_text(fault)
    time.sleep(QUOTES_TTL_S + 0.5)
    status, stale = quote(container)
    assert status == 200 and stale["stale"] is True, stale
    assert stale["quote"] == fresh["quote"]
