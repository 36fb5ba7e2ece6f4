"""Settings from environment variables; invalid values stop the app at start-up."""

import ipaddress
import json
import re
from datetime import time
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from etftool.marketdata.settings import DataSource


class Settings(BaseSettings):
    # An empty variable means "the default" (docker-compose passes `${VAR:-}` through). Patterns
    # run on Python's re, whose \S costs nothing (pydantic-core's engine: ≈ 0.4 MB a field).
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        env_ignore_empty=True,
        regex_engine="python-re",
    )

    environment: Literal["development", "production", "test"] = "production"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"

    data_dir: Path = Path("data")
    cache_dir: Path = Path("cache")
    # Defaults to an SQLite file inside data_dir; PostgreSQL URLs work as well.
    database_url: str = ""

    api_key: SecretStr | None = None
    api_key_reads: bool = False
    # Set up the accounts at the first start: the admin's name and password (ignored once
    # the server is set up, however it was).
    admin_username: str | None = None
    admin_password: SecretStr | None = None
    # Anyone who can reach the server may make themselves an account (POST /api/auth/register).
    allow_registration: bool = False
    # Origins besides the app's own that browsers may call the API from: comma-separated
    # (or a JSON list). Empty: same-origin only.
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Host names the API answers to besides localhost, this machine's own names and any IP
    # address (comma-separated; "*" for any): a name not listed may be a DNS-rebinding page.
    allowed_hosts: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Reverse proxies in front of the container, such as the TLS proxy (addresses or networks,
    # comma-separated): a request from one of them is taken to come from the client its
    # X-Forwarded-For names, over the scheme its X-Forwarded-Proto says. The per-client rate
    # limit and login lockout then count each client, and session cookies are Secure behind
    # HTTPS. Empty: the client is whoever connects, and those headers are not believed.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Serve the Swagger UI page at /api/docs; it loads its scripts from a CDN, so it is off
    # unless asked for. The schema itself is always at /api/openapi.json.
    api_docs: bool = False
    # Serve /metrics through the public port too (nginx passes it on; the API decides).
    metrics_public: bool = False
    cache_size_mb: int = Field(default=256, ge=1)

    # Read by uvicorn and by supervisord's nginx command line; validated here so that a bad
    # value stops the container with the variable's name.
    web_concurrency: int = Field(default=1, ge=1, le=64)
    nginx_worker_processes: str = Field(default="auto", pattern=r"^(auto|[1-9][0-9]?)$")

    data_source: DataSource = "auto"
    # Live data (akshare): how long quotes stay fresh, and how long one call may take before
    # cached data is served instead (seconds; an answer must come within nginx's 30 s).
    quotes_ttl_s: float = Field(default=60.0, gt=0)
    # Quotes fetched after the A-share close are kept until the next session: alert checks
    # through the night and the weekend then make no live calls. False: asked for again
    # after quotes_ttl_s at all hours.
    keep_quotes_after_close: bool = True
    live_timeout_s: float = Field(default=10.0, gt=0, le=12)
    # After a failed live call, seconds before the same call is tried again (cache answers).
    live_failure_backoff_s: float = Field(default=30.0, ge=0)
    # The fund list (and quote table) is fetched page by page with pauses: about 20 s. The
    # start-up fetch and the cached list keep requests from waiting on it, but a request that
    # finds the list expired does wait, and nginx answers 504 after 30 s.
    live_list_timeout_s: float = Field(default=60.0, gt=0)
    # akshare runs in a child process that exits after this many seconds without a live call,
    # giving back the ~77 MB it holds; the next call starts it again.
    live_process_idle_s: float = Field(default=120.0, gt=0)

    # Alerts are checked this often by a task inside the API process (seconds).
    alert_check_interval_s: float = Field(default=60.0, gt=0)
    # Per webhook attempt (seconds), and attempts per triggered alert.
    webhook_timeout_s: float = Field(default=5.0, gt=0)
    webhook_attempts: int = Field(default=3, ge=1, le=10)
    # Webhooks may call only public addresses, plus these networks or addresses
    # (comma-separated, e.g. 192.168.1.20,10.0.0.0/8): targets on your own network.
    webhook_allowed_networks: Annotated[list[str], NoDecode] = Field(default_factory=list)

    # Messages of notification channels: their language (the default of channels that set
    # none) and time zone, and the address users open ETFTool at, for the link to the ETF page
    # (empty: no link).
    notify_language: Literal["zh-CN", "en"] = "zh-CN"
    notify_time_zone: str = "Asia/Shanghai"
    public_base_url: str = Field(default="", pattern=r"^(https?://\S+)?$")
    # The push services' addresses: a self-hosted Bark or ntfy server, or stand-ins in tests.
    notify_telegram_api_url: str = Field(default="https://api.telegram.org", pattern=r"^https?://\S+$")
    notify_serverchan_api_url: str = Field(default="https://sctapi.ftqq.com", pattern=r"^https?://\S+$")
    notify_bark_api_url: str = Field(default="https://api.day.app", pattern=r"^https?://\S+$")
    notify_pushplus_api_url: str = Field(default="https://www.pushplus.plus", pattern=r"^https?://\S+$")
    notify_ntfy_api_url: str = Field(default="https://ntfy.sh", pattern=r"^https?://\S+$")
    # When the daily summary goes out on A-share trading days, as HH:MM in China time
    # (Asia/Shanghai, whatever NOTIFY_TIME_ZONE says): the market closes at 15:00.
    summary_time: time = time(15, 30)


    @field_validator("summary_time", mode="before")
    @classmethod
    def _summary_time(cls, value: object) -> object:
        # Stricter than pydantic's times: no seconds, no time zone (it is always China time).
        if isinstance(value, str):
            match = re.fullmatch(r"([01]?[0-9]|2[0-3]):([0-5][0-9])", value.strip())
            if match is None:
                raise ValueError("must be a time of day in China time as HH:MM, such as 15:30")
            return time(int(match[1]), int(match[2]))
        return value

    @field_validator("notify_time_zone")
    @classmethod
    def _time_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a time zone such as Asia/Shanghai") from None
        return value

    @field_validator("webhook_allowed_networks", "trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for network in value:
            ipaddress.ip_network(network, strict=False)  # a ValueError names the bad one
        return value

    @field_validator(
        "cors_origins", "allowed_hosts", "webhook_allowed_networks", "trusted_proxies", mode="before"
    )
    @classmethod
    def _split_list(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [item.strip().rstrip("/") for item in text.split(",") if item.strip()]
        return value

    @model_validator(mode="after")
    def _default_database_url(self) -> "Settings":
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'etftool.db'}"
        if self.api_key is not None and not self.api_key.get_secret_value().strip():
            self.api_key = None
        if (self.admin_username is None) != (self.admin_password is None):
            raise ValueError("ADMIN_USERNAME and ADMIN_PASSWORD are set together, or neither")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
