"""API-key access control. With API_KEY set, every write (POST, PUT, PATCH, DELETE) needs
the key, as `Authorization: Bearer <key>` or `X-API-Key: <key>`, and reads need it too when
API_KEY_READS=true. Add `dependencies=[RequireApiKey]` to a router to protect it.

Once the server is set up with user accounts (see identity.py), a logged-in user's session
or personal API token is as good as the key.
"""

import logging
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security, status
from fastapi.security import HTTPAuthorizationCredentials

from etftool.api.identity import (
    WRITE_METHODS,
    Via,
    api_key_header,
    bearer_scheme,
    identify,
    presents_api_key,
    require_caller,
)
from etftool.core.config import Settings

__all__ = ["WRITE_METHODS", "MaySeeSecrets", "RequireApiKey", "warn_if_api_key_unset"]


def require_api_key(
    request: Request,
    # Declared for the OpenAPI schema; the request is read itself.
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)],
    _header_key: Annotated[str | None, Security(api_key_header)],
) -> None:
    """Raises 401 when the request needs the key and carries no matching one. Once the server
    is set up, every write needs an identity as user data does (require_caller): the key, a
    personal token, or a session with its CSRF token."""
    settings: Settings = request.app.state.settings
    if request.method in WRITE_METHODS and _set_up(request):
        require_caller(request, None, None, None)
        return
    if settings.api_key is None:
        return
    if request.method not in WRITE_METHODS and not settings.api_key_reads:
        return
    if not presents_api_key(settings, request) and not _signed_in(request):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "this request needs the API key: send 'Authorization: Bearer <API_KEY>' "
            "or 'X-API-Key: <API_KEY>'",
            headers={"WWW-Authenticate": "Bearer"},
        )


RequireApiKey = Depends(require_api_key)


def may_see_secrets(
    request: Request,
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)],
    _header_key: Annotated[str | None, Security(api_key_header)],
) -> bool:
    """False when API_KEY is set and this request carries neither it nor a user's own
    identity: reads open to anyone (API_KEY_READS=false) then get secrets such as webhook
    tokens masked."""
    settings: Settings = request.app.state.settings
    return settings.api_key is None or presents_api_key(settings, request) or _signed_in(request)


MaySeeSecrets = Annotated[bool, Depends(may_see_secrets)]


def _set_up(request: Request) -> bool:
    """Whether the server has user accounts; identify() answers "setup" until it does."""
    return _has_database(request) and _identified_via(request) != "setup"


def _signed_in(request: Request) -> bool:
    """A user's own session or token (not the server's set-up mode, which the key guards)."""
    return _has_database(request) and _identified_via(request) in ("token", "session")


def _has_database(request: Request) -> bool:
    """Without a database there are no user accounts to identify anyone by."""
    return getattr(request.app.state, "database", None) is not None


def _identified_via(request: Request) -> Via | None:
    caller = identify(request)
    return None if caller is None else caller.via


def warn_if_api_key_unset(settings: Settings, logger: logging.Logger) -> None:
    """Call at start-up; it never logs the key itself."""
    if settings.api_key is None:
        logger.warning(
            "API_KEY is not set: until the server is set up with user accounts (POST /api/auth/setup, "
            "or ADMIN_USERNAME and ADMIN_PASSWORD), anyone who can reach the API can change the "
            "watchlist, holdings and alerts. Set API_KEY to require it for writes (and API_KEY_READS=true "
            "for reads too)."
        )
