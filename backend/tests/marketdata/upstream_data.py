"""Reading the upstream fixtures, to compute what a test expects from the data in them."""

import json
from typing import Any

from upstream.standin import FIXTURES, Fixture


def fixture_body(name: str) -> Any:
    """The parsed body of one fixture (THS wraps its JSON in `g(...)`)."""
    body = Fixture.load(FIXTURES / name).body
    return json.loads(body[2:-1] if body.startswith("g(") else body)
