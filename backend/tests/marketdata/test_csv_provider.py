import threading
from datetime import date
from pathlib import Path

import pytest

from etftool.marketdata.csv_provider import CsvProvider
from etftool.marketdata.errors import InvalidData, UnknownSymbol

AKSHARE_EXPORT = (
    "日期,开盘,收盘,最高,最低,成交量,成交额\n"
    "2024-06-13,3.590,3.600,3.608,3.585,44600,160600000.0\n"
    "2024-06-14,3.601,3.612,3.625,3.598,51200,185000000.0\n"
)


def test_import_then_serve_with_csv_source(tmp_path: Path) -> None:
    provider = CsvProvider(tmp_path)
    info = provider.import_csv(AKSHARE_EXPORT.encode(), "exports/510300.csv", name="沪深300ETF")
    assert (info.code, info.name, info.market, info.exchange, info.currency) == (
        "510300",
        "沪深300ETF",
        "CN",
        "SSE",
        "CNY",
    )
    assert info.source == "csv: 510300.csv"
    assert info.as_of == "2024-06-14"
    bars = provider.history("510300")
    assert bars.close.tolist() == [3.600, 3.612]
    assert bars.source == "csv: 510300.csv"
    assert bars.adjust == "none"
    quote = provider.quotes(["510300"])["510300"]
    assert (quote.price, quote.prev_close, quote.name) == (3.612, 3.600, "沪深300ETF")


def test_imports_survive_a_restart(tmp_path: Path) -> None:
    CsvProvider(tmp_path).import_csv("date,close\n2024-01-02,101.5\n", "mine.csv", code="abc", adjust="qfq")
    reopened = CsvProvider(tmp_path)
    assert [item.code for item in reopened.list_etfs()] == ["ABC"]
    bars = reopened.history("abc", start=date(2024, 1, 1))
    assert bars.close.tolist() == [101.5]
    assert (bars.adjust, bars.source) == ("qfq", "csv: mine.csv")


def test_reimport_replaces_and_remove_forgets(tmp_path: Path) -> None:
    provider = CsvProvider(tmp_path)
    provider.import_csv("date,close\n2024-01-02,1\n", "X1.csv")
    provider.import_csv("date,close\n2024-01-02,1\n2024-01-03,2\n", "X1.csv")
    assert provider.history("X1").close.tolist() == [1, 2]
    provider.remove("X1")
    assert provider.list_etfs() == []
    assert not (tmp_path / "csv_imports" / "X1.csv").exists()
    with pytest.raises(UnknownSymbol):
        provider.history("X1")


def test_bad_file_is_rejected_and_nothing_is_stored(tmp_path: Path) -> None:
    provider = CsvProvider(tmp_path)
    with pytest.raises(InvalidData) as raised:
        provider.import_csv("date,close\n2024-01-02,1\n2024-01-02,2\n", "dup.csv")
    assert raised.value.line == 3
    assert provider.list_etfs() == []


@pytest.mark.parametrize("code", ["", "a b", "../etc", "x" * 21])
def test_unusable_codes_are_refused(tmp_path: Path, code: str) -> None:
    with pytest.raises(ValueError, match="unusable code"):
        CsvProvider(tmp_path).import_csv("date,close\n2024-01-02,1\n", "f.csv", code=code)


def test_imports_through_different_workers_are_all_kept(tmp_path: Path) -> None:
    """Each uvicorn worker has its own provider over the same directory: an import in one
    must neither drop the other's nor stay unseen by it."""
    workers = [CsvProvider(tmp_path), CsvProvider(tmp_path)]
    workers[0].import_csv("date,close\n2024-01-02,1\n", "AAA.csv")
    workers[1].import_csv("date,close\n2024-01-02,2\n", "BBB.csv")

    assert sorted(item.code for item in CsvProvider(tmp_path).list_etfs()) == ["AAA", "BBB"]
    assert workers[0].codes() == {"AAA", "BBB"}
    assert workers[0].history("BBB").close.tolist() == [2]
    workers[0].remove("BBB")
    assert workers[1].codes() == {"AAA"}


def test_concurrent_imports_by_several_workers_are_all_kept(tmp_path: Path) -> None:
    workers = [CsvProvider(tmp_path) for _ in range(4)]
    errors: list[BaseException] = []

    def import_codes(number: int) -> None:
        try:
            for index in range(15):
                workers[number].import_csv("date,close\n2024-01-02,1\n", f"W{number}N{index}.csv")
        except BaseException as error:  # (reported below)
            errors.append(error)

    threads = [threading.Thread(target=import_codes, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(CsvProvider(tmp_path).list_etfs()) == 60
    assert not [path.name for path in (tmp_path / "csv_imports").iterdir() if "partial" in path.name]
