"""Typed failures of the market-data layer, so API routes can map each to a status code.

Each pickles with its fields (`__reduce__`), as the live provider's child process sends them
back (live_process.py).
"""

from functools import partial


class MarketDataError(Exception):
    """Base class of every error raised by etftool.marketdata."""


class UnknownSymbol(MarketDataError):
    """No provider knows this code."""

    def __init__(self, code: str) -> None:
        super().__init__(f"unknown symbol {code!r}")
        self.code = code

    def __reduce__(self) -> tuple[type, tuple[str]]:
        return (UnknownSymbol, (self.code,))


class UpstreamError(MarketDataError):
    """A data source failed and nothing cached could stand in for it.

    `transient` marks failures worth retrying (network trouble), as opposed to ones that
    repeat on every call (a missing package, a changed response format, a hung source).
    """

    def __init__(self, provider: str, detail: str, *, transient: bool = False) -> None:
        super().__init__(f"{provider}: {detail}")
        self.provider = provider
        self.detail = detail
        self.transient = transient

    def __reduce__(self) -> tuple[partial["UpstreamError"], tuple[str, str]]:
        return (partial(UpstreamError, transient=self.transient), (self.provider, self.detail))


class InvalidData(MarketDataError):
    """Price data that cannot be used; `line` is 1-based (0 when no line applies)."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}" if line else problem)
        self.line = line
        self.problem = problem

    def __reduce__(self) -> tuple[type, tuple[int, str]]:
        return (InvalidData, (self.line, self.problem))
