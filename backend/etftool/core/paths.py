"""Where the app keeps its files, and the container's start-up check of them.

`resolve_database_url(settings)` is the DATABASE_URL to open. `python -m etftool.core.paths
[--wake SOCKET] COMMAND...` is the image's command: it checks the settings, every path the processes write
to and that an existing SQLite database is whole and, if one is wrong, prints what to do and exits 2;
otherwise it becomes COMMAND (supervisord). A bad mount or a damaged database then stops the
container once, with that message, instead of supervisord restarting an API that fails with a
bare SQLite error.
"""

from __future__ import annotations

import os
import re
import socket
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from etftool.core import sqlite_damage, trusted_proxies
from etftool.core.config import Settings

DATABASE_FILE = "etftool.db"
CONTAINER_UID = 1000  # appuser, the image's user
# How long the check waits for a writer that holds the database (another container on it).
DAMAGE_CHECK_WAIT_S = 2.0
# nginx and supervisord keep pid files, the control socket and buffers here.
RUNTIME_DIR = Path("/tmp")


class StartupError(Exception):
    """A setting the app cannot run with; the message says what to change."""


@dataclass(frozen=True)
class SqliteLocation:
    database: Path  # absolute
    in_directory: bool  # the configured path is a directory; the file is inside it
    seed_mount: bool  # DATABASE_URL unset and the seed's etftool.db found in the workdir


def _sqlite_file(database_url: str) -> Path | None:
    """The file of an SQLite URL; None for other databases, in-memory and URI filenames."""
    try:
        url = make_url(database_url)
    except ArgumentError as error:
        raise StartupError(f"DATABASE_URL is not a database URL: {error}") from None
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):
        return None
    return Path(database)


def locate_sqlite(settings: Settings, workdir: Path | None = None) -> SqliteLocation | None:
    """Where an SQLite DATABASE_URL puts the file (None for other databases):

    - relative paths are taken from `workdir` (default: the working directory, /app/backend
      in the image), as SQLite itself does;
    - with DATABASE_URL unset, an `etftool.db` in `workdir` (the seed mounts one at
      /app/backend/etftool.db) is the database rather than DATA_DIR/etftool.db;
    - a path that is a directory (Docker makes one when a bind mount's host file does not
      exist) holds the database as `etftool.db` inside it.
    Reads the file system, changes nothing.
    """
    workdir = workdir or Path.cwd()
    configured = _sqlite_file(settings.database_url)
    if configured is None:
        return None
    default_url = f"sqlite:///{settings.data_dir / DATABASE_FILE}"
    seed_mount = settings.database_url == default_url and os.path.lexists(workdir / DATABASE_FILE)
    path = workdir / (DATABASE_FILE if seed_mount else configured)
    if path.is_dir():
        return SqliteLocation(path / DATABASE_FILE, in_directory=True, seed_mount=seed_mount)
    return SqliteLocation(path, in_directory=False, seed_mount=seed_mount)


def resolve_database_url(settings: Settings, workdir: Path | None = None) -> str:
    """The DATABASE_URL to open: SQLite URLs get the absolute file `locate_sqlite` finds,
    other URLs pass unchanged. Raises StartupError for a malformed URL."""
    location = locate_sqlite(settings, workdir)
    if location is None:
        return settings.database_url
    url = make_url(settings.database_url).set(database=str(location.database))
    return url.render_as_string(hide_password=False)


def _writable_dir(path: Path) -> bool:
    return path.is_dir() and os.access(path, os.W_OK | os.X_OK)


def _chown(path: Path) -> str:
    return f"`sudo chown -R {CONTAINER_UID}:{CONTAINER_UID} HOST_PATH` for the host path mounted at {path}"


def _database_problems(settings: Settings, workdir: Path) -> list[str]:
    location = locate_sqlite(settings, workdir)
    if location is None:
        return []
    database, directory = location.database, location.database.parent
    if location.in_directory and not _writable_dir(directory):
        return [
            f"{directory} is a directory, not a database file, and the container's user "
            f"(uid {CONTAINER_UID}) cannot write in it: Docker creates an empty directory when "
            f"the host file of a bind mount such as `-v $(pwd)/backend/etftool.db:{directory}` "
            "does not exist. On the host, do one of these and start the container again:\n"
            f"  (a) recommended: drop that -v option and keep the data in a volume, "
            f"`-v etftool-data:{settings.data_dir}` (DATABASE_URL unset);\n"
            f"  (b) make it a file the container's user owns: `sudo rm -r backend/etftool.db && "
            f"touch backend/etftool.db && sudo chown {CONTAINER_UID}:{CONTAINER_UID} backend/etftool.db`;\n"
            f"  (c) keep the directory and let the container's user write in it: `sudo chown "
            f"{CONTAINER_UID}:{CONTAINER_UID} backend/etftool.db` (the database is then {database})."
        ]
    if not directory.exists():
        problem = _directory_problem("the database directory", directory)
        return [problem] if problem else []
    problems = []
    if not os.access(directory, os.W_OK | os.X_OK):
        # SQLite creates its journal (-wal, -shm) files beside the database.
        problems.append(
            f"the database directory {directory} is not writable, and SQLite keeps its journal "
            f"next to {database.name}: mount a directory (`-v etftool-data:{settings.data_dir}`) "
            f"instead of a single file, or run {_chown(directory)}"
        )
    if database.exists() and not database.is_file():
        problems.append(f"the database {database} is not a regular file")
    elif database.exists() and not os.access(database, os.R_OK | os.W_OK):
        problems.append(f"the database file {database} is not writable: run {_chown(database)}")
    elif not problems and database.exists():
        damage = sqlite_damage.damage(database, DAMAGE_CHECK_WAIT_S)
        if damage:
            problems.append(
                f"the database {database} is damaged ({damage}): restore the latest backup "
                '(README-Docker.md, "Backup and restore"), or move it and its -wal and -shm files away '
                "to start with an empty one"
            )
    return problems


