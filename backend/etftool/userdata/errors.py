"""Failures of user-data operations; etftool.api.errors answers each with its HTTP status."""

from collections.abc import Sequence
from typing import Any


class UserDataError(Exception):
    """`detail` is what the answer says: words, or for a RuleViolation, field errors."""

    def __init__(self, detail: Any) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(UserDataError):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)


class Conflict(UserDataError):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)


class RuleViolation(UserDataError):
    """A well-formed request that breaks a rule (such as selling more than is held). The
    detail has the shape of FastAPI's validation errors so clients show it on the field."""

    def __init__(self, location: Sequence[str | int], message: str, kind: str) -> None:
        super().__init__([{"loc": list(location), "msg": message, "type": kind}])


class DatabaseUnavailable(UserDataError):
    """The database could not be reached, or stayed locked past the busy timeout."""

    def __init__(self) -> None:
        super().__init__("the database is unavailable or busy; try again")


class StorageFull(UserDataError):
    """The database's disk is full: nothing was stored, and trying again needs space first."""

    def __init__(self) -> None:
        super().__init__(
            "the database's disk is full, so nothing was saved: free space on the data volume, then try again"
        )


class DatabaseReadOnly(UserDataError):
    """The database takes no writes until its storage (or server) is fixed: nothing was stored."""

    def __init__(self) -> None:
        super().__init__(
            "the database takes no writes, so nothing was saved: its volume is read-only (as after"
            " disk errors) or the server is a read-only standby; fix that, then save again"
        )


class DatabaseDamaged(UserDataError):
    """The database's file or pages are damaged."""

    def __init__(self) -> None:
        super().__init__(
            'the database is damaged: restore the latest backup (README-Docker.md, "Backup and restore")'
        )
