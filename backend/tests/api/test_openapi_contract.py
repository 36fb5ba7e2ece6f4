"""The web UI's API types are generated from frontend/src/lib/openapi.json. This test keeps that
file equal to the schema the API serves, so an API change fails here until the file is
regenerated, and then fails the UI's type check wherever the UI no longer fits the API."""

import json
from pathlib import Path
from typing import Any

from etftool.core.config import Settings
from etftool.main import create_app

COMMITTED_SCHEMA = Path("frontend/src/lib/openapi.json")
REGENERATE = "./pants run build-support/export-openapi.py"


def sections(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {"path": schema.get("paths", {}), "schema": schema.get("components", {}).get("schemas", {})}


def changed_entries(committed: dict[str, Any], served: dict[str, Any]) -> list[str]:
    """The paths and component schemas that were added, removed or changed."""
    changes = []
    for (kind, old), new in zip(sections(committed).items(), sections(served).values(), strict=True):
        for name in sorted(old.keys() | new.keys()):
            if name not in new:
                changes.append(f"{kind} {name} removed")
            elif name not in old:
                changes.append(f"{kind} {name} added")
            elif old[name] != new[name]:
                changes.append(f"{kind} {name} changed")
    return changes


def test_the_committed_openapi_schema_is_the_one_the_api_serves(settings: Settings) -> None:
    committed = json.loads(COMMITTED_SCHEMA.read_text(encoding="utf-8"))
    served = json.loads(json.dumps(create_app(settings).openapi()))
    if committed != served:
        changes = changed_entries(committed, served) or ["info or other top-level fields changed"]
        raise AssertionError(
            f"{COMMITTED_SCHEMA} is out of date with the API:\n  "
            + "\n  ".join(changes)
            + f"\nRegenerate it with `{REGENERATE}`, then run `./pants test frontend::` "
            "to see where the UI no longer fits, and commit both."
        )
