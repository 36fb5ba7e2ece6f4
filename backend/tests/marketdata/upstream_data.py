"""Reading the upstream fixtures, to compute what a test expects from the data in them."""

import json
from typing import Any

from upstream.standin import FIXTURES, Fixture


def fixture_body(name: str) -> Any:
    """The parsed body of one fixture (THS wraps its JSON in `g(...)`)."""
    body = Fixture.load(FIXTURES / name).body
    return json.loads(body[2:-1] if body.startswith("g(") else body)


def fixture_table(name: str, table: str) -> list[list[str]]:
    """The rows of an East Money 分红送配 page: `var pageinfo=[…];var <table>=[[…],…];var …`."""
    body = Fixture.load(FIXTURES / name).body
    start = body.index(f"var {table}=") + len(f"var {table}=")
    return json.loads(body[start : body.index(";", start)])  # type: ignore[no-any-return]
