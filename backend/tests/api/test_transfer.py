from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

# isort: split
# (`tests` counts as first- or third-party depending on which files the linter is given.)
from tests.userdata import fixtures
from tests.userdata.fixtures import API_PREFIX, FakeQuotes, StartApi, error_fields

# Every case runs on SQLite and on PostgreSQL (see tests/userdata/fixtures.py).
postgres_server = fixtures.postgres_server
database_url = fixtures.database_url
start_api = fixtures.start_api

HOOK = "https://hooks.example.com/etftool"


@pytest.fixture
def client(start_api: StartApi) -> TestClient:
    quotes = FakeQuotes()
    quotes.set("AAA", 14.0, 13.5)
    quotes.set("BBB", 20.0, 20.0)
    return start_api(
        quotes=quotes, webhook_transport=httpx.MockTransport(lambda request: httpx.Response(200))
    )


def post(client: TestClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"{API_PREFIX}{path}", json=body)
    assert response.status_code in (200, 201), response.text
    result: dict[str, Any] = response.json()
    return result


def fill(client: TestClient) -> None:
    post(client, "/watchlist", {"code": "AAA", "group": "core"})
    post(client, "/watchlist", {"code": "BBB"})
    trade = {"code": "AAA", "side": "buy", "date": "2024-01-02", "quantity": 10, "price": 10.0, "fee": 1}
    post(client, "/transactions", trade)
    post(client, "/transactions", trade)  # the same trade twice is two transactions
    post(
        client,
        "/transactions",
        {**trade, "side": "sell", "date": "2024-02-01", "quantity": 15, "note": "trim"},
    )
    post(client, "/alerts", {"code": "AAA", "condition": "price_above", "threshold": 13, "webhook_url": HOOK})
    post(client, "/alerts", {"code": "BBB", "condition": "change_pct_below", "threshold": -2, "rearm": True})
    post(
        client,
        "/notifications/channels",
        {"name": "team", "config": {"kind": "webhook", "url": f"{HOOK}/channel", "secret": "s3cret"}},
    )
    post(client, "/alerts/check", {})


def export(client: TestClient) -> dict[str, Any]:
    response = client.get(f"{API_PREFIX}/export")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def without_time(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != "exported_at"}


def test_export_holds_every_kind_of_user_data(client: TestClient) -> None:
    fill(client)

    document = export(client)

    assert (document["format"], document["version"]) == ("etftool-userdata", 1)
    assert [(item["code"], item["group"], item["position"]) for item in document["watchlist"]] == [
        ("AAA", "core", 0),
        ("BBB", "", 1),
    ]
    assert [(item["side"], item["quantity"], item["note"]) for item in document["transactions"]] == [
        ("buy", 10, ""),
        ("buy", 10, ""),
        ("sell", 15, "trim"),
    ]
    assert len({item["uid"] for item in document["transactions"]}) == 3
    assert [(item["condition"], item["active"], item["rearm"]) for item in document["alerts"]] == [
        ("price_above", False, False),
        ("change_pct_below", True, True),
    ]
    (trigger,) = document["triggered_alerts"]
    assert trigger["alert_uid"] == document["alerts"][0]["uid"]
    assert (trigger["price"], trigger["webhook_status"]) == (14.0, "delivered")
    (channel,) = document["notification_channels"]
    assert (channel["name"], channel["enabled"]) == ("team", True)
    assert channel["config"] == {"kind": "webhook", "url": f"{HOOK}/channel", "secret": "s3cret"}


def test_import_is_idempotent(client: TestClient) -> None:
    fill(client)
    document = export(client)

    first = post(client, "/import", document)
    second = post(client, "/import", document)

    unchanged = {
        "watchlist": {"created": 0, "updated": 0, "unchanged": 2},
        "transactions": {"created": 0, "updated": 0, "unchanged": 3},
        "alerts": {"created": 0, "updated": 0, "unchanged": 2},
        "triggered_alerts": {"created": 0, "updated": 0, "unchanged": 1},
        "notification_channels": {"created": 0, "updated": 0, "unchanged": 1},
    }
    assert first == unchanged
    assert second == unchanged
    assert without_time(export(client)) == without_time(document)


