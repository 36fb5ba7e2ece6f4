"""What the user-data layer can be tuned with; the app's config fills it in."""

from dataclasses import dataclass, field
from datetime import time
from typing import Literal
from zoneinfo import ZoneInfo

NotifyLanguage = Literal["zh-CN", "en"]
# The market closes at 15:00 China time.
DEFAULT_SUMMARY_TIME = time(15, 30)


@dataclass(frozen=True)
class NotifySettings:
    """How channel messages read, and where the push services are. The services' base URLs
    are settings so that tests (or a self-hosted Bark or ntfy) can stand in for them."""

    language: NotifyLanguage = "zh-CN"
    time_zone: str = "Asia/Shanghai"  # of the times in messages
    # Where users open ETFTool ("https://etf.example.com"); empty: messages carry no link.
    public_base_url: str = ""
    telegram_api_url: str = "https://api.telegram.org"
    serverchan_api_url: str = "https://sctapi.ftqq.com"
    bark_api_url: str = "https://api.day.app"
    pushplus_api_url: str = "https://www.pushplus.plus"
    ntfy_api_url: str = "https://ntfy.sh"
    # When the daily summary goes out on trading days, in China time (the close is at 15:00).
    summary_time: time = DEFAULT_SUMMARY_TIME

    def __post_init__(self) -> None:
        ZoneInfo(self.time_zone)  # raises for an unknown zone


@dataclass(frozen=True)
class UserDataSettings:
    database_url: str  # sqlite:///... or postgresql://...
    alert_check_interval_s: float = 60.0  # periodic alert checks inside the API process
    webhook_timeout_s: float = 5.0  # per attempt
    webhook_attempts: int = 3  # attempts per triggered alert, for network errors, 429 and 5xx
    webhook_retry_wait_s: float = 1.0  # first back-off, doubled per attempt
    # Networks webhooks may call besides public addresses ("192.168.1.0/24", "10.0.0.5").
    webhook_allowed_networks: tuple[str, ...] = ()
    notify: NotifySettings = field(default_factory=NotifySettings)

    def __post_init__(self) -> None:
        for name in ("alert_check_interval_s", "webhook_timeout_s"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        if self.webhook_attempts < 1:
            raise ValueError("webhook_attempts must be at least 1")
        if self.webhook_retry_wait_s < 0:
            raise ValueError("webhook_retry_wait_s must not be negative")
