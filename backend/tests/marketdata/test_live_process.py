"""The live provider in a child process (etftool.marketdata.live_process), with a fake provider
whose methods script each case (fake_live.py)."""

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import cast

import pytest

from etftool.marketdata.base import Bars, PriceProvider
from etftool.marketdata.errors import UnknownSymbol, UpstreamError
from etftool.marketdata.live_process import ChildProcessProvider
from tests.marketdata.fake_live import FakeLive

WAIT_S = 20.0  # the longest a test waits for a child to stop


def _fake(directory: Path) -> Callable[[], PriceProvider]:
    # FakeLive has the methods the tests call, not all of PriceProvider's.
    return cast(Callable[[], PriceProvider], partial(FakeLive, str(directory)))


@pytest.fixture
def live(tmp_path: Path) -> Iterator[ChildProcessProvider]:
    provider = ChildProcessProvider("fake", _fake(tmp_path), idle_s=60)
    yield provider
    provider.close()


def _answering_pid(live: ChildProcessProvider) -> int:
    """The process id of the process that answered a call."""
    return int(live.list_etfs()[0].source.split()[-1])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _wait_until_stopped(pid: int) -> None:
    deadline = time.monotonic() + WAIT_S
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


def test_calls_run_in_the_child_and_what_it_loads_stays_there(live: ChildProcessProvider) -> None:
    assert live.child_pid() is None  # nothing starts before the first call
    [info] = live.list_etfs()
    assert (info.code, info.name) == ("510300", "沪深300ETF")
    pid = live.child_pid()
    assert pid is not None and pid != os.getpid()
    assert info.source == f"fake process {pid}"
    assert "tests.marketdata.fake_live_loaded" not in sys.modules
    bars = live.history("510300")
    assert (bars.code, bars.close.tolist()) == ("510300", [1.1])


def test_market_data_errors_come_back_with_their_fields(live: ChildProcessProvider) -> None:
    with pytest.raises(UnknownSymbol) as unknown:
        live.history("UNKNOWN")
    assert unknown.value.code == "UNKNOWN"
    with pytest.raises(UpstreamError) as upstream:
        live.history("DOWN")
    assert (upstream.value.provider, upstream.value.detail, upstream.value.transient) == (
        "fake",
        "the source is down",
        True,
    )


def test_calls_from_several_threads_run_at_once(live: ChildProcessProvider) -> None:
    """The first call answers only once the second has run in the child meanwhile."""
    first: list[Bars] = []
    waiting = threading.Thread(target=lambda: first.append(live.history("FIRST")))
    waiting.start()
    assert live.history("SECOND").code == "SECOND"
    waiting.join(WAIT_S)
    assert [bars.code for bars in first] == ["FIRST"]


def test_the_child_exits_when_idle_and_the_next_call_starts_another(tmp_path: Path) -> None:
    live = ChildProcessProvider("fake", _fake(tmp_path), idle_s=0.2)
    try:
        pid = _answering_pid(live)
        _wait_until_stopped(pid)
        assert live.child_pid() is None
        again = _answering_pid(live)
        assert again != pid and _alive(again)
    finally:
        live.close()


def test_a_child_that_dies_is_an_upstream_error_and_the_next_call_starts_another(
    live: ChildProcessProvider,
) -> None:
    pid = _answering_pid(live)
    with pytest.raises(UpstreamError, match="the live data process stopped") as stopped:
        live.history("EXIT")
    assert stopped.value.transient
    _wait_until_stopped(pid)
    assert live.history("510300").code == "510300"
    assert live.child_pid() not in (None, pid)


def test_close_stops_the_child(live: ChildProcessProvider) -> None:
    pid = _answering_pid(live)
    live.close()
    _wait_until_stopped(pid)
    assert live.child_pid() is None
