"""Imports the few akshare modules ETFTool uses without running akshare's package `__init__`.

`import akshare` executes `akshare/__init__.py`, which imports about a thousand functions;
many of their modules `import py_mini_racer` (a JavaScript engine) at the top. The image
ships akshare without any JavaScript engine (py-mini-racer has no aarch64 wheel; the
alternatives cost 17–86 MB), so that import fails there. The East Money, THS and exchange
modules used here need no JavaScript engine. Registering an empty package object for
`akshare` and importing only those submodules also makes the first use far faster and
leaner: a few modules instead of a thousand functions and their dependencies.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from types import ModuleType

NOT_INSTALLED = (
    "akshare is not installed in this image: install akshare (no JavaScript engine is needed "
    "for the East Money and THS fund data ETFTool uses) or set DATA_SOURCE=sample or csv"
)

_lock = threading.Lock()


class AkshareMissing(ImportError):
    """akshare is not installed; the message says what to do."""


def akshare_module(name: str) -> ModuleType:
    """`akshare_module("fund.fund_etf_em")` is `akshare.fund.fund_etf_em`, imported without
    akshare's package `__init__` (see the module docstring)."""
    with _lock:
        if "akshare" not in sys.modules:
            spec = importlib.util.find_spec("akshare")
            if spec is None or spec.loader is None:
                raise AkshareMissing(NOT_INSTALLED)
            # The package object gets its __path__ from the spec, so submodules resolve,
            # but its __init__ is never executed.
            sys.modules["akshare"] = importlib.util.module_from_spec(spec)
        elif sys.modules["akshare"] is None:  # `import akshare` was blocked on purpose
            raise AkshareMissing(NOT_INSTALLED)
        return importlib.import_module(f"akshare.{name}")
