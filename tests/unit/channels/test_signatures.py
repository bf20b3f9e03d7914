"""Each provider's request verification: good, bad, missing and replayed."""

from __future__ import annotations

import json
import time

from bot.channels.facebook import verify_hub_signature
from bot.channels.slack import verify_slack_signature
from bot.channels.telegram import is_valid_secret
from bot.channels.twilio import form_params, verify_twilio_signature
from tests.fakes import payloads

SLACK_SECRET = "slack-signing-secret"
FB_SECRET = "facebook-app-secret"
TWILIO_TOKEN = "twilio-auth-token"
TWILIO_URL = "https://bot.example.com/webhooks/twilio/webhook"
TWILIO_SID = "AC" + "0" * 32


def _slack(body: bytes, headers: dict[str, str], now: float | None = None) -> bool:
    return verify_slack_signature(
        signing_secret=SLACK_SECRET,
        timestamp=headers.get("X-Slack-Request-Timestamp"),
        body=body,
        signature=headers.get("X-Slack-Signature"),
        now=now,
    )


def test_slack_accepts_a_fresh_signed_request() -> None:
    body = json.dumps(payloads.slack_message_event("U1", "hello")).encode()
    assert _slack(body, payloads.slack_headers(SLACK_SECRET, body))


def test_slack_refuses_a_wrong_or_missing_signature() -> None:
    body = json.dumps(payloads.slack_message_event("U1", "hello")).encode()
    assert not _slack(body, payloads.slack_headers("another-secret", body))
    assert not _slack(body, payloads.slack_headers(None, body))
    signed = payloads.slack_headers(SLACK_SECRET, body)
    assert not _slack(body.replace(b"hello", b"hullo"), signed)
    assert not _slack(body, {**signed, "X-Slack-Request-Timestamp": "yesterday"})


def test_slack_refuses_a_request_older_than_five_minutes() -> None:
    body = b'{"type": "event_callback"}'
    sent = int(time.time()) - 301
    headers = payloads.slack_headers(SLACK_SECRET, body, timestamp=sent)
    assert not _slack(body, headers)
    assert _slack(body, headers, now=sent + 299)
    assert not _slack(body, headers, now=sent - 301)  # from the future


def test_slack_refuses_everything_without_a_signing_secret() -> None:
    body = b"{}"
    headers = payloads.slack_headers("", body)
    assert not verify_slack_signature(
        signing_secret="",
        timestamp=headers["X-Slack-Request-Timestamp"],
        body=body,
        signature=headers["X-Slack-Signature"],
    )


def test_facebook_accepts_the_sha256_signature_of_the_raw_body() -> None:
    body = json.dumps(payloads.messenger_message("psid-1", "hi")).encode()
    header = payloads.facebook_headers(FB_SECRET, body)["X-Hub-Signature-256"]
    assert verify_hub_signature(app_secret=FB_SECRET, body=body, header=header)


def test_facebook_refuses_bad_missing_and_sha1_signatures() -> None:
    body = json.dumps(payloads.messenger_message("psid-1", "hi")).encode()
    header = payloads.facebook_headers(FB_SECRET, body)["X-Hub-Signature-256"]
    assert not verify_hub_signature(app_secret=FB_SECRET, body=body + b" ", header=header)
    assert not verify_hub_signature(app_secret="other", body=body, header=header)
    assert not verify_hub_signature(app_secret=FB_SECRET, body=body, header=None)
    assert not verify_hub_signature(app_secret=FB_SECRET, body=body, header=header.replace("sha256", "sha1"))
    assert not verify_hub_signature(app_secret=FB_SECRET, body=body, header="sha256=")


def _twilio(fields: dict[str, str], signature: str | None, url: str = TWILIO_URL) -> bool:
    from urllib.parse import urlencode

    return verify_twilio_signature(
        auth_token=TWILIO_TOKEN, url=url, params=form_params(urlencode(fields).encode()), signature=signature
    )


def test_twilio_accepts_its_signature_blank_fields_included() -> None:
    fields = payloads.twilio_message(TWILIO_SID, "+15550002222", "+15550001111", "hello")
    assert fields["FromCity"] == ""
    signature = payloads.twilio_headers(TWILIO_TOKEN, TWILIO_URL, fields)["X-Twilio-Signature"]
    assert _twilio(fields, signature)


def test_twilio_refuses_bad_missing_and_misdirected_signatures() -> None:
    fields = payloads.twilio_message(TWILIO_SID, "whatsapp:+15550002222", "whatsapp:+15550001111", "hello")
    signature = payloads.twilio_headers(TWILIO_TOKEN, TWILIO_URL, fields)["X-Twilio-Signature"]
    assert not _twilio({**fields, "Body": "something else"}, signature)
    assert not _twilio(fields, None)
    assert not _twilio(fields, "")
    assert not _twilio(fields, signature, url="https://elsewhere.example.com/webhooks/twilio/webhook")
    forged = payloads.twilio_headers("not-the-token", TWILIO_URL, fields)["X-Twilio-Signature"]
    assert not _twilio(fields, forged)


def test_telegram_secret_token() -> None:
    assert is_valid_secret("s3cret-token", "s3cret-token")
    assert not is_valid_secret("s3cret-token", "s3cret-tokem")
    assert not is_valid_secret("s3cret-token", None)
    assert not is_valid_secret("s3cret-token", "")
    assert not is_valid_secret("", "")
