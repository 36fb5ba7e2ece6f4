from dataclasses import replace

from fastapi.testclient import TestClient

# isort: split
# (`tests` counts as first- or third-party depending on which files the linter is given.)
from tests.userdata import fixtures
from tests.userdata.fixtures import API_PREFIX, FakeQuotes, StartApi, by_code, error_fields

# Every case runs on SQLite and on PostgreSQL (see tests/userdata/fixtures.py).
postgres_server = fixtures.postgres_server
database_url = fixtures.database_url
start_api = fixtures.start_api
api = fixtures.api

WATCHLIST = f"{API_PREFIX}/watchlist"


def codes(client: TestClient, **params: str) -> list[str]:
    return [item["code"] for item in client.get(WATCHLIST, params=params).json()["items"]]


def test_added_codes_list_in_order_with_their_quotes(api: TestClient) -> None:
    for code, group in [("MTUM", "factors"), ("spx", ""), ("QUAL", "factors")]:
        response = api.post(WATCHLIST, json={"code": code, "group": group})
        assert response.status_code == 201, response.text

    body = api.get(WATCHLIST).json()

    assert [(item["code"], item["group"], item["position"]) for item in body["items"]] == [
        ("MTUM", "factors", 0),
        ("SPX", "", 1),
        ("QUAL", "factors", 2),
    ]
    assert body["groups"] == ["", "factors"]
    mtum = by_code(body["items"])["MTUM"]
    # The sample data's last two MTUM closes.
    assert mtum["name"] == "iShares MSCI USA Momentum Factor ETF"
    assert mtum["price"] == 143.73
    assert mtum["prev_close"] == 145.443
    assert abs(mtum["change"] - (143.73 - 145.443)) < 1e-9
    assert abs(mtum["change_pct"] - (143.73 / 145.443 - 1) * 100) < 1e-9
    assert mtum["as_of"] == "2022-12-28"
    assert mtum["stale"] is False
    assert mtum["quote_unavailable"] is None
    assert mtum["source"].startswith("sample")


def test_quotes_come_from_one_batch_call(start_api: StartApi) -> None:
    quotes = FakeQuotes()
    for code in ("AAA", "BBB", "CCC"):
        quotes.set(code, 10.0, 9.0)
    client = start_api(quotes=quotes)
    for code in ("AAA", "BBB", "CCC"):
        client.post(WATCHLIST, json={"code": code})
    quotes.calls.clear()

    assert len(client.get(WATCHLIST).json()["items"]) == 3
    assert quotes.calls == [["AAA", "BBB", "CCC"]]


def test_rows_carry_the_etf_quote_fields(start_api: StartApi) -> None:
    quotes = FakeQuotes()
    quotes.set("510300", 3.612, 3.6)
    quotes.prices["510300"] = replace(
        quotes.prices["510300"], volume=5e8, amount=1.8e9, iopv=3.6, shares=4.1e10, fund_size=1.48e11
    )
    quotes.set("MTUM", 143.73, 145.443)
    client = start_api(quotes=quotes)
    client.post(WATCHLIST, json={"code": "510300"})
    client.post(WATCHLIST, json={"code": "MTUM"})

    items = by_code(client.get(WATCHLIST).json()["items"])

    etf = items["510300"]
    assert (etf["volume"], etf["amount"], etf["iopv"], etf["shares"], etf["fund_size"]) == (
        5e8,
        1.8e9,
        3.6,
        4.1e10,
        1.48e11,
    )
    assert abs(etf["premium_pct"] - (3.612 / 3.6 - 1) * 100) < 1e-9  # a premium: above the IOPV
    assert (etf["shares_change_5d"], etf["shares_change_20d"]) == (None, None)
    assert all(items["MTUM"][field] is None for field in ("iopv", "premium_pct", "shares", "fund_size"))


def test_a_missing_quote_gives_nulls_and_the_reason(start_api: StartApi) -> None:
    quotes = FakeQuotes()
    quotes.set("AAA", 10.0, 9.0)
    quotes.set("BBB", 20.0, 21.0)
    client = start_api(quotes=quotes)
    client.post(WATCHLIST, json={"code": "AAA"})
    client.post(WATCHLIST, json={"code": "BBB"})
    quotes.prices.clear()
    quotes.failing["BBB"] = "upstream timed out"

    response = client.get(WATCHLIST)

    assert response.status_code == 200
    items = by_code(response.json()["items"])
    assert items["AAA"]["price"] is None
    assert items["AAA"]["change_pct"] is None
    assert items["AAA"]["quote_unavailable"] == "no data source knows AAA"
    assert items["BBB"]["price"] is None
    assert items["BBB"]["quote_unavailable"] == "quote unavailable: upstream timed out"
    assert items["BBB"]["name"] == "BBB test fund"


