"""Daily price CSV files: strict parsing of imports.

Accepted headers: `date,open,high,low,close,volume` (any order, case-insensitive, only date
and close required) or akshare's Chinese names 日期 开盘 收盘 最高 最低 成交量. Other columns,
such as akshare's 成交额 or a pandas index column, are ignored.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator
from datetime import date

from etftool.marketdata.base import Adjust, BarRow, Bars
from etftool.marketdata.errors import InvalidData

COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "date": ("date", "日期"),
    "open": ("open", "开盘"),
    "high": ("high", "最高"),
    "low": ("low", "最低"),
    "close": ("close", "收盘"),
    "volume": ("volume", "成交量"),
}
REQUIRED_COLUMNS = ("date", "close")
PRICE_COLUMNS = ("open", "high", "low", "close")

_DATE_FORMATS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]*)?$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T][\d:.]*)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_price_csv(content: str | bytes, *, code: str, source: str, adjust: Adjust) -> Bars:
    """Parse and check a price file; any problem raises InvalidData naming its 1-based line."""
    text = _decode(content)
    if not text.strip():
        raise InvalidData(1, "empty file")
    records = _records(text)
    _, header = next(records)
    columns = _locate_columns(header)
    rows: list[BarRow] = []
    first_line_of: dict[date, int] = {}
    for line, fields in records:
        if not any(field.strip() for field in fields):
            continue
        if len(fields) != len(header):
            raise InvalidData(line, f"expected {len(header)} fields like the header, found {len(fields)}")
        day = _parse_date(fields[columns["date"]], line)
        if day in first_line_of:
            raise InvalidData(line, f"duplicate date {day.isoformat()} (first on line {first_line_of[day]})")
        first_line_of[day] = line
        values = {
            name: _parse_number(fields, header, columns.get(name), line, name)
            for name in ("open", "high", "low", "close", "volume")
        }
        if math.isnan(values["close"]):
            raise InvalidData(line, f"missing close price in column {header[columns['close']]!r}")
        if values["high"] < values["low"]:
            raise InvalidData(line, f"high {values['high']:g} is below low {values['low']:g}")
        rows.append((day, values["open"], values["high"], values["low"], values["close"], values["volume"]))
    if not rows:
        raise InvalidData(2, "no data rows after the header")
    return Bars.from_rows(code, rows, adjust=adjust, source=source)


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(1-based line, fields) per CSV record; malformed CSV becomes InvalidData."""
    reader = csv.reader(io.StringIO(text))
    try:
        for fields in reader:
            yield reader.line_num, fields
    except csv.Error as error:
        raise InvalidData(reader.line_num, f"unreadable CSV: {error}") from None


def _decode(content: str | bytes) -> str:
    if isinstance(content, str):
        return content.removeprefix("\ufeff")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets saved on Chinese Windows write GBK, which GB18030 contains.
        return content.decode("gb18030", errors="replace")


def _locate_columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for position, raw_name in enumerate(header):
        name = raw_name.strip().lower()
        for column, aliases in COLUMN_NAMES.items():
            if name in aliases:
                if column in found:
                    names = f"{header[found[column]].strip()!r} and {raw_name.strip()!r}"
                    raise InvalidData(1, f"column {column!r} appears twice ({names})")
                found[column] = position
    for column in REQUIRED_COLUMNS:
        if column not in found:
            names = " or ".join(repr(alias) for alias in COLUMN_NAMES[column])
            raise InvalidData(1, f"missing required column {names}")
    return found


def _parse_date(raw: str, line: int) -> date:
    value = raw.strip()
    for pattern in _DATE_FORMATS:
        match = pattern.match(value)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                break
    raise InvalidData(line, f"bad date {raw!r} (expected YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)")


def _parse_number(
    fields: list[str], header: list[str], position: int | None, line: int, column: str
) -> float:
    if position is None:
        return math.nan
    raw = fields[position].strip()
    if not raw:
        return math.nan
    label = header[position].strip()
    try:
        value = float(raw)
    except ValueError:
        raise InvalidData(line, f"non-numeric value {raw!r} in column {label!r}") from None
    if not math.isfinite(value):
        raise InvalidData(line, f"non-numeric value {raw!r} in column {label!r}")
    if value < 0:
        kind = "price" if column in PRICE_COLUMNS else "volume"
        raise InvalidData(line, f"negative {kind} {raw} in column {label!r}")
    if value == 0 and column in PRICE_COLUMNS:
        raise InvalidData(line, f"zero price in column {label!r}")
    return value
