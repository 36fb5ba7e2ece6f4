import json
import math
import resource
import signal
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError
from upstream.standin import StandIn

from etftool.api.deps import get_market_data
from etftool.core.config import Settings
from etftool.core.paths import resolve_database_url
from etftool.db import Database
from etftool.main import create_app
from etftool.marketdata import MarketData, MarketDataSettings
from tests.api.sample_prices import sample_closes
from tests.marketdata.upstream_data import fixture_body, fixture_table


@pytest.fixture
def live_client(settings: Settings, upstream: StandIn) -> Iterator[TestClient]:
    """The API with DATA_SOURCE=akshare, akshare talking to the loopback stand-in."""
    database = Database(resolve_database_url(settings))  # the app's, which it migrates
    market_data = MarketData.from_settings(
        MarketDataSettings(
            data_source="akshare", cache_dir=settings.cache_dir, data_dir=settings.data_dir, retry_attempts=1
        ),
        database,
    )
    app = create_app(settings)
    app.dependency_overrides[get_market_data] = lambda: market_data
    with TestClient(app) as client:
        yield client
    market_data.close()
    database.dispose()


def test_search_ranks_the_exact_code_first(client: TestClient) -> None:
    body = client.get("/api/v1/etfs/search", params={"q": "mtum"}).json()
    assert body["results"][0]["code"] == "MTUM"
    assert body["results"][0]["match"] == "code"
    assert body["source"].startswith("sample")


def test_search_by_name_substring(client: TestClient) -> None:
    codes = [
        item["code"] for item in client.get("/api/v1/etfs/search", params={"q": "quality"}).json()["results"]
    ]
    assert codes == ["QUAL"]


def test_search_needs_a_query(client: TestClient) -> None:
    response = client.get("/api/v1/etfs/search", params={"q": ""})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "q"]


def test_detail_quotes_the_last_sample_close(client: TestClient) -> None:
    closes = sample_closes("MTUM")
    body = client.get("/api/v1/etfs/MTUM").json()
    assert body["name"] == "iShares MSCI USA Momentum Factor ETF"
    assert body["quote"]["price"] == closes[-1][1]
    assert body["quote"]["prev_close"] == closes[-2][1]
    assert math.isclose(body["quote"]["change_pct"], (closes[-1][1] / closes[-2][1] - 1) * 100)
    assert body["as_of"] == closes[-1][0].isoformat()
    assert body["stale"] is False
    assert body["market_status"]["market"] == "US"


def test_a_code_only_a_failing_live_source_could_know_is_its_failure(
    live_client: TestClient, upstream: StandIn
) -> None:
    upstream.mode = "error"
    unknown_here = live_client.get("/api/v1/etfs/510300")
    assert unknown_here.status_code == 503
    assert "akshare" in unknown_here.json()["detail"] and "502" in unknown_here.json()["detail"]
    assert live_client.get("/api/v1/etfs/MTUM").status_code == 200  # the sample data still answers


def test_live_detail_has_the_etf_quote_fields_and_category(live_client: TestClient) -> None:
    row = next(row for row in fixture_body("em_fund_etf_spot.json")["data"]["diff"] if row["f12"] == "510300")
    body = live_client.get("/api/v1/etfs/510300").json()
    assert (body["category"], body["kind"], body["exchange"]) == ("broad", "etf", "SSE")
    quote = body["quote"]
    assert (quote["price"], quote["iopv"], quote["shares"], quote["fund_size"]) == (
        row["f2"],
        row["f441"],
        row["f38"],
        row["f20"],
    )
    assert (quote["volume"], quote["amount"]) == (row["f5"] * 100, row["f6"])
    assert math.isclose(quote["premium_pct"], (row["f2"] / row["f441"] - 1) * 100)
    assert (quote["shares_change_5d"], quote["shares_change_20d"]) == (None, None)


def test_live_search_filters_by_category(live_client: TestClient) -> None:
    body = live_client.get(
        "/api/v1/etfs/search", params={"q": "ETF", "category": "bond", "limit": 100}
    ).json()
    names = {item["code"]: item["name"] for item in body["results"]}
    assert names and all("债" in name for name in names.values())
    assert {item["category"] for item in body["results"]} == {"bond"}
    hsi = live_client.get("/api/v1/etfs/search", params={"q": "hsi"}).json()["results"]
    assert hsi and all("恒生" in item["name"] for item in hsi)
    assert live_client.get("/api/v1/etfs/search", params={"q": "a", "category": "stocks"}).status_code == 422


