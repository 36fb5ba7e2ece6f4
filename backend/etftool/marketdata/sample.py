"""Offline provider: real historical prices shipped with the app (see sample_data/ATTRIBUTION.md)."""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Sequence
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from etftool.marketdata.base import Adjust, Bars, EtfInfo, Quote
from etftool.marketdata.codes import normalize_code
from etftool.marketdata.errors import UnknownSymbol
from etftool.marketdata.price_csv import parse_price_csv


class SampleProvider:
    """Serves the bundled series as they are: each exists in one adjustment only, which
    `Bars.adjust` reports whatever was asked for (the ETFs are dividend-adjusted closes,
    the index is unadjusted)."""

    name = "sample"

    def __init__(self, data_dir: Traversable | None = None) -> None:
        self._data_dir = data_dir or files("etftool.marketdata") / "sample_data"
        catalog = json.loads((self._data_dir / "catalog.json").read_text(encoding="utf-8"))
        self._entries: dict[str, dict[str, Any]] = {entry["code"]: entry for entry in catalog["symbols"]}
        self._series: dict[str, Bars] = {}
        self._lock = threading.Lock()

    def codes(self) -> set[str]:
        return set(self._entries)

    def list_etfs(self) -> list[EtfInfo]:
        return [
            EtfInfo(
                code=entry["code"],
                name=entry["name"],
                market=entry["market"],
                exchange=entry["exchange"],
                currency=entry["currency"],
                kind=entry["kind"],
                source=entry["source"],
                as_of=entry["as_of"],
            )
            for entry in self._entries.values()
        ]

    def quotes(self, codes: Sequence[str]) -> dict[str, Quote]:
        known = [code for code in map(normalize_code, codes) if code in self._entries]
        return {code: self._load(code).latest_quote(self._entries[code]["name"]) for code in known}

    def history(
        self, code: str, start: date | None = None, end: date | None = None, adjust: Adjust = "qfq"
    ) -> Bars:
        return self._load(normalize_code(code)).between(start, end)

    def _load(self, code: str) -> Bars:
        entry = self._entries.get(code)
        if entry is None:
            raise UnknownSymbol(code)
        with self._lock:
            if code not in self._series:
                raw = gzip.decompress((self._data_dir / entry["file"]).read_bytes())
                self._series[code] = parse_price_csv(
                    raw, code=code, source=entry["source"], adjust=entry["adjust"]
                )
            return self._series[code]
