"""A stand-in for akshare inside the container, for fault tests: one ETF (510300) whose quote
comes from this module while FAULT_MODE_FILE says "ok", and whose calls hang ("hang") or
fail ("error") when the test says so. Frames have just what the app reads of pandas ones."""

import os
import time
from pathlib import Path

__version__ = "0+fault"
MODE_FILE = Path(os.environ.get("FAULT_MODE_FILE", "/fault/mode"))


class _Column(list[object]):
    def tolist(self) -> list[object]:
        return list(self)


class _Frame:
    def __init__(self, rows: dict[str, list[object]]) -> None:
        self.columns = list(rows)
        self._rows = rows

    def __getitem__(self, name: str) -> _Column:
        return _Column(self._rows[name])


def _answer_or_fail() -> None:
    mode = MODE_FILE.read_text().strip()
    if mode == "hang":
        time.sleep(3600)
    if mode == "error":
        raise ConnectionError("fault test: the source refuses connections")


def fund_etf_spot_em() -> _Frame:
    _answer_or_fail()
    return _Frame(
        {
            "代码": ["510300"], "名称": ["沪深300ETF"], "最新价": [3.912], "昨收": [3.9],
            "开盘价": [3.901], "最高价": [3.93], "最低价": [3.89], "成交量": [1000], "成交额": [391200.0],
        }
    )  # fmt: skip


def fund_etf_category_sina(symbol: str) -> _Frame:
    _answer_or_fail()
    raise ConnectionError("fault test: only East Money is simulated")
