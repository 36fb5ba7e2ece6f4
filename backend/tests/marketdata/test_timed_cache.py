from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from etftool.marketdata.cache import TimedCache

if TYPE_CHECKING:
    from tests.marketdata.conftest import FakeClock


def make_cache(tmp_path: Path, clock: FakeClock) -> TimedCache:
    return TimedCache(tmp_path / "cache", retention_s=3600, size_limit_bytes=10_000_000, clock=clock)


def test_value_is_fresh_until_its_ttl_then_kept_as_expired(tmp_path: Path, clock: FakeClock) -> None:
    cache = make_cache(tmp_path, clock)
    cache.store("quote:510300", {"price": 3.6})
    clock.advance(59)
    fresh = cache.lookup("quote:510300", ttl_s=60)
    assert fresh is not None and fresh.fresh and fresh.value == {"price": 3.6}
    clock.advance(1)
    expired = cache.lookup("quote:510300", ttl_s=60)
    assert expired is not None and not expired.fresh and expired.value == {"price": 3.6}
    # The TTL belongs to the lookup: the same entry is still fresh for a longer one.
    longer = cache.lookup("quote:510300", ttl_s=3600)
    assert longer is not None and longer.fresh


def test_stats_count_hits_misses_and_stale_serves(tmp_path: Path, clock: FakeClock) -> None:
    cache = make_cache(tmp_path, clock)
    assert cache.lookup("absent", ttl_s=10) is None
    cache.store("key", "value")
    cache.lookup("key", ttl_s=10)
    clock.advance(11)
    cache.lookup("key", ttl_s=10)
    cache.count_stale_served()
    stats = cache.stats()
    assert (stats.hits, stats.misses, stats.stale_served, stats.entries) == (1, 2, 1, 1)
    assert stats.size_bytes > 0


def test_values_persist_on_disk(tmp_path: Path, clock: FakeClock) -> None:
    first = make_cache(tmp_path, clock)
    first.store("etfs", ["510300"])
    first.close()
    reopened = make_cache(tmp_path, clock).lookup("etfs", ttl_s=10)
    assert reopened is not None and reopened.value == ["510300"]
