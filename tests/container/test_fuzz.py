"""Schemathesis against the running container: every operation of /api/openapi.json, with
generated inputs, through nginx, must never answer with a server error (5xx), and must answer
only with the statuses, content types and bodies its schema states — one at a time, and in
sequences that follow what one answer creates into the next request (stateful).

Requests are paced below nginx's API rate limit so that every one reaches the API. The
examples are derandomized: a failure repeats on the next run.

The server has an API key, which every request carries: a generated set-up of the household
accounts (POST /api/auth/setup) would otherwise lock every later request out of the user data.
With the key, requests act as the admin before and after it.
"""

import time
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.internal.checks import CheckContext, CheckFunction
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.transports.responses import GenericResponse

from container.containers import Container, built_image_id, http_request, started

MAX_EXAMPLES = 25
# Sequences of calls, and calls a sequence, of the stateful test.
MAX_SEQUENCES = 20
MAX_STEPS = 6
SAMPLE_CODES = ("MTUM", "QUAL", "SIZE", "USMV", "VLUE")
# nginx allows 20 API requests a second per client address (after a burst of 40).
MIN_INTERVAL_S = 1 / 15
API_KEY = "fuzz-test-key"
AS_ADMIN = {"Authorization": f"Bearer {API_KEY}"}

# FastAPI publishes OpenAPI 3.1, which schemathesis 3 supports behind this switch.
schemathesis.experimental.OPEN_API_3_1.enable()


@pytest.fixture(scope="module")
def container() -> Iterator[Container]:
    # Offline data: with no internet here, the schema's example code (510300) would rightly get
    # the live source's 503; the live source's failures have their own tests.
    with started(built_image_id(), "-e", "DATA_SOURCE=sample", "-e", f"API_KEY={API_KEY}") as running:
        yield running


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
    response = case.call(timeout=30, headers=AS_ADMIN)
    case.validate_response(response, checks=CHECKS)


# What a created object is called by, in the operations on it. FastAPI's schema has no OpenAPI
# links, so they are added here: (where it is created, what names it in the answer, the path
# parameter that takes it) → the operations on the item's path, `{created by}/{parameter}`,
# and below it. A channel's test message is left out: it would wait for a push service this
# machine cannot reach.
LINKS = {
    ("/api/v1/watchlist", "$response.body#/code", "code"): [("", "PATCH"), ("", "DELETE")],
    ("/api/v1/transactions", "$response.body#/id", "transaction_id"): [("", "PUT"), ("", "DELETE")],
    ("/api/v1/alerts", "$response.body#/id", "alert_id"): [("", "PATCH"), ("", "DELETE")],
    ("/api/v1/notifications/channels", "$response.body#/id", "channel_id"): [
        ("", "PATCH"),
        ("", "DELETE"),
        ("/deliveries", "GET"),
    ],
}


# What each sequence starts without: (list, an item's path, its key).
USER_DATA = (
    ("/api/v1/watchlist", "/api/v1/watchlist/{}", "code"),
    ("/api/v1/transactions", "/api/v1/transactions/{}", "id"),
    ("/api/v1/alerts", "/api/v1/alerts/{}", "id"),
    ("/api/v1/notifications/channels", "/api/v1/notifications/channels/{}", "id"),
)


def clear_user_data(base_url: str) -> None:
    for listing, item, key in USER_DATA:
        while True:
            pace()
            items = http_request("GET", base_url + listing, headers=AS_ADMIN).json()["items"]  # type: ignore[index]
            if not items:
                break
            for entry in items:
                pace()
                deleted = http_request("DELETE", base_url + item.format(entry[key]), headers=AS_ADMIN)
                assert deleted.status == 204, deleted.body


def test_no_sequence_of_calls_makes_the_api_fail(
    container: Container, api_schema: schemathesis.BaseSchema
) -> None:
    for (created_by, value, parameter), targets in LINKS.items():
        for below, method in targets:
            api_schema.add_link(
                source=api_schema[created_by]["POST"],
                target=api_schema[f"{created_by}/{{{parameter}}}{below}"][method],
                status_code="201",
                parameters={f"path.{parameter}": value},
            )

    class PacedStateMachine(api_schema.as_state_machine()):  # type: ignore[misc]
        def _add_results_to_targets(self, targets: tuple[str, ...], results: list[object]) -> None:
            # Schemathesis 3 sorts each answer into the bundle of the link it can follow by
            # overriding hypothesis' singular `_add_result_to_targets`, which newer hypothesis
            # no longer calls; without this, every answer lands in one bundle and no request
            # can follow a failed create.
            for result in results:
                target = None if result is None else self._get_target_for_result(result)
                if target is not None:
                    super()._add_results_to_targets((target,), [result])

        def setup(self) -> None:
            # The same sequence gives the same answers when hypothesis runs it again (to shrink
            # a failure), which it requires.
            clear_user_data(container.base_url)

        def before_call(self, case: schemathesis.Case) -> None:
            # The server's key instead of generated ones (call() sends it): keys with control
            # characters are refused by the HTTP parser before any sequence could reach the app
            # (the test above sends them).
            for header in ("Authorization", "X-API-Key"):
                if case.headers and header in case.headers:
                    del case.headers[header]
            # Codes the sample knows, so that creates succeed and sequences go on from them
            # (made-up codes are the test above's).
            if isinstance(case.body, dict) and isinstance(case.body.get("code"), str):
                case.body["code"] = SAMPLE_CODES[len(case.body["code"]) % len(SAMPLE_CODES)]

        def call(self, case: schemathesis.Case, **kwargs: object) -> GenericResponse:
            pace()
            return case.call(timeout=30, headers=AS_ADMIN)

        def validate_response(
            self,
            response: GenericResponse,
            case: schemathesis.Case,
            additional_checks: tuple[CheckFunction, ...] = (),
        ) -> None:
            # additional_checks: a deleted object is gone for the operations linked to it
            case.validate_response(response, checks=(*CHECKS, *additional_checks))

    PacedStateMachine.run(
        settings=settings(
            max_examples=MAX_SEQUENCES,
            stateful_step_count=MAX_STEPS,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )


_last_call = [0.0]


def pace() -> None:
    """Keeps requests below nginx's rate limit, whatever hypothesis does between them."""
    wait = _last_call[0] + MIN_INTERVAL_S - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    _last_call[0] = time.monotonic()


def reached_the_api(ctx: CheckContext, response: GenericResponse, case: schemathesis.Case) -> bool | None:
    """A 429 of nginx's rate limit would mean the input never reached the API (a locked login's
    429 is the API's own answer)."""
    limited = response.status_code == 429 and "too many requests" in response.text
    assert not limited, "rate-limited by nginx: pace the requests further"
    return None


def conforms_to_the_schema(
    ctx: CheckContext, response: GenericResponse, case: schemathesis.Case
) -> bool | None:
    """The status, content type and body are ones the operation's schema states, for what
    reached the app: nginx and uvicorn refuse a header or cookie with control characters with
    a 400 of their own (HTML, plain text) before it, where the app answers every error in JSON."""
    if response.status_code == 400 and not response.headers.get("Content-Type", "").startswith(
        "application/json"
    ):
        return None
    for check in (status_code_conformance, content_type_conformance, response_schema_conformance):
        check(ctx, response, case)
    return None


# What every answer is checked for.
CHECKS = (not_a_server_error, reached_the_api, conforms_to_the_schema)
