"""The accounts' request and response shapes."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from etftool.accounts.models import USERNAME_LENGTH
from etftool.accounts.passwords import MAX_LENGTH


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Credentials(_Strict):
    username: str = Field(min_length=1, max_length=USERNAME_LENGTH, description="case does not matter")
    password: str = Field(min_length=1, max_length=MAX_LENGTH)


class NewUser(Credentials):
    is_admin: bool = Field(default=False, description="may manage users")


class PasswordChange(_Strict):
    current_password: str = Field(min_length=1, max_length=MAX_LENGTH)
    new_password: str = Field(min_length=1, max_length=MAX_LENGTH)


class UserInfo(BaseModel):
    id: int
    username: str
    is_admin: bool
    created_at: datetime


class Me(BaseModel):
    """Who the request acts for. `set_up` false: the server has no passwords yet and every
    request acts as the admin."""

    set_up: bool
    user: UserInfo
    via: str = Field(description="setup | api_key | token | session")
    registration_open: bool


class Registration(BaseModel):
    """Whether anyone who can reach the server may make themselves an account."""

    open: bool


class UsersResponse(BaseModel):
    items: list[UserInfo]


class TokenCreate(_Strict):
    name: str = Field(default="", max_length=100, description="what it is for")


class TokenInfo(BaseModel):
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None


class NewToken(TokenInfo):
    token: str = Field(description="shown only now: only its hash is kept")


class TokensResponse(BaseModel):
    items: list[TokenInfo]
