"""Fixtures shared by the user-data tests and the API tests of user-data routes.

Every test that takes `database_url` (directly or through `database` or `start_api`) runs
twice: on SQLite and on a PostgreSQL server started from Debian's `postgresql` package for
the test session. API tests import the fixtures they use from here.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import URL, create_engine, text

from etftool.api.deps import provide_user_data
from etftool.api.errors import install_error_handlers
from etftool.api.routes import alerts, auth, holdings, notifications, tokens, transfer, users, watchlist
from etftool.core.config import Settings
from etftool.db import Database
from etftool.marketdata import MarketData, MarketDataSettings, Quote, QuoteBatch
from etftool.userdata.lifespan import user_data_lifespan
from etftool.userdata.outbound import Resolver, system_resolve
from etftool.userdata.quotes import QuoteSource
from etftool.userdata.settings import UserDataSettings
from etftool.userdata.signals import SignalSource

API_PREFIX = "/api/v1"
POSTGRES_ROOT = Path("/usr/lib/postgresql")
SEARCH_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"


def quote(
    code: str,
    price: float | None,
    prev_close: float | None = None,
    *,
    as_of: str = "2024-06-28",
    stale: bool = False,
) -> Quote:
    return Quote(
        code=code,
        name=f"{code} test fund",
        price=price,
        prev_close=prev_close,
        open=None,
        high=None,
        low=None,
        volume=None,
        amount=None,
        source="test",
        as_of=as_of,
        stale=stale,
    )


@dataclass
class FakeQuotes:
    """A QuoteSource whose quotes tests set; codes without one are unknown or `failing`."""

    prices: dict[str, Quote] = field(default_factory=dict)
    failing: dict[str, str] = field(default_factory=dict)
    calls: list[list[str]] = field(default_factory=list)

    def set(
        self,
        code: str,
        price: float | None,
        prev_close: float | None = None,
        *,
        as_of: str = "2024-06-28",
        stale: bool = False,
    ) -> None:
        self.prices[code] = quote(code, price, prev_close, as_of=as_of, stale=stale)

    def quotes(self, codes: Sequence[str]) -> QuoteBatch:
        self.calls.append(list(codes))
        return QuoteBatch(
            quotes={code: self.prices[code] for code in codes if code in self.prices},
            unknown=[code for code in codes if code not in self.prices and code not in self.failing],
            failed={code: self.failing[code] for code in codes if code in self.failing},
        )


class PostgresServer:
    """A throwaway cluster listening on a Unix socket in its own directory only."""

    def __init__(self, durable: bool = False) -> None:
        """`durable` keeps fsync on, as a production server has it; tests run faster without."""
        self._bin = _postgres_bin()
        self._owner = "postgres" if os.geteuid() == 0 else None
        self.directory = Path(tempfile.mkdtemp(prefix="etftool-pg-", dir="/tmp"))
        self._data = self.directory / "data"
        self._names = itertools.count(1)
        if self._owner is not None:
            shutil.chown(self.directory, self._owner, self._owner)
        # UTF8 as servers are set up in practice (the default with --no-locale is SQL_ASCII,
        # which refuses names such as 沪深300).
        self._run(
            "initdb", "-D", str(self._data), "-U", "etftool", "-A", "trust", "--no-sync", "--no-locale",
            "-E", "UTF8",
        )  # fmt: skip
        self._run(
            "pg_ctl", "-D", str(self._data), "-w", "-t", "60", "-l", str(self.directory / "server.log"),
            "-o", f"-k {self.directory} -c listen_addresses=''{'' if durable else ' -F'}", "start",
        )  # fmt: skip
        try:
            self._admin = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
            self._admin.connect().close()
        except BaseException:
            self._stop_server()
            raise

    def url(self, database: str) -> str:
        return URL.create(
            "postgresql+psycopg2", username="etftool", database=database, query={"host": str(self.directory)}
        ).render_as_string(hide_password=False)

    def create_database(self) -> str:
        name = f"etftool_test_{next(self._names)}"
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        return name

    def drop_database(self, name: str) -> None:
        with self._admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))

    def stop(self) -> None:
        self._admin.dispose()
        self._stop_server()

    def _stop_server(self) -> None:
        self._run("pg_ctl", "-D", str(self._data), "-m", "immediate", "stop")
        shutil.rmtree(self.directory, ignore_errors=True)

    def _run(self, program: str, *arguments: str) -> None:
        command = [str(self._bin / program), *arguments]
        if self._owner is not None:  # the server refuses to run as root
            command = [
                shutil.which("runuser", path=SEARCH_PATH) or "runuser",
                "-u",
                self._owner,
                "--",
                *command,
            ]
        result = subprocess.run(command, cwd=self.directory, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            log = self.directory / "server.log"
            server_log = log.read_text(errors="replace") if log.exists() else ""
            raise RuntimeError(
                f"{program} failed ({result.returncode}):\n{result.stdout}{result.stderr}{server_log}"
            )


def _postgres_bin() -> Path:
    found = sorted(
        POSTGRES_ROOT.glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if not found:
        pytest.fail(
            f"the PostgreSQL cases need the server binaries (initdb, pg_ctl) under {POSTGRES_ROOT}: "
            "install Debian's `postgresql` package (apt-get install -y postgresql)",
            pytrace=False,
        )
    return found[-1].parent


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = PostgresServer()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'etftool.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create_database()
    yield server.url(name)
    server.drop_database(name)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """A migrated database."""
    database = Database(database_url)
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture
def fake_quotes() -> FakeQuotes:
    return FakeQuotes()


def build_test_app(
    settings: Settings,
    user_data: UserDataSettings,
    database: Database,
    quotes: QuoteSource,
    webhook_transport: httpx.BaseTransport | None = None,
    webhook_resolver: Resolver = system_resolve,
    signals: SignalSource | None = None,
    accounts: bool = False,
) -> FastAPI:
    """The user-data part of the app, wired as etftool.main wires it; with `accounts`, also
    the routes of /api/auth, /api/users and /api/tokens."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        async with user_data_lifespan(
            user_data,
            database,
            quotes,
            signals=signals,
            webhook_transport=webhook_transport,
            webhook_resolver=webhook_resolver,
        ) as services:
            provide_user_data(app, services)
            # Tests start once the check the monitor makes at start is over, so that it cannot
            # take the triggers of the alerts they create from their own POST /alerts/check.
            await services.alert_monitor.first_round_done.wait()
            yield

    app = FastAPI(lifespan=lifespan)
    install_error_handlers(app)
    app.state.settings = settings
    app.state.market_data = quotes
    for router in (watchlist.router, holdings.router, alerts.router, notifications.router, transfer.router):
        app.include_router(router, prefix=API_PREFIX)
    for router in (auth.router, users.router, tokens.router) if accounts else ():
        app.include_router(router, prefix="/api")
    return app


