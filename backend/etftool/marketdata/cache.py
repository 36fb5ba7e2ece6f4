"""Disk cache that remembers when each value was stored, so an expired value can still be
served (marked stale) when its source fails."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import diskcache  # type: ignore[import-untyped, unused-ignore]

from etftool.core import sqlite_damage

logger = logging.getLogger(__name__)

# How long opening waits for another worker that writes to the cache before judging it.
DAMAGE_CHECK_WAIT_S = 2.0


@dataclass(frozen=True)
class CacheStats:
    hits: int  # fresh values served
    misses: int  # absent or expired: the source had to be asked
    stale_served: int  # expired values served because the source failed
    entries: int | None  # None while the cache's index cannot be read
    size_bytes: int | None


@dataclass(frozen=True)
class CachedValue:
    value: Any
    stored_at: float
    fresh: bool


class TimedCache:
    """Freshness is judged per lookup with the caller's TTL and an injectable clock; diskcache's
    own expiry only drops entries too old to be worth serving even as stale ones."""

    def __init__(
        self, directory: Path, *, retention_s: float, size_limit_bytes: int, clock: Callable[[], float]
    ) -> None:
        self._directory = directory
        self._cache = self._open(size_limit_bytes)
        self._retention_s = retention_s
        self._clock = clock
        self._lock = threading.Lock()
        self._hits = self._misses = self._stale_served = 0

    def _open(self, size_limit_bytes: int) -> diskcache.Cache:
        """A damaged cache (a crash mid-write on a disk without write barriers, a bad copy) holds
        only copies of what the sources answered: it starts afresh instead of failing the app."""
        index = self._directory / "cache.db"
        found = index.exists() and sqlite_damage.damage(index, DAMAGE_CHECK_WAIT_S)
        if found:
            logger.warning("cache %s is damaged (%s): it starts empty", self._directory, found)
            shutil.rmtree(self._directory, ignore_errors=True)
        return diskcache.Cache(str(self._directory), size_limit=size_limit_bytes)

    def lookup(self, key: str, ttl_s: float) -> CachedValue | None:
        """The stored value with its freshness, or None; counts a hit or a miss. A value that
        cannot be read (damaged cache pages) counts as a miss: the source is asked."""
        try:
            entry = self._cache.get(key)
        except sqlite3.DatabaseError as error:
            logger.warning("cache %s: %s cannot be read: %s", self._directory, key, error)
            entry = None
        cached = None
        if entry is not None:
            stored_at, value = entry
            cached = CachedValue(value, stored_at, self._clock() - stored_at < ttl_s)
        with self._lock:
            if cached is not None and cached.fresh:
                self._hits += 1
            else:
                self._misses += 1
        return cached

    def store(self, key: str, value: Any) -> None:
        """A value that cannot be stored (full disk, read-only or broken cache files) is not
        cached: the answer it came with is as good without the cache."""
        try:
            self._cache.set(key, (self._clock(), value), expire=self._retention_s)
        except (OSError, sqlite3.Error) as error:
            logger.warning("cache %s: %s is not cached: %s", self._directory, key, error)

    def count_stale_served(self) -> None:
        with self._lock:
            self._stale_served += 1

    def stats(self) -> CacheStats:
        """The counts, with the size left unknown when the cache's index cannot be read (damaged
        while the app runs): the status and metrics that show it still answer."""
        with self._lock:
            hits, misses, stale_served = self._hits, self._misses, self._stale_served
        entries: int | None
        size_bytes: int | None
        try:
            entries, size_bytes = len(self._cache), self._cache.volume()
        except sqlite3.DatabaseError as error:
            logger.warning("cache %s: its size cannot be read: %s", self._directory, error)
            entries = size_bytes = None
        return CacheStats(hits, misses, stale_served, entries, size_bytes)

    def close(self) -> None:
        self._cache.close()
