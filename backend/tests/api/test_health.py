from pathlib import Path

from fastapi.testclient import TestClient
from pydantic import SecretStr

from etftool.core.config import Settings
from etftool.db import Database
from etftool.main import create_app
from etftool.version import __version__


def test_health_on_both_paths_reports_status_and_version() -> None:
    client = TestClient(create_app())
    for path in ("/health", "/api/health"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.json() == {"status": "ok", "version": __version__, "open_writes": True}


def test_version_comes_from_the_version_file() -> None:
    assert __version__.count(".") == 2
    assert all(part.isdigit() for part in __version__.split("."))


def test_health_fails_when_the_database_does_not_answer(client: TestClient, tmp_path: Path) -> None:
    assert client.get("/api/health").status_code == 200
    (tmp_path / "gone.db").mkdir()  # a directory where the database file should be
    client.app.state.database = Database(f"sqlite:///{tmp_path / 'gone.db'}")  # type: ignore[attr-defined]

    for path in ("/health", "/api/health"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert "database" in response.json()["detail"]


def test_the_docs_page_is_off_unless_api_docs(settings: Settings) -> None:
    """Swagger UI comes from a CDN: a page that loads third-party scripts is opt-in."""
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/docs").status_code == 404
        assert client.get("/api/openapi.json").status_code == 200  # clients and tests use the schema
    with TestClient(create_app(settings.model_copy(update={"api_docs": True}))) as client:
        assert client.get("/api/docs").status_code == 200


def test_health_says_whether_writes_are_open(settings: Settings) -> None:
    """The UI shows a warning while anyone who reaches the server may change its data."""
    keyed = settings.model_copy(update={"api_key": SecretStr("k" * 16)})
    assert TestClient(create_app(settings)).get("/api/health").json()["open_writes"] is True
    assert TestClient(create_app(keyed)).get("/api/health").json()["open_writes"] is False
