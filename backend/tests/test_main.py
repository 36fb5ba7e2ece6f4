"""The app as a whole: what a fresh API process loads."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import gc, json, sys
from fastapi.testclient import TestClient
from etftool.core.config import Settings
from etftool.main import create_app
settings = Settings(data_dir=sys.argv[1] + "/data", cache_dir=sys.argv[1] + "/cache", data_source="sample")
with TestClient(create_app(settings), base_url="http://localhost") as client:
    statuses = [client.get(path).status_code for path in sys.argv[2:]]
    frozen = gc.get_freeze_count()
print(json.dumps([statuses, [name for name in ("pandas", "akshare") if name in sys.modules], frozen]))
"""


def probe(tmp_path: Path, *paths: str) -> tuple[list[int], list[str], int]:
    """The statuses of GETs of `paths` from a fresh API process, the modules of pandas and
    akshare it loaded, and the number of objects it froze once started."""
    # This interpreter's import path (conftest.py adds the akshare wheel), so akshare could load.
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path), *paths],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    statuses, loaded, frozen = json.loads(result.stdout.splitlines()[-1])
    return statuses, loaded, frozen


def test_the_offline_app_serves_market_data_without_pandas_or_akshare(tmp_path: Path) -> None:
    """pandas and akshare (about 40 MB of the API's memory) come with the live provider only."""
    paths = ["/api/health", "/api/v1/etfs/SPX/history?period=1y", "/api/v1/compare?codes=SPX,MTUM"]
    statuses, loaded, _ = probe(tmp_path, *paths)
    assert statuses == [200, 200, 200]
    assert loaded == []


def test_what_starting_made_is_frozen_out_of_full_collections(tmp_path: Path) -> None:
    """The modules, schemas and routes (well over 100,000 objects) are not walked by the
    garbage collector's full collections while requests are served."""
    statuses, _, frozen = probe(tmp_path, "/api/health")
    assert statuses == [200]
    assert frozen > 100_000, frozen
