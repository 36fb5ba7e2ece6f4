"""One user can neither read nor change another's data, through any route that acts for a
user. The routes come from the app's OpenAPI schema (those that take the session cookie,
the mark of a route that needs to know its caller): a new one fails this test until its case
is in ROUTES."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from etftool.core.config import Settings
from etftool.main import create_app

# isort: split
# (`tests` counts as first- or third-party depending on which files the linter is given.)
from tests.userdata import fixtures
from tests.userdata.fixtures import API_PREFIX, StartApi

# Every case runs on SQLite and on PostgreSQL (see tests/userdata/fixtures.py).
postgres_server = fixtures.postgres_server
database_url = fixtures.database_url
start_api = fixtures.start_api

# In every text field of Alice's data, so that any of it showing in Bob's answers is seen.
SECRET = "alice-secret"
TRANSACTION = {"code": "MTUM", "side": "buy", "date": "2024-01-02", "quantity": 10, "price": 100}
ALERT = {"code": "MTUM", "condition": "price_above", "threshold": 1000}


@dataclass
class Alice:
    """Her data's ids, and her API token."""

    token: str
    token_id: int
    user_id: int
    transaction: int
    alert: int
    channel: int
    export: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    """What Bob sends on one route, against Alice's data where it names a row (`path` takes
    Alice's fields, such as {transaction}), and the status he gets; `check` looks further
    at the answer."""

    path: str
    status: int
    body: Any = None
    check: Callable[[Response], None] | None = None

    def url(self, alice: Alice) -> str:
        return self.path.format_map(vars(alice))

    def body_for(self, alice: Alice) -> Any:
        return self.body(alice) if callable(self.body) else self.body


def no_items(response: Response) -> None:
    assert response.json()["items"] == []


def sent_to_none(response: Response) -> None:
    assert response.json()["channels"] == 0


def is_bob(response: Response) -> None:
    assert response.json()["user"]["username"] == "bob"


V1 = API_PREFIX
# (method, path as in the schema) -> Bob's request. The import of Alice's own export goes
# last: it gives Bob copies of her rows (his, not hers), which later reads would show.
ROUTES: dict[tuple[str, str], Case] = {
    ("GET", f"{V1}/watchlist"): Case(f"{V1}/watchlist", 200, check=no_items),
    ("POST", f"{V1}/watchlist"): Case(f"{V1}/watchlist", 201, {"code": "QUAL"}),
    ("PATCH", f"{V1}/watchlist/{{code}}"): Case(f"{V1}/watchlist/MTUM", 404, {"group": "b"}),
    ("DELETE", f"{V1}/watchlist/{{code}}"): Case(f"{V1}/watchlist/MTUM", 404),
    ("PUT", f"{V1}/watchlist/order"): Case(f"{V1}/watchlist/order", 404, {"codes": ["MTUM"]}),
    ("GET", f"{V1}/holdings"): Case(f"{V1}/holdings", 200),
    ("GET", f"{V1}/transactions"): Case(f"{V1}/transactions", 200, check=no_items),
    ("GET", f"{V1}/holdings/transactions"): Case(f"{V1}/holdings/transactions?code=MTUM", 200),
    ("POST", f"{V1}/transactions"): Case(f"{V1}/transactions", 201, TRANSACTION),
    ("POST", f"{V1}/holdings/transactions"): Case(f"{V1}/holdings/transactions", 201, TRANSACTION),
    ("PUT", f"{V1}/transactions/{{transaction_id}}"): Case(
        f"{V1}/transactions/{{transaction}}", 404, TRANSACTION
    ),
    ("PUT", f"{V1}/holdings/transactions/{{transaction_id}}"): Case(
        f"{V1}/holdings/transactions/{{transaction}}", 404, TRANSACTION
    ),
    ("DELETE", f"{V1}/transactions/{{transaction_id}}"): Case(f"{V1}/transactions/{{transaction}}", 404),
    ("DELETE", f"{V1}/holdings/transactions/{{transaction_id}}"): Case(
        f"{V1}/holdings/transactions/{{transaction}}", 404
    ),
    ("GET", f"{V1}/alerts"): Case(f"{V1}/alerts", 200),
    ("POST", f"{V1}/alerts"): Case(f"{V1}/alerts", 201, ALERT),
    ("GET", f"{V1}/alerts/triggered"): Case(f"{V1}/alerts/triggered", 200),
    ("PATCH", f"{V1}/alerts/{{alert_id}}"): Case(f"{V1}/alerts/{{alert}}", 404, {"threshold": 1}),
    ("DELETE", f"{V1}/alerts/{{alert_id}}"): Case(f"{V1}/alerts/{{alert}}", 404),
    ("GET", f"{V1}/notifications/channels"): Case(f"{V1}/notifications/channels", 200, check=no_items),
    ("POST", f"{V1}/notifications/channels"): Case(
        f"{V1}/notifications/channels",
        201,
        {"name": "bob", "config": {"kind": "telegram", "bot_token": "1:bob", "chat_id": "1"}},
    ),
    ("PATCH", f"{V1}/notifications/channels/{{channel_id}}"): Case(
        f"{V1}/notifications/channels/{{channel}}", 404, {"name": "mine"}
    ),
    ("DELETE", f"{V1}/notifications/channels/{{channel_id}}"): Case(
        f"{V1}/notifications/channels/{{channel}}", 404
    ),
    ("POST", f"{V1}/notifications/channels/{{channel_id}}/test"): Case(
        f"{V1}/notifications/channels/{{channel}}/test", 404
    ),
    ("GET", f"{V1}/notifications/channels/{{channel_id}}/deliveries"): Case(
        f"{V1}/notifications/channels/{{channel}}/deliveries", 404
    ),
    ("POST", f"{V1}/notifications/summary/send"): Case(
        f"{V1}/notifications/summary/send", 200, check=sent_to_none
    ),
    ("GET", f"{V1}/export"): Case(f"{V1}/export", 200),
    ("GET", "/api/auth/me"): Case("/api/auth/me", 200, check=is_bob),
    ("POST", "/api/auth/logout-all"): Case("/api/auth/logout-all", 204),
    ("POST", "/api/auth/password"): Case(
        "/api/auth/password", 422, {"current_password": "alice-password", "new_password": "taken-over"}
    ),
    ("GET", "/api/users"): Case("/api/users", 403),
    ("POST", "/api/users"): Case("/api/users", 403, {"username": "mallory", "password": "mallory-password"}),
    ("DELETE", "/api/users/{user_id}"): Case("/api/users/{user_id}", 403),
    ("GET", "/api/tokens"): Case("/api/tokens", 200),
    ("POST", "/api/tokens"): Case("/api/tokens", 201, {"name": "bob"}),
    ("DELETE", "/api/tokens/{token_id}"): Case("/api/tokens/{token_id}", 404),
    ("POST", f"{V1}/import"): Case(f"{V1}/import", 200, lambda alice: alice.export),
}


