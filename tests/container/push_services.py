"""A container whose loopback has the stand-in push services (push_standin.py) running, and
the requests they received."""

import glob
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from container.containers import Container, built_image_id, docker, started

PORT = 9100
RECORD = "/tmp/push-requests.jsonl"
PUBLIC_URL = "https://etf.example.com"


# Debian's libfaketime (setup-machine.sh test), the thread-safe variant: uvicorn runs threads.
FAKETIME_LIBRARY = "/usr/lib/*-linux-gnu/faketime/libfaketimeMT.so.1"


@contextmanager
def with_push_services(
    mount: Path, clock: datetime | None = None, settings: dict[str, str] | None = None
) -> Iterator[Container]:
    """Copies the stand-in into `mount`, an empty directory, and starts the image with
    channels allowed to reach its loopback, Telegram's API pointed at the stand-in, and
    `settings` as further environment variables.

    With `clock`, every process in the container (the app and the stand-in alike) sees the
    time start at `clock` and run on from there: libfaketime, preloaded, shifts the wall
    clock by one offset and leaves the monotonic clock alone."""
    shutil.copy(Path(__file__).with_name("push_standin.py"), mount)
    for path in [mount, *mount.iterdir()]:  # readable by the image's unprivileged user
        path.chmod(0o755 if path.is_dir() else 0o644)
    with started(
        built_image_id(),
        *(_clock_args(clock) if clock else ()),
        *("-v", f"{mount}:/push:ro"),
        *("-e", "DATA_SOURCE=sample"),
        *("-e", "ALERT_CHECK_INTERVAL_S=1"),
        *("-e", "WEBHOOK_ALLOWED_NETWORKS=127.0.0.0/8"),
        *("-e", f"NOTIFY_TELEGRAM_API_URL=http://127.0.0.1:{PORT}"),
        *("-e", "NOTIFY_LANGUAGE=en"),
        *("-e", f"PUBLIC_BASE_URL={PUBLIC_URL}"),
        *(arg for name, value in (settings or {}).items() for arg in ("-e", f"{name}={value}")),
    ) as running:
        docker("exec", "-d", running.name, "/app/venv/bin/python", "/push/push_standin.py", str(PORT), RECORD)
        yield running


def received(container: Container) -> list[dict[str, Any]]:
    """Every request the stand-ins answered, oldest first."""
    return recorded_requests(container.exec("cat", RECORD).stdout)


def recorded_requests(record: str) -> list[dict[str, Any]]:
    """The requests in a stand-in's record, leaving out a last line not yet written whole (one
    long message can take the stand-in several writes)."""
    *complete, _being_written = record.split("\n")
    return [json.loads(line) for line in complete]


def _clock_args(clock: datetime) -> list[str]:
    libraries = glob.glob(FAKETIME_LIBRARY)
    assert libraries, f"{FAKETIME_LIBRARY} not found: `build-support/setup-machine.sh test` installs it"
    offset = clock.timestamp() - datetime.now(UTC).timestamp()
    return [
        *("-v", f"{libraries[0]}:/opt/faketime/libfaketime.so.1:ro"),
        *("-e", "LD_PRELOAD=/opt/faketime/libfaketime.so.1"),
        *("-e", f"FAKETIME={offset:+.0f}"),
        *("-e", "FAKETIME_DONT_FAKE_MONOTONIC=1"),
    ]
