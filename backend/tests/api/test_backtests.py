from fastapi.testclient import TestClient

from tests.api.sample_prices import sample_closes


def test_monthly_dca_buys_on_the_first_trading_day_of_each_month(client: TestClient) -> None:
    body = client.post(
        "/api/v1/backtests/dca",
        json={
            "code": "SIZE",
            "start": "2020-01-01",
            "end": "2020-12-31",
            "amount": 1000,
            "interval": "monthly",
        },
    ).json()
    assert body["buys"] == 12
    assert body["invested"] == 12000
    closes = [(d, c) for d, c in sample_closes("SIZE") if d.year == 2020]
    first_per_month: dict[int, float] = {}
    for day, close in closes:
        first_per_month.setdefault(day.month, close)
    units = sum(1000 / close for close in first_per_month.values())
    assert abs(body["final_value"] - units * closes[-1][1]) < 1e-6
    assert body["series"][-1]["cost"] == 12000
    assert body["xirr"] is not None


def test_dca_rejects_bad_bodies_naming_the_field(client: TestClient) -> None:
    base = {"code": "SIZE", "start": "2020-01-01", "end": "2020-12-31", "amount": 1000}
    for field, value in (("amount", -5), ("interval", "daily"), ("start", "someday")):
        response = client.post("/api/v1/backtests/dca", json={**base, field: value})
        assert response.status_code == 422, field
        assert response.json()["detail"][0]["loc"] == ["body", field]
    reversed_range = client.post("/api/v1/backtests/dca", json={**base, "start": "2021-01-01"})
    assert reversed_range.status_code == 422
    assert "start must be before end" in reversed_range.json()["detail"][0]["msg"]


def test_dca_outside_the_history_says_so(client: TestClient) -> None:
    response = client.post(
        "/api/v1/backtests/dca",
        json={"code": "SIZE", "start": "1990-01-01", "end": "1990-12-31", "amount": 10},
    )
    assert response.status_code == 422


def test_dca_refuses_nan_and_infinity_as_malformed_json(client: TestClient) -> None:
    dates = '"start": "2020-01-01", "end": "2020-12-31"'
    for constant in ("NaN", "Infinity", "-Infinity"):
        response = client.post(
            "/api/v1/backtests/dca",
            content=f'{{"code": "SIZE", {dates}, "amount": {constant}}}'.encode(),
            headers={"content-type": "application/json"},
        )
        assert response.status_code == 422, (constant, response.text)
        assert response.json()["detail"][0]["ctx"]["error"] == f"{constant} is not a JSON number"
