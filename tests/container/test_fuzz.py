"""Schemathesis against the running container: every operation of /api/openapi.json, with
generated inputs, through nginx, must never answer with a server error (5xx).

Requests are paced below nginx's API rate limit so that every one reaches the API. The
examples are derandomized: a failure repeats on the next run.
"""

import time
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.internal.checks import CheckContext
from schemathesis.transports.responses import GenericResponse

from container.containers import Container, built_image_id, start_container

MAX_EXAMPLES = 25
# nginx allows 20 API requests a second per client address (after a burst of 40).
MIN_INTERVAL_S = 1 / 15

# FastAPI publishes OpenAPI 3.1, which schemathesis 3 supports behind this switch.
schemathesis.experimental.OPEN_API_3_1.enable()


@pytest.fixture(scope="module")
def container() -> Iterator[Container]:
    # Offline data: with no internet here, the schema's example code (510300) would rightly get
    # the live source's 503; the live source's failures have their own tests.
    running = start_container(built_image_id(), "-e", "DATA_SOURCE=sample")
    yield running
    running.remove()


@pytest.fixture(scope="module")
def api_schema(container: Container) -> schemathesis.BaseSchema:
    return schemathesis.from_uri(container.base_url + "/api/openapi.json", base_url=container.base_url)


schema = schemathesis.from_pytest_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_makes_the_api_fail(case: schemathesis.Case) -> None:
    pace()
    response = case.call(timeout=30)
    case.validate_response(response, checks=(not_a_server_error, reached_the_api))


_last_call = [0.0]


def pace() -> None:
    """Keeps requests below nginx's rate limit, whatever hypothesis does between them."""
    wait = _last_call[0] + MIN_INTERVAL_S - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    _last_call[0] = time.monotonic()


def reached_the_api(ctx: CheckContext, response: GenericResponse, case: schemathesis.Case) -> bool | None:
    """A 429 from nginx would mean the input never reached the API."""
    assert response.status_code != 429, "rate-limited by nginx: pace the requests further"
    return None
