import json
import math
from datetime import date
from importlib.resources import files

import numpy as np
import pytest

from etftool.marketdata.errors import UnknownSymbol
from etftool.marketdata.sample import SampleProvider

SAMPLE_DATA = files("etftool.marketdata") / "sample_data"
FACTOR_ETFS = {"MTUM", "QUAL", "SIZE", "USMV", "VLUE"}


@pytest.fixture(scope="module")
def sample() -> SampleProvider:
    return SampleProvider()


def test_lists_five_real_etfs_and_the_sp500_index(sample: SampleProvider) -> None:
    listed = {item.code: item for item in sample.list_etfs()}
    assert {code for code, item in listed.items() if item.kind == "etf"} == FACTOR_ETFS
    assert listed["SPX"].kind == "index"
    assert listed["SPX"].name == "S&P 500 Index"
    assert listed["MTUM"].name == "iShares MSCI USA Momentum Factor ETF"
    assert {item.currency for item in listed.values()} == {"USD"}
    assert {item.market for item in listed.values()} == {"US"}


@pytest.mark.parametrize("code", sorted(FACTOR_ETFS | {"SPX"}))
def test_every_series_covers_at_least_five_years_of_trading_days(sample: SampleProvider, code: str) -> None:
    bars = sample.history(code)
    assert (bars.dates[-1] - bars.dates[0]).astype(int) >= 5 * 365
    assert len(bars) >= 5 * 250
    assert np.all(np.diff(bars.dates.astype("int64")) > 0)
    assert np.all(bars.close > 0)
    assert bars.as_of == "2022-12-28"


def test_etf_series_are_the_skfolio_adjusted_closes(sample: SampleProvider) -> None:
    bars = sample.history("MTUM")
    assert str(bars.dates[0]) == "2014-01-02"
    assert bars.close[0] == 52.704
    assert bars.close[-1] == 143.73
    assert len(bars) == 2264
    assert np.isnan(bars.open).all() and np.isnan(bars.volume).all()
    assert bars.adjust == "qfq"
    assert bars.source == "sample: skfolio factors dataset (BSD-3-Clause)"


def test_index_has_great_tables_ohlcv_then_skfolio_closes(sample: SampleProvider) -> None:
    bars = sample.history("SPX")
    assert str(bars.dates[0]) == "1950-01-03" and bars.close[0] == 16.66
    last_ohlcv = sample.history("SPX", start=date(2015, 12, 31), end=date(2015, 12, 31))
    assert (last_ohlcv.open[0], last_ohlcv.high[0], last_ohlcv.low[0], last_ohlcv.close[0]) == (
        2060.5901,
        2062.54,
        2043.62,
        2043.9399,
    )
    assert last_ohlcv.volume[0] == 2655330000
    first_close_only = sample.history("SPX", start=date(2016, 1, 1), end=date(2016, 1, 4))
    assert first_close_only.close.tolist() == [2012.66]
    assert math.isnan(first_close_only.open[0]) and math.isnan(first_close_only.volume[0])
    assert "great-tables" in bars.source and "skfolio" in bars.source
    assert bars.adjust == "none"


def test_history_range_is_inclusive(sample: SampleProvider) -> None:
    bars = sample.history("QUAL", start=date(2014, 1, 3), end=date(2014, 1, 7))
    assert [str(day) for day in bars.dates] == ["2014-01-03", "2014-01-06", "2014-01-07"]
    assert bars.close[0] == 48.256


def test_quotes_are_the_last_two_closes(sample: SampleProvider) -> None:
    quotes = sample.quotes(["mtum", "NOPE"])
    assert list(quotes) == ["MTUM"]
    quote = quotes["MTUM"]
    assert (quote.price, quote.prev_close, quote.as_of, quote.stale) == (143.73, 145.443, "2022-12-28", False)
    assert quote.change == pytest.approx(143.73 - 145.443)
    assert quote.source == "sample: skfolio factors dataset (BSD-3-Clause)"


def test_unknown_code_raises(sample: SampleProvider) -> None:
    with pytest.raises(UnknownSymbol):
        sample.history("510300")


def test_catalog_attribution_and_size() -> None:
    catalog = json.loads((SAMPLE_DATA / "catalog.json").read_text(encoding="utf-8"))
    for entry in catalog["symbols"]:
        assert entry["source"].startswith("sample: ")
        assert entry["licence"]
        assert (SAMPLE_DATA / entry["file"]).is_file()
    attribution = (SAMPLE_DATA / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "Copyright (c) 2023-2026 The skfolio developers." in attribution
    assert "Copyright (c) 2022-2026 Posit Software, PBC" in attribution
    total_bytes = sum(len(entry.read_bytes()) for entry in SAMPLE_DATA.iterdir())
    assert total_bytes < 3 * 1024 * 1024
