"""Every route that takes a JSON body refuses a body that is not JSON text with a 422 saying
why, before validation or storage could fail on it (and answer 500), and says in the OpenAPI
schema that it answers a body not declared as JSON with a 415."""

import re

from fastapi import params
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from etftool.api.strict_json import StrictJsonRoute

JSON = {"content-type": "application/json"}
# Half of a surrogate pair without the other, as an escape and as the bytes Python's parser
# also decodes to one (in UTF-8 and in UTF-16, which it reads too), in a value and in a key.
LONE_SURROGATES = (
    b'{"code": "\\ud800"}',
    b'{"code": "\xed\xa0\x80"}',
    '{"code": "\ud800"}'.encode("utf-16-le", "surrogatepass"),
    b'{"\\udfff": 1}',
)


def json_routes(client: TestClient) -> list[tuple[APIRoute, str, str]]:
    """(route, method, a path to it) for each operation with a JSON body."""
    found = []
    for route in client.app.routes:  # type: ignore[attr-defined]
        if not isinstance(route, APIRoute) or route.body_field is None:
            continue
        if isinstance(route.body_field.field_info, params.Form):
            continue
        path = re.sub(r"\{[^}]+\}", "1", route.path)
        found += [(route, method, path) for method in sorted(route.methods)]
    return found


def test_every_json_route_refuses_a_lone_surrogate_saying_so(client: TestClient) -> None:
    routes = json_routes(client)
    # The user data, accounts, alerts, channels, backtests, import: all of them are found.
    assert len(routes) >= 15, [path for _, _, path in routes]
    for route, method, path in routes:
        assert isinstance(route, StrictJsonRoute), path
        for body in LONE_SURROGATES:
            response = client.request(method, path, content=body, headers=JSON)
            assert response.status_code == 422, (method, path, body, response.text)
            error = response.json()["detail"][0]["ctx"]["error"]
            assert "surrogate pair without its other half" in error, (method, path, error)


def test_every_json_route_refuses_bytes_that_are_no_utf8_saying_where(client: TestClient) -> None:
    for _, method, path in json_routes(client):
        response = client.request(method, path, content=b'{"code": "\xff"}', headers=JSON)
        assert response.status_code == 422, (method, path, response.text)
        error = response.json()["detail"][0]["ctx"]["error"]
        assert error == "byte 0xff at position 10 is not utf-8: JSON is Unicode text", (method, path)


def test_every_json_route_documents_its_415(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for route, method, _ in json_routes(client):
        responses = paths[route.path][method.lower()]["responses"]
        assert "415" in responses, (method, route.path)


def test_a_whole_surrogate_pair_is_text(client: TestClient) -> None:
    body = b'{"code": "SIZE", "group": "\\ud83d\\ude00 core"}'
    added = client.post("/api/v1/watchlist", content=body, headers=JSON)
    assert added.status_code == 201, added.text
    assert added.json()["group"] == "\N{GRINNING FACE} core"
