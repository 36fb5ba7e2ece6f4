import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

# Both put their tables on Base.metadata.
import etftool.marketdata.models
import etftool.userdata.models  # noqa: F401
from etftool.db import Base, Database, SchemaTooNewError
from etftool.db.migrate import downgrade_to
from etftool.db.schema_revision import MIGRATIONS_DIR, newest_revision

REVISIONS = ["0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011", "0012"]


def revisions_from(first: str) -> list[str]:
    """`first` and every newer revision."""
    return REVISIONS[REVISIONS.index(first) :]
TABLES = {
    "alembic_version",
    "api_tokens",
    "login_failures",
    "sessions",
    "users",
    "alert_triggers",
    "alerts",
    "channel_deliveries",
    "imported_prices",
    "imported_series",
    "notification_channels",
    "summary_runs",
    "transactions",
    "watchlist_items",
}

ALERT = ("INSERT INTO alerts (uid, code, condition, threshold, rearm, active, condition_met, created_at) "
         "VALUES ('{uid}', 'MTUM', '{condition}', 70, true, true, false, '2024-01-02 00:00:00')")  # fmt: skip
# One trigger of each alert.
TRIGGER = ("INSERT INTO alert_triggers (uid, alert_id, code, condition, threshold, price, quote_as_of, "
           "triggered_at, webhook_status, webhook_attempts) SELECT 'trigger-' || uid, id, code, condition, "
           "threshold, 150, '2024-01-02', '2024-01-02 00:00:00', 'none', 0 FROM alerts")  # fmt: skip


# From 0012 on, rows belong to a user: these are the admin's the migration made.
ADMIN = "(SELECT MIN(id) FROM users WHERE is_admin)"
OWNED_ALERT = ALERT.replace("created_at) ", "created_at, user_id) ").replace("00:00')", f"00:00', {ADMIN})")
OWNED_WATCHLIST_ITEM = ("INSERT INTO watchlist_items (code, name, group_name, position, added_at, user_id) "
                        f"VALUES ('{{code}}', '', '', 0, '2024-01-02 00:00:00', {ADMIN})")  # fmt: skip


def database_at(database_url: str, revision: str) -> Database:
    """A database whose schema an older version left at `revision`."""
    database = Database(database_url)
    with database.engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    return database


def revision_of(database: Database) -> list[str]:
    with database.engine.connect() as connection:
        return list(MigrationContext.configure(connection).get_current_heads())


def test_an_empty_database_is_migrated_to_the_newest_revision(database_url: str) -> None:
    database = Database(database_url)

    assert database.migrate() == REVISIONS
    assert database.migrate() == []

    assert set(inspect(database.engine).get_table_names()) == TABLES
    assert revision_of(database) == REVISIONS[-1:]
    database.dispose()


def test_a_database_of_an_older_revision_is_upgraded_keeping_its_rows(database_url: str) -> None:
    database = database_at(database_url, "0001")
    with database.engine.begin() as connection:
        connection.execute(text("INSERT INTO transactions (uid, code, side, traded_on, quantity, price, fee, "
                                "note, created_at) VALUES ('t1', 'MTUM', 'buy', '2024-01-02', 10, 150, 1, "
                                "'', '2024-01-02 00:00:00')"))  # fmt: skip

    assert database.migrate() == REVISIONS[1:]

    assert revision_of(database) == REVISIONS[-1:]
    indexes = {index["name"] for index in inspect(database.engine).get_indexes("transactions")}
    assert "ix_transactions_code_traded_on" in indexes and "ix_transactions_code" not in indexes
    with database.reading() as session:
        rows = session.execute(text("SELECT uid, code, quantity FROM transactions")).all()
    assert [tuple(row) for row in rows] == [("t1", "MTUM", 10)]
    database.dispose()


def test_an_upgrade_that_rebuilds_the_alerts_table_keeps_their_triggers(database_url: str) -> None:
    database = database_at(database_url, "0004")
    with database.writing() as session:
        session.execute(text(ALERT.format(uid="price", condition="price_above")))
        session.execute(text(TRIGGER))

    assert database.migrate() == revisions_from("0005")

    with database.reading() as session:
        assert session.execute(text("SELECT uid FROM alert_triggers")).scalars().all() == ["trigger-price"]
    database.dispose()


def test_a_downgrade_keeps_the_older_tables_rows_and_the_upgrade_comes_back(database_url: str) -> None:
    database = Database(database_url)
    database.migrate()
    with database.writing() as session:
        session.execute(text(OWNED_WATCHLIST_ITEM.format(code="MTUM")))

    downgrade_to(database.engine, "0002")

    assert revision_of(database) == ["0002"]
    assert "notification_channels" not in inspect(database.engine).get_table_names()
    assert database.migrate() == revisions_from("0003")
    with database.reading() as session:
        assert [row.code for row in session.execute(text("SELECT code FROM watchlist_items"))] == ["MTUM"]
    database.dispose()


