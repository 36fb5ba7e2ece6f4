from fastapi.testclient import TestClient


def test_compare_normalises_to_100_on_common_dates(client: TestClient) -> None:
    body = client.get("/api/v1/compare", params={"codes": "MTUM,QUAL,SPX", "period": "3y"}).json()
    assert body["codes"] == ["MTUM", "QUAL", "SPX"]
    for code in body["codes"]:
        assert body["normalized"][code][0] == 100
        assert len(body["normalized"][code]) == len(body["dates"])
    matrix = body["correlation"]
    for i in range(3):
        assert matrix[i][i] == 1
        for j in range(3):
            assert matrix[i][j] == matrix[j][i]
            assert -1 <= matrix[i][j] <= 1
    assert set(body["metrics"]) == {"MTUM", "QUAL", "SPX"}


def test_compare_needs_two_to_six_codes(client: TestClient) -> None:
    for codes in ("MTUM", "MTUM,mtum", "A,B,C,D,E,F,G"):
        response = client.get("/api/v1/compare", params={"codes": codes})
        assert response.status_code == 422, codes
        assert response.json()["detail"][0]["loc"] == ["query", "codes"]


def test_compare_names_an_unknown_code(client: TestClient) -> None:
    response = client.get("/api/v1/compare", params={"codes": "MTUM,NOPE"})
    assert response.status_code == 404
    assert "NOPE" in response.json()["detail"]
