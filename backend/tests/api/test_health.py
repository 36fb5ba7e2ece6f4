from fastapi.testclient import TestClient

from etftool.main import create_app
from etftool.version import __version__


def test_health_on_both_paths_reports_status_and_version() -> None:
    client = TestClient(create_app())
    for path in ("/health", "/api/health"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.json() == {"status": "ok", "version": __version__}


def test_version_comes_from_the_version_file() -> None:
    assert __version__.count(".") == 2
    assert all(part.isdigit() for part in __version__.split("."))
