"""Provider for price histories the user imports as CSV files; kept in the database."""

from __future__ import annotations

import json
import logging
import math
import re
import threading
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path, PurePath
from typing import cast

from sqlalchemy import delete, insert, select

from etftool.db import Database
from etftool.db.locks import serialise
from etftool.db.types import utc_now
from etftool.marketdata.base import ADJUSTMENTS, Adjust, Bars, EtfInfo, Quote
from etftool.marketdata.codes import a_share_exchange, normalize_code
from etftool.marketdata.errors import InvalidData, UnknownSymbol
from etftool.marketdata.models import ImportedPrice, ImportedSeries
from etftool.marketdata.price_csv import parse_price_csv

logger = logging.getLogger(__name__)

_VALID_CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,19}$")
# Where versions before the database kept imports, relative to DATA_DIR.
FILES_DIR = "csv_imports"
MOVED_INDEX = "index.json.moved-to-database"


class CsvProvider:
    """Each import is validated, stored in the database (etftool.marketdata.models) in place
    of an earlier import of the same code, and then served with source 'csv: <original
    filename>'.

    Every process serving the database has its own provider: each use reads the list of
    imports (a row a code), so an import through any process is seen at once, and a parsed
    series is kept until its code's `imported_at` changes."""

    name = "csv"

    def __init__(self, database: Database) -> None:
        self._database = database
        self._lock = threading.Lock()
        self._series: dict[str, tuple[datetime, Bars]] = {}

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
        bars = parse_price_csv(content, code=symbol, source=_source(original_name), adjust=adjust)
        exchange = a_share_exchange(symbol)
        series = ImportedSeries(
            code=symbol,
            name=name or symbol,
            market="CN" if exchange else "",
            exchange=exchange,
            currency=currency if currency is not None else ("CNY" if exchange else ""),
            adjust=adjust,
            filename=original_name,
            as_of=bars.as_of,
            imported_at=utc_now(),
        )
        self._store(series, bars, replace=True)
        return _info(series)

    def remove(self, code: str) -> None:
        symbol = normalize_code(code)
        with self._database.writing() as session:
            serialise(session, _lock_scope(symbol))
            series = session.get(ImportedSeries, symbol)
            if series is None:
                raise UnknownSymbol(symbol)
            session.delete(series)  # its prices go with it (ON DELETE CASCADE)

    def codes(self) -> set[str]:
        return set(self._entries())

    def list_etfs(self) -> list[EtfInfo]:
        return [_info(series) for series in self._entries().values()]

    def quotes(self, codes: Sequence[str]) -> dict[str, Quote]:
        entries = self._entries()
        wanted = [code for code in map(normalize_code, codes) if code in entries]
        return {code: self._load(code).latest_quote(entries[code].name) for code in wanted}

    def history(
        self, code: str, start: date | None = None, end: date | None = None, adjust: Adjust = "qfq"
    ) -> Bars:
        """Imports exist in the one adjustment they were imported with (see Bars.adjust)."""
        return self._load(normalize_code(code)).between(start, end)

    def move_files_into_database(self, data_dir: Path) -> None:
        """Stores the imports an earlier version kept as files under `data_dir`, then renames
        their index so that the next start leaves them alone. A code the database already
        has keeps its stored history: another process may have moved it, or it was imported
        again since."""
        directory = data_dir / FILES_DIR
        index_path = directory / "index.json"
        try:
            entries = json.loads(index_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as error:
            logger.warning("CSV imports in %s not moved into the database: %s", directory, error)
            return
        moved = 0
        for code, entry in entries.items():
            try:
                text = (directory / f"{code}.csv").read_text(encoding="utf-8")
                filename = entry.get("filename") or f"{code}.csv"
                bars = parse_price_csv(text, code=code, source=_source(filename), adjust=entry["adjust"])
                imported_ns = entry.get("imported_ns")  # when the import was made, if the index says
                imported_at = (
                    utc_now() if imported_ns is None else datetime.fromtimestamp(imported_ns / 1e9, UTC)
                )
                series = ImportedSeries(
                    code=code,
                    name=entry["name"],
                    market=entry["market"],
                    exchange=entry["exchange"],
                    currency=entry["currency"],
                    adjust=entry["adjust"],
                    filename=filename,
                    as_of=bars.as_of,
                    imported_at=imported_at,
                )
            except (OSError, KeyError, InvalidData) as error:
                logger.warning("CSV import %s in %s not moved into the database: %s", code, directory, error)
                continue
            moved += self._store(series, bars, replace=False)
        index_path.replace(directory / MOVED_INDEX)
        logger.info(
            "moved %d of %d CSV imports in %s into the database (index renamed to %s)",
            moved,
            len(entries),
            directory,
            MOVED_INDEX,
        )

    def _store(self, series: ImportedSeries, bars: Bars, *, replace: bool) -> bool:
        """One transaction: a reader sees the code's old history or its new one, never a mix.
        Without `replace`, a code already stored is kept; returns whether `series` was stored."""
        columns = (bars.open, bars.high, bars.low, bars.close, bars.volume)
        rows = [
            {
                "code": series.code,
                "day": day,
                "open": _nullable(opening),
                "high": _nullable(high),
                "low": _nullable(low),
                "close": float(close),
                "volume": _nullable(volume),
            }
            for day, opening, high, low, close, volume in zip(
                bars.dates.astype(object), *columns, strict=True
            )
        ]
        with self._database.writing() as session:
            # Two imports of one code on PostgreSQL would otherwise both delete, then collide.
            serialise(session, _lock_scope(series.code))
            existing = session.get(ImportedSeries, series.code)
            if existing is not None:
                if not replace:
                    return False
                session.execute(delete(ImportedPrice).where(ImportedPrice.code == series.code))
                session.delete(existing)
                session.flush()
            session.add(series)
            session.flush()
            session.execute(insert(ImportedPrice), rows)
        return True

    def _entries(self) -> dict[str, ImportedSeries]:
        with self._database.reading() as session:
            listed = session.scalars(select(ImportedSeries).order_by(ImportedSeries.code))
            entries = {series.code: series for series in listed}
        with self._lock:  # parsed series of removed codes go
            self._series = {code: cached for code, cached in self._series.items() if code in entries}
        return entries

    def _load(self, code: str) -> Bars:
        with self._database.reading() as session:
            series = session.get(ImportedSeries, code)
            if series is None:
                raise UnknownSymbol(code)
            with self._lock:
                cached = self._series.get(code)
            if cached is not None and cached[0] == series.imported_at:
                return cached[1]
            prices = session.execute(
                select(
                    ImportedPrice.day,
                    ImportedPrice.open,
                    ImportedPrice.high,
                    ImportedPrice.low,
                    ImportedPrice.close,
                    ImportedPrice.volume,
                )
                .where(ImportedPrice.code == code)
                .order_by(ImportedPrice.day)
            ).all()
        rows = [(day, _nan(op), _nan(hi), _nan(lo), cl, _nan(vol)) for day, op, hi, lo, cl, vol in prices]
        bars = Bars.from_rows(
            code,
            rows,
            adjust=cast(Adjust, series.adjust),
            source=_source(series.filename),
        )
        with self._lock:
            self._series[code] = (series.imported_at, bars)
        return bars


def _info(series: ImportedSeries) -> EtfInfo:
    return EtfInfo(
        code=series.code,
        name=series.name,
        market=series.market,
        exchange=series.exchange,
        currency=series.currency,
        kind="etf",
        source=_source(series.filename),
        as_of=series.as_of,
    )


def _lock_scope(code: str) -> str:
    return f"imported-series:{code}"


def _source(filename: str) -> str:
    return f"csv: {filename}"


def _nullable(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _nan(value: float | None) -> float:
    return math.nan if value is None else value

