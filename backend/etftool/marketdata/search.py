"""Ranked, case-insensitive search over an ETF list.

Tiers, best first: exact code, code prefix, name prefix or pinyin-initials prefix
(沪深300ETF is found by "hs300"), name substring, pinyin-initials substring, code substring.
Within a tier, earlier and shorter matches come first. A few index nicknames whose initials
are not the Chinese name's ("hsi" for 恒生, "ndx" for 纳指) search for that name. Pinyin and
categories are worked out once per list, when the index is built: pinyin only for the names
a previous index did not have, and in a child process (see pinyin.py).
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum

from etftool.marketdata.base import EtfInfo
from etftool.marketdata.categories import Category
from etftool.marketdata.codes import normalize_code
from etftool.marketdata.pinyin import PinyinUnavailable, has_chinese, pinyin_initials

logger = logging.getLogger(__name__)

_NICKNAMES: dict[str, str] = {
    "hsi": "恒生",
    "hstech": "恒生科技",
    "ndx": "纳指",
    "nasdaq": "纳斯达克",
    "sp500": "标普500",
    "n225": "日经",
}


class MatchTier(IntEnum):
    EXACT_CODE = 0
    CODE_PREFIX = 1
    NAME_PREFIX = 2
    NAME_SUBSTRING = 3
    PINYIN_INITIALS = 4
    CODE_SUBSTRING = 5


@dataclass(frozen=True)
class _Entry:
    item: EtfInfo
    code: str
    name: str
    initials: str  # "" for names without Chinese characters
    category: Category


class EtfSearchIndex:
    def __init__(self, items: Sequence[EtfInfo], known_initials: Mapping[str, str] | None = None) -> None:
        """`known_initials`: name -> pinyin initials already worked out (a previous index's
        `initials`). Names whose initials cannot be worked out are found by name and code."""
        known = known_initials or {}
        names = {item.name for item in items}
        self.initials = {name: known[name] for name in names if name in known}
        try:
            self.initials |= pinyin_initials(
                name for name in names - self.initials.keys() if has_chinese(name)
            )
        except PinyinUnavailable as error:
            logger.error("search by pinyin initials is off for this fund list: %s", error)
        self._entries = [
            _Entry(item, item.code.lower(), item.name.lower(), initials, item.category)
            for item in items
            for initials in [self.initials.get(item.name, "")]
        ]

    def search(self, query: str, limit: int = 20, category: Category | None = None) -> list[EtfInfo]:
        """The best `limit` matches, only of `category` when one is given."""
        text = query.strip().lower()
        if not text or limit <= 0:
            return []
        code = normalize_code(query).lower()
        compact = text.replace(" ", "")
        text = _NICKNAMES.get(compact, text)
        ranked = []
        for order, entry in enumerate(self._entries):
            if category is not None and entry.category != category:
                continue
            rank = _rank(entry, code, text, compact)
            if rank is not None:
                ranked.append((rank, entry.code, order))
        return [self._entries[order].item for _, _, order in heapq.nsmallest(limit, ranked)]


def _rank(entry: _Entry, code: str, text: str, compact: str) -> tuple[MatchTier, int, int] | None:
    if entry.code == code:
        return MatchTier.EXACT_CODE, 0, 0
    if entry.code.startswith(code):
        return MatchTier.CODE_PREFIX, 0, len(entry.code)
    if entry.name.startswith(text):
        return MatchTier.NAME_PREFIX, 0, len(entry.name)
    if entry.initials and entry.initials.startswith(compact):
        return MatchTier.NAME_PREFIX, 0, len(entry.initials)
    if text in entry.name:
        return MatchTier.NAME_SUBSTRING, entry.name.index(text), len(entry.name)
    if entry.initials and compact in entry.initials:
        return MatchTier.PINYIN_INITIALS, entry.initials.index(compact), len(entry.initials)
    if code in entry.code:
        return MatchTier.CODE_SUBSTRING, entry.code.index(code), len(entry.code)
    return None
