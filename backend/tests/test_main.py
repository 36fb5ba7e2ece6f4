"""The app as a whole: what a fresh API process loads."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys
from fastapi.testclient import TestClient
from etftool.core.config import Settings
from etftool.main import create_app
settings = Settings(data_dir=sys.argv[1] + "/data", cache_dir=sys.argv[1] + "/cache", data_source="sample")
with TestClient(create_app(settings), base_url="http://localhost") as client:
    statuses = [client.get(path).status_code for path in sys.argv[2:]]
print(json.dumps([statuses, [name for name in ("pandas", "akshare") if name in sys.modules]]))
"""


def test_the_offline_app_serves_market_data_without_pandas_or_akshare(tmp_path: Path) -> None:
    """pandas and akshare (about 40 MB of the API's memory) come with the live provider only."""
    paths = ["/api/health", "/api/v1/etfs/SPX/history?period=1y", "/api/v1/compare?codes=SPX,MTUM"]
    # This interpreter's import path (conftest.py adds the akshare wheel), so akshare could load.
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path), *paths],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    statuses, loaded = json.loads(result.stdout.splitlines()[-1])
    assert statuses == [200, 200, 200]
    assert loaded == []
