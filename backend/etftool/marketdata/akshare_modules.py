"""akshare's ETF modules, imported without akshare's package `__init__`.

That `__init__` imports all of akshare's ~1,000 functions, and dozens of their modules import
a JavaScript engine (py_mini_racer) at the top. ETFTool installs akshare without one (no
aarch64 wheel exists; see 3rdparty/python/BUILD) and calls only modules that never use it, so
it registers the package without running its `__init__` and imports just those modules —
which is also a fraction of the time and memory of `import akshare`.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType

from etftool.marketdata.errors import UpstreamError

NOT_INSTALLED = (
    "akshare is not installed: the image installs the wheel pinned in 3rdparty/python/BUILD "
    "(`./pants package docker:etftool`)"
)


def akshare_module(name: str) -> ModuleType:
    """`akshare.<name>`, e.g. "fund.fund_etf_em"; UpstreamError when akshare is missing."""
    try:
        if "akshare" not in sys.modules:
            spec = importlib.util.find_spec("akshare")
            if spec is None:
                raise ModuleNotFoundError("No module named 'akshare'")
            sys.modules["akshare"] = importlib.util.module_from_spec(spec)  # not executed
        return importlib.import_module(f"akshare.{name}")
    except ImportError as error:
        raise UpstreamError("akshare", f"{NOT_INSTALLED} ({error})") from error