def test_going_back_before_signal_alerts_removes_them_and_keeps_price_alerts(database: Database) -> None:
    with database.writing() as session:
        session.execute(text(OWNED_ALERT.format(uid="price", condition="price_above")))
        session.execute(text(OWNED_ALERT.format(uid="signal", condition="rsi_above")))
        session.execute(text(TRIGGER))

    downgrade_to(database.engine, "0004")

    with database.reading() as session:
        assert session.execute(text("SELECT uid FROM alerts")).scalars().all() == ["price"]
        assert session.execute(text("SELECT uid FROM alert_triggers")).scalars().all() == ["trigger-price"]
    with pytest.raises(IntegrityError), database.writing() as session:
        session.execute(text(ALERT.format(uid="refused", condition="golden_cross")))
    assert database.migrate() == revisions_from("0005")
    with database.writing() as session:
        session.execute(text(OWNED_ALERT.format(uid="signal", condition="golden_cross")))


CHANNEL = ("INSERT INTO notification_channels (uid, name, kind, enabled, config, created_at) "
           "VALUES ('c1', 'phone', 'bark', true, '{\"kind\": \"bark\", \"device_key\": \"k\"}', "
           "'2024-01-02 00:00:00')")  # fmt: skip
DELIVERY = (
    "INSERT INTO channel_deliveries (channel_id, event, attempted_at, delivered, attempt, latency_ms) "
    "SELECT id, '{event}', '2024-01-02 00:00:00', true, 1, 5 FROM notification_channels"
)


def test_channels_upgraded_to_daily_summaries_do_not_get_them_and_going_back_drops_their_log(
    database_url: str,
) -> None:
    database = database_at(database_url, "0005")
    with database.writing() as session:
        session.execute(text(CHANNEL))
        session.execute(text(DELIVERY.format(event="alert")))

    assert database.migrate() == revisions_from("0006")
    with database.writing() as session:
        assert session.execute(text("SELECT summary FROM notification_channels")).scalars().all() == [False]
        session.execute(text(DELIVERY.format(event="summary")))
        session.execute(
            text(
                "INSERT INTO summary_runs (day, claimed_at, sent_at) "
                "VALUES ('2024-06-28', '2024-06-28 07:30:00', '2024-06-28 07:30:00')"
            )
        )

    downgrade_to(database.engine, "0005")

    assert "summary_runs" not in inspect(database.engine).get_table_names()
    with database.reading() as session:
        assert session.execute(text("SELECT event FROM channel_deliveries")).scalars().all() == ["alert"]
        assert session.execute(text("SELECT name FROM notification_channels")).scalars().all() == ["phone"]
    with pytest.raises(IntegrityError), database.writing() as session:
        session.execute(text(DELIVERY.format(event="summary")))
    assert database.migrate() == revisions_from("0006")
    database.dispose()


def test_channels_upgraded_to_quiet_hours_keep_sending_everything_and_going_back_drops_held_alerts(
    database_url: str,
) -> None:
    database = database_at(database_url, "0006")
    with database.writing() as session:
        with_summary = CHANNEL.replace("enabled, ", "enabled, summary, ").replace("true, ", "true, false, ")
        session.execute(text(with_summary))
        session.execute(text(DELIVERY.format(event="alert")))

    assert database.migrate() == revisions_from("0007")
    with database.writing() as session:
        limits = session.execute(
            text("SELECT quiet_start, quiet_end, max_alerts_per_hour FROM notification_channels")
        )
        assert [tuple(row) for row in limits] == [(None, None, None)]
        assert session.execute(text("SELECT suppressed FROM channel_deliveries")).scalars().all() == [False]
        session.execute(text("UPDATE channel_deliveries SET suppressed = true"))
        session.execute(text(DELIVERY.format(event="test")))

    downgrade_to(database.engine, "0006")

    with database.reading() as session:
        assert session.execute(text("SELECT event FROM channel_deliveries")).scalars().all() == ["test"]
    assert database.migrate() == revisions_from("0007")
    database.dispose()


