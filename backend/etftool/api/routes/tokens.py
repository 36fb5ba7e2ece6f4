"""Personal API tokens: for scripts, sent as `Authorization: Bearer <token>`."""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from etftool.accounts import service as accounts
from etftool.accounts.models import ApiToken
from etftool.accounts.schemas import NewToken, TokenCreate, TokenInfo, TokensResponse
from etftool.api.deps import AccountsReadingSession, AccountsWritingSession
from etftool.api.identity import AccountCaller
from etftool.api.responses import errors
from etftool.api.strict_json import StrictJsonRoute
from etftool.db.types import utc_now

# Every route needs an account of a set-up server (401, 403, 409) and the database.
router = APIRouter(
    prefix="/tokens", tags=["accounts"], route_class=StrictJsonRoute, responses=errors(401, 403, 409, 503)
)

TokenId = Annotated[int, Path(ge=1, le=2**31 - 1, description="id of the token")]


def token_info(row: ApiToken) -> TokenInfo:
    return TokenInfo(id=row.id, name=row.name, created_at=row.created_at, last_used_at=row.last_used_at)


@router.get("", response_model=TokensResponse, summary="Your personal API tokens")
def list_tokens(caller: AccountCaller, session: AccountsReadingSession) -> TokensResponse:
    return TokensResponse(items=[token_info(row) for row in accounts.list_tokens(session, caller.user_id)])


@router.post(
    "",
    response_model=NewToken,
    status_code=status.HTTP_201_CREATED,
    summary="Make a personal API token",
    responses=errors(415, 507),
)
def create_token(body: TokenCreate, caller: AccountCaller, session: AccountsWritingSession) -> NewToken:
    """The token is in this answer only: only its hash is kept."""
    token, row = accounts.create_token(session, caller.user_id, body.name, utc_now())
    return NewToken(token=token, **token_info(row).model_dump())


@router.delete(
    "/{token_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke a personal API token",
    responses=errors(404, 507),
)
def delete_token(token_id: TokenId, caller: AccountCaller, session: AccountsWritingSession) -> Response:
    accounts.delete_token(session, caller.user_id, token_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
