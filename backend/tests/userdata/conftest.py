from tests.userdata.fixtures import database, database_url, fake_quotes, postgres_server  # noqa: F401
