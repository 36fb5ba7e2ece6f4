"""JSON log lines on stdout, each with the id of the request it belongs to.

nginx gives every request an id and forwards it as X-Request-ID; the API's middleware puts it
in `request_id` (a context variable), and every line logged while serving that request,
uvicorn's access line included, carries it. Secrets set in the settings never reach the log:
they are replaced wherever they appear in a line.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from etftool.core.config import Settings

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

REDACTED = "[REDACTED]"
# Query parameters that carry credentials in some clients' habits (?api_key=..., ?token=...).
_SECRET_PARAMETER = re.compile(r"(?i)\b(api[_-]?key|access[_-]?token|token|password)=([^&\s\"']+)")
# Attributes every record has, and uvicorn's copy of its message with terminal colours.
_NOT_EXTRA = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "color_message",
}
_UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")
_HANDLER_NAME = "etftool-json"


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request_id, and any `extra`."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = sorted({secret for secret in secrets if secret}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        current = request_id.get()
        if current is not None:
            entry["request_id"] = current
        if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) == 5:
            client, method, path, http_version, status = record.args
            entry.update(client=client, method=method, path=path, http_version=http_version, status=status)
        entry.update(
            (key, value) for key, value in record.__dict__.items() if key not in _NOT_EXTRA
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return self._redact(json.dumps(entry, ensure_ascii=False, default=str))

    def _redact(self, line: str) -> str:
        for secret in self._secrets:
            line = line.replace(secret, REDACTED)
            # The same secret as JSON escapes it (quotes, backslashes, control characters).
            line = line.replace(json.dumps(secret)[1:-1], REDACTED)
        return _SECRET_PARAMETER.sub(lambda match: f"{match.group(1)}={REDACTED}", line)


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    """Routes the root logger and uvicorn's loggers to one JSON handler on stdout.

    Call it when the app is created: uvicorn has set up its own handlers by then, and its
    start-up and access lines are logged afterwards.
    """
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(secrets))
    handler.set_name(_HANDLER_NAME)
    root = logging.getLogger()
    # Handlers of others (a test runner's capture) stay; an earlier call's is replaced.
    root.handlers[:] = [existing for existing in root.handlers if existing.get_name() != _HANDLER_NAME]
    root.addHandler(handler)
    root.setLevel(level)
    for name in _UVICORN_LOGGERS:
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
        uvicorn_logger.setLevel(level)


def secrets_of(settings: Settings) -> list[str]:
    """The values no log line may show: the API key, the admin's first password and a database
    password."""
    # Imported here: configure_logging alone (as the live data process calls it) needs neither.
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    keys = (settings.api_key, settings.admin_password)
    secrets = [key.get_secret_value() for key in keys if key is not None]
    try:
        password = make_url(settings.database_url).password
    except ArgumentError:  # reported at start-up by etftool.core.paths
        password = None
    if password:
        secrets.append(str(password))
    return secrets
