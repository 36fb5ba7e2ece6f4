"""Provider for price histories the user imports as CSV files; kept under the data directory."""

from __future__ import annotations

import fcntl
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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
    in `index.json`, and then served with source 'csv: <original filename>'.

    Several worker processes may share the directory, each with its own provider: changes
    re-read the index under an exclusive lock on `index.lock` and write it anew, and every
    use picks up an index another process has replaced since."""

    name = "csv"

    def __init__(self, data_dir: Path) -> None:
        self._dir = data_dir / "csv_imports"
        self._index_path = self._dir / "index.json"
        self._lock = threading.Lock()
        self._series: dict[str, Bars] = {}
        self._entries: dict[str, dict[str, Any]] = {}
        self._index_version: tuple[int, int, int] | None = None
        with self._lock:
            self._refresh()

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
            # Tells other processes that a re-import of the same file changed the prices.
            "imported_ns": time.time_ns(),
        }
        with self._changing_index():
            _write_atomically(self._dir / f"{symbol}.csv", format_price_csv(bars))
            self._entries[symbol] = entry
            self._save_index()
            self._series[symbol] = bars
        return _info(entry)

    def remove(self, code: str) -> None:
        symbol = normalize_code(code)
        with self._changing_index():
            if symbol not in self._entries:
                raise UnknownSymbol(symbol)
            del self._entries[symbol]
            self._series.pop(symbol, None)
            self._save_index()
            (self._dir / f"{symbol}.csv").unlink(missing_ok=True)

    def codes(self) -> set[str]:
        with self._lock:
            self._refresh()
            return set(self._entries)

    def list_etfs(self) -> list[EtfInfo]:
        with self._lock:
            self._refresh()
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
            self._refresh()
            entry = self._entries.get(code)
            if entry is None:
                raise UnknownSymbol(code)
            if code not in self._series:
                stored = (self._dir / f"{code}.csv").read_text(encoding="utf-8")
                self._series[code] = parse_price_csv(
                    stored, code=code, source=entry["source"], adjust=entry["adjust"]
                )
            return self._series[code]

    @contextmanager
    def _changing_index(self) -> Iterator[None]:
        """This process's lock, then the directory's: the change applies to the index as
        it is on disk now, whichever process wrote it last."""
        with self._lock:
            self._dir.mkdir(parents=True, exist_ok=True)
            with open(self._dir / "index.lock", "a") as lock_file:
                fcntl.flock(lock_file, fcntl.LOCK_EX)  # released when the file closes
                self._refresh()
                yield

    def _refresh(self) -> None:
        """Re-read the index when another process has replaced it (each write is a new file)."""
        try:
            stat = self._index_path.stat()
        except FileNotFoundError:
            self._entries, self._series, self._index_version = {}, {}, None
            return
        version = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if version == self._index_version:
            return
        entries = json.loads(self._index_path.read_text(encoding="utf-8"))
        # Drop parsed series whose import changed; the others stay cached.
        self._series = {
            code: bars for code, bars in self._series.items() if entries.get(code) == self._entries.get(code)
        }
        self._entries, self._index_version = entries, version

    def _save_index(self) -> None:
        _write_atomically(self._index_path, json.dumps(self._entries, indent=2, ensure_ascii=False) + "\n")
        stat = self._index_path.stat()
        self._index_version = (stat.st_ino, stat.st_mtime_ns, stat.st_size)


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
    """Readers never see half a file: write a sibling of a name no other writer uses, then
    rename it over the target."""
    descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
