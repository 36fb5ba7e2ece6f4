from fastapi.testclient import TestClient


def test_datasources_list_the_offline_providers(client: TestClient) -> None:
    body = client.get("/api/v1/datasources").json()
    assert body["active"] == "sample"
    providers = {provider["name"]: provider for provider in body["providers"]}
    assert providers["sample"]["default"] is True
    assert providers["sample"]["healthy"] is True
    assert providers["sample"]["live"] is False
