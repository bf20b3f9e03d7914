from __future__ import annotations

import secrets

import pytest

from bot.core.settings import InsecureSettingsError, load_settings


def real() -> dict[str, str]:
    return {name: secrets.token_urlsafe(32) for name in ("RASA_API_TOKEN", "CONSOLE_API_TOKEN", "SECRET_KEY")}


def test_development_defaults_when_asked_for():
    settings = load_settings({"APP_ENV": "development"})
    assert settings.is_development and settings.uses_dev_secrets
    assert settings.database_url.startswith("sqlite:///") and settings.rasa_port == 5005
    settings.check_secure()


def test_a_missing_app_env_is_production():
    """Fail closed: only `make run` (and the tests) say development."""
    settings = load_settings({})
    assert settings.app_env == "production" and not settings.is_development
    with pytest.raises(InsecureSettingsError):
        settings.check_secure()


@pytest.mark.parametrize(
    "weak",
    [
        {},  # the development defaults
        {"RASA_API_TOKEN": "a", "CONSOLE_API_TOKEN": "b", "SECRET_KEY": "c"},  # set, but short
        {"SECRET_KEY": "change-me"},  # deploy/env.example's value
        {"SECRET_KEY": "x" * 40},  # long, not random
    ],
)
def test_weak_secrets_are_refused_outside_development(weak):
    with pytest.raises(InsecureSettingsError) as refused:
        load_settings({"APP_ENV": "production", **(real() if weak else {}), **weak}).check_secure()
    assert "at least 32" in str(refused.value)


def test_real_secrets_start():
    load_settings({"APP_ENV": "production", **real()}).check_secure()
