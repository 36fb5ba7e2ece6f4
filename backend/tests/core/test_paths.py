import os
import socket
import sqlite3
from datetime import time
from pathlib import Path
from time import sleep

import pytest

from etftool.core import paths
from etftool.core.config import Settings
from etftool.core.paths import locate_sqlite, resolve_database_url, startup_problems


def settings_in(workdir: Path, **values: object) -> Settings:
    return Settings(data_dir=workdir / "data", cache_dir=workdir / "cache", **values)  # type: ignore[arg-type]


@pytest.fixture
def unwritable(monkeypatch: pytest.MonkeyPatch) -> set[Path]:
    """Paths os.access reports as not writable (the tests run as root, who may write anywhere)."""
    denied: set[Path] = set()
    real_access = os.access

    def access(path: object, mode: int) -> bool:
        if mode & os.W_OK and Path(str(path)) in denied:
            return False
        return real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    return denied


def test_other_databases_pass_unchanged(tmp_path: Path) -> None:
    url = "postgresql://etftool:s3cret@db:5432/etftool"
    assert resolve_database_url(settings_in(tmp_path, database_url=url), tmp_path) == url
    memory = "sqlite:///:memory:"
    assert resolve_database_url(settings_in(tmp_path, database_url=memory), tmp_path) == memory


def test_default_is_a_file_in_the_data_dir(tmp_path: Path) -> None:
    url = resolve_database_url(settings_in(tmp_path), tmp_path)
    assert url == f"sqlite:///{tmp_path}/data/etftool.db"


def test_relative_sqlite_paths_are_taken_from_the_working_directory(tmp_path: Path) -> None:
    settings = settings_in(tmp_path, database_url="sqlite:///./etftool.db")
    assert resolve_database_url(settings, tmp_path) == f"sqlite:///{tmp_path}/etftool.db"


def test_a_directory_holds_the_database_inside_it(tmp_path: Path) -> None:
    (tmp_path / "etftool.db").mkdir()
    settings = settings_in(tmp_path, database_url=f"sqlite:///{tmp_path}/etftool.db")
    assert resolve_database_url(settings, tmp_path) == f"sqlite:///{tmp_path}/etftool.db/etftool.db"
    assert startup_problems(settings, tmp_path) == []


def test_the_seeds_mounted_file_is_used_when_database_url_is_unset(tmp_path: Path) -> None:
    (tmp_path / "etftool.db").touch()
    location = locate_sqlite(settings_in(tmp_path), tmp_path)
    assert location is not None and location.seed_mount and not location.in_directory
    assert resolve_database_url(settings_in(tmp_path), tmp_path) == f"sqlite:///{tmp_path}/etftool.db"


def test_an_explicit_database_url_wins_over_the_seeds_file(tmp_path: Path) -> None:
    (tmp_path / "etftool.db").touch()
    settings = settings_in(tmp_path, database_url=f"sqlite:///{tmp_path}/other.db")
    assert resolve_database_url(settings, tmp_path) == f"sqlite:///{tmp_path}/other.db"


def test_an_unwritable_directory_from_a_missing_host_file_says_what_to_do(
    tmp_path: Path, unwritable: set[Path]
) -> None:
    (tmp_path / "etftool.db").mkdir()
    unwritable.add(tmp_path / "etftool.db")
    [problem] = startup_problems(settings_in(tmp_path), tmp_path)
    assert f"{tmp_path}/etftool.db is a directory" in problem
    assert "Docker creates an empty directory" in problem
    assert f"-v etftool-data:{tmp_path}/data" in problem
    assert "touch backend/etftool.db && sudo chown 1000:1000 backend/etftool.db" in problem


def test_an_unwritable_database_file_asks_for_chown(tmp_path: Path, unwritable: set[Path]) -> None:
    (tmp_path / "etftool.db").touch()
    unwritable.add(tmp_path / "etftool.db")
    [problem] = startup_problems(settings_in(tmp_path), tmp_path)
    assert f"the database file {tmp_path}/etftool.db is not writable" in problem
    assert "sudo chown -R 1000:1000" in problem


def test_sqlite_needs_to_write_beside_the_database(tmp_path: Path, unwritable: set[Path]) -> None:
    (tmp_path / "etftool.db").touch()
    unwritable.add(tmp_path)
    problems = startup_problems(settings_in(tmp_path), tmp_path)
    assert any("SQLite keeps its journal" in problem for problem in problems), problems


