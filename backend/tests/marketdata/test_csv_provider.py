import json
import logging
import math
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from etftool.db import Database
from etftool.marketdata import MarketData, MarketDataSettings
from etftool.marketdata.csv_provider import CsvProvider
from etftool.marketdata.errors import InvalidData, UnknownSymbol
from tests.userdata import fixtures

# Every case that takes `database` runs on SQLite and on PostgreSQL (see tests/userdata/fixtures.py).
postgres_server = fixtures.postgres_server
database_url = fixtures.database_url
database = fixtures.database

AKSHARE_EXPORT = (
    "日期,开盘,收盘,最高,最低,成交量,成交额\n"
    "2024-06-13,3.590,3.600,3.608,3.585,44600,160600000.0\n"
    "2024-06-14,3.601,3.612,3.625,3.598,51200,185000000.0\n"
)


@pytest.fixture
def other_process(database: Database) -> Iterator[Database]:
    """The same database through an engine of its own, as another replica has it."""
    other = Database(database.engine.url.render_as_string(hide_password=False))
    yield other
    other.dispose()


def price_rows(database: Database) -> int:
    with database.reading() as session:
        return int(session.execute(text("SELECT count(*) FROM imported_prices")).scalar_one())


def test_import_then_serve_with_csv_source(database: Database) -> None:
    provider = CsvProvider(database)
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
    assert bars.volume.tolist() == [44600, 51200]
    assert bars.source == "csv: 510300.csv"
    assert bars.adjust == "none"
    quote = provider.quotes(["510300"])["510300"]
    assert (quote.price, quote.prev_close, quote.name) == (3.612, 3.600, "沪深300ETF")


def test_imports_are_served_by_every_process_of_the_database(
    database: Database, other_process: Database
) -> None:
    CsvProvider(database).import_csv("date,close\n2024-01-02,101.5\n", "mine.csv", code="abc", adjust="qfq")
    reopened = CsvProvider(other_process)
    assert [item.code for item in reopened.list_etfs()] == ["ABC"]
    bars = reopened.history("abc", start=date(2024, 1, 1))
    assert bars.close.tolist() == [101.5]
    assert (bars.adjust, bars.source) == ("qfq", "csv: mine.csv")


def test_a_reimport_through_one_process_replaces_what_another_has_parsed(
    database: Database, other_process: Database
) -> None:
    importer, reader = CsvProvider(database), CsvProvider(other_process)
    importer.import_csv("date,open,close\n2024-01-02,0.9,1\n2024-01-03,1.1,2\n", "X1.csv")
    assert reader.history("X1").close.tolist() == [1, 2]

    importer.import_csv("date,close\n2024-01-03,3\n", "new-x1.csv", code="X1", name="X one")

    bars = reader.history("X1")
    assert (bars.dates.astype(str).tolist(), bars.close.tolist()) == (["2024-01-03"], [3])
    assert math.isnan(bars.open[0])  # the new file has no open prices
    assert bars.source == "csv: new-x1.csv"
    assert reader.quotes(["X1"])["X1"].name == "X one"
    assert price_rows(database) == 1
    importer.remove("X1")
    assert reader.list_etfs() == []
    with pytest.raises(UnknownSymbol):
        reader.history("X1")
    assert price_rows(database) == 0


def test_two_app_instances_on_one_database_url_serve_each_others_imports(
    database_url: str, tmp_path: Path
) -> None:
    """As two replicas: each its own Database, MarketData and DATA_DIR."""
    replicas = []
    for name in ("a", "b"):
        database = Database(database_url)
        database.migrate()
        settings = MarketDataSettings(data_dir=tmp_path / name / "data", cache_dir=tmp_path / name / "cache")
        replicas.append((database, MarketData(settings, database)))
    (_, a), (_, b) = replicas
    a.import_csv("date,close\n2024-01-02,1.5\n", "mine.csv", code="MINE")
    assert b.quote("MINE").price == 1.5
    assert "MINE" in {item.code for item in b.list_etfs().items}
    assert a.history("MINE").close.tolist() == [1.5]

    b.import_csv("date,close\n2024-01-02,1.5\n2024-01-03,1.75\n", "mine-2.csv", code="MINE")
    assert a.history("MINE").close.tolist() == [1.5, 1.75]
    assert a.quote("MINE").source == "csv: mine-2.csv"
    for database, market_data in replicas:
        market_data.close()
        database.dispose()


