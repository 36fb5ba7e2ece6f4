"""Reads the bundled sample CSVs directly, independently of the providers under test."""

import csv
import gzip
from datetime import date
from importlib.resources import files


def sample_closes(code: str) -> list[tuple[date, float]]:
    path = files("etftool.marketdata").joinpath("sample_data", f"{code}.csv.gz")
    with gzip.open(str(path), "rt") as handle:
        return [(date.fromisoformat(row["date"]), float(row["close"])) for row in csv.DictReader(handle)]