StartApi = Callable[..., TestClient]


@pytest.fixture
def start_api(database_url: str, tmp_path: Path) -> Iterator[StartApi]:
    """start_api(api_key=None, api_key_reads=False, quotes=None, webhook_transport=None,
    webhook_resolver=system_resolve, signals=None, accounts=False, allow_registration=False,
    **user_data_settings) -> a started
    TestClient; `quotes` defaults to the sample data, and signal alerts are evaluated only
    with `signals`."""
    with ExitStack() as stack:

        def start(
            *,
            api_key: str | None = None,
            api_key_reads: bool = False,
            quotes: QuoteSource | None = None,
            webhook_transport: httpx.BaseTransport | None = None,
            webhook_resolver: Resolver = system_resolve,
            signals: SignalSource | None = None,
            accounts: bool = False,
            allow_registration: bool = False,
            **user_data_settings: Any,
        ) -> TestClient:
            settings = Settings(
                data_dir=tmp_path / "data",
                cache_dir=tmp_path / "cache",
                database_url=database_url,
                environment="test",
                data_source="sample",
                api_key=None if api_key is None else SecretStr(api_key),
                api_key_reads=api_key_reads,
                allow_registration=allow_registration,
            )
            database = Database(database_url)
            stack.callback(database.dispose)
            if quotes is None:
                market_data = MarketData(
                    MarketDataSettings(data_dir=tmp_path / "data", cache_dir=tmp_path / "cache"), database
                )
                stack.callback(market_data.close)
                quotes = market_data
            user_data = UserDataSettings(
                database_url=database_url,
                **{"alert_check_interval_s": 3600.0, "webhook_retry_wait_s": 0.0, **user_data_settings},
            )
            app = build_test_app(
                settings, user_data, database, quotes, webhook_transport, webhook_resolver, signals, accounts
            )
            return stack.enter_context(TestClient(app))

        yield start


@pytest.fixture
def api(start_api: StartApi) -> TestClient:
    """The API without a key, on the sample data's quotes."""
    return start_api()


def error_fields(response: httpx.Response) -> list[str]:
    """Dotted locations of a 422's errors, e.g. ["body.quantity"]."""
    return [".".join(str(part) for part in error["loc"]) for error in response.json()["detail"]]


def by_code(items: Sequence[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    return {item["code"]: item for item in items}
