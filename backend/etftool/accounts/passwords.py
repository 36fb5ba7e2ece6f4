"""Password hashes: argon2id with argon2-cffi's defaults (RFC 9106's second recommendation)."""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

MIN_LENGTH = 8
MAX_LENGTH = 1024


def hash_password(password: str) -> str:
    return str(_hasher.hash(password))


@cache
def _unknown_user_hash() -> str:
    """Verified against when the username is unknown, so that the answer takes as long; made
    at the first need, not at start-up (a hash takes tens of ms and 64 MiB)."""
    return hash_password("no user has this password")


def verify_password(password_hash: str | None, password: str) -> bool:
    """False for a wrong password, and for a user without one (after as long a check)."""
    try:
        verified = bool(_hasher.verify(password_hash or _unknown_user_hash(), password))
    except (VerificationError, InvalidHashError):
        return False
    return verified and password_hash is not None


def needs_rehash(password_hash: str) -> bool:
    return bool(_hasher.check_needs_rehash(password_hash))
