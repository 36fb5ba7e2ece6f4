"""The live provider in a child Python process that exits when idle.

akshare and pandas cost the API process ~45 MB once a live call has loaded them, and a Python
process does not give that back. So the live provider runs in a child process
(`python -m etftool.marketdata.live_process`), served by the standard library's
multiprocessing manager over a Unix socket: the API process calls it through a proxy, from
as many threads at once as before, and the child exits once no call has come for
`idle_s`. The next call starts a new one (~0.3 s, plus akshare's first import, as before).

The child runs the provider the factory makes; results and the market-data errors come back
pickled. A child that dies or cannot start makes the call fail as an UpstreamError, so the
guarded provider around it answers from its cache, and the next call starts a new child.
"""

from __future__ import annotations

import pickle
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from datetime import date
from multiprocessing.managers import BaseManager, RemoteError
from pathlib import Path
from typing import Any

from etftool.marketdata.base import Adjust, Bars, EtfInfo, Intraday, PriceProvider, Quote
from etftool.marketdata.child_python import child_python_env
from etftool.marketdata.distributions import YearDistributions
from etftool.marketdata.errors import UpstreamError

# Starting the child: the interpreter and this module, well under a second.
START_TIMEOUT_S = 30.0


class _ProviderManager(BaseManager):
    pass


def _build(factory: Callable[[], PriceProvider]) -> PriceProvider:
    return factory()


_ProviderManager.register("provider", callable=_build)


class _Child:
    """One running child: its process, and a proxy of the provider it holds."""

    def __init__(self, factory: Callable[[], PriceProvider], setup: Callable[[], object] | None) -> None:
        self._directory = tempfile.mkdtemp(prefix="etftool-live-")
        address = str(Path(self._directory) / "socket")
        authkey = secrets.token_bytes(32)
        # Its output goes where this process's goes.
        command = [sys.executable, "-m", __name__, address]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, env=child_python_env())
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(pickle.dumps((authkey, setup)))
            self.process.stdin.close()
            manager = _ProviderManager(address=address, authkey=authkey)
            _connect_when_listening(manager, self.process)
            self.provider: Any = manager.provider(factory)  # type: ignore[attr-defined]
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Idempotent: a call that fails because its child was stopped stops it again."""
        self.process.kill()
        self.process.wait()
        shutil.rmtree(self._directory, ignore_errors=True)


def _connect_when_listening(manager: BaseManager, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            manager.connect()
            return
        except (FileNotFoundError, ConnectionRefusedError):
            if process.poll() is not None:
                raise OSError(f"the live data process exited with {process.returncode}") from None
            if time.monotonic() > deadline:
                raise OSError(f"the live data process did not listen within {START_TIMEOUT_S:g} s") from None
            time.sleep(0.02)


class ChildProcessProvider:
    """A PriceProvider whose calls run in a child process holding `factory()`; see the module
    docstring."""

    def __init__(
        self,
        name: str,
        factory: Callable[[], PriceProvider],
        *,
        idle_s: float,
        setup: Callable[[], object] | None = None,
    ) -> None:
        """`factory` and `setup` are pickled to the child, which calls `setup` first (to set up
        its logging like this process's, say), then `factory` on the first call."""
        self.name = name
        self._factory = factory
        self._setup = setup
        self._idle_s = idle_s
        self._lock = threading.Lock()
        self._child: _Child | None = None
        self._calls = 0  # running now
        self._idle_timer: threading.Timer | None = None

    def list_etfs(self) -> list[EtfInfo]:
        return self._call("list_etfs")  # type: ignore[no-any-return]

    def quotes(self, codes: Sequence[str]) -> dict[str, Quote]:
        return self._call("quotes", list(codes))  # type: ignore[no-any-return]

    def history(
        self, code: str, start: date | None = None, end: date | None = None, adjust: Adjust = "qfq"
    ) -> Bars:
        return self._call("history", code, start, end, adjust)  # type: ignore[no-any-return]

    def intraday(self, code: str) -> Intraday:
        return self._call("intraday", code)  # type: ignore[no-any-return]

    def distributions(self, year: int) -> YearDistributions:
        return self._call("distributions", year)  # type: ignore[no-any-return]

    def child_pid(self) -> int | None:
        """The running child's process id, None while there is none."""
        with self._lock:
            return self._child.process.pid if self._child else None

    def close(self) -> None:
        with self._lock:
            if self._idle_timer:
                self._idle_timer.cancel()
            child, self._child = self._child, None
        if child:
            child.stop()

    def _call(self, method: str, *args: Any) -> Any:
        with self._lock:
            if self._idle_timer:
                self._idle_timer.cancel()
                self._idle_timer = None
            if self._child is None:
                try:
                    self._child = _Child(self._factory, self._setup)
                except OSError as error:
                    detail = f"the live data process could not start: {error}"
                    raise UpstreamError(self.name, detail) from None
            child = self._child
            self._calls += 1
        try:
            return getattr(child.provider, method)(*args)
        except RemoteError as error:  # raised in the child, but could not be sent back as it was
            raise UpstreamError(self.name, _last_line(str(error))) from None
        except (OSError, EOFError) as error:  # the child died or its socket went away
            self._discard(child)
            detail = f"the live data process stopped: {error!r}"
            raise UpstreamError(self.name, detail, transient=True) from None
        finally:
            with self._lock:
                self._calls -= 1
                if self._calls == 0 and self._child is not None:
                    self._idle_timer = threading.Timer(self._idle_s, self._stop_if_idle)
                    self._idle_timer.daemon = True
                    self._idle_timer.start()

    def _discard(self, child: _Child) -> None:
        with self._lock:
            if self._child is child:
                self._child = None
        child.stop()

    def _stop_if_idle(self) -> None:
        with self._lock:
            if self._calls or self._child is None:
                return
            child, self._child = self._child, None
        child.stop()


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else "the live data process failed"


def _serve(address: str) -> None:
    authkey, setup = pickle.loads(sys.stdin.buffer.read())
    if setup is not None:
        setup()
    _ProviderManager(address=address, authkey=authkey).get_server().serve_forever()


if __name__ == "__main__":
    _serve(sys.argv[1])