def _directory_problem(name: str, path: Path) -> str | None:
    """A missing directory is fine where it can be created: the app creates it."""
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if _writable_dir(existing):
        return None
    state = "is not writable" if existing == path else f"does not exist and cannot be created in {existing}"
    return (
        f"{name} {path} {state} by the container's user (uid {CONTAINER_UID}): mount a "
        f"volume there (`-v etftool-{path.name}:{path}`) or run {_chown(existing)}"
    )


def startup_problems(settings: Settings, workdir: Path | None = None) -> list[str]:
    """What would keep the app from storing its data, in words that say how to fix it."""
    workdir = workdir or Path.cwd()
    try:
        problems = _database_problems(settings, workdir)
    except StartupError as error:
        problems = [str(error)]
    for variable, path in (("DATA_DIR", settings.data_dir), ("CACHE_DIR", settings.cache_dir)):
        problem = _directory_problem(variable, workdir / path)
        if problem:
            problems.append(problem)
    return problems


def _settings_problems(error: ValidationError) -> list[str]:
    # Names the variable and the rule, never the value: it could be a secret.
    return [f"{'.'.join(map(str, item['loc'])).upper()}: {item['msg']}" for item in error.errors()]


# prometheus-client's multi-process files: counter_<pid>.db, gauge_livesum_<pid>.db, ...
_METRICS_FILE = re.compile(r"(counter|histogram|summary|gauge_[a-z]+)_\d+\.db")


def _reset_metrics_dir() -> None:
    """prometheus-client's multi-process files of an earlier run would add to the counts.
    Only those files go: the variable may point at a directory holding anything else."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        for path in Path(directory).iterdir():
            if _METRICS_FILE.fullmatch(path.name) and path.is_file():
                path.unlink(missing_ok=True)


def wake_when_listening(path: Path, timeout_s: float = 10.0) -> None:
    """Connects once to the Unix socket at `path` as soon as it accepts, from a child process.

    supervisord starts its programs only after its first poll of its sockets returns, which
    without any event takes a full second; a connection to its control socket ends that
    poll at once. The child exits after connecting (supervisord, its parent after the exec,
    reaps it) or after `timeout_s`."""
    if os.fork():
        return
    try:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
                try:
                    connection.connect(str(path))
                except OSError:
                    time.sleep(0.005)
                    continue
            break
    finally:
        os._exit(0)


def main(argv: Sequence[str] | None = None) -> int:
    command = list(sys.argv[1:] if argv is None else argv)
    wake = None
    if command[:1] == ["--wake"] and len(command) > 1:
        wake, command = Path(command[1]), command[2:]
    if not command:
        print("usage: python -m etftool.core.paths [--wake SOCKET] COMMAND [ARG...]", file=sys.stderr)
        return 2
    settings: Settings | None = None
    try:
        settings = Settings()
    except ValidationError as error:
        problems = _settings_problems(error)
    else:
        problems = startup_problems(settings)
    if not _writable_dir(RUNTIME_DIR):
        problems.append(
            f"{RUNTIME_DIR} is not writable: nginx and supervisord keep their pid files, control "
            f"socket and buffers there (with --read-only, add --tmpfs {RUNTIME_DIR})"
        )
    if problems or settings is None:
        print("ETFTool cannot start:", *(f"- {problem}" for problem in problems), sep="\n", file=sys.stderr)
        return 2
    # The programs supervisord starts read these; here they get their checked values.
    os.environ["WEB_CONCURRENCY"] = str(settings.web_concurrency)
    os.environ["NGINX_WORKER_PROCESSES"] = settings.nginx_worker_processes
    nginx_trust = trusted_proxies.nginx_settings(settings.trusted_proxies)
    (RUNTIME_DIR / trusted_proxies.FILE_NAME).write_text(nginx_trust)
    database = make_url(resolve_database_url(settings)).render_as_string(hide_password=True)
    print(f"ETFTool: database {database}", file=sys.stderr)
    location = locate_sqlite(settings)
    if location is not None and os.path.ismount(location.database):
        print(
            f"ETFTool: {location.database} is a single mounted file; SQLite keeps its journal "
            f"(-wal, -shm) beside it inside the container, where the last writes before a crash "
            f"are lost with the container: a volume at {settings.data_dir} keeps them together",
            file=sys.stderr,
        )
    _reset_metrics_dir()
    if wake is not None:
        wake_when_listening(wake)
    os.execvp(command[0], command)


if __name__ == "__main__":
    sys.exit(main())
