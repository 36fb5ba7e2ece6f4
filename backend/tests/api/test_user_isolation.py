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

# In every text field of the victim's data, so that any of it in the attacker's answers is seen.
SECRET = "victims-secret"
TRANSACTION = {"code": "MTUM", "side": "buy", "date": "2024-01-02", "quantity": 10, "price": 100}
ALERT = {"code": "MTUM", "condition": "price_above", "threshold": 1000}


@dataclass
class Victim:
    """The ids of the data of the user attacked, and their API token."""

    token: str
    token_id: int
    user_id: int
    transaction: int
    alert: int
    channel: int
    export: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    """What the attacker sends on one route, against the victim's data where it names a row
    (`path` takes the victim's fields, such as {transaction}), and the status the attacker
    gets; `check` looks further
    at the answer."""

    path: str
    status: int
    body: Any = None
    check: Callable[[Response], None] | None = None

    def url(self, victim: Victim) -> str:
        return self.path.format_map(vars(victim))

    def body_for(self, victim: Victim) -> Any:
        return self.body(victim) if callable(self.body) else self.body


def no_items(response: Response) -> None:
    assert response.json()["items"] == []


def sent_to_none(response: Response) -> None:
    assert response.json()["channels"] == 0


def is_bob(response: Response) -> None:
    assert response.json()["user"]["username"] == "bob"


V1 = API_PREFIX
# (method, path as in the schema) -> the attacker's request, the victim being Alice, the admin,
# and the attacker Bob (and the other way round for the user-data routes). The import of the
# victim's own export goes last: it gives the attacker copies of the victim's rows (the
# attacker's, not the victim's), which later reads would show.
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
    ("POST", f"{V1}/import"): Case(f"{V1}/import", 200, lambda victim: victim.export),
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


def log_in_with_a_token(
    client: TestClient, username: str, password: str, token_name: str
) -> tuple[str, int, int]:
    """A new token of the user's, its id and the user's id."""
    client.cookies.clear()
    logged_in = client.post("/api/auth/login", json={"username": username, "password": password})
    assert logged_in.status_code == 200, logged_in.text
    csrf = {"X-CSRF-Token": client.cookies["etftool_csrf"]}
    made = client.post("/api/tokens", json={"name": token_name}, headers=csrf).json()
    user_id = client.get("/api/auth/me").json()["user"]["id"]
    client.cookies.clear()
    return made["token"], made["id"], user_id


def alice_and_bob(client: TestClient, victim: str) -> dict[str, tuple[str, int, int]]:
    """Alice sets the server up (so she is its admin) and adds Bob; each with a token, the
    victim's named SECRET."""
    alice = {"username": "alice", "password": "alice-password"}
    assert client.post("/api/auth/setup", json=alice).status_code == 200
    csrf = {"X-CSRF-Token": client.cookies["etftool_csrf"]}
    bob = client.post("/api/users", json={"username": "bob", "password": "bob-password"}, headers=csrf)
    assert bob.status_code == 201
    return {
        name: log_in_with_a_token(client, name, f"{name}-password", SECRET if name == victim else "own")
        for name in ("alice", "bob")
    }


def victims_data(client: TestClient, token: str, token_id: int, user_id: int) -> Victim:
    as_victim = bearer(token)

    def post(path: str, body: dict[str, Any]) -> int:
        response = client.post(path, json=body, headers=as_victim)
        assert response.status_code == 201, response.text
        return int(response.json().get("id", 0))

    post(f"{V1}/watchlist", {"code": "MTUM", "group": SECRET})
    victim = Victim(
        token=token,
        token_id=token_id,
        user_id=user_id,
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
    victim.export = client.get(f"{V1}/export", headers=as_victim).json()
    return victim


def snapshot(client: TestClient, victim: Victim) -> dict[str, Any]:
    """All of the victim's data and tokens, as they see them."""
    export = client.get(f"{V1}/export", headers=bearer(victim.token))
    tokens = client.get("/api/tokens", headers=bearer(victim.token))
    assert export.status_code == tokens.status_code == 200
    return {
        "data": {key: value for key, value in export.json().items() if key != "exported_at"},
        "tokens": [(token["id"], token["name"]) for token in tokens.json()["items"]],
    }


def attack(
    client: TestClient, victim: Victim, attacker_token: str, cases: dict[tuple[str, str], Case]
) -> None:
    """Each case from the attacker, then the victim's data as it was."""
    before = snapshot(client, victim)
    assert before["data"]["watchlist"] and before["data"]["notification_channels"]
    as_attacker = bearer(attacker_token)
    for (method, route), case in cases.items():
        body = case.body_for(victim)
        response = client.request(method, case.url(victim), json=body, headers=as_attacker)
        assert response.status_code == case.status, (method, route, response.text)
        if (method, route) != ("POST", f"{V1}/import"):
            assert SECRET not in response.text, (method, route)
            assert victim.token not in response.text
        if case.check is not None:
            case.check(response)
        assert snapshot(client, victim) == before, (method, route)
    # What the attacker imported from the victim's export is their own copy.
    theirs = client.get(f"{V1}/export", headers=as_attacker).json()
    assert [item["code"] for item in theirs["watchlist"]] == ["QUAL", "MTUM"]
    assert snapshot(client, victim) == before


def test_a_user_can_neither_read_nor_change_anothers_data(start_api: StartApi) -> None:
    client = start_api(accounts=True)
    users = alice_and_bob(client, victim="alice")
    attack(client, victims_data(client, *users["alice"]), users["bob"][0], ROUTES)


def test_the_admin_can_neither_read_nor_change_a_users_data(start_api: StartApi) -> None:
    """The admin manages accounts (/api/users), not what is in them."""
    client = start_api(accounts=True)
    users = alice_and_bob(client, victim="bob")
    user_data = {key: case for key, case in ROUTES.items() if key[1].startswith(V1)}
    attack(client, victims_data(client, *users["bob"]), users["alice"][0], user_data)
