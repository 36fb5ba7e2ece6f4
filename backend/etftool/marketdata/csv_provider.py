"""Provider for price histories the user imports as CSV files; kept under the data directory."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path, PurePath
from typing import Any

from etftool.marketdata.base import ADJUSTMENTS, Adjust, Bars, EtfInfo, Quote
from etftool.marketdata.codes import a_share_exchange, normalize_code
from etftool.marketdata.errors import UnknownSymbol
from etftool.marketdata.price_csv import format_price_csv, parse_price_csv

_VALID_CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,19}$")


class CsvProvider:
    """Each import is validated, stored as `<code>.csv` in the compact format plus an entry
    in `index.json`, and then served with source 'csv: <original filename>'."""

    name = "csv"

    def __init__(self, data_dir: Path) -> None:
        self._dir = data_dir / "csv_imports"
        self._index_path = self._dir / "index.json"
        self._lock = threading.Lock()
        self._series: dict[str, Bars] = {}
        self._entries: dict[str, dict[str, Any]] = (
            json.loads(self._index_path.read_text(encoding="utf-8")) if self._index_path.exists() else {}
        )

    def import_csv(
        self,
        content: str | bytes,
        filename: str,
        *,
        code: str | None = None,
        name: str | None = None,
        currency: str | None = None,
        adjust: Adjust = "none",
    ) -> EtfInfo:
        """Validate and store a history, replacing an earlier import of the same code.

        The code defaults to the file name without extension; raises InvalidData for bad
        content and ValueError for an unusable code or adjustment.
        """
        original_name = PurePath(filename).name
        symbol = normalize_code(code if code is not None else PurePath(original_name).stem)
        if not _VALID_CODE.match(symbol):
            raise ValueError(f"unusable code {symbol!r}: use up to 20 letters, digits, '.', '_' or '-'")
        if adjust not in ADJUSTMENTS:
            raise ValueError(f"adjust must be one of {', '.join(ADJUSTMENTS)}")
        source = f"csv: {original_name}"
        bars = parse_price_csv(content, code=symbol, source=source, adjust=adjust)
        exchange = a_share_exchange(symbol)
        entry = {
            "code": symbol,
            "name": name or symbol,
            "market": "CN" if exchange else "",
            "exchange": exchange,
            "currency": currency if currency is not None else ("CNY" if exchange else ""),
            "adjust": adjust,
            "filename": original_name,
            "source": source,
            "as_of": bars.as_of,
        }
        with self._lock:
            self._dir.mkdir(parents=True, exist_ok=True)
            _write_atomically(self._dir / f"{symbol}.csv", format_price_csv(bars))
            self._entries[symbol] = entry
            self._save_index()
            self._series[symbol] = bars
        return _info(entry)

    def remove(self, code: str) -> None:
        symbol = normalize_code(code)
        with self._lock:
            if symbol not in self._entries:
                raise UnknownSymbol(symbol)
            del self._entries[symbol]
            self._series.pop(symbol, None)
            self._save_index()
            (self._dir / f"{symbol}.csv").unlink(missing_ok=True)

    def codes(self) -> set[str]:
        with self._lock:
            return set(self._entries)

    def list_etfs(self) -> list[EtfInfo]:
        with self._lock:
            return [_info(entry) for entry in self._entries.values()]

    def quotes(self, codes: Sequence[str]) -> dict[str, Quote]:
        known = self.codes()
        wanted = [code for code in map(normalize_code, codes) if code in known]
        return {code: self._load(code).latest_quote(self._entries[code]["name"]) for code in wanted}

    def history(
        self, code: str, start: date | None = None, end: date | None = None, adjust: Adjust = "qfq"
    ) -> Bars:
        """Imports exist in the one adjustment they were imported with (see Bars.adjust)."""
        return self._load(normalize_code(code)).between(start, end)

    def _load(self, code: str) -> Bars:
        with self._lock:
            entry = self._entries.get(code)
            if entry is None:
                raise UnknownSymbol(code)
            if code not in self._series:
                stored = (self._dir / f"{code}.csv").read_text(encoding="utf-8")
                self._series[code] = parse_price_csv(
                    stored, code=code, source=entry["source"], adjust=entry["adjust"]
                )
            return self._series[code]

    def _save_index(self) -> None:
        _write_atomically(self._index_path, json.dumps(self._entries, indent=2, ensure_ascii=False) + "\n")


def _info(entry: dict[str, Any]) -> EtfInfo:
    return EtfInfo(
        code=entry["code"],
        name=entry["name"],
        market=entry["market"],
        exchange=entry["exchange"],
        currency=entry["currency"],
        kind="etf",
        source=entry["source"],
        as_of=entry["as_of"],
    )


def _write_atomically(path: Path, text: str) -> None:
    """Readers never see half a file: write a sibling, then rename over the target."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
