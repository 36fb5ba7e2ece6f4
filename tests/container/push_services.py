"""A container whose loopback has the stand-in push services (push_standin.py) running, and
the requests they received."""

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from container.containers import Container, built_image_id, docker, started

PORT = 9100
RECORD = "/tmp/push-requests.jsonl"
PUBLIC_URL = "https://etf.example.com"


@contextmanager
def with_push_services(mount: Path) -> Iterator[Container]:
    """Copies the stand-in into `mount`, an empty directory, and starts the image with
    channels allowed to reach its loopback and Telegram's API pointed at the stand-in."""
    shutil.copy(Path(__file__).with_name("push_standin.py"), mount)
    for path in [mount, *mount.iterdir()]:  # readable by the image's unprivileged user
        path.chmod(0o755 if path.is_dir() else 0o644)
    with started(
        built_image_id(),
        *("-v", f"{mount}:/push:ro"),
        *("-e", "DATA_SOURCE=sample"),
        *("-e", "ALERT_CHECK_INTERVAL_S=1"),
        *("-e", "WEBHOOK_ALLOWED_NETWORKS=127.0.0.0/8"),
        *("-e", f"NOTIFY_TELEGRAM_API_URL=http://127.0.0.1:{PORT}"),
        *("-e", "NOTIFY_LANGUAGE=en"),
        *("-e", f"PUBLIC_BASE_URL={PUBLIC_URL}"),
    ) as running:
        docker("exec", "-d", running.name, "/app/venv/bin/python", "/push/push_standin.py", str(PORT), RECORD)
        yield running


def received(container: Container) -> list[dict[str, Any]]:
    """Every request the stand-ins answered, oldest first."""
    lines = container.exec("cat", RECORD).stdout.splitlines()
    return [json.loads(line) for line in lines]
