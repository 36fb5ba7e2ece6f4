"""Users, login sessions, personal API tokens and the login rate limit.

The server is "not set up" while no user has a password: then every request acts as the
first admin, which the migration to accounts made to own the data there was. Setting up
gives that admin a name and a password; from then on every user-data request needs an
identity.

Session ids and API tokens are 32 random bytes; only their sha256 is stored, so that the
database alone does not let anyone in.
"""

import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from etftool.accounts import passwords
from etftool.accounts.errors import (
    AccountNotFound,
    AlreadySetUp,
    BadCredentials,
    Forbidden,
    InvalidAccountField,
    LoginLocked,
    NotSetUp,
    UsernameTaken,
)
from etftool.accounts.models import USERNAME_LENGTH, ApiToken, LoginFailure, LoginSession, User
from etftool.db.locks import serialise

SESSION_LIFETIME = timedelta(days=30)
# last_seen_at is rewritten at most this often, not at every request.
LAST_SEEN_RESOLUTION = timedelta(minutes=5)
# Personal tokens start so, which tells them from the API key without a lookup.
TOKEN_PREFIX = "etft_"
# Failed logins in a row before each further one locks the name (or address) for a while:
# LOCK_BASE after the next, then twice as long after each further one, up to LOCK_MAX.
FREE_FAILURES = 5
LOCK_BASE = timedelta(seconds=1)
LOCK_MAX = timedelta(minutes=15)
# The rows that store a secret's digest: login sessions and API tokens.
_Secret = TypeVar("_Secret", LoginSession, ApiToken)
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]*$")


@dataclass(frozen=True)
class Identity:
    """Who a request acts for."""

    user_id: int
    username: str
    is_admin: bool


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_username(username: str) -> str:
    """Lower case, so that names are unique whatever their case; raises InvalidAccountField."""
    name = username.strip().lower()
    if not 1 <= len(name) <= USERNAME_LENGTH or not _USERNAME.fullmatch(name):
        raise InvalidAccountField(
            "username",
            f"a username has 1 to {USERNAME_LENGTH} letters, digits or . _ @ -, "
            "starting with a letter or digit",
        )
    return name


def check_new_password(password: str, field: str = "password") -> None:
    if not passwords.MIN_LENGTH <= len(password) <= passwords.MAX_LENGTH:
        raise InvalidAccountField(
            field, f"a password has {passwords.MIN_LENGTH} to {passwords.MAX_LENGTH} characters"
        )


def new_csrf_token() -> str:
    """The value of the double-submit CSRF cookie a login sets."""
    return secrets.token_urlsafe(32)


def identity_of(user: User) -> Identity:
    return Identity(user.id, user.username, user.is_admin)


# Setting up -------------------------------------------------------------------------------


def is_set_up(session: Session) -> bool:
    return session.scalar(select(User.id).where(User.password_hash.is_not(None)).limit(1)) is not None


def registration_open(session: Session, allowed: bool) -> bool:
    """Whether anyone may make themselves an account: the settings allow it
    (ALLOW_REGISTRATION) and the server is set up, so that its first user is the admin."""
    return allowed and is_set_up(session)


def first_admin(session: Session) -> User:
    """The household's owner; the migration to accounts made one."""
    user = session.scalar(select(User).where(User.is_admin).order_by(User.id).limit(1))
    if user is None:
        raise NotSetUp()
    return user


def set_up(session: Session, username: str, password: str) -> User:
    """Names the first admin and gives it its password; raises AlreadySetUp once done."""
    name = normalise_username(username)
    check_new_password(password)
    if is_set_up(session):
        raise AlreadySetUp()
    admin = first_admin(session)
    # Locked, and seen again: of two set-ups at once (PostgreSQL writers run side by side),
    # the second waits here and then finds the password set.
    session.refresh(admin, with_for_update=True)
    if admin.password_hash is not None:
        raise AlreadySetUp()
    if name != admin.username and _user_named(session, name) is not None:
        raise UsernameTaken(name)
    admin.username = name
    admin.password_hash = passwords.hash_password(password)
    admin.session_generation += 1
    session.flush()
    return admin


