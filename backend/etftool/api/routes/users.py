"""The household's users, managed by an admin. An admin manages accounts only: user data
routes show everyone their own data, the admin included."""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from etftool.accounts import service as accounts
from etftool.accounts.schemas import NewUser, UserInfo, UsersResponse
from etftool.api.deps import AccountsReadingSession, AccountsWritingSession
from etftool.api.identity import AdminCaller
from etftool.api.responses import errors
from etftool.api.routes.auth import user_info
from etftool.api.strict_json import StrictJsonRoute

# Every route needs an account of a set-up server (401, 403, 409) and the database.
router = APIRouter(
    prefix="/users", tags=["accounts"], route_class=StrictJsonRoute, responses=errors(401, 403, 409, 503)
)

UserId = Annotated[int, Path(ge=1, le=2**31 - 1, description="id of the user")]


@router.get("", response_model=UsersResponse, summary="The users (admins only)")
def list_users(_admin: AdminCaller, session: AccountsReadingSession) -> UsersResponse:
    return UsersResponse(items=[user_info(user) for user in accounts.list_users(session)])


@router.post(
    "",
    response_model=UserInfo,
    status_code=status.HTTP_201_CREATED,
    summary="Add a user (admins only)",
    responses=errors(415, 507),
)
def create_user(body: NewUser, _admin: AdminCaller, session: AccountsWritingSession) -> UserInfo:
    """409 when the name (whatever its case) is taken."""
    return user_info(accounts.create_user(session, body.username, body.password, body.is_admin))


@router.delete(
    "/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a user and all their data",
    responses=errors(404, 507),
)
def delete_user(user_id: UserId, admin: AdminCaller, session: AccountsWritingSession) -> Response:
    """403 for yourself and for the last admin."""
    accounts.delete_user(session, user_id, admin.identity)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
