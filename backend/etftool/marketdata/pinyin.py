"""Pinyin initials of fund names ('沪深300ETF' -> 'hs300etf'), worked out in a child Python
process.

pypinyin tells polyphonic characters apart by their phrase (银行 is "yh", 行走 "xz"; 重庆 "cq",
重要 "zy"); its phrase dictionary costs ~55 MB and ~0.7 s to import, which a long-running
server would hold for a few thousand names it reads again only when the fund list changes.
So the names go to `python -m etftool.marketdata.pinyin` (JSON on stdin and stdout), and the
server never imports pypinyin.
"""

import json
import subprocess
import sys
from collections.abc import Iterable

from etftool.marketdata.child_python import child_python_env

# A few thousand names take well under a second; the rest is the child's start-up.
CHILD_TIMEOUT_S = 60


class PinyinUnavailable(RuntimeError):
    """The child process failed; the message says how."""


def has_chinese(name: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in name)


def pinyin_initials(names: Iterable[str]) -> dict[str, str]:
    """Initials of each name with Chinese characters; digits and Latin letters are kept, spaces
    dropped. Raises PinyinUnavailable when the child process fails."""
    wanted = sorted({name for name in names if has_chinese(name)})
    if not wanted:
        return {}
    try:
        child = subprocess.run(
            [sys.executable, "-m", __name__],
            input=json.dumps(wanted),
            capture_output=True,
            text=True,
            env=child_python_env(),
            timeout=CHILD_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PinyinUnavailable(f"the pinyin process could not run: {error}") from error
    if child.returncode != 0:
        last_line = (child.stderr.strip().splitlines() or ["no message"])[-1]
        raise PinyinUnavailable(f"the pinyin process exited with {child.returncode}: {last_line}")
    return dict(zip(wanted, json.loads(child.stdout), strict=True))


def _initials(name: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower().replace(" ", "")


if __name__ == "__main__":
    json.dump([_initials(name) for name in json.load(sys.stdin)], sys.stdout)