def test_a_missing_database_directory_must_be_creatable(tmp_path: Path, unwritable: set[Path]) -> None:
    settings = settings_in(tmp_path, database_url=f"sqlite:///{tmp_path}/nowhere/app.db")
    assert startup_problems(settings, tmp_path) == []
    unwritable.add(tmp_path)
    problems = startup_problems(settings, tmp_path)
    assert f"the database directory {tmp_path}/nowhere does not exist and cannot be created" in problems[0]


def test_data_and_cache_directories_may_be_created_but_must_be_writable(
    tmp_path: Path, unwritable: set[Path]
) -> None:
    assert startup_problems(settings_in(tmp_path), tmp_path) == []
    (tmp_path / "cache").mkdir()
    unwritable.add(tmp_path / "cache")
    [problem] = startup_problems(settings_in(tmp_path), tmp_path)
    assert problem.startswith(f"CACHE_DIR {tmp_path}/cache is not writable")


def a_database_with_rows(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE prices (day TEXT, close REAL)")
        rows = ((f"day {n}", n * 1.5) for n in range(5000))
        connection.executemany("INSERT INTO prices VALUES (?, ?)", rows)
    connection.close()


def test_a_file_that_is_not_a_database_stops_the_start_saying_how_to_restore(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "etftool.db").write_bytes(b"PK\x03\x04 an archive, not a database" * 200)

    [problem] = startup_problems(settings_in(tmp_path), tmp_path)

    assert problem.startswith(f"the database {tmp_path}/data/etftool.db is damaged (file is not a database)")
    assert "restore the latest backup" in problem and "-wal and -shm" in problem


def test_damaged_pages_stop_the_start_naming_them(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    database = tmp_path / "data" / "etftool.db"
    a_database_with_rows(database)
    assert startup_problems(settings_in(tmp_path), tmp_path) == []
    with database.open("r+b") as file:
        file.seek(4096 * 10 + 200)  # inside a page of rows, past the header and the schema
        file.write(b"\xff" * 300)

    [problem] = startup_problems(settings_in(tmp_path), tmp_path)

    assert problem.startswith(f"the database {tmp_path}/data/etftool.db is damaged (")
    assert "page" in problem and "\n" not in problem


def test_a_database_held_by_a_writer_is_not_called_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    database = tmp_path / "data" / "etftool.db"
    a_database_with_rows(database)
    monkeypatch.setattr(paths, "DAMAGE_CHECK_WAIT_S", 0.1)
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")  # readers wait (rollback journal), then give up: SQLITE_BUSY
    try:
        assert startup_problems(settings_in(tmp_path), tmp_path) == []
    finally:
        writer.close()


def test_a_malformed_database_url_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    [problem] = startup_problems(settings_in(tmp_path, database_url="not a url"), tmp_path)
    assert problem.startswith("DATABASE_URL is not a database URL")


class Exec(Exception):
    pass


@pytest.fixture
def container_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """main() as in the image: environment settings, a working directory, exec recorded."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "prometheus"))
    monkeypatch.setenv("NGINX_WORKER_PROCESSES", "")  # empty means the default
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr(paths, "RUNTIME_DIR", tmp_path)
    executed: list[list[str]] = []

    def execvp(file: str, args: list[str]) -> None:
        executed.append(args)
        raise Exec

    monkeypatch.setattr(os, "execvp", execvp)
    return executed


def test_main_runs_the_command_with_a_fresh_metrics_directory(
    tmp_path: Path, container_env: list[list[str]]
) -> None:
    (tmp_path / "prometheus").mkdir()
    (tmp_path / "prometheus" / "counter_1.db").write_bytes(b"old")
    with pytest.raises(Exec):
        paths.main(["supervisord", "-c", "conf"])
    assert container_env == [["supervisord", "-c", "conf"]]
    assert list((tmp_path / "prometheus").iterdir()) == []
    # supervisord's nginx command line and uvicorn read these.
    assert os.environ["NGINX_WORKER_PROCESSES"] == "auto"
    assert os.environ["WEB_CONCURRENCY"] == "1"


def test_a_metrics_directory_pointed_at_the_data_keeps_the_data(
    tmp_path: Path, container_env: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only prometheus-client's own files are removed, whatever the variable points at."""
    data = tmp_path / "data"
    (data / "csv_imports").mkdir(parents=True)
    a_database_with_rows(data / "etftool.db")
    stored = (data / "etftool.db").read_bytes()
    (data / "csv_imports" / "index.json").write_text("{}")
    for name in ("counter_12.db", "histogram_3.db", "gauge_livesum_7.db"):
        (data / name).write_bytes(b"old")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(data))

    with pytest.raises(Exec):
        paths.main(["supervisord"])

    assert sorted(path.name for path in data.iterdir()) == ["csv_imports", "etftool.db"]
    assert (data / "etftool.db").read_bytes() == stored


def test_main_refuses_a_bad_setting_and_names_it_without_its_value(
    container_env: list[list[str]], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NGINX_WORKER_PROCESSES", "lots")
    monkeypatch.setenv("WEB_CONCURRENCY", "0")
    assert paths.main(["supervisord"]) == 2
    message = capsys.readouterr().err
    assert "ETFTool cannot start" in message
    assert "NGINX_WORKER_PROCESSES" in message and "WEB_CONCURRENCY" in message
    assert "lots" not in message
    assert container_env == []


@pytest.mark.parametrize("value", ["3pm", "15:30:00", "24:00", "15:3", "15:30+08:00"])
def test_main_refuses_a_summary_time_that_is_not_hh_mm(
    value: str,
    container_env: list[list[str]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SUMMARY_TIME", value)
    assert paths.main(["supervisord"]) == 2
    message = capsys.readouterr().err
    assert "SUMMARY_TIME: Value error, must be a time of day in China time as HH:MM, such as 15:30" in message
    assert container_env == []


def test_summary_time_is_read_as_china_time_of_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert settings_in(tmp_path).summary_time == time(15, 30)
    monkeypatch.setenv("SUMMARY_TIME", " 9:05 ")
    assert settings_in(tmp_path).summary_time == time(9, 5)


def test_main_refuses_an_unwritable_mount_and_a_read_only_tmp(
    tmp_path: Path, container_env: list[list[str]], unwritable: set[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "etftool.db").mkdir()
    unwritable.update({tmp_path / "etftool.db", tmp_path})
    assert paths.main(["supervisord"]) == 2
    message = capsys.readouterr().err
    assert f"{tmp_path}/etftool.db is a directory" in message
    assert "--tmpfs" in message
    assert container_env == []


def test_the_wake_connects_once_the_socket_listens(tmp_path: Path) -> None:
    """The child started before the exec connects as soon as supervisord's socket exists."""
    path = tmp_path / "supervisor.sock"
    paths.wake_when_listening(path, timeout_s=5)
    sleep(0.2)  # the socket appears after the child has started trying
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        server.listen()
        server.settimeout(5)
        connection, _ = server.accept()
        connection.close()


def test_main_takes_the_socket_to_wake_before_the_command(
    tmp_path: Path, container_env: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    woken: list[Path] = []
    monkeypatch.setattr(paths, "wake_when_listening", woken.append)
    with pytest.raises(Exec):
        paths.main(["--wake", str(tmp_path / "s.sock"), "supervisord", "-c", "conf"])
    assert container_env == [["supervisord", "-c", "conf"]]
    assert woken == [tmp_path / "s.sock"]


def test_main_writes_nginx_its_trusted_proxies(
    tmp_path: Path, container_env: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.2")
    with pytest.raises(Exec):
        paths.main(["supervisord"])
    lines = (tmp_path / "nginx-trusted-proxies.conf").read_text().splitlines()
    assert "set_real_ip_from 10.0.0.0/8;" in lines and "set_real_ip_from 192.168.1.2/32;" in lines
    assert "    10.0.0.0/8 1;" in lines and "    192.168.1.2/32 1;" in lines
    assert "real_ip_header X-Forwarded-For;" in lines and "real_ip_recursive on;" in lines


def test_without_trusted_proxies_nginx_trusts_none(tmp_path: Path, container_env: list[list[str]]) -> None:
    with pytest.raises(Exec):
        paths.main(["supervisord"])
    text = (tmp_path / "nginx-trusted-proxies.conf").read_text()
    # nginx.conf reads $from_trusted_proxy, so the file sets it even then.
    assert "$from_trusted_proxy" in text and "    default 0;" in text
    assert "set_real_ip_from" not in text and "real_ip_header" not in text


def test_main_refuses_a_trusted_proxy_that_is_no_address(
    container_env: list[list[str]], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8,proxy.lan")
    assert paths.main(["supervisord"]) == 2
    assert "TRUSTED_PROXIES" in capsys.readouterr().err
    assert container_env == []
