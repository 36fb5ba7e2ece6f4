"""Who a request acts for.

While the server is not set up (no user has a password), every request acts as the first
admin, as the single-user server always did. Once set up, a user-data request needs one of:
- a personal API token, as `Authorization: Bearer <token>` or `X-API-Key: <token>`;
- the server's API_KEY the same way, which acts as the first admin;
- the session cookie a login set. A write (POST, PUT, PATCH, DELETE) with it must also echo
  the `etftool_csrf` cookie in an `X-CSRF-Token` header (double submit). CrossSiteWriteGuard
  (request_guards.py) already refuses writes a browser marks as cross-site; the token also
  covers browsers that send neither Origin nor Sec-Fetch-Site. Token and key requests are
  not sent by a browser on its own, so they need none.
"""

import hmac
from typing import Annotated, Literal, cast

from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.security import APIKeyCookie, APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from etftool.accounts import service as accounts
from etftool.core.config import Settings
from etftool.db import Database
from etftool.db.types import utc_now

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SESSION_COOKIE = "etftool_session"
CSRF_COOKIE = "etftool_csrf"
CSRF_HEADER = "X-CSRF-Token"

Via = Literal["setup", "api_key", "token", "session"]

bearer_scheme = HTTPBearer(
    auto_error=False, description="a personal API token, or API_KEY (when the server sets one)"
)
api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="a personal API token, or API_KEY (when the server sets one)",
)
session_cookie = APIKeyCookie(name=SESSION_COOKIE, auto_error=False, description="the session a login set")


class Caller:
    """The identity of a request, and how it was established."""

    def __init__(self, identity: accounts.Identity, via: Via) -> None:
        self.identity = identity
        self.via = via

    @property
    def user_id(self) -> int:
        return self.identity.user_id


def presented_keys(request: Request) -> list[str]:
    """What the request carries as a bearer token or X-API-Key."""
    keys = [request.headers.get("x-api-key")]
    authorization = request.headers.get("authorization", "")
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() == "bearer":
        keys.append(credentials.strip())
    return [key for key in keys if key]


def presents_api_key(settings: Settings, request: Request) -> bool:
    if settings.api_key is None:
        return False
    expected = settings.api_key.get_secret_value().encode()
    # compare_digest takes as long whatever the key's first wrong character.
    return any(hmac.compare_digest(key.encode(), expected) for key in presented_keys(request))


def identify(request: Request) -> Caller | None:
    """Who the request acts for, or None; worked out once a request."""
    if hasattr(request.state, "caller"):
        return cast(Caller | None, request.state.caller)
    caller = _identify(request)
    request.state.caller = caller
    return caller


def _identify(request: Request) -> Caller | None:
    settings = cast(Settings, request.app.state.settings)
    database = cast(Database, request.app.state.database)
    now = utc_now()
    with database.reading() as session:
        if not accounts.is_set_up(session):
            return Caller(accounts.identity_of(accounts.first_admin(session)), "setup")
        if presents_api_key(settings, request):
            return Caller(accounts.identity_of(accounts.first_admin(session)), "api_key")
        for key in presented_keys(request):
            found = accounts.find_token(session, key)
            if found is not None:
                identity, token = found
                token_id, last_used = token.id, token.last_used_at
                break
        else:
            found = None
        if found is None:
            session_id = request.cookies.get(SESSION_COOKIE)
            lookup = accounts.find_session(session, session_id, now) if session_id else None
    if found is not None:
        if last_used is None or last_used < now - accounts.LAST_SEEN_RESOLUTION:
            with database.writing() as session:
                accounts.touch_token(session, token_id, now)
        return Caller(identity, "token")
    if lookup is None:
        return None
    if lookup.stale_last_seen:
        with database.writing() as session:
            accounts.touch_session(session, lookup.session_row_id, now)
    return Caller(lookup.identity, "session")


def require_caller(
    request: Request,
    # Declared for the OpenAPI schema; identify() reads the request itself.
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)],
    _header: Annotated[str | None, Security(api_key_header)],
    _cookie: Annotated[str | None, Security(session_cookie)],
) -> Caller:
    """The caller, or 401; 403 for a cookie-authenticated write without its CSRF token."""
    caller = identify(request)
    if caller is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "log in first: this server has user accounts. Log in with POST /api/auth/login, or send a "
            "personal API token (or the API key) as 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if caller.via == "session" and request.method in WRITE_METHODS and not _csrf_token_matches(request):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            f"a change made with the session cookie needs the {CSRF_HEADER} header, equal to the "
            f"{CSRF_COOKIE} cookie",
        )
    return caller


def _csrf_token_matches(request: Request) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER, "")
    return bool(cookie) and hmac.compare_digest(cookie.encode(), sent.encode())


CurrentCaller = Annotated[Caller, Depends(require_caller)]


def require_account(caller: CurrentCaller) -> Caller:
    """A caller of a set-up server: accounts are managed only once the admin has a password,
    so that nothing made before (such as a token) outlives the open set-up mode."""
    if caller.via == "setup":
        raise HTTPException(
            status.HTTP_409_CONFLICT, "this server is not set up yet: POST /api/auth/setup first"
        )
    return caller


AccountCaller = Annotated[Caller, Depends(require_account)]


def require_admin(caller: AccountCaller) -> Caller:
    if not caller.identity.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "only an admin may do this")
    return caller


AdminCaller = Annotated[Caller, Depends(require_admin)]
