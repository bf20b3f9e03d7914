from __future__ import annotations

import pytest

from bot.settings import InsecureSettingsError, load_settings


def test_development_defaults():
    settings = load_settings({})
    assert settings.is_development and settings.uses_dev_secrets
    assert settings.database_url.startswith("sqlite:///") and settings.rasa_port == 5005
    settings.check_secure()


def test_default_secrets_are_refused_outside_development():
    with pytest.raises(InsecureSettingsError):
        load_settings({"APP_ENV": "production"}).check_secure()
    load_settings({"APP_ENV": "production", "RASA_API_TOKEN": "a", "CONSOLE_API_TOKEN": "b", "SECRET_KEY": "c"}).check_secure()