def test_a_bad_file_is_rejected_and_the_earlier_import_stays(database: Database) -> None:
    provider = CsvProvider(database)
    with pytest.raises(InvalidData) as raised:
        provider.import_csv("date,close\n2024-01-02,1\n2024-01-02,2\n", "dup.csv")
    assert raised.value.line == 3
    assert provider.list_etfs() == []
    provider.import_csv("date,close\n2024-01-02,1\n", "KEEP.csv")

    with pytest.raises(InvalidData):
        provider.import_csv("date,close\n2024-01-02,-1\n", "KEEP.csv")

    assert provider.history("KEEP").close.tolist() == [1]
    assert price_rows(database) == 1


@pytest.mark.parametrize("code", ["", "a b", "../etc", "x" * 21])
def test_unusable_codes_are_refused(database: Database, code: str) -> None:
    with pytest.raises(ValueError, match="unusable code"):
        CsvProvider(database).import_csv("date,close\n2024-01-02,1\n", "f.csv", code=code)


def test_concurrent_imports_by_several_processes_are_all_kept(database: Database) -> None:
    """Each worker its own engine; every one also imports the same code again and again."""
    url = database.engine.url.render_as_string(hide_password=False)
    engines = [Database(url) for _ in range(4)]
    errors: list[BaseException] = []

    def import_codes(number: int) -> None:
        provider = CsvProvider(engines[number])
        try:
            for index in range(10):
                provider.import_csv(f"date,close\n2024-01-02,{number + 1}\n", f"W{number}N{index}.csv")
                provider.import_csv(f"date,close\n2024-01-02,{number + 1}\n", "SHARED.csv")
        except BaseException as error:  # (reported below)
            errors.append(error)

    threads = [threading.Thread(target=import_codes, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for engine in engines:
        engine.dispose()

    assert errors == []
    assert len(CsvProvider(database).list_etfs()) == 41
    assert price_rows(database) == 41


def write_files(data_dir: Path, prices: dict[str, str], index: dict[str, dict[str, object]]) -> Path:
    """Imports as versions before the database kept them."""
    directory = data_dir / "csv_imports"
    directory.mkdir(parents=True)
    for code, content in prices.items():
        (directory / f"{code}.csv").write_text(content, encoding="utf-8")
    (directory / "index.json").write_text(json.dumps(index), encoding="utf-8")
    return directory


def entry(code: str, **changes: object) -> dict[str, object]:
    return {
        "code": code,
        "name": f"{code} fund",
        "market": "CN",
        "exchange": "SSE",
        "currency": "CNY",
        "adjust": "qfq",
        "filename": f"{code}-export.csv",
        "source": f"csv: {code}-export.csv",
        "as_of": "2024-01-03",
        "imported_ns": 1_704_300_000_000_000_000,
        **changes,
    }


def test_files_of_earlier_versions_are_moved_into_the_database_once(
    database: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    directory = write_files(
        tmp_path,
        {
            "510300": "date,open,high,low,close,volume\n2024-01-02,1,1.2,0.9,1.1,100\n2024-01-03,,,,1.2,\n",
            "NEWER": "date,close\n2024-01-02,5\n",
            "BROKEN": "date,close\n2024-01-02,abc\n",
        },
        {code: entry(code) for code in ("510300", "NEWER", "BROKEN", "GONE")},
    )
    provider = CsvProvider(database)
    provider.import_csv("date,close\n2024-01-02,7\n", "NEWER.csv")  # since moved by another process

    with caplog.at_level(logging.INFO):
        provider.move_files_into_database(tmp_path)

    assert sorted(provider.codes()) == ["510300", "NEWER"]
    (moved,) = (item for item in provider.list_etfs() if item.code == "510300")
    assert (moved.name, moved.exchange, moved.currency, moved.source) == (
        "510300 fund",
        "SSE",
        "CNY",
        "csv: 510300-export.csv",
    )
    bars = provider.history("510300")
    assert (bars.close.tolist(), bars.high.tolist()[0], bars.adjust) == ([1.1, 1.2], 1.2, "qfq")
    assert provider.history("NEWER").close.tolist() == [7]
    assert "moved 1 of 4 CSV imports" in caplog.text
    assert "BROKEN" in caplog.text and "GONE" in caplog.text
    assert not (directory / "index.json").exists()
    assert (directory / "index.json.moved-to-database").exists()

    provider.remove("510300")
    provider.move_files_into_database(tmp_path)  # the next start
    assert sorted(provider.codes()) == ["NEWER"]
