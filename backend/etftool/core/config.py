"""Settings from environment variables; invalid values stop the app at start-up."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    environment: Literal["development", "production", "test"] = "production"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"

    data_dir: Path = Path("data")
    cache_dir: Path = Path("cache")
    # Defaults to an SQLite file inside data_dir; PostgreSQL URLs work as well.
    database_url: str = ""

    api_key: SecretStr | None = None
    api_key_reads: bool = False
    cors_origins: list[str] = Field(default_factory=list)

    data_source: Literal["sample", "csv", "akshare"] = "sample"

    # Alerts are checked this often by a task inside the API process (seconds).
    alert_check_interval_s: float = Field(default=60.0, gt=0)
    # Per webhook attempt (seconds), and attempts per triggered alert.
    webhook_timeout_s: float = Field(default=5.0, gt=0)
    webhook_attempts: int = Field(default=3, ge=1, le=10)

    @model_validator(mode="after")
    def _default_database_url(self) -> "Settings":
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'etftool.db'}"
        if self.api_key is not None and not self.api_key.get_secret_value().strip():
            self.api_key = None
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