def test_imported_prices_go_with_their_series_and_going_back_drops_both(database: Database) -> None:
    with database.writing() as session:
        session.execute(text("INSERT INTO imported_series (code, name, market, exchange, currency, adjust, "
                             "filename, as_of, imported_at) VALUES ('AAA', 'A fund', '', NULL, '', 'none', "
                             "'AAA.csv', '2024-01-03', '2024-01-04 00:00:00')"))  # fmt: skip
        session.execute(text("INSERT INTO imported_prices (code, day, close) VALUES "
                             "('AAA', '2024-01-02', 1.5), ('AAA', '2024-01-03', 1.25)"))  # fmt: skip
    bar = "INSERT INTO imported_prices (code, day, close) VALUES ('{code}', '2024-01-02', 2)"
    with pytest.raises(IntegrityError), database.writing() as session:  # one bar a day
        session.execute(text(bar.format(code="AAA")))
    with pytest.raises(IntegrityError), database.writing() as session:  # no bars without their series
        session.execute(text(bar.format(code="BBB")))
    with database.writing() as session:
        session.execute(text("DELETE FROM imported_series"))
        assert session.execute(text("SELECT count(*) FROM imported_prices")).scalar_one() == 0

    downgrade_to(database.engine, "0007")

    assert not {"imported_prices", "imported_series"} & set(inspect(database.engine).get_table_names())
    assert database.migrate() == revisions_from("0008")


def test_channels_upgraded_to_their_own_language_keep_the_servers_and_come_back_down(
    database_url: str,
) -> None:
    database = database_at(database_url, "0008")
    with database.writing() as session:
        with_summary = CHANNEL.replace("enabled, ", "enabled, summary, ").replace("true, ", "true, false, ")
        session.execute(text(with_summary))

    assert database.migrate() == revisions_from("0009")
    with database.writing() as session:
        assert session.execute(text("SELECT language FROM notification_channels")).scalars().all() == [None]
        session.execute(text("UPDATE notification_channels SET language = 'en'"))

    downgrade_to(database.engine, "0008")

    columns = {column["name"] for column in inspect(database.engine).get_columns("notification_channels")}
    assert "language" not in columns and "quiet_start" in columns
    with database.reading() as session:
        assert session.execute(text("SELECT count(*) FROM notification_channels")).scalar_one() == 1
    assert database.migrate() == revisions_from("0009")
    database.dispose()


def test_the_migrations_build_exactly_the_models_schema(database: Database) -> None:
    with database.engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
        )

    assert differences == []


def test_a_database_from_a_newer_version_is_refused_untouched(database: Database) -> None:
    with database.writing() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '0099'"))
        session.execute(text(OWNED_WATCHLIST_ITEM.format(code="MTUM")))

    with pytest.raises(SchemaTooNewError) as refused:
        database.migrate()

    assert str(refused.value) == (
        "the database is at schema revision 0099, which this ETFTool does not know "
        f"(its newest is {REVISIONS[-1]}): "
        "it was written by a newer version. Run that version or restore a backup; "
        "the database was not changed."
    )
    assert revision_of(database) == ["0099"]
    with database.reading() as session:
        assert session.execute(text("SELECT code FROM watchlist_items")).scalars().all() == ["MTUM"]


def test_the_newest_revision_is_alembics_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert newest_revision() == ScriptDirectory.from_config(config).get_current_head() == REVISIONS[-1]


# A server starting on a database: what it migrated, and whether it loaded alembic to see that.
START = """
import json, sys
from etftool.db import Database
applied = Database(sys.argv[1]).migrate()
print(json.dumps([applied, "alembic" in sys.modules]))
"""


def start_on(database_url: str) -> list[object]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}
    started = subprocess.run(
        [sys.executable, "-c", START, database_url], env=env, capture_output=True, text=True, check=True
    )
    answer: list[object] = json.loads(started.stdout)
    return answer


def test_a_server_loads_alembic_only_when_there_is_something_to_migrate(database_url: str) -> None:
    assert start_on(database_url) == [REVISIONS, True]
    assert start_on(database_url) == [[], False]
    older = Database(database_url)
    downgrade_to(older.engine, REVISIONS[-2])  # as an older version left it
    older.dispose()
    assert start_on(database_url) == [REVISIONS[-1:], True]


