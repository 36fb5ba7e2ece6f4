"""Writes the API's OpenAPI schema to frontend/src/lib/openapi.json, the contract the web UI's
types are generated from (`npm run build` / `npm run typecheck` run openapi-typescript on it).

    ./pants run build-support/export-openapi.py

backend/tests/api/test_openapi_contract.py fails while the committed file differs from
`create_app().openapi()`, so an API change reaches the UI's type check in the same commit.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

SCHEMA_PATH = Path("frontend/src/lib/openapi.json")


def main() -> None:
    if not SCHEMA_PATH.parent.is_dir():
        sys.exit(f"run this from the repository root: {SCHEMA_PATH.parent} is not here")
    with tempfile.TemporaryDirectory() as scratch:
        # etftool.main builds an app when imported; keep its data and cache out of the tree.
        os.environ["DATA_DIR"] = f"{scratch}/data"
        os.environ["CACHE_DIR"] = f"{scratch}/cache"
        from etftool.main import create_app

        text = json.dumps(create_app().openapi(), indent=2, ensure_ascii=False) + "\n"
    SCHEMA_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA_PATH} ({len(text)} bytes)")


if __name__ == "__main__":
    main()
