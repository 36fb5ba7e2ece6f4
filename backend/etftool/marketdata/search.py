"""Ranked, case-insensitive search over an ETF list.

Tiers, best first: exact code, code prefix, name prefix, name substring, pinyin initials
(沪深300ETF is found by "hs300"), code substring. Within a tier, earlier and shorter
matches come first. Pinyin is worked out once per list, when the index is built.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from pypinyin import Style, lazy_pinyin

from etftool.marketdata.base import EtfInfo
from etftool.marketdata.codes import normalize_code


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


class EtfSearchIndex:
    def __init__(self, items: Sequence[EtfInfo]) -> None:
        self._entries = [
            _Entry(item, item.code.lower(), item.name.lower(), pinyin_initials(item.name)) for item in items
        ]

    def search(self, query: str, limit: int = 20) -> list[EtfInfo]:
        text = query.strip().lower()
        if not text or limit <= 0:
            return []
        code = normalize_code(query).lower()
        compact = text.replace(" ", "")
        ranked = []
        for order, entry in enumerate(self._entries):
            rank = _rank(entry, code, text, compact)
            if rank is not None:
                ranked.append((rank, entry.code, order))
        return [self._entries[order].item for _, _, order in heapq.nsmallest(limit, ranked)]


def pinyin_initials(name: str) -> str:
    """'沪深300ETF' -> 'hs300etf'; other characters are kept as they are."""
    if not any("\u4e00" <= char <= "\u9fff" for char in name):
        return ""
    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower().replace(" ", "")


def _rank(entry: _Entry, code: str, text: str, compact: str) -> tuple[MatchTier, int, int] | None:
    if entry.code == code:
        return MatchTier.EXACT_CODE, 0, 0
    if entry.code.startswith(code):
        return MatchTier.CODE_PREFIX, 0, len(entry.code)
    if entry.name.startswith(text):
        return MatchTier.NAME_PREFIX, 0, len(entry.name)
    if text in entry.name:
        return MatchTier.NAME_SUBSTRING, entry.name.index(text), len(entry.name)
    if entry.initials and compact in entry.initials:
        return MatchTier.PINYIN_INITIALS, entry.initials.index(compact), len(entry.initials)
    if code in entry.code:
        return MatchTier.CODE_SUBSTRING, entry.code.index(code), len(entry.code)
    return None
