from __future__ import annotations

import logging
import resource
import signal
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import diskcache  # type: ignore[import-untyped, unused-ignore]
import pytest

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
    assert stats.size_bytes is not None and stats.size_bytes > 0


def test_values_persist_on_disk(tmp_path: Path, clock: FakeClock) -> None:
    first = make_cache(tmp_path, clock)
    first.store("etfs", ["510300"])
    first.close()
    reopened = make_cache(tmp_path, clock).lookup("etfs", ttl_s=10)
    assert reopened is not None and reopened.value == ["510300"]


@contextmanager
def full_disk_context() -> Iterator[None]:
    """Files may not grow past 256 KiB while it lasts: writes fail as on a full disk (with
    EFBIG rather than ENOSPC, through the same OSError and SQLite "disk is full" paths)."""
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write, not the process
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, limits[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, previous)


def test_a_full_disk_skips_caching_instead_of_failing(tmp_path: Path, clock: FakeClock) -> None:
    cache = make_cache(tmp_path, clock)
    cache.store("small", {"price": 3.6})
    large = "x" * (1024 * 1024)  # diskcache keeps it in a file of its own
    many = {f"k{index}": "y" * 2000 for index in range(400)}  # grows the SQLite file itself

    with full_disk_context():
        cache.store("large", large)
        for key, value in many.items():
            cache.store(key, value)

    assert cache.lookup("large", ttl_s=60) is None
    small = cache.lookup("small", ttl_s=60)
    assert small is not None and small.value == {"price": 3.6}


NOT_SQLITE = b"not an SQLite file at all "


def store_quotes(cache: TimedCache) -> None:
    """Enough values to spread the index over many pages."""
    for index in range(300):
        cache.store(f"quote:{index}", {"price": index})


def damage_pages(database: Path) -> None:
    """Overwrites every page after the schema's with bytes that are no B-tree."""
    pages = database.stat().st_size // 4096
    with database.open("r+b") as file:
        for page in range(3, pages):
            file.seek(page * 4096 + 8)
            file.write(b"\xff" * 2000)


def test_a_damaged_cache_starts_empty_and_caches_again(
    tmp_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    first = make_cache(tmp_path, clock)
    store_quotes(first)
    first.close()
    damage_pages(tmp_path / "cache" / "cache.db")
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "cache.db").write_bytes(NOT_SQLITE * 400)

    for directory in (tmp_path / "cache", other):
        with caplog.at_level(logging.WARNING):
            cache = TimedCache(directory, retention_s=3600, size_limit_bytes=10_000_000, clock=clock)

        assert f"cache {directory} is damaged" in caplog.text
        assert cache.lookup("quote:150", ttl_s=60) is None
        cache.store("quote:150", {"price": 150})
        again = cache.lookup("quote:150", ttl_s=60)
        assert again is not None and again.value == {"price": 150}
        caplog.clear()


def test_a_value_that_cannot_be_read_is_a_miss(
    tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = make_cache(tmp_path, clock)
    cache.store("quote:510300", {"price": 3.6})

    def malformed(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(diskcache.Cache, "get", malformed)

    assert cache.lookup("quote:510300", ttl_s=60) is None
    assert cache.stats().misses == 1


def test_a_cache_damaged_while_open_has_an_unknown_size_and_keeps_its_counts(
    tmp_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    cache = make_cache(tmp_path, clock)
    store_quotes(cache)
    cache.lookup("quote:1", ttl_s=60)
    index_file = tmp_path / "cache" / "cache.db"
    index_file.write_bytes(NOT_SQLITE * (index_file.stat().st_size // len(NOT_SQLITE)))

    with caplog.at_level(logging.WARNING):
        stats = cache.stats()

    assert (stats.hits, stats.misses, stats.entries, stats.size_bytes) == (1, 0, None, None)
    assert "its size cannot be read" in caplog.text
    assert cache.lookup("quote:2", ttl_s=60) is None