def test_a_code_may_be_added_while_its_source_fails(start_api: StartApi) -> None:
    quotes = FakeQuotes(failing={"510300": "connection reset"})
    client = start_api(quotes=quotes)

    response = client.post(WATCHLIST, json={"code": "sh510300"})

    assert response.status_code == 201
    assert response.json()["code"] == "510300"
    assert response.json()["name"] == "510300"
    assert response.json()["quote_unavailable"] == "quote unavailable: connection reset"


def test_unknown_and_duplicate_codes_are_refused(api: TestClient) -> None:
    unknown = api.post(WATCHLIST, json={"code": "NOPE"})
    assert unknown.status_code == 422
    assert error_fields(unknown) == ["body.code"]
    assert "NOPE" in unknown.json()["detail"][0]["msg"]

    assert api.post(WATCHLIST, json={"code": "MTUM"}).status_code == 201
    duplicate = api.post(WATCHLIST, json={"code": "mtum"})
    assert duplicate.status_code == 409
    assert duplicate.json()["detail"] == "MTUM is already in the watchlist"


def test_malformed_bodies_name_the_field(api: TestClient) -> None:
    for body, field in [
        ({}, "body.code"),
        ({"code": ""}, "body.code"),
        ({"code": "MTUM", "group": 5}, "body.group"),
        ({"code": "MTUM", "colour": "red"}, "body.colour"),
    ]:
        response = api.post(WATCHLIST, json=body)
        assert response.status_code == 422, body
        assert error_fields(response) == [field], body
    not_json = api.post(WATCHLIST, content=b"{", headers={"content-type": "application/json"})
    assert not_json.status_code == 422


def test_reorder_moves_the_listed_codes_into_their_places(api: TestClient) -> None:
    for code, group in [("MTUM", "a"), ("SPX", "b"), ("QUAL", "a"), ("SIZE", "b"), ("VLUE", "a")]:
        api.post(WATCHLIST, json={"code": code, "group": group})

    assert api.put(f"{WATCHLIST}/order", json={"codes": ["VLUE", "MTUM", "QUAL"]}).status_code == 204
    # Group a's slots (0, 2, 4) now hold VLUE, MTUM, QUAL; group b stays where it was.
    assert codes(api) == ["VLUE", "SPX", "MTUM", "SIZE", "QUAL"]
    assert codes(api, group="b") == ["SPX", "SIZE"]

    assert (
        api.put(f"{WATCHLIST}/order", json={"codes": ["SIZE", "SPX", "QUAL", "MTUM", "VLUE"]}).status_code
        == 204
    )
    items = api.get(WATCHLIST).json()["items"]
    assert [(item["code"], item["position"]) for item in items] == [
        ("SIZE", 0),
        ("SPX", 1),
        ("QUAL", 2),
        ("MTUM", 3),
        ("VLUE", 4),
    ]


def test_reorder_names_unknown_and_repeated_codes(api: TestClient) -> None:
    api.post(WATCHLIST, json={"code": "MTUM"})

    unknown = api.put(f"{WATCHLIST}/order", json={"codes": ["MTUM", "QUAL", "XYZ"]})
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == "not in the watchlist: QUAL, XYZ"

    repeated = api.put(f"{WATCHLIST}/order", json={"codes": ["MTUM", "mtum"]})
    assert repeated.status_code == 422
    assert error_fields(repeated) == ["body.codes"]
    assert "MTUM" in repeated.json()["detail"][0]["msg"]


def test_items_move_between_groups_and_are_removed(api: TestClient) -> None:
    for code in ("MTUM", "SPX", "QUAL"):
        api.post(WATCHLIST, json={"code": code})

    moved = api.patch(f"{WATCHLIST}/SPX", json={"group": "index"})
    assert moved.status_code == 200
    assert moved.json()["group"] == "index"
    assert codes(api, group="index") == ["SPX"]

    assert api.delete(f"{WATCHLIST}/MTUM").status_code == 204
    items = api.get(WATCHLIST).json()["items"]
    assert [(item["code"], item["position"]) for item in items] == [("SPX", 0), ("QUAL", 1)]


def test_unknown_codes_in_the_path_are_404_naming_them(api: TestClient) -> None:
    removed = api.delete(f"{WATCHLIST}/MTUM")
    assert removed.status_code == 404
    assert removed.json()["detail"] == "MTUM is not in the watchlist"
    moved = api.patch(f"{WATCHLIST}/QUAL", json={"group": "x"})
    assert moved.status_code == 404
    assert moved.json()["detail"] == "QUAL is not in the watchlist"
