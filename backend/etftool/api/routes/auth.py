"""Setting the server up, logging in and out, and who the caller is (see api/identity.py)."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from sqlalchemy.orm import Session

from etftool.accounts import service as accounts
from etftool.accounts.errors import BadCredentials, Forbidden
from etftool.accounts.models import User
from etftool.accounts.schemas import Credentials, Me, PasswordChange, Registration, UserInfo
from etftool.api.deps import AccountsReadingSession, AccountsWritingSession, SettingsDep, get_database
from etftool.api.identity import CSRF_COOKIE, SESSION_COOKIE, AccountCaller, CurrentCaller, presents_api_key
from etftool.api.responses import errors
from etftool.api.strict_json import StrictJsonRoute
from etftool.db import Database
from etftool.db.types import utc_now

router = APIRouter(prefix="/auth", tags=["accounts"], route_class=StrictJsonRoute, responses=errors(503))

DatabaseDep = Annotated[Database, Depends(get_database)]


def user_info(user: User) -> UserInfo:
    return UserInfo(id=user.id, username=user.username, is_admin=user.is_admin, created_at=user.created_at)


@router.post(
    "/setup",
    response_model=UserInfo,
    summary="Name the admin and set its password, then log in",
    responses=errors(403, 409, 415, 507),
)
def set_up(
    body: Credentials,
    request: Request,
    response: Response,
    session: AccountsWritingSession,
    settings: SettingsDep,
) -> UserInfo:
    """Only while the server is not set up (409 after); until then every request acts as the
    admin. With API_KEY set, it needs the key, as every write did before accounts."""
    if settings.api_key is not None and not presents_api_key(settings, request):
        raise Forbidden("setting the server up needs the API key: send 'Authorization: Bearer <API_KEY>'")
    admin = accounts.set_up(session, body.username, body.password)
    _log_in(request, response, session, admin, utc_now())
    return user_info(admin)


@router.post(
    "/login",
    response_model=UserInfo,
    summary="Log in: sets the session and CSRF cookies",
    responses=errors(401, 403, 415, 429, 507),
)
def log_in(body: Credentials, request: Request, response: Response, database: DatabaseDep) -> UserInfo:
    """401 for a wrong name or password; 429 with Retry-After after too many in a row."""
    now = utc_now()
    with database.reading() as session:
        if not accounts.is_set_up(session):
            raise Forbidden("this server is not set up yet: POST /api/auth/setup first")
        attempt = accounts.start_login(session, body.username, _client(request), now)
    # The hash takes tens of ms: checked outside any transaction, holding up no writer.
    verified = accounts.check_password(attempt, body.password)
    # Committed whether or not the login succeeds: failures count towards the lockout.
    with database.writing() as session:
        user = accounts.finish_login(session, attempt, body.password, verified, now)
        if user is not None:
            _end_presented_session(request, session)
            _log_in(request, response, session, user, now)
            info = user_info(user)
    if user is None:
        raise BadCredentials()
    return info


@router.post(
    "/register",
    response_model=UserInfo,
    status_code=status.HTTP_201_CREATED,
    summary="Make yourself an account",
    responses=errors(403, 409, 415, 507),
)
def register(
    body: Credentials,
    request: Request,
    response: Response,
    session: AccountsWritingSession,
    settings: SettingsDep,
) -> UserInfo:
    """Only when the server allows it (ALLOW_REGISTRATION=true) and is set up; logs in."""
    if not settings.allow_registration:
        raise Forbidden("this server does not allow registration: ask its admin for an account")
    if not accounts.is_set_up(session):
        raise Forbidden("this server is not set up yet: POST /api/auth/setup first")
    user = accounts.create_user(session, body.username, body.password)
    _log_in(request, response, session, user, utc_now())
    return user_info(user)


@router.post(
    "/logout", status_code=status.HTTP_204_NO_CONTENT, summary="End this session", responses=errors(507)
)
def log_out(request: Request, session: AccountsWritingSession) -> Response:
    _end_presented_session(request, session)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.post(
    "/logout-all",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End every session of yours",
    responses=errors(401, 403, 409, 507),
)
def log_out_everywhere(caller: AccountCaller, session: AccountsWritingSession) -> Response:
    """Personal API tokens keep working; delete them one by one."""
    accounts.log_out_everywhere(session, caller.user_id)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.get("/me", response_model=Me, summary="Who the request acts for", responses=errors(401))
def me(caller: CurrentCaller, session: AccountsReadingSession, settings: SettingsDep) -> Me:
    """401 once the server is set up and the request is not logged in."""
    return Me(
        set_up=accounts.is_set_up(session),
        user=user_info(accounts.get_user(session, caller.user_id)),
        via=caller.via,
        registration_open=accounts.registration_open(session, settings.allow_registration),
    )


@router.get("/registration", response_model=Registration, summary="Whether you may make yourself an account")
def registration(session: AccountsReadingSession, settings: SettingsDep) -> Registration:
    """Asked by the login page before anyone logs in: open when the server allows registration
    (ALLOW_REGISTRATION=true) and is set up, as POST /auth/register needs."""
    return Registration(open=accounts.registration_open(session, settings.allow_registration))


@router.post(
    "/password",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Change your password",
    responses=errors(401, 403, 409, 415, 507),
)
def change_password(
    body: PasswordChange, request: Request, caller: AccountCaller, session: AccountsWritingSession
) -> Response:
    """Needs the current password; ends your other sessions and keeps this one (a new id)."""
    user = accounts.change_password(session, caller.user_id, body.current_password, body.new_password)
    session.refresh(user)
    reply = Response(status_code=status.HTTP_204_NO_CONTENT)
    _log_in(request, reply, session, user, utc_now())
    return reply


def _log_in(request: Request, response: Response, session: Session, user: User, now: datetime) -> None:
    """A new session id at every login, so that an id planted before it is worth nothing."""
    session_id = accounts.start_session(session, user, now)
    secure = _over_https(request)
    max_age = int(accounts.SESSION_LIFETIME.total_seconds())
    response.set_cookie(
        SESSION_COOKIE, session_id, max_age=max_age, path="/", httponly=True, samesite="lax", secure=secure
    )
    # Read by the page's script and echoed in X-CSRF-Token on its writes.
    response.set_cookie(
        CSRF_COOKIE,
        accounts.new_csrf_token(),
        max_age=max_age,
        path="/",
        httponly=False,
        samesite="lax",
        secure=secure,
    )


def _end_presented_session(request: Request, session: Session) -> None:
    presented = request.cookies.get(SESSION_COOKIE)
    if presented:
        accounts.end_session(session, presented)


def _over_https(request: Request) -> bool:
    """nginx says which scheme the browser used in X-Forwarded-Proto."""
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def _client(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"
