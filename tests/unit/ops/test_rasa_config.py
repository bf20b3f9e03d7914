from __future__ import annotations

from pathlib import Path

import yaml

from bot.ops.rasa_config import render, render_file

ROOT = Path(__file__).resolve().parents[3]


def test_sections_with_unset_variables_are_left_out():
    template = {"rest": None, "slack": {"slack_token": "${SLACK_TOKEN}", "slack_signing_secret": "${SLACK_SIGNING_SECRET}"}}
    assert render(template, {}) == {"rest": None}
    assert render(template, {"SLACK_TOKEN": "t"}) == {"rest": None}
    assert render(template, {"SLACK_TOKEN": "t", "SLACK_SIGNING_SECRET": "s"})["slack"] == {"slack_token": "t", "slack_signing_secret": "s"}


def test_endpoints_for_the_embedded_default(tmp_path):
    env = {"ACTION_SERVER_URL": "http://localhost:5055/webhook", "DATABASE_URL": "sqlite:////tmp/x.db"}
    rendered = render_file(ROOT / "endpoints.yml", tmp_path / "endpoints.yml", env)
    assert rendered == {
        "action_endpoint": {"url": "http://localhost:5055/webhook"},
        "tracker_store": {"type": "bot.rasa_ext.tracker_store.RecallTrackerStore", "url": "sqlite:////tmp/x.db"},
    }
    assert yaml.safe_load((tmp_path / "endpoints.yml").read_text()) == rendered


def test_committed_credentials_hold_no_secrets():
    text = (ROOT / "credentials.yml").read_text()
    data = yaml.safe_load(text)
    # Rasa's REST and socket.io channels with our limits in front (bot/channels/rest_socketio.py)
    assert "bot.channels.rest_socketio.LimitedRestInput" in data and "bot.channels.rest_socketio.LimitedSocketIOInput" in data
    for section, body in data.items():
        for key, value in (body or {}).items():
            if any(word in key for word in ("token", "secret", "password")):
                assert str(value).startswith("${"), f"{section}.{key} must come from the environment"
