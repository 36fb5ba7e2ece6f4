"""The accounts' tables. Every change to them needs a migration in etftool.migrations."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from etftool.db.base import Base
from etftool.db.types import UtcDateTime, utc_now

USERNAME_LENGTH = 64
# Hex sha256 of a session id or a token.
DIGEST_LENGTH = 64


class User(Base):
    """A member of the household. Until one user has a password, the server is "not set up"
    and every request acts as the first admin (see etftool.accounts.service)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Kept in lower case (see service.normalise_username): "Alice" and "alice" are one user.
    username: Mapped[str] = mapped_column(String(USERNAME_LENGTH), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    # Raised by "log out everywhere" and a password change: sessions of an older generation
    # are no longer valid.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class LoginSession(Base):
    """A browser's login. Only the sha256 of the id the cookie carries is stored."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_hash: Mapped[str] = mapped_column(String(DIGEST_LENGTH), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    generation: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ApiToken(Base):
    """A personal API token, shown once when made; only its sha256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(DIGEST_LENGTH), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class LoginFailure(Base):
    """Failed logins in a row of one username ("user:<name>") or one client address
    ("ip:<address>"), and until when further tries are refused."""

    __tablename__ = "login_failures"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