def routes_acting_for_a_user(settings: Settings) -> set[tuple[str, str]]:
    schema = create_app(settings).openapi()
    return {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if any("APIKeyCookie" in requirement for requirement in operation.get("security", []))
    }


def test_every_route_acting_for_a_user_has_its_isolation_case(settings: Settings) -> None:
    routes = routes_acting_for_a_user(settings)
    assert len(routes) > 30
    assert sorted(routes - ROUTES.keys()) == [], "add these routes' cases to ROUTES"
    assert sorted(ROUTES.keys() - routes) == [], "these routes are gone: remove their cases"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def alices_data(client: TestClient) -> Alice:
    client.post("/api/auth/setup", json={"username": "alice", "password": "alice-password"})
    csrf = {"X-CSRF-Token": client.cookies["etftool_csrf"]}
    made = client.post("/api/tokens", json={"name": SECRET}, headers=csrf).json()
    me = client.get("/api/auth/me").json()["user"]["id"]
    client.cookies.clear()
    as_alice = bearer(made["token"])

    def post(path: str, body: dict[str, Any]) -> int:
        response = client.post(path, json=body, headers=as_alice)
        assert response.status_code == 201, response.text
        return int(response.json().get("id", 0))

    post(f"{V1}/watchlist", {"code": "MTUM", "group": SECRET})
    alice = Alice(
        token=made["token"],
        token_id=made["id"],
        user_id=me,
        transaction=post(f"{V1}/transactions", {**TRANSACTION, "note": SECRET}),
        alert=post(f"{V1}/alerts", ALERT),
        channel=post(
            f"{V1}/notifications/channels",
            {
                "name": SECRET,
                "summary": True,
                "config": {"kind": "telegram", "bot_token": f"1:{SECRET}", "chat_id": "7"},
            },
        ),
    )
    alice.export = client.get(f"{V1}/export", headers=as_alice).json()
    return alice


def snapshot(client: TestClient, alice: Alice) -> dict[str, Any]:
    """All of Alice's data and tokens, as she sees them."""
    export = client.get(f"{V1}/export", headers=bearer(alice.token))
    tokens = client.get("/api/tokens", headers=bearer(alice.token))
    assert export.status_code == tokens.status_code == 200
    return {
        "data": {key: value for key, value in export.json().items() if key != "exported_at"},
        "tokens": [(token["id"], token["name"]) for token in tokens.json()["items"]],
    }


def test_bob_can_neither_read_nor_change_alices_data(start_api: StartApi, settings: Settings) -> None:
    client = start_api(accounts=True)
    alice = alices_data(client)
    before = snapshot(client, alice)
    assert before["data"]["watchlist"] and before["data"]["notification_channels"]
    bob = client.post(
        "/api/users", json={"username": "bob", "password": "bob-password"}, headers=bearer(alice.token)
    )
    assert bob.status_code == 201
    logged_in = client.post("/api/auth/login", json={"username": "bob", "password": "bob-password"})
    assert logged_in.status_code == 200
    bob_token = client.post(
        "/api/tokens", json={}, headers={"X-CSRF-Token": client.cookies["etftool_csrf"]}
    ).json()["token"]
    client.cookies.clear()
    routes = routes_acting_for_a_user(settings)

    for (method, route), case in ROUTES.items():
        assert (method, route) in routes
        as_bob = bearer(bob_token)
        response = client.request(method, case.url(alice), json=case.body_for(alice), headers=as_bob)
        assert response.status_code == case.status, (method, route, response.text)
        if (method, route) != ("POST", f"{V1}/import"):
            assert SECRET not in response.text, (method, route)
            assert alice.token not in response.text
        if case.check is not None:
            case.check(response)
        assert snapshot(client, alice) == before, (method, route)

    # What Bob imported from Alice's export is his own copy.
    mine = client.get(f"{V1}/export", headers=bearer(bob_token)).json()
    assert [item["code"] for item in mine["watchlist"]] == ["QUAL", "MTUM"]
    assert snapshot(client, alice) == before
