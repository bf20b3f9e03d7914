"""One frozen Settings object, read from environment variables.

Development defaults make `make run` work on a fresh machine (it sets
`APP_ENV=development`). Anywhere else a missing `APP_ENV` means production, where
nothing starts unless every secret is set, at least 32 characters of randomness, and
none of the repo's example or default values.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(os.environ.get("RECALL_VAR_DIR", PROJECT_DIR / "var"))

DEV_RASA_API_TOKEN = "dev-rasa-token"  # noqa: S105 - refused outside development (check_secure)
DEV_CONSOLE_API_TOKEN = "dev-console-token"  # noqa: S105 - refused outside development (check_secure)
DEV_SECRET_KEY = "dev-secret-key"  # noqa: S105 - refused outside development (check_secure)
SECRET_NAMES = ("RASA_API_TOKEN", "CONSOLE_API_TOKEN", "SECRET_KEY")
MIN_SECRET_CHARS = 32  # `python -c "import secrets; print(secrets.token_urlsafe(32))"` gives 43
# Values shipped in this repository (defaults, deploy/env.example): never a real secret.
KNOWN_VALUES = frozenset({DEV_RASA_API_TOKEN, DEV_CONSOLE_API_TOKEN, DEV_SECRET_KEY, "change-me", "changeme", "secret"})


class InsecureSettingsError(RuntimeError):
    """A development default secret was left in place outside development."""


@dataclass(frozen=True)
class Settings:
    """Everything configurable, in one place."""

    app_env: str
    database_url: str
    rasa_url: str
    rasa_public_url: str
    rasa_port: int
    action_server_url: str
    action_port: int
    console_port: int
    console_url: str
    rasa_api_token: str
    console_api_token: str
    secret_key: str
    smtp_url: str | None
    alert_webhook_url: str | None
    lock_store_url: str | None
    max_message_chars: int
    # Fire-report flood caps (bot.escalation.escalate): over them a handoff is still opened, but
    # held from individual alerts and counted in one summary alert per window.
    urgent_handoffs_per_origin_per_hour: int = 3
    urgent_handoffs_per_minute: int = 20
    alerts_per_minute: int = 10
    alert_summary_minutes: int = 5
    # Confirmation emails (bot.recall.outbox): tries before giving up, and the first wait
    # between tries (doubling, at most an hour).
    email_max_attempts: int = 10
    email_retry_seconds: float = 30.0
    # Customers' photos (bot.photos): where the re-encoded files go (outside the web root),
    # how many a sender may send, how long they are kept, and whether a refund needs one.
    photo_dir: Path = VAR_DIR / "photos"
    photo_store: str = "directory"  # directory | s3 (PHOTO_S3_* below)
    photo_s3_bucket: str | None = None
    photo_s3_prefix: str = "photos/"
    photo_s3_endpoint_url: str | None = None
    photos_per_sender_per_hour: float = 20.0
    photo_burst: int = 5
    photo_retention_days: int = 0  # 0: kept as long as the conversation and its ticket
    require_photo_for_refund: bool = False

    @property
    def is_development(self) -> bool:
        return self.app_env == "development"

    @property
    def uses_dev_secrets(self) -> bool:
        return (
            self.rasa_api_token == DEV_RASA_API_TOKEN
            or self.console_api_token == DEV_CONSOLE_API_TOKEN
            or self.secret_key == DEV_SECRET_KEY
        )

    def check_secure(self) -> None:
        """Fail closed outside development: every secret real, long and of your own.

        Raises:
            InsecureSettingsError: naming each secret that is missing, short or a known value.
        """
        if self.is_development:
            return
        values = dict(zip(SECRET_NAMES, (self.rasa_api_token, self.console_api_token, self.secret_key), strict=True))
        weak = [
            name for name, value in values.items()
            if value in KNOWN_VALUES or len(value) < MIN_SECRET_CHARS or len(set(value)) < 8
        ]
        if weak:
            raise InsecureSettingsError(
                f"APP_ENV is {self.app_env!r} (production unless it is 'development'): "
                f"{', '.join(weak)} must be set to secrets of your own, at least {MIN_SECRET_CHARS} "
                "random characters each, e.g. from python -c \"import secrets; print(secrets.token_urlsafe(32))\"."
            )


def _default_database_url() -> str:
    return f"sqlite:///{VAR_DIR / 'recall.db'}"


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Build Settings from an environment mapping (os.environ by default)."""
    env = os.environ if environ is None else environ
    rasa_port = int(env.get("RASA_PORT", "5005"))
    action_port = int(env.get("ACTION_PORT", "5055"))
    console_port = int(env.get("CONSOLE_PORT", "8000"))
    return Settings(
        app_env=env.get("APP_ENV") or "production",
        database_url=env.get("DATABASE_URL") or _default_database_url(),
        rasa_url=env.get("RASA_URL", f"http://localhost:{rasa_port}"),
        rasa_public_url=env.get(
            "RASA_PUBLIC_URL", env.get("RASA_URL", f"http://localhost:{rasa_port}")
        ),
        rasa_port=rasa_port,
        action_server_url=env.get("ACTION_SERVER_URL", f"http://localhost:{action_port}/webhook"),
        action_port=action_port,
        console_port=console_port,
        console_url=env.get("CONSOLE_URL", f"http://localhost:{console_port}"),
        rasa_api_token=env.get("RASA_API_TOKEN", DEV_RASA_API_TOKEN),
        console_api_token=env.get("CONSOLE_API_TOKEN", DEV_CONSOLE_API_TOKEN),
        secret_key=env.get("SECRET_KEY", DEV_SECRET_KEY),
        smtp_url=env.get("SMTP_URL") or None,
        alert_webhook_url=env.get("ALERT_WEBHOOK_URL") or None,
        lock_store_url=env.get("LOCK_STORE_URL") or None,
        max_message_chars=int(env.get("MAX_MESSAGE_CHARS", "2000")),
        urgent_handoffs_per_origin_per_hour=int(env.get("URGENT_HANDOFFS_PER_ORIGIN_PER_HOUR", "3")),
        urgent_handoffs_per_minute=int(env.get("URGENT_HANDOFFS_PER_MINUTE", "20")),
        alerts_per_minute=int(env.get("ALERTS_PER_MINUTE", "10")),
        alert_summary_minutes=max(1, int(env.get("ALERT_SUMMARY_MINUTES", "5"))),
        email_max_attempts=max(1, int(env.get("EMAIL_MAX_ATTEMPTS", "10"))),
        email_retry_seconds=max(0.0, float(env.get("EMAIL_RETRY_SECONDS", "30"))),
        photo_dir=Path(env.get("PHOTO_DIR") or VAR_DIR / "photos"),
        photo_store=(env.get("PHOTO_STORE") or "directory").strip().lower(),
        photo_s3_bucket=env.get("PHOTO_S3_BUCKET") or None,
        photo_s3_prefix=env.get("PHOTO_S3_PREFIX", "photos/"),
        photo_s3_endpoint_url=env.get("PHOTO_S3_ENDPOINT_URL") or None,
        photos_per_sender_per_hour=float(env.get("PHOTOS_PER_SENDER_PER_HOUR", "20")),
        photo_burst=max(1, int(env.get("PHOTO_BURST", "5"))),
        photo_retention_days=max(0, int(env.get("PHOTO_RETENTION_DAYS", "0"))),
        require_photo_for_refund=_flag(env.get("REQUIRE_PHOTO_FOR_REFUND")),
    )


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return load_settings()