def test_live_intraday_and_unknown_codes(live_client: TestClient, upstream: StandIn) -> None:
    body = live_client.get("/api/v1/etfs/510300/intraday").json()
    assert body["date"] == "2024-06-14" and body["points"]
    assert all(
        point["time"].startswith("2024-06-14T") and point["time"].endswith("+08:00")
        for point in body["points"]
    )
    for path in ("/api/v1/etfs/159999/intraday", "/api/v1/etfs/159999/history", "/api/v1/etfs/159999"):
        response = live_client.get(path)
        assert response.status_code == 404, path
        assert "159999" in response.json()["detail"]


def test_live_history_of_garbage_is_a_503_naming_the_source(
    live_client: TestClient, upstream: StandIn
) -> None:
    live_client.get("/api/v1/etfs/search", params={"q": "510300"})  # the list, while it answers
    upstream.mode = "garbage"
    response = live_client.get("/api/v1/etfs/510300/history")
    assert response.status_code == 503
    assert "fund_etf_hist_em" in response.json()["detail"]


def test_live_metrics_are_annualised_with_the_a_share_calendar(live_client: TestClient) -> None:
    body = live_client.get("/api/v1/etfs/510300/metrics", params={"period": "all"}).json()
    assert 240 <= body["trading_days_per_year"] <= 246


def test_sample_detail_has_a_category_and_no_etf_quote_fields(client: TestClient) -> None:
    body = client.get("/api/v1/etfs/MTUM").json()
    assert body["category"] == "broad"
    assert all(body["quote"][field] is None for field in ("iopv", "premium_pct", "shares", "fund_size"))
    assert client.get("/api/v1/etfs/MTUM/metrics").json()["trading_days_per_year"] == 252


def test_sample_intraday_is_empty_and_names_its_source(client: TestClient) -> None:
    body = client.get("/api/v1/etfs/MTUM/intraday").json()
    assert (body["points"], body["date"]) == ([], None)
    assert body["source"].startswith("sample")
    assert client.get("/api/v1/etfs/NOPE/intraday").status_code == 404


