"""What the user-data layer can be tuned with; the app's config fills it in."""

from dataclasses import dataclass


@dataclass(frozen=True)
class UserDataSettings:
    database_url: str  # sqlite:///... or postgresql://...
    alert_check_interval_s: float = 60.0  # periodic alert checks inside the API process
    webhook_timeout_s: float = 5.0  # per attempt
    webhook_attempts: int = 3  # attempts per triggered alert, for network errors, 429 and 5xx
    webhook_retry_wait_s: float = 1.0  # first back-off, doubled per attempt
    # Networks webhooks may call besides public addresses ("192.168.1.0/24", "10.0.0.5").
    webhook_allowed_networks: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("alert_check_interval_s", "webhook_timeout_s"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        if self.webhook_attempts < 1:
            raise ValueError("webhook_attempts must be at least 1")
        if self.webhook_retry_wait_s < 0:
            raise ValueError("webhook_retry_wait_s must not be negative")