def test_two_starting_processes_migrate_once(database_url: str) -> None:
    """Each migrator has its own engine, as two containers would."""
    databases = [Database(database_url) for _ in range(2)]
    start = threading.Barrier(len(databases))
    applied: list[list[str]] = []
    errors: list[BaseException] = []

    def migrate(database: Database) -> None:
        start.wait()
        try:
            applied.append(database.migrate())
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=migrate, args=(database,)) for database in databases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(applied) == [[], REVISIONS]
    assert revision_of(databases[0]) == REVISIONS[-1:]
    for database in databases:
        database.dispose()


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path}/nested/dir/etftool.db")
    with database.reading() as session:
        settings = [
            session.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        ]
    assert settings == ["wal", 1, 30000]
    database.dispose()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://user@host/db", "DATABASE_URL must name one of sqlite, postgresql, not 'mysql'"),
        ("not a url", "DATABASE_URL is not a database URL"),
    ],
)
def test_other_database_urls_are_refused_naming_the_setting(url: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Database(url)


def test_summary_days_upgraded_to_claims_count_as_sent_and_going_back_keeps_unsent_claims_taken(
    database_url: str,
) -> None:
    database = database_at(database_url, "0010")
    with database.writing() as session:
        session.execute(
            text("INSERT INTO summary_runs (day, sent_at) VALUES ('2024-06-27', '2024-06-27 07:30:00')")
        )

    assert database.migrate() == revisions_from("0011")
    with database.writing() as session:
        rows = session.execute(text("SELECT day, claimed_at, sent_at FROM summary_runs")).all()
        assert [(str(day), str(claimed)[:19], str(sent)[:19]) for day, claimed, sent in rows] == [
            ("2024-06-27", "2024-06-27 07:30:00", "2024-06-27 07:30:00")
        ]
        session.execute(
            text("INSERT INTO summary_runs (day, claimed_at) VALUES ('2024-06-28', '2024-06-28 07:31:00')")
        )

    downgrade_to(database.engine, "0010")

    with database.reading() as session:
        sent = session.execute(text("SELECT sent_at FROM summary_runs WHERE day = '2024-06-28'")).scalar_one()
        assert str(sent)[:19] == "2024-06-28 07:31:00"
    assert database.migrate() == revisions_from("0011")
    database.dispose()


def test_a_single_user_database_upgraded_to_accounts_becomes_the_admins_and_going_back_keeps_only_theirs(
    database_url: str,
) -> None:
    database = database_at(database_url, "0011")
    with database.writing() as session:
        session.execute(text("INSERT INTO watchlist_items (code, name, group_name, position, added_at) "
                             "VALUES ('MTUM', '', '', 0, '2024-01-02 00:00:00')"))  # fmt: skip
        session.execute(text("INSERT INTO transactions (uid, code, side, traded_on, quantity, price, fee, "
                             "note, created_at) VALUES ('t1', 'MTUM', 'buy', '2024-01-02', 10, 150, 1, "
                             "'', '2024-01-02 00:00:00')"))  # fmt: skip
        session.execute(text(ALERT.format(uid="a1", condition="price_above")))
        session.execute(text(TRIGGER))
        with_summary = CHANNEL.replace("enabled, ", "enabled, summary, ").replace("true, ", "true, false, ")
        session.execute(text(with_summary))
        session.execute(text(DELIVERY.format(event="alert")))

    assert database.migrate() == ["0012"]

    with database.writing() as session:
        users = session.execute(text("SELECT id, username, password_hash, is_admin FROM users")).all()
        assert [tuple(row)[1:] for row in users] == [("admin", None, True)]
        admin = users[0][0]
        for table in ("watchlist_items", "transactions", "alerts", "notification_channels"):
            assert session.execute(text(f"SELECT user_id FROM {table}")).scalars().all() == [admin], table
        assert session.execute(text("SELECT uid FROM alert_triggers")).scalars().all() == ["trigger-a1"]
        assert session.execute(text("SELECT count(*) FROM channel_deliveries")).scalar_one() == 1
        # Unique per user now: another user may watch the same code and reuse the same uids.
        session.execute(text("INSERT INTO users (username, is_admin, created_at, session_generation) "
                             "VALUES ('bob', false, '2024-01-02 00:00:00', 0)"))  # fmt: skip
        bob = "(SELECT id FROM users WHERE username = 'bob')"
        session.execute(text(OWNED_WATCHLIST_ITEM.format(code="MTUM").replace(ADMIN, bob)))
        session.execute(text(OWNED_ALERT.format(uid="a1", condition="price_above").replace(ADMIN, bob)))
    with pytest.raises(IntegrityError), database.writing() as session:
        session.execute(text(OWNED_WATCHLIST_ITEM.format(code="MTUM")))
    with pytest.raises(IntegrityError), database.writing() as session:
        session.execute(text("INSERT INTO watchlist_items (code, name, group_name, position, added_at) "
                             "VALUES ('QUAL', '', '', 0, '2024-01-02 00:00:00')"))  # fmt: skip

    downgrade_to(database.engine, "0011")

    assert "users" not in inspect(database.engine).get_table_names()
    with database.reading() as session:
        assert session.execute(text("SELECT code FROM watchlist_items")).scalars().all() == ["MTUM"]
        assert session.execute(text("SELECT uid FROM alerts")).scalars().all() == ["a1"]
        assert session.execute(text("SELECT uid FROM alert_triggers")).scalars().all() == ["trigger-a1"]
    assert database.migrate() == ["0012"]
    database.dispose()