def test_unknown_code_is_a_404_naming_it(client: TestClient) -> None:
    for path in ("/api/v1/etfs/NOPE", "/api/v1/etfs/NOPE/history", "/api/v1/etfs/NOPE/metrics"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "NOPE" in response.json()["detail"]


def test_history_is_inclusive_of_both_ends(client: TestClient) -> None:
    expected = [(d, c) for d, c in sample_closes("QUAL") if "2020-03-02" <= d.isoformat() <= "2020-03-31"]
    body = client.get("/api/v1/etfs/QUAL/history", params={"start": "2020-03-02", "end": "2020-03-31"}).json()
    assert [(bar["date"], bar["close"]) for bar in body["bars"]] == [(d.isoformat(), c) for d, c in expected]
    assert body["bars"][0]["open"] is None  # the source has closes only
    assert body["adjust"] == "qfq"


def test_monthly_bars_close_on_the_last_trading_day_of_each_month(client: TestClient) -> None:
    closes = [(d, c) for d, c in sample_closes("QUAL") if d.year == 2021]
    last_per_month = {d.month: (d, c) for d, c in closes}
    body = client.get(
        "/api/v1/etfs/QUAL/history",
        params={"start": "2021-01-01", "end": "2021-12-31", "interval": "monthly"},
    ).json()
    assert [(bar["date"], bar["close"]) for bar in body["bars"]] == [
        (d.isoformat(), c) for d, c in sorted(last_per_month.values())
    ]


def test_history_rejects_bad_parameters_naming_the_field(client: TestClient) -> None:
    reversed_range = client.get(
        "/api/v1/etfs/QUAL/history", params={"start": "2021-02-01", "end": "2021-01-01"}
    )
    assert reversed_range.status_code == 422
    assert reversed_range.json()["detail"][0]["loc"] == ["query", "start"]
    for field, value in (("adjust", "sideways"), ("interval", "hourly"), ("start", "2021-13-01")):
        response = client.get("/api/v1/etfs/QUAL/history", params={field: value})
        assert response.status_code == 422, field
        assert response.json()["detail"][0]["loc"] == ["query", field]


def test_metrics_over_all_history_match_the_raw_closes(client: TestClient) -> None:
    closes = sample_closes("USMV")
    body = client.get("/api/v1/etfs/USMV/metrics", params={"period": "all"}).json()
    assert math.isclose(body["total_return"], closes[-1][1] / closes[0][1] - 1, rel_tol=1e-12)
    years = (closes[-1][0] - closes[0][0]).days / 365.25
    assert math.isclose(body["cagr"], (closes[-1][1] / closes[0][1]) ** (1 / years) - 1, rel_tol=1e-12)
    assert body["start"] == closes[0][0].isoformat() and body["end"] == closes[-1][0].isoformat()
    assert body["max_drawdown"]["value"] < 0
    assert body["max_drawdown"]["peak"] < body["max_drawdown"]["trough"]
    assert body["risk_level"] in {"low", "medium", "high"}
    assert body["unavailable"] == {}


def test_metrics_period_starts_on_or_before_one_year_back(client: TestClient) -> None:
    body = client.get("/api/v1/etfs/VLUE/metrics", params={"period": "1y"}).json()
    assert body["start"] == "2021-12-28"  # 2021-12-28 was a trading day, exactly a year before the end
    assert body["end"] == "2022-12-28"


def test_metrics_reject_an_unknown_period(client: TestClient) -> None:
    response = client.get("/api/v1/etfs/VLUE/metrics", params={"period": "2y"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "period"]


def test_indicators_are_aligned_and_bounded(client: TestClient) -> None:
    body = client.get(
        "/api/v1/etfs/SPX/indicators", params={"names": "rsi,boll,kdj,macd", "period": "6m"}
    ).json()
    assert {"rsi14", "boll.upper", "boll.mid", "boll.lower", "kdj.k", "macd.bar"} <= set(body["series"])
    assert all(len(values) == len(body["dates"]) for values in body["series"].values())
    rsi = [value for value in body["series"]["rsi14"] if value is not None]
    assert rsi and all(0 <= value <= 100 for value in rsi)
    upper, lower = body["series"]["boll.upper"], body["series"]["boll.lower"]
    assert all(u >= lo for u, lo in zip(upper, lower, strict=True) if u is not None and lo is not None)


def test_indicators_reject_unknown_names_and_windows(client: TestClient) -> None:
    names = client.get("/api/v1/etfs/SPX/indicators", params={"names": "rsi,magic"})
    assert names.status_code == 422
    assert "magic" in names.json()["detail"][0]["msg"]
    windows = client.get("/api/v1/etfs/SPX/indicators", params={"ma": "1,abc"})
    assert windows.status_code == 422
    assert windows.json()["detail"][0]["loc"] == ["query", "ma"]


def test_temperature_trend_and_grid(client: TestClient) -> None:
    temperature = client.get("/api/v1/etfs/SPX/temperature").json()
    assert 0 <= temperature["score"] <= 100
    assert temperature["level"] in {"freezing", "cool", "warm", "hot"}
    trend = client.get("/api/v1/etfs/SPX/trend").json()
    assert trend["daily"] in {"bullish", "bearish", "neutral"}
    grid = client.get("/api/v1/etfs/SPX/grid").json()
    assert grid["lower"] < grid["upper"]
    assert 1 <= grid["spacing_pct"] <= 3
    assert 5 <= grid["grid_count"] <= 20


def import_rows(client: TestClient, code: str, rows: list[str]) -> None:
    """Imports `rows` (date,open,high,low,close,volume) as the history of `code`."""
    csv_text = "date,open,high,low,close,volume\n" + "\n".join(rows) + "\n"
    imported = client.post(
        "/api/v1/etfs/import", files={"file": (f"{code}.csv", csv_text, "text/csv")}, data={"code": code}
    )
    assert imported.status_code == 201, imported.text


def test_a_short_imported_history_gets_null_measures_with_reasons(client: TestClient) -> None:
    import_rows(client, "FLAT", [f"2024-01-0{day},1,1.1,0.9,1.0,100" for day in range(2, 6)])
    body = client.get("/api/v1/etfs/FLAT/metrics", params={"period": "all"}).json()
    assert body["total_return"] == 0
    assert body["sharpe"] is None and body["unavailable"]["sharpe"]
    assert body["volatility"] == 0
    grid = client.get("/api/v1/etfs/FLAT/grid")
    assert grid.status_code == 422
    assert "no grid suggestion" in grid.json()["detail"]


def test_a_period_reaching_before_the_history_is_the_same_rule_on_every_endpoint(client: TestClient) -> None:
    rows = [f"2024-01-{day:02d},1,1.1,0.9,{1 + day / 100},100" for day in range(2, 31)]
    import_rows(client, "YOUNG", rows)
    query = {"period": "1y"}

    history = client.get("/api/v1/etfs/YOUNG/history", params=query)
    indicators = client.get("/api/v1/etfs/YOUNG/indicators", params={**query, "ma": "5"})
    metrics = client.get("/api/v1/etfs/YOUNG/metrics", params=query)
    compare = client.get("/api/v1/compare", params={"codes": "YOUNG,SPX", **query})

    # Series cover the whole (shorter) history; measures over the period are null, saying why.
    assert history.status_code == 200, history.text
    assert [bar["date"] for bar in history.json()["bars"]] == [row[:10] for row in rows]
    assert indicators.status_code == 200, indicators.text
    assert indicators.json()["dates"][0] == "2024-01-02"
    assert metrics.status_code == 200
    assert metrics.json()["total_return"] is None
    assert metrics.json()["unavailable"]["period"] == "history starts after 2023-01-30"
    assert compare.status_code == 200
    assert compare.json()["metrics"]["YOUNG"]["unavailable"]["period"] == "history starts after 2023-01-30"


@pytest.mark.parametrize("endpoint", ["history", "metrics", "indicators"])
def test_a_start_after_the_end_is_refused_on_the_start_field(client: TestClient, endpoint: str) -> None:
    response = client.get(f"/api/v1/etfs/SPX/{endpoint}", params={"start": "2022-06-02", "end": "2022-06-01"})

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["query", "start"], "msg": "start must not be after end", "type": "value_error"}
    ]


