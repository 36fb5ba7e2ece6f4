"""Household accounts through the API: setting up, logging in and out, sessions, CSRF,
personal tokens, the login lockout and user management."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from etftool.accounts import service
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

WATCHLIST = f"{API_PREFIX}/watchlist"
SESSION = "etftool_session"
CSRF = "etftool_csrf"
ADMIN = {"username": "Alice", "password": "alice-password"}


@pytest.fixture
def client(start_api: StartApi) -> TestClient:
    return start_api(accounts=True)


def set_up(client: TestClient) -> None:
    response = client.post("/api/auth/setup", json=ADMIN)
    assert response.status_code == 200, response.text


def csrf(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": client.cookies[CSRF]}


def log_in(client: TestClient, username: str, password: str) -> None:
    client.cookies.clear()
    response = client.post("/api/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_until_set_up_every_request_acts_as_the_admin(client: TestClient) -> None:
    me = client.get("/api/auth/me").json()
    assert (me["set_up"], me["via"], me["user"]["username"], me["user"]["is_admin"]) == (
        False,
        "setup",
        "admin",
        True,
    )
    assert client.post(WATCHLIST, json={"code": "MTUM"}).status_code == 201
    # Nothing that would outlive the open set-up mode.
    assert client.post("/api/tokens", json={}).status_code == 409
    assert client.post("/api/auth/login", json=ADMIN).status_code == 403


def test_setting_up_names_the_admin_logs_in_and_closes_the_open_mode(client: TestClient) -> None:
    client.post(WATCHLIST, json={"code": "MTUM"})

    response = client.post("/api/auth/setup", json=ADMIN)

    assert response.status_code == 200
    assert response.json()["username"] == "alice"
    cookie = response.headers.get_list("set-cookie")
    session_cookie = next(value for value in cookie if value.startswith(f"{SESSION}="))
    assert "HttpOnly" in session_cookie and "SameSite=lax" in session_cookie
    assert "Secure" not in session_cookie  # plain HTTP here
    csrf_cookie = next(value for value in cookie if value.startswith(f"{CSRF}="))
    assert "HttpOnly" not in csrf_cookie
    # The data there was is the admin's.
    assert [item["code"] for item in client.get(WATCHLIST).json()["items"]] == ["MTUM"]
    assert client.get("/api/auth/me").json()["via"] == "session"
    assert client.post("/api/auth/setup", json=ADMIN).status_code == 409

    client.cookies.clear()
    refused = client.get(WATCHLIST)
    assert refused.status_code == 401
    assert "log in" in refused.json()["detail"]


def test_the_session_cookie_is_secure_behind_an_https_proxy(client: TestClient) -> None:
    response = client.post("/api/auth/setup", json=ADMIN, headers={"X-Forwarded-Proto": "https"})
    assert all("Secure" in value for value in response.headers.get_list("set-cookie"))


def test_a_cookie_write_needs_the_csrf_token_and_a_token_write_does_not(client: TestClient) -> None:
    set_up(client)

    refused = client.post(WATCHLIST, json={"code": "MTUM"})
    assert refused.status_code == 403
    assert "X-CSRF-Token" in refused.json()["detail"]
    wrong = client.post(WATCHLIST, json={"code": "MTUM"}, headers={"X-CSRF-Token": "not-it"})
    assert wrong.status_code == 403
    assert client.post(WATCHLIST, json={"code": "MTUM"}, headers=csrf(client)).status_code == 201
    # Reads need none.
    assert client.get(WATCHLIST).status_code == 200

    token = client.post("/api/tokens", json={"name": "script"}, headers=csrf(client)).json()["token"]
    client.cookies.clear()
    assert client.post(WATCHLIST, json={"code": "QUAL"}, headers=bearer(token)).status_code == 201


def test_login_wrong_password_and_a_new_session_id_at_every_login(client: TestClient) -> None:
    set_up(client)
    planted = client.cookies[SESSION]

    wrong = client.post("/api/auth/login", json={**ADMIN, "password": "not-the-password"})
    assert wrong.status_code == 401
    assert wrong.json()["detail"] == "wrong username or password"
    unknown = client.post("/api/auth/login", json={"username": "nobody", "password": "whatever-it-is"})
    assert unknown.status_code == 401

    # Logging in with a session cookie already there (say, one an attacker planted) gives a
    # new id and ends the old one.
    response = client.post("/api/auth/login", json={"username": "ALICE", "password": ADMIN["password"]})
    assert response.status_code == 200
    fresh = client.cookies[SESSION]
    assert fresh != planted
    client.cookies.clear()
    client.cookies.set(SESSION, planted)
    assert client.get(WATCHLIST).status_code == 401
    client.cookies.set(SESSION, fresh)
    assert client.get(WATCHLIST).status_code == 200


def test_logout_ends_the_session_on_the_server(client: TestClient) -> None:
    set_up(client)
    session_id = client.cookies[SESSION]

    assert client.post("/api/auth/logout").status_code == 204

    client.cookies.set(SESSION, session_id)
    assert client.get(WATCHLIST).status_code == 401


def test_logout_all_ends_every_session_and_keeps_tokens(client: TestClient) -> None:
    set_up(client)
    first = client.cookies[SESSION]
    token = client.post("/api/tokens", json={}, headers=csrf(client)).json()["token"]
    log_in(client, "alice", ADMIN["password"])
    second = client.cookies[SESSION]

    assert client.post("/api/auth/logout-all", headers=csrf(client)).status_code == 204

    for session_id in (first, second):
        client.cookies.clear()
        client.cookies.set(SESSION, session_id)
        assert client.get(WATCHLIST).status_code == 401
    client.cookies.clear()
    assert client.get(WATCHLIST, headers=bearer(token)).status_code == 200


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(client: TestClient) -> None:
    set_up(client)
    other = client.cookies[SESSION]
    log_in(client, "alice", ADMIN["password"])

    wrong = client.post(
        "/api/auth/password",
        json={"current_password": "not-it-at-all", "new_password": "a-new-password"},
        headers=csrf(client),
    )
    assert wrong.status_code == 422
    changed = client.post(
        "/api/auth/password",
        json={"current_password": ADMIN["password"], "new_password": "a-new-password"},
        headers=csrf(client),
    )
    assert changed.status_code == 204
    assert client.get(WATCHLIST).status_code == 200  # this browser stays logged in

    client.cookies.clear()
    client.cookies.set(SESSION, other)
    assert client.get(WATCHLIST).status_code == 401
    assert client.post("/api/auth/login", json=ADMIN).status_code == 401
    log_in(client, "alice", "a-new-password")


def test_tokens_are_shown_once_work_and_stop_working_when_revoked(client: TestClient) -> None:
    set_up(client)
    made = client.post("/api/tokens", json={"name": "backup script"}, headers=csrf(client))
    assert made.status_code == 201
    token, token_id = made.json()["token"], made.json()["id"]

    listed = client.get("/api/tokens").json()["items"]
    assert [(item["id"], item["name"]) for item in listed] == [(token_id, "backup script")]
    assert token not in client.get("/api/tokens").text

    client.cookies.clear()
    assert client.get("/api/auth/me", headers=bearer(token)).json()["via"] == "token"
    assert client.get(WATCHLIST, headers={"X-API-Key": token}).status_code == 200
    assert client.delete(f"/api/tokens/{token_id}", headers=bearer(token)).status_code == 204
    assert client.get(WATCHLIST, headers=bearer(token)).status_code == 401
    assert client.get(WATCHLIST, headers=bearer("etft_made-up")).status_code == 401


def test_the_api_key_acts_as_the_admin_after_set_up(start_api: StartApi) -> None:
    client = start_api(accounts=True, api_key="s3cret-key-0123")
    # With API_KEY set, setting up needs it, as every write did.
    assert client.post("/api/auth/setup", json=ADMIN).status_code == 403
    assert client.post("/api/auth/setup", json=ADMIN, headers=bearer("s3cret-key-0123")).status_code == 200
    client.cookies.clear()

    assert client.post(WATCHLIST, json={"code": "MTUM"}).status_code == 401
    keyed = client.post(WATCHLIST, json={"code": "MTUM"}, headers={"X-API-Key": "s3cret-key-0123"})
    assert keyed.status_code == 201
    me = client.get("/api/auth/me", headers=bearer("s3cret-key-0123")).json()
    assert (me["user"]["username"], me["via"]) == ("alice", "api_key")
    # A logged-in user needs no key besides the session.
    log_in(client, "alice", ADMIN["password"])
    assert client.post(WATCHLIST, json={"code": "QUAL"}, headers=csrf(client)).status_code == 201


def test_failed_logins_lock_the_name_out_for_a_while(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "LOCK_BASE", timedelta(minutes=1))
    set_up(client)
    client.cookies.clear()
    wrong = {"username": "alice", "password": "guessing-wrong"}

    tries = service.FREE_FAILURES + 1
    answers = [client.post("/api/auth/login", json=wrong).status_code for _ in range(tries)]
    assert answers == [401] * tries

    locked = client.post("/api/auth/login", json=ADMIN)  # even the right password
    assert locked.status_code == 429
    assert 55 <= int(locked.headers["Retry-After"]) <= 60
    assert "too many failed logins" in locked.json()["detail"]


def test_admins_manage_users_and_each_user_logs_in_to_their_own_data(client: TestClient) -> None:
    set_up(client)
    client.post(WATCHLIST, json={"code": "MTUM"}, headers=csrf(client))

    made = client.post(
        "/api/users", json={"username": "Bob", "password": "bob-password"}, headers=csrf(client)
    )
    assert made.status_code == 201
    bob = made.json()["id"]
    taken = client.post(
        "/api/users", json={"username": "BOB", "password": "bob-password"}, headers=csrf(client)
    )
    assert taken.status_code == 409
    short = client.post(
        "/api/users", json={"username": "carol", "password": "short"}, headers=csrf(client)
    )
    assert short.status_code == 422
    assert [user["username"] for user in client.get("/api/users").json()["items"]] == ["alice", "bob"]

    log_in(client, "bob", "bob-password")
    assert client.get(WATCHLIST).json()["items"] == []
    assert client.get("/api/users").status_code == 403
    eve = {"username": "eve", "password": "eve-password"}
    assert client.post("/api/users", json=eve, headers=csrf(client)).status_code == 403
    client.post(WATCHLIST, json={"code": "MTUM"}, headers=csrf(client))  # per user: no conflict

    log_in(client, "alice", ADMIN["password"])
    assert client.delete(f"/api/users/{bob}", headers=csrf(client)).status_code == 204
    me = client.get("/api/auth/me").json()["user"]["id"]
    assert client.delete(f"/api/users/{me}", headers=csrf(client)).status_code == 403
    gone = client.post("/api/auth/login", json={"username": "bob", "password": "bob-password"})
    assert gone.status_code == 401


def test_registration_is_off_unless_allowed(start_api: StartApi) -> None:
    closed = start_api(accounts=True)
    set_up(closed)
    closed.cookies.clear()
    dan = {"username": "dan", "password": "dan-password"}
    assert closed.get("/api/auth/registration").json() == {"open": False}
    assert closed.post("/api/auth/register", json=dan).status_code == 403

    open_ = start_api(accounts=True, allow_registration=True)
    # Before anyone logs in, as the login page asks.
    assert open_.get("/api/auth/registration").json() == {"open": True}
    registered = open_.post("/api/auth/register", json=dan)
    assert registered.status_code == 201
    assert open_.get("/api/auth/me").json()["user"] == {**registered.json()}
    assert open_.get(WATCHLIST).json()["items"] == []


def test_registration_opens_once_the_server_is_set_up(start_api: StartApi) -> None:
    """Its first account is the admin's, made by the set-up; /me and /registration agree."""
    client = start_api(accounts=True, allow_registration=True)
    assert client.get("/api/auth/registration").json() == {"open": False}
    assert client.get("/api/auth/me").json()["registration_open"] is False
    dan = {"username": "dan", "password": "dan-password"}
    assert client.post("/api/auth/register", json=dan).status_code == 403

    set_up(client)
    assert client.get("/api/auth/me").json()["registration_open"] is True
    client.cookies.clear()
    assert client.get("/api/auth/registration").json() == {"open": True}


