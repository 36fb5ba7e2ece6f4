"""The recorder writes what the sources answer in the fixture format the stand-in reads:
recording against the stand-in gives back the committed fixtures' exchanges."""

import json
from pathlib import Path

from upstream.standin import FIXTURES, StandIn, load_fixtures

from etftool.marketdata.record import record


def test_recording_the_stand_in_gives_back_its_fixtures(upstream: StandIn, tmp_path: Path) -> None:
    written = record(["510300"], tmp_path, years=[2024, 2025])  # 2025: the any-year fixtures
    recorded = [json.loads(path.read_text(encoding="utf-8")) for path in written]
    committed = {fixture.name: fixture for fixture in load_fixtures(FIXTURES)}
    answered = [exchange.fixture for exchange in upstream.exchanges]
    assert None not in answered  # every call the recorder made has a committed fixture
    assert len(recorded) == len(answered)
    for exchange, name in zip(recorded, answered, strict=True):
        fixture = committed[str(name)]
        assert (exchange["url"], exchange["status"], exchange["body"]) == (fixture.url, 200, fixture.body)
        assert fixture.match.items() <= exchange["match"].items()  # what the stand-in matched on
        assert exchange["content_type"] == fixture.content_type
    other_codes = ("159915", "161725")
    assert {str(name) for name in answered} == {
        name for name in committed if not any(code in name for code in other_codes)
    }