def test_a_bad_csv_import_names_the_line(client: TestClient) -> None:
    csv_text = "date,close\n2024-01-02,1.0\n2024-01-03,abc\n"
    response = client.post("/api/v1/etfs/import", files={"file": ("bad.csv", csv_text, "text/csv")})
    assert response.status_code == 422
    assert "line 3" in response.json()["detail"]


def test_csv_imports_are_listed_and_removed_leaving_other_funds_alone(client: TestClient) -> None:
    for code, name in (("ZZ2", "Second"), ("AA1", "First")):
        csv_text = "date,close\n2024-01-02,1.0\n2024-01-03,1.5\n"
        files = {"file": (f"{code}.csv", csv_text, "text/csv")}
        assert client.post("/api/v1/etfs/import", files=files, data={"name": name}).status_code == 201

    listed = client.get("/api/v1/etfs/imports").json()["items"]
    assert [(item["code"], item["name"], item["source"], item["as_of"]) for item in listed] == [
        ("AA1", "First", "csv: AA1.csv", "2024-01-03"),
        ("ZZ2", "Second", "csv: ZZ2.csv", "2024-01-03"),
    ]

    assert client.delete("/api/v1/etfs/imports/aa1").status_code == 204  # codes as typed
    assert [item["code"] for item in client.get("/api/v1/etfs/imports").json()["items"]] == ["ZZ2"]
    assert client.get("/api/v1/etfs/AA1/history").status_code == 404
    assert client.get("/api/v1/etfs/ZZ2/history").status_code == 200
    assert client.delete("/api/v1/etfs/imports/AA1").status_code == 404
    assert client.delete("/api/v1/etfs/imports/SPX").status_code == 404  # a sample fund is no import
    assert client.get("/api/v1/etfs/SPX").status_code == 200


def test_live_distributions_are_the_funds_dividends_from_east_money(
    live_client: TestClient, upstream: StandIn
) -> None:
    body = live_client.get("/api/v1/etfs/510300/distributions").json()
    rows = [
        row
        for name in ("em_fund_fh_2024_page1.json", "em_fund_fh_2024_page2.json")
        for row in fixture_table(name, "jjfh_data")
        if row[0] == "510300"
    ]
    events = [
        (event["kind"], event["ex_date"], event["pay_date"], event["cash_per_share"])
        for event in body["events"]
    ]
    rows.sort(key=lambda row: row[3])  # ex date
    assert events == [("dividend", row[3], row[5], float(row[4])) for row in rows]
    assert body["first_year"] == 2024  # the year of the first bar in the fixtures
    assert "fund_fh_em" in body["source"] and body["stale"] is False


def test_live_distributions_of_an_unknown_code_are_a_404_that_asks_nobody(
    live_client: TestClient, upstream: StandIn
) -> None:
    response = live_client.get("/api/v1/etfs/159999/distributions")
    assert response.status_code == 404 and "159999" in response.json()["detail"]
    assert upstream.requests_to("funddataIndex") == []
    live = live_client.get("/api/v1/datasources").json()["providers"][0]
    assert (live["name"], live["breaker"], live["healthy"]) == ("akshare", "closed", True)


def test_live_distributions_of_a_failing_source_are_a_503_naming_it(
    live_client: TestClient, upstream: StandIn
) -> None:
    live_client.get("/api/v1/etfs/510300/history")  # the list and the bars, while they answer
    upstream.mode = "garbage"
    response = live_client.get("/api/v1/etfs/510300/distributions")
    assert response.status_code == 503
    assert "akshare" in response.json()["detail"] and "fund_fh_em" in response.json()["detail"]


