"""The environment of the child Pythons that keep heavy imports out of the server process
(pinyin.py, live_process.py)."""

import os
import sys


def child_python_env() -> dict[str, str]:
    """This process's environment, with a PYTHONPATH on which a child `sys.executable -m ...`
    finds the modules where this process does (a venv, a PEX or a test sandbox), after those of
    a PYTHONPATH set for it."""
    paths = [*os.environ.get("PYTHONPATH", "").split(os.pathsep), *sys.path]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in paths if path)}