def set_up_at_start(session: Session, username: str, password: str) -> bool:
    """ADMIN_USERNAME and ADMIN_PASSWORD: sets the server up unless it is; True if it did."""
    if is_set_up(session):
        return False
    set_up(session, username, password)
    return True


# Users ------------------------------------------------------------------------------------


def create_user(session: Session, username: str, password: str, is_admin: bool = False) -> User:
    name = normalise_username(username)
    check_new_password(password)
    if _user_named(session, name) is not None:
        raise UsernameTaken(name)
    user = User(username=name, password_hash=passwords.hash_password(password), is_admin=is_admin)
    session.add(user)
    session.flush()
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.id)))


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise AccountNotFound(f"user {user_id} does not exist")
    return user


def delete_user(session: Session, user_id: int, acting: Identity) -> None:
    """With every row of the user's data (the foreign keys cascade)."""
    if user_id == acting.user_id:
        raise Forbidden("you cannot delete yourself")
    user = get_user(session, user_id)
    if user.is_admin and session.scalar(select(func.count()).select_from(User).where(User.is_admin)) == 1:
        raise Forbidden("the last admin cannot be deleted")
    session.delete(user)
    session.flush()


def change_password(session: Session, user_id: int, current: str, new: str) -> User:
    """Every session and token of the user keeps working but the sessions, which end."""
    user = get_user(session, user_id)
    if not passwords.verify_password(user.password_hash, current):
        raise InvalidAccountField("current_password", "the current password is wrong")
    check_new_password(new, "new_password")
    user.password_hash = passwords.hash_password(new)
    log_out_everywhere(session, user.id)
    return user


# Logging in -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginAttempt:
    """A login's name and client address, and the stored hash it is checked against."""

    username: str
    keys: tuple[str, str]  # its counters in LoginFailure
    password_hash: str | None


def start_login(session: Session, username: str, client: str, now: datetime) -> LoginAttempt:
    """Raises LoginLocked while the name or the client address is locked after failed logins.
    The password is checked after, outside any transaction (see check_password)."""
    name = username.strip().lower()
    keys = (f"user:{name}"[:200], f"ip:{client}"[:200])
    locked_until = max(
        (
            failure.locked_until
            for key in keys
            if (failure := session.get(LoginFailure, key)) and failure.locked_until
        ),
        default=None,
    )
    if locked_until is not None and locked_until > now:
        raise LoginLocked(math.ceil((locked_until - now).total_seconds()))
    user = _user_named(session, name)
    return LoginAttempt(name, keys, user.password_hash if user is not None else None)


def check_password(attempt: LoginAttempt, password: str) -> bool:
    """As long for an unknown name as for a wrong password."""
    return passwords.verify_password(attempt.password_hash, password)


def finish_login(
    session: Session, attempt: LoginAttempt, password: str, verified: bool, now: datetime
) -> User | None:
    """The user, or None (the failure counted: the caller commits, then answers BadCredentials).
    A password changed since start_login counts as wrong."""
    user = _user_named(session, attempt.username) if verified else None
    if user is None or user.password_hash != attempt.password_hash or user.password_hash is None:
        for key in attempt.keys:
            _count_failure(session, key, now)
        return None
    session.execute(delete(LoginFailure).where(LoginFailure.key.in_(attempt.keys)))
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def login_user(session: Session, username: str, password: str, client: str, now: datetime) -> User:
    """start_login, check_password and finish_login in one transaction; raises BadCredentials
    (having counted the failure) for a wrong name or password."""
    attempt = start_login(session, username, client, now)
    user = finish_login(session, attempt, password, check_password(attempt, password), now)
    if user is None:
        raise BadCredentials()
    return user