def test_sample_distributions_are_empty_and_name_their_source(client: TestClient) -> None:
    body = client.get("/api/v1/etfs/MTUM/distributions").json()
    assert (body["events"], body["first_year"]) == ([], None)
    assert body["source"].startswith("sample")
    assert client.get("/api/v1/etfs/NOPE/distributions").status_code == 404


def test_a_large_csv_import_does_not_hold_up_other_requests(client: TestClient) -> None:
    """The import parses in a worker thread: /health, polled every 50 ms, keeps answering."""
    first = date(1800, 1, 1)
    prices = "1234.5678,1234.5678,1234.5678,1234.5678,123456789"
    rows = [f"{first + timedelta(days=day)},{prices}" for day in range(80_000)]
    csv_text = ("date,open,high,low,close,volume\n" + "\n".join(rows) + "\n").encode()
    assert 4.5e6 < len(csv_text) <= 5 * 1024 * 1024
    outcome: list[int] = []

    def import_it() -> None:
        files = {"file": ("big.csv", csv_text, "text/csv")}
        outcome.append(client.post("/api/v1/etfs/import", files=files, data={"code": "BIG"}).status_code)

    importer = threading.Thread(target=import_it)
    started = time.monotonic()
    importer.start()
    slowest = 0.0
    while importer.is_alive():
        asked = time.monotonic()
        assert client.get("/api/health").status_code == 200
        slowest = max(slowest, time.monotonic() - asked)
        time.sleep(0.05)
    took = time.monotonic() - started

    assert outcome == [201]
    # Parsing on the event loop held a poll for the whole import (2.9 of 3.1 s here). In a
    # worker thread the polls still share the GIL with it and with this test's client, so a
    # loaded machine stretches both: the bound is relative (measured: 0.2 of 1.7 s).
    assert slowest < took / 3, f"slowest poll {slowest:.3f} s while the import took {took:.2f} s"


def test_csv_imports_an_earlier_version_kept_as_files_are_served_after_the_upgrade(
    settings: Settings,
) -> None:
    directory = settings.data_dir / "csv_imports"
    directory.mkdir(parents=True)
    (directory / "OLD.csv").write_text("date,open,high,low,close,volume\n2024-01-02,1,1,1,1.25,100\n")
    entry = {
        "code": "OLD",
        "name": "Old import",
        "market": "",
        "exchange": None,
        "currency": "USD",
        "adjust": "none",
        "filename": "old.csv",
        "source": "csv: old.csv",
        "as_of": "2024-01-02",
        "imported_ns": 1_704_153_600_000_000_000,
    }
    (directory / "index.json").write_text(json.dumps({"OLD": entry}))

    with TestClient(create_app(settings)) as client:
        detail = client.get("/api/v1/etfs/OLD")

    assert detail.status_code == 200, detail.text
    assert (detail.json()["name"], detail.json()["currency"], detail.json()["quote"]["price"]) == (
        "Old import",
        "USD",
        1.25,
    )
    assert not (directory / "index.json").exists()


def test_market_data_is_503_while_the_database_of_csv_imports_does_not_answer(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    monkeypatch.setattr(Database, "reading", unreachable)
    monkeypatch.setattr(Database, "writing", unreachable)

    listed = client.get("/api/v1/etfs/search", params={"q": "mtum"})
    imported = client.post("/api/v1/etfs/import", files={"file": ("X.csv", "date,close\n2024-01-02,1\n")})

    assert listed.status_code == 503
    assert listed.json()["detail"] == "the database is unavailable or busy; try again"
    # A write first asks the database whether the server has accounts (api/security.py).
    assert imported.status_code == 503
    assert imported.json()["detail"] == "the database is unavailable or busy; try again"


def test_an_import_on_a_full_disk_is_503_and_stores_nothing(client: TestClient) -> None:
    first = date(1900, 1, 1)
    rows = [f"{first + timedelta(days=day)},1.5,1.5,1.5,1.5,100" for day in range(12_000)]
    csv_text = ("date,open,high,low,close,volume\n" + "\n".join(rows) + "\n").encode()
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    # Files may not grow past 64 KiB: the stored CSV fails as on a full disk.
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, limits[1]))
    try:
        files = {"file": ("FULL.csv", csv_text, "text/csv")}
        response = client.post("/api/v1/etfs/import", files=files)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, previous)

    assert response.status_code == 503, response.text
    assert "could not be stored" in response.json()["detail"]
    assert client.get("/api/v1/etfs/FULL").status_code == 404
