"""The default image's live source end to end: the real akshare modules in the image call
"East Money" and "THS", which a stand-in on the container's loopback answers from the
fixtures in the sources' own shapes (tests/upstream/fixtures)."""

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from upstream import standin

from container.containers import Container, built_image_id, http_get, started
from container.upstream_standin import standin_run_args, start_standin

FIXTURES = Path(standin.__file__).parent / "fixtures"
# akshare's child process exits this long after the last live call (LIVE_PROCESS_IDLE_S).
IDLE_S = 3


def fixture_body(name: str) -> Any:
    return json.loads(json.loads((FIXTURES / name).read_text(encoding="utf-8"))["body"])


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Container]:
    standin = standin_run_args(tmp_path_factory.mktemp("live"))
    with started(built_image_id(), *standin, "-e", f"LIVE_PROCESS_IDLE_S={IDLE_S}") as container:
        start_standin(container)
        yield container


def get(container: Container, path: str) -> tuple[int, Any]:
    response = http_get(container.base_url + path, timeout=30)
    return response.status, response.json()


@pytest.mark.parametrize("query", ["510300", "沪深300", "hs300"])
def test_search_finds_the_a_share_etf_by_code_name_and_pinyin(live: Container, query: str) -> None:
    status, body = get(live, f"/api/v1/etfs/search?q={quote(query)}")
    assert status == 200, body
    first = body["results"][0]
    assert (first["code"], first["exchange"], first["category"]) == ("510300", "SSE", "broad"), body
    assert body["source"].startswith("akshare") and body["stale"] is False, body  # live first


def test_the_quote_carries_iopv_premium_shares_and_size(live: Container) -> None:
    row = next(row for row in fixture_body("em_fund_etf_spot.json")["data"]["diff"] if row["f12"] == "510300")
    status, body = get(live, "/api/v1/etfs/510300")
    assert status == 200, body
    figures = body["quote"]
    assert (figures["price"], figures["prev_close"], figures["iopv"]) == (row["f2"], row["f18"], row["f441"])
    assert figures["premium_pct"] == pytest.approx((row["f2"] / row["f441"] - 1) * 100)
    assert (figures["shares"], figures["fund_size"]) == (row["f38"], row["f20"])
    assert figures["volume"] == row["f5"] * 100  # East Money counts lots of 100 units
    assert body["market_status"]["market"] == "CN"


def test_history_is_the_source_daily_bars(live: Container) -> None:
    klines = fixture_body("em_kline_510300_qfq.json")["data"]["klines"]
    status, body = get(live, "/api/v1/etfs/510300/history?adjust=qfq")
    assert status == 200, body
    assert [bar["date"] for bar in body["bars"]] == [line.split(",")[0] for line in klines]
    assert body["bars"][-1]["close"] == float(klines[-1].split(",")[2])  # date,open,close,…
    assert body["adjust"] == "qfq" and "East Money" in body["source"]


def test_intraday_is_the_latest_session_by_minute(live: Container) -> None:
    trends = fixture_body("em_trends2_510300.json")["data"]["trends"]
    latest_day = trends[-1].split(" ")[0]
    status, body = get(live, "/api/v1/etfs/510300/intraday")
    assert status == 200, body
    assert body["date"] == latest_day
    assert len(body["points"]) == sum(line.startswith(latest_day) for line in trends) > 0
    assert all(point["price"] > 0 for point in body["points"]), body


def fixture_table(name: str, table: str) -> list[list[str]]:
    """The rows of an East Money 分红送配 page: `var pageinfo=[…];var <table>=[[…],…];var …`."""
    body = json.loads((FIXTURES / name).read_text(encoding="utf-8"))["body"]
    start = body.index(f"var {table}=") + len(f"var {table}=")
    return json.loads(body[start : body.index(";", start)])  # type: ignore[no-any-return]


def test_distributions_are_the_source_dividends(live: Container) -> None:
    rows = [
        row
        for name in ("em_fund_fh_2024_page1.json", "em_fund_fh_2024_page2.json")
        for row in fixture_table(name, "jjfh_data")
        if row[0] == "510300"
    ]
    status, body = get(live, "/api/v1/etfs/510300/distributions")
    assert status == 200, body
    events = [(event["kind"], event["ex_date"], event["cash_per_share"]) for event in body["events"]]
    assert events == sorted(("dividend", row[3], float(row[4])) for row in rows), body
    assert "fund_fh_em" in body["source"] and body["first_year"] == 2024, body


def test_made_up_codes_are_404s_that_leave_the_source_healthy(live: Container) -> None:
    for code in ("999990", "999991", "999992", "999993", "999994", "999995"):
        status, body = get(live, f"/api/v1/etfs/{code}/history")
        assert status == 404 and code in body["detail"], body
    status, body = get(live, "/api/v1/datasources")
    akshare = next(provider for provider in body["providers"] if provider["name"] == "akshare")
    assert akshare["breaker"] == "closed" and akshare["healthy"] is True, body
    assert body["active"] == "akshare", body
    assert get(live, "/api/v1/etfs/510300/history")[0] == 200


# Each process's id and command line, and whether it has pandas' compiled modules mapped.
_PROCESSES = r"""
for dir in /proc/[0-9]*; do
  [ "${dir#/proc/}" = "$$" ] && continue
  grep -q 'pandas/_libs' "$dir/maps" 2>/dev/null && pandas=pandas || pandas=-
  echo "${dir#/proc/} $pandas $(tr '\0' ' ' <"$dir/cmdline" 2>/dev/null)"
done
"""


def processes(container: Container) -> list[tuple[str, str]]:
    """(whether it has pandas mapped, its command line) of each process in the container."""
    listing = container.exec("sh", "-c", _PROCESSES).stdout.splitlines()
    return [(pandas, command) for _pid, pandas, command in (line.split(" ", 2) for line in listing)]


def live_children(container: Container) -> list[str]:
    return [command for _, command in processes(container) if "etftool.marketdata.live_process" in command]


def api_process_has_pandas(container: Container) -> bool:
    [pandas] = [pandas for pandas, command in processes(container) if "uvicorn etftool.main:app" in command]
    return pandas == "pandas"


def test_akshare_runs_in_a_child_process_that_exits_when_idle(live: Container) -> None:
    """The live calls' akshare and pandas live in a child process, which exits when idle: the
    API process answers live data without ever loading pandas."""
    status, body = get(live, "/api/v1/etfs/510300/history?adjust=none")  # cached by no other test
    assert status == 200 and "East Money" in body["source"], body
    deadline = time.monotonic() + 10 * IDLE_S
    while live_children(live) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert live_children(live) == []
    assert not api_process_has_pandas(live)
    status, body = get(live, "/api/v1/etfs/510300/history?adjust=hfq")  # a new child answers
    assert status == 200 and "East Money" in body["source"], body
    assert not api_process_has_pandas(live)
