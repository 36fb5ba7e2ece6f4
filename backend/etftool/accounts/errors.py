"""Failures of account operations; etftool.api.errors answers each with its HTTP status."""


class AccountError(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class BadCredentials(AccountError):
    """A wrong username or password (which of the two is not said)."""

    def __init__(self) -> None:
        super().__init__("wrong username or password")


class LoginLocked(AccountError):
    """Too many failed logins of this name or from this address in a row."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"too many failed logins: try again in {retry_after_s} s")
        self.retry_after_s = retry_after_s


class AlreadySetUp(AccountError):
    def __init__(self) -> None:
        super().__init__("this server is already set up: log in instead")


class NotSetUp(AccountError):
    def __init__(self) -> None:
        super().__init__("this server is not set up yet: POST /api/auth/setup first")


class UsernameTaken(AccountError):
    def __init__(self, username: str) -> None:
        super().__init__(f"the username {username!r} is taken")


class AccountNotFound(AccountError):
    pass


class Forbidden(AccountError):
    pass


class InvalidAccountField(AccountError):
    """A field's value breaks a rule; `field` names it."""

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(detail)
        self.field = field
