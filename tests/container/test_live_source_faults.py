"""The live source hanging, failing or answering garbage, inside the real container: answers
keep coming from the cache, marked stale, within the request timeout, and never as a 5xx. The
real akshare in the image calls the stand-in upstream (tests/upstream/standin.py), restarted
in each fault mode. Quotes expire after QUOTES_TTL_S at all hours here
(KEEP_QUOTES_AFTER_CLOSE=false), so that the test does not depend on the time of day."""

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from upstream import standin

from container.containers import Container, built_image_id, http_get, started
from container.upstream_standin import standin_run_args, start_standin

LIVE_TIMEOUT_S = 2
QUOTES_TTL_S = 1
SPOT_FIXTURE = Path(standin.__file__).parent / "fixtures" / "em_fund_etf_spot.json"
SPOT = json.loads(json.loads(SPOT_FIXTURE.read_text(encoding="utf-8"))["body"])


@pytest.fixture(scope="module")
def container(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Container]:
    with started(
        built_image_id(),
        *standin_run_args(tmp_path_factory.mktemp("faults")),
        *("-e", f"QUOTES_TTL_S={QUOTES_TTL_S}", "-e", "KEEP_QUOTES_AFTER_CLOSE=false"),
        *("-e", f"LIVE_TIMEOUT_S={LIVE_TIMEOUT_S}"),
        *("-e", f"LIVE_LIST_TIMEOUT_S={LIVE_TIMEOUT_S}", "-e", "LIVE_FAILURE_BACKOFF_S=0"),
    ) as running:
        yield running


def quote(container: Container) -> tuple[int, dict[str, Any]]:
    """The 510300 detail, past nginx's short market-data cache. A source call that did not
    end in time would surface as nginx's 503 after its 30 s proxy timeout."""
    response = http_get(f"{container.base_url}/api/v1/etfs/510300?probe={uuid.uuid4().hex}", timeout=40)
    body = response.json()
    assert isinstance(body, dict)
    return response.status, body


@pytest.mark.parametrize("fault", ["hang", "error", "garbage"])
def test_a_failing_source_is_answered_from_the_cache_marked_stale(container: Container, fault: str) -> None:
    start_standin(container, "fixtures")
    time.sleep(QUOTES_TTL_S + 0.5)
    # The source answers again once the stand-in is back up (later on a busy machine).
    deadline = time.monotonic() + 20
    status, fresh = quote(container)
    while fresh.get("stale") is not False and time.monotonic() < deadline:
        time.sleep(0.5)
        status, fresh = quote(container)
    price = next(row["f2"] for row in SPOT["data"]["diff"] if row["f12"] == "510300")
    assert status == 200 and fresh["stale"] is False and fresh["quote"]["price"] == price, fresh

    start_standin(container, fault)
    time.sleep(QUOTES_TTL_S + 0.5)
    started = time.monotonic()
    status, stale = quote(container)
    assert status == 200 and stale["stale"] is True, stale
    assert stale["quote"] == fresh["quote"]
    # The quote table times out (LIVE_TIMEOUT_S), then its fallback, the daily bars, does too.
    assert time.monotonic() - started < 3 * LIVE_TIMEOUT_S + 2


def test_a_code_never_cached_is_a_503_naming_the_source(container: Container) -> None:
    start_standin(container, "error")
    url = f"{container.base_url}/api/v1/etfs/159915/history?probe={uuid.uuid4().hex}"
    response = http_get(url, timeout=40)
    assert response.status == 503, response.body
    body = response.json()
    assert isinstance(body, dict) and "akshare" in str(body["detail"]), body