def test_admin_username_and_password_set_the_server_up_at_its_first_start(
    settings: Settings, database_url: str
) -> None:
    settings = settings.model_copy(
        update={
            "database_url": database_url,
            "admin_username": "Root",
            "admin_password": SecretStr("root-password"),
        }
    )
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/v1/watchlist").status_code == 401
        assert client.get("/api/health").json()["open_writes"] is False
        # Market data stays as API_KEY_READS says: open here.
        assert client.get("/api/v1/etfs/MTUM").status_code == 200
        log_in(client, "root", "root-password")
        me = client.get("/api/auth/me").json()
        assert (me["set_up"], me["user"]["username"], me["user"]["is_admin"]) == (True, "root", True)
    # Set up already: a later start with other values changes nothing.
    changed = settings.model_copy(update={"admin_password": SecretStr("another-password")})
    with TestClient(create_app(changed)) as client:
        other = {"username": "root", "password": "another-password"}
        assert client.post("/api/auth/login", json=other).status_code == 401
        log_in(client, "root", "root-password")


def test_once_set_up_a_market_data_write_needs_an_identity_too(settings: Settings, database_url: str) -> None:
    admin = {"admin_username": "root", "admin_password": SecretStr("root-password")}
    settings = settings.model_copy(update={"database_url": database_url, **admin})
    upload = {"file": ("MINE.csv", b"date,close\n2024-01-02,1.5\n", "text/csv")}
    with TestClient(create_app(settings)) as client:
        refused = client.post(f"{API_PREFIX}/etfs/import", files=upload)
        assert refused.status_code == 401, refused.text
        assert "log in" in refused.json()["detail"]
        assert client.post(f"{API_PREFIX}/backtests/dca", json={}).status_code == 401
        log_in(client, "root", "root-password")
        assert client.post(f"{API_PREFIX}/etfs/import", files=upload).status_code == 403  # no CSRF token
        assert client.post(f"{API_PREFIX}/etfs/import", files=upload, headers=csrf(client)).status_code == 201
        client.cookies.clear()
        assert client.delete(f"{API_PREFIX}/etfs/imports/MINE").status_code == 401
        # Reading market data stays open (API_KEY_READS decides that).
        imported = client.get(f"{API_PREFIX}/etfs/imports")
        assert [etf["code"] for etf in imported.json()["items"]] == ["MINE"]
