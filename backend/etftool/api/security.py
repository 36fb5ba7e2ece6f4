"""API-key access control. With API_KEY set, every write (POST, PUT, PATCH, DELETE) needs
the key, as `Authorization: Bearer <key>` or `X-API-Key: <key>`, and reads need it too when
API_KEY_READS=true. Add `dependencies=[RequireApiKey]` to a router to protect it.
"""

import hmac
import logging
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from etftool.core.config import Settings

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_bearer = HTTPBearer(auto_error=False, description="API_KEY as a bearer token (when the server sets one)")
_api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="API_KEY (when the server sets one)"
)


def require_api_key(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
    header_key: Annotated[str | None, Security(_api_key_header)],
) -> None:
    """Raises 401 when the request needs the key and carries no matching one."""
    settings: Settings = request.app.state.settings
    if settings.api_key is None:
        return
    if request.method not in WRITE_METHODS and not settings.api_key_reads:
        return
    if not _presents_key(settings, bearer, header_key):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "this request needs the API key: send 'Authorization: Bearer <API_KEY>' "
            "or 'X-API-Key: <API_KEY>'",
            headers={"WWW-Authenticate": "Bearer"},
        )


RequireApiKey = Depends(require_api_key)


def may_see_secrets(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
    header_key: Annotated[str | None, Security(_api_key_header)],
) -> bool:
    """False when API_KEY is set and this request does not carry it: reads open to anyone
    (API_KEY_READS=false) then get secrets such as webhook tokens masked."""
    settings: Settings = request.app.state.settings
    return settings.api_key is None or _presents_key(settings, bearer, header_key)


MaySeeSecrets = Annotated[bool, Depends(may_see_secrets)]


def _presents_key(
    settings: Settings, bearer: HTTPAuthorizationCredentials | None, header_key: str | None
) -> bool:
    assert settings.api_key is not None
    expected = settings.api_key.get_secret_value().encode()
    presented = [key.encode() for key in (bearer.credentials if bearer else None, header_key) if key]
    # compare_digest takes as long whatever the key's first wrong character.
    return any(hmac.compare_digest(key, expected) for key in presented)


def warn_if_api_key_unset(settings: Settings, logger: logging.Logger) -> None:
    """Call at start-up; it never logs the key itself."""
    if settings.api_key is None:
        logger.warning(
            "API_KEY is not set: anyone who can reach the API can change the watchlist, holdings and "
            "alerts. Set API_KEY to require it for writes (and API_KEY_READS=true for reads too)."
        )