def _count_failure(session: Session, key: str, now: datetime) -> None:
    # One counter's writers one at a time: two first failures at once would both insert it.
    serialise(session, f"login-failures:{key}")
    failure = session.get(LoginFailure, key, with_for_update=True)
    if failure is None:
        failure = LoginFailure(key=key, failures=0)
        session.add(failure)
    failure.failures += 1
    beyond = failure.failures - FREE_FAILURES
    if beyond > 0:
        failure.locked_until = now + min(LOCK_BASE * 2 ** min(beyond - 1, 20), LOCK_MAX)
    session.flush()


# Sessions ---------------------------------------------------------------------------------


def start_session(session: Session, user: User, now: datetime) -> str:
    """A new session of `user`; returns its id, which only the cookie keeps."""
    session_id = secrets.token_urlsafe(32)
    session.execute(delete(LoginSession).where(LoginSession.expires_at <= now))  # the expired, of anyone
    session.add(
        LoginSession(
            id_hash=digest(session_id),
            user_id=user.id,
            generation=user.session_generation,
            created_at=now,
            last_seen_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    session.flush()
    return session_id


@dataclass(frozen=True)
class SessionLookup:
    identity: Identity
    session_row_id: int
    # Whether last_seen_at is old enough to be rewritten (see touch_session).
    stale_last_seen: bool


def find_session(session: Session, session_id: str, now: datetime) -> SessionLookup | None:
    """The valid session with this id: not expired, nor ended by "log out everywhere"."""
    found = _with_user(session, LoginSession, LoginSession.id_hash, session_id)
    if found is None:
        return None
    row, user = found
    if row.expires_at <= now or row.generation != user.session_generation or user.password_hash is None:
        return None
    return SessionLookup(identity_of(user), row.id, row.last_seen_at < now - LAST_SEEN_RESOLUTION)


def touch_session(session: Session, session_row_id: int, now: datetime) -> None:
    session.execute(update(LoginSession).where(LoginSession.id == session_row_id).values(last_seen_at=now))


def end_session(session: Session, session_id: str) -> None:
    session.execute(delete(LoginSession).where(LoginSession.id_hash == digest(session_id)))


def log_out_everywhere(session: Session, user_id: int) -> None:
    """Ends every session of the user; tokens are revoked one by one."""
    session.execute(
        update(User).where(User.id == user_id).values(session_generation=User.session_generation + 1)
    )
    session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))
    session.expire_all()


# Personal API tokens ----------------------------------------------------------------------


def create_token(session: Session, user_id: int, name: str, now: datetime) -> tuple[str, ApiToken]:
    """The token itself, which is not stored and so shown only now, and its row."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(token_hash=digest(token), user_id=user_id, name=name.strip(), created_at=now)
    session.add(row)
    session.flush()
    return token, row


def list_tokens(session: Session, user_id: int) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)))


def delete_token(session: Session, user_id: int, token_id: int) -> None:
    deleted = session.execute(
        delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id).returning(ApiToken.id)
    ).first()
    if deleted is None:
        raise AccountNotFound(f"token {token_id} does not exist")


def find_token(session: Session, token: str) -> tuple[Identity, ApiToken] | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    found = _with_user(session, ApiToken, ApiToken.token_hash, token)
    if found is None:
        return None
    row, user = found
    return identity_of(user), row


def _with_user(
    session: Session, kind: type[_Secret], hash_column: InstrumentedAttribute[str], secret: str
) -> tuple[_Secret, User] | None:
    """The row of `kind` that stores the digest of `secret` in `hash_column`, and its user."""
    found = session.execute(
        select(kind, User).join(User, User.id == kind.user_id).where(hash_column == digest(secret))
    ).first()
    return None if found is None else found.tuple()


def touch_token(session: Session, token_id: int, now: datetime) -> None:
    session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))


def _user_named(session: Session, name: str) -> User | None:
    return session.scalar(select(User).where(User.username == name))
