import json
import logging
import sys
from collections.abc import Iterator

import pytest

from etftool.core.config import Settings
from etftool.core.logging import JsonFormatter, configure_logging, request_id, secrets_of

# uvicorn's access line: client, method, path with query, HTTP version, status.
ACCESS_FORMAT = '%s - "%s %s HTTP/%s" %d'


def record(name: str, message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord(name, logging.INFO, __file__, 1, message, args, None)


def test_a_line_is_one_json_object_with_the_current_request_id() -> None:
    formatter = JsonFormatter()
    token = request_id.set("0123abcd")
    try:
        line = formatter.format(record("etftool.test", "hello %s", "world"))
    finally:
        request_id.reset(token)
    entry = json.loads(line)
    assert entry["message"] == "hello world"
    assert entry["level"] == "INFO" and entry["logger"] == "etftool.test"
    assert entry["request_id"] == "0123abcd"
    assert "request_id" not in json.loads(formatter.format(record("etftool.test", "outside")))


def test_uvicorn_access_lines_get_their_fields() -> None:
    access = record("uvicorn.access", ACCESS_FORMAT, "10.0.0.1:5", "GET", "/api/health", "1.1", 200)
    entry = json.loads(JsonFormatter().format(access))
    assert entry["method"] == "GET" and entry["path"] == "/api/health" and entry["status"] == 200
    assert entry["message"] == '10.0.0.1:5 - "GET /api/health HTTP/1.1" 200'


def test_extra_fields_and_exceptions_are_kept() -> None:
    try:
        raise ValueError("bad")
    except ValueError:
        failing = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    failing.code = "MTUM"
    entry = json.loads(JsonFormatter().format(failing))
    assert entry["code"] == "MTUM"
    assert "ValueError: bad" in entry["exception"]


def test_secrets_never_reach_a_line() -> None:
    formatter = JsonFormatter(["s3cr\"et-key"])
    lines = [
        formatter.format(record("x", "key is %s", 's3cr"et-key')),
        formatter.format(record("uvicorn.access", ACCESS_FORMAT, "c", "GET", "/?api_key=abc&q=1", "1", 200)),
        formatter.format(record("x", "token=zzz password=hunter2")),
    ]
    text = "\n".join(lines)
    for secret in ("s3cr", "abc", "zzz", "hunter2"):
        assert secret not in text
    assert "q=1" in text and "[REDACTED]" in text


def test_the_api_key_and_a_database_password_are_secrets() -> None:
    settings = Settings(api_key="k3y", database_url="postgresql://u:pw0rd@db/etftool")  # type: ignore[arg-type]
    assert secrets_of(settings) == ["k3y", "pw0rd"]
    assert secrets_of(Settings(database_url="not a url")) == []


@pytest.fixture
def restore_root() -> Iterator[logging.Logger]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield root
    root.handlers[:] = handlers
    root.setLevel(level)


def test_configure_logging_routes_uvicorn_through_one_handler_and_keeps_others(
    restore_root: logging.Logger, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = logging.NullHandler()
    restore_root.addHandler(foreign)
    logging.getLogger("uvicorn.error").addHandler(logging.StreamHandler())
    configure_logging("WARNING", ["k3y"])
    configure_logging("INFO", ["k3y"])
    assert foreign in restore_root.handlers
    assert sum(handler.get_name() == "etftool-json" for handler in restore_root.handlers) == 1
    assert logging.getLogger("uvicorn.error").handlers == []
    logging.getLogger("uvicorn.error").info("Uvicorn running with key k3y")
    [line] = capsys.readouterr().out.splitlines()
    assert json.loads(line)["message"] == "Uvicorn running with key [REDACTED]"
