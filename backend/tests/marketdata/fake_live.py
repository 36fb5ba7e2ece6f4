"""A live provider for the child-process tests (test_live_process.py): each method is a case."""

import os
import time
from datetime import date
from pathlib import Path

from etftool.marketdata.base import Bars, EtfInfo
from etftool.marketdata.errors import UnknownSymbol, UpstreamError

RENDEZVOUS_TIMEOUT_S = 20.0


class FakeLive:
    name = "fake"

    def __init__(self, directory: str) -> None:
        self._directory = Path(directory)

    def list_etfs(self) -> list[EtfInfo]:
        """One fund, whose source names the process that answered."""
        # What the real provider loads on first use stays in the child process.
        from tests.marketdata import fake_live_loaded  # noqa: F401

        source = f"fake process {os.getpid()}"
        return [EtfInfo("510300", "沪深300ETF", "CN", "SSE", "CNY", "etf", source, "2024-06-14")]

    def history(
        self, code: str, start: date | None = None, end: date | None = None, adjust: str = "qfq"
    ) -> Bars:
        if code == "UNKNOWN":
            raise UnknownSymbol(code)
        if code == "DOWN":
            raise UpstreamError(self.name, "the source is down", transient=True)
        if code == "EXIT":
            os._exit(3)
        if code == "FIRST":  # answers once the call for SECOND has run, alongside this one
            deadline = time.monotonic() + RENDEZVOUS_TIMEOUT_S
            while not (self._directory / "second").exists():
                if time.monotonic() > deadline:
                    raise TimeoutError("the second call did not run while the first waited")
                time.sleep(0.01)
        if code == "SECOND":
            (self._directory / "second").touch()
        row = (date(2024, 6, 14), 1.0, 1.2, 0.9, 1.1, 1000.0)
        return Bars.from_rows(code, [row], adjust="none", source="fake")
