"""nginx keeps market-data answers for a few seconds (docker/nginx.conf); user data and
requests that carry a key never go through that cache."""

import uuid
from collections.abc import Iterator

import pytest

from container.containers import Container, built_image_id, http_get, start_container, started

API_KEY = "cache-test-key"


@pytest.fixture(scope="module")
def container() -> Iterator[Container]:
    with started(built_image_id(), "-e", f"API_KEY={API_KEY}", "-e", "API_KEY_READS=true") as running:
        yield running


def unique_metrics_url(container: Container) -> str:
    """A URL no earlier request cached (the API ignores the extra parameter)."""
    return f"{container.base_url}/api/v1/etfs/USMV/metrics?period=1y&probe={uuid.uuid4().hex}"


def test_a_repeated_market_data_request_is_answered_from_the_cache(container: Container) -> None:
    url = unique_metrics_url(container)
    keyed = {"X-API-Key": API_KEY}
    # The reads need the key here, so these go around the cache; a keyless read is refused.
    first, second = http_get(url, keyed), http_get(url, keyed)
    assert (first.status, second.status) == (200, 200)
    assert first.headers.get("X-Cache-Status") == second.headers.get("X-Cache-Status") == "BYPASS"
    assert first.body == second.body
    refused = http_get(url)
    assert refused.status == 401 and refused.headers.get("X-Cache-Status") == "MISS", refused.headers


def test_without_api_key_reads_market_data_is_cached_and_user_data_is_not() -> None:
    open_reads = start_container(built_image_id())
    try:
        url = unique_metrics_url(open_reads)
        first, second = http_get(url), http_get(url)
        assert (first.status, second.status) == (200, 200)
        assert (first.headers.get("X-Cache-Status"), second.headers.get("X-Cache-Status")) == ("MISS", "HIT")
        assert first.body == second.body
        for path in ("/api/v1/watchlist", "/api/v1/etfs/imports"):
            user_data = [http_get(open_reads.base_url + path) for _ in range(2)]
            assert [response.status for response in user_data] == [200, 200], path
            assert [response.headers.get("X-Cache-Status") for response in user_data] == [None, None], path
    finally:
        open_reads.remove()
