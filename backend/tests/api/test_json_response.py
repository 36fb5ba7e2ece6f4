"""The API's JSON encoder gives what Starlette's gives, and null where that one would fail."""

import json
import math
from typing import Any

import pydantic_core
import pytest
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from etftool.api.json_response import FastJsonResponse

ANSWER = {
    "code": "510300",
    "name": "沪深300ETF华泰柏瑞",
    "series": {"close": [3.9, 100.0, 1e16, 0.1 + 0.2, None, -0.0], "volume": [12, 0]},
    "stale": False,
    "nested": [{"a": [], "b": {}}],
}


def test_it_encodes_an_answer_byte_for_byte_as_starlette_does() -> None:
    assert FastJsonResponse(ANSWER).body == JSONResponse(ANSWER).body


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_a_non_finite_number_is_null_rather_than_an_error(number: float) -> None:
    with pytest.raises(ValueError):
        JSONResponse({"x": number})
    assert json.loads(FastJsonResponse({"x": number, "y": 1.5}).body) == {"x": None, "y": 1.5}


def test_the_apps_answers_are_encoded_by_it(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    encoded: list[object] = []
    to_json = pydantic_core.to_json

    def recording_to_json(content: object, **options: Any) -> bytes:
        encoded.append(content)
        return to_json(content, **options)

    monkeypatch.setattr(pydantic_core, "to_json", recording_to_json)
    answer = client.get("/api/v1/etfs/SPX/indicators?names=rsi&period=1y")

    assert answer.status_code == 200
    assert encoded == [answer.json()]