def test_import_restores_deleted_data_and_applies_changes(client: TestClient) -> None:
    fill(client)
    document = export(client)
    for alert in client.get(f"{API_PREFIX}/alerts").json()["items"]:
        client.delete(f"{API_PREFIX}/alerts/{alert['id']}")
    client.delete(f"{API_PREFIX}/watchlist/AAA")
    for channel in client.get(f"{API_PREFIX}/notifications/channels").json()["items"]:
        client.delete(f"{API_PREFIX}/notifications/channels/{channel['id']}")
    for transaction in reversed(client.get(f"{API_PREFIX}/transactions").json()["items"]):
        assert client.delete(f"{API_PREFIX}/transactions/{transaction['id']}").status_code == 204
    document["transactions"][0]["price"] = 9.5
    document["watchlist"][1]["group"] = "watch"

    report = post(client, "/import", document)

    assert report == {
        "watchlist": {"created": 1, "updated": 1, "unchanged": 0},
        "transactions": {"created": 3, "updated": 0, "unchanged": 0},
        "alerts": {"created": 2, "updated": 0, "unchanged": 0},
        "triggered_alerts": {"created": 1, "updated": 0, "unchanged": 0},
        "notification_channels": {"created": 1, "updated": 0, "unchanged": 0},
    }
    restored = export(client)
    # BBB stayed; AAA comes back after it.
    assert [(item["code"], item["group"]) for item in restored["watchlist"]] == [
        ("BBB", "watch"),
        ("AAA", "core"),
    ]
    assert restored["transactions"] == document["transactions"]
    assert restored["alerts"] == document["alerts"]
    assert restored["triggered_alerts"] == document["triggered_alerts"]
    assert restored["notification_channels"] == document["notification_channels"]
    assert post(client, "/import", document)["transactions"] == {"created": 0, "updated": 0, "unchanged": 3}


def test_an_import_that_would_oversell_changes_nothing(client: TestClient) -> None:
    fill(client)
    before = without_time(export(client))
    document = export(client)
    document["transactions"][2]["quantity"] = 25
    document["watchlist"].append({"code": "CCC", "position": 5})

    response = client.post(f"{API_PREFIX}/import", json=document)

    assert response.status_code == 422
    assert error_fields(response) == ["body.transactions"]
    assert response.json()["detail"][0]["msg"] == "selling 25 AAA on 2024-02-01 is more than the 20 held then"
    assert without_time(export(client)) == before


def test_an_import_moving_a_buy_to_another_code_cannot_oversell_the_first(client: TestClient) -> None:
    """The buy's uid already exists: importing it under BBB takes it away from AAA's ledger."""
    fill(client)
    before = without_time(export(client))
    document = export(client)
    # Only the moved buy: AAA is in none of the document's transactions.
    document["transactions"] = [{**document["transactions"][0], "code": "BBB"}]

    response = client.post(f"{API_PREFIX}/import", json=document)

    assert response.status_code == 422, response.text
    assert error_fields(response) == ["body.transactions"]
    assert "selling 15 AAA" in response.json()["detail"][0]["msg"]
    assert without_time(export(client)) == before
    assert client.get(f"{API_PREFIX}/holdings").status_code == 200


def test_malformed_documents_name_the_field(client: TestClient) -> None:
    fill(client)
    document = export(client)
    for path, value, field in [
        (("format",), "something-else", "body.format"),
        (("transactions", 1, "quantity"), -1, "body.transactions.1.quantity"),
        (("alerts", 0, "created_at"), "2024-01-01T00:00:00", "body.alerts.0.created_at"),
        (("triggered_alerts", 0, "alert_uid"), "missing", "body.triggered_alerts.0.alert_uid"),
        (("watchlist", 0, "position"), -3, "body.watchlist.0.position"),
        (("watchlist", 1, "code"), "AAA", "body.watchlist"),
        (("transactions", 1, "uid"), document["transactions"][0]["uid"], "body.transactions"),
    ]:
        broken: Any = export(client)
        target = broken
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

        response = client.post(f"{API_PREFIX}/import", json=broken)

        assert response.status_code == 422, path
        assert error_fields(response) == [field], path
    assert without_time(export(client)) == without_time(document)


def test_signal_alerts_and_their_triggers_travel_with_their_window_and_value(client: TestClient) -> None:
    document = {
        "alerts": [
            {
                "uid": "cross",
                "code": "AAA",
                "condition": "ma_cross_above",
                "threshold": 0,
                "ma_window": 60,
                "rearm": True,
                "created_at": "2024-06-03T01:00:00Z",
            }
        ],
        "triggered_alerts": [
            {
                "uid": "crossed",
                "alert_uid": "cross",
                "code": "AAA",
                "condition": "ma_cross_above",
                "threshold": 0,
                "price": 3.9,
                "change_pct": 1.2,
                "ma_window": 60,
                "value": 3.812,
                "quote_as_of": "2024-06-28",
                "triggered_at": "2024-06-28T07:00:00Z",
                "webhook_status": "none",
            }
        ],
    }

    post(client, "/import", document)

    exported = export(client)
    assert [(item["uid"], item["ma_window"]) for item in exported["alerts"]] == [("cross", 60)]
    assert [(item["uid"], item["ma_window"], item["value"]) for item in exported["triggered_alerts"]] == [
        ("crossed", 60, 3.812)
    ]
    without_window: Any = {**document, "alerts": [{**document["alerts"][0], "ma_window": None}]}
    refused = client.post(f"{API_PREFIX}/import", json=without_window)
    assert (refused.status_code, error_fields(refused)) == (422, ["body.alerts.0.ma_window"])
