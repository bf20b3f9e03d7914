"""Webhook requests as each provider sends them, signed the way each provider signs.

The shapes follow the providers' documentation: Telegram's Update, Slack's Events
API `event_callback` and `block_actions`, Messenger's `page` webhook, Twilio's
Messaging webhook form (blank fields included, as Twilio sends them).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

_ids = itertools.count(int(time.time()) % 100_000 * 1000)


def next_id() -> int:
    return next(_ids)


# --- Telegram ---------------------------------------------------------------------


def telegram_message(chat_id: int, text: str, *, update_id: int | None = None) -> dict[str, Any]:
    user = {"id": chat_id, "is_bot": False, "first_name": "Dana", "language_code": "en"}
    return {
        "update_id": update_id if update_id is not None else next_id(),
        "message": {
            "message_id": next_id(),
            "from": user,
            "chat": {"id": chat_id, "first_name": "Dana", "type": "private"},
            "date": int(time.time()),
            "text": text,
        },
    }


def telegram_photo(
    chat_id: int, sizes: list[tuple[str, int]], *, caption: str | None = None, update_id: int | None = None
) -> dict[str, Any]:
    """A photo message: `sizes` are (file_id, file_size), smallest first, as Telegram lists them."""
    update = telegram_message(chat_id, "", update_id=update_id)
    message = update["message"]
    del message["text"]
    message["photo"] = [
        {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": size, "width": 90 * n, "height": 60 * n}
        for n, (file_id, size) in enumerate(sizes, 1)
    ]
    if caption is not None:
        message["caption"] = caption
    return update


def telegram_document(
    chat_id: int, file_id: str, mime_type: str, *, file_size: int = 1000, caption: str | None = None
) -> dict[str, Any]:
    """A file sent as a document (uncompressed), e.g. a photo the customer attached as a file."""
    update = telegram_message(chat_id, "")
    message = update["message"]
    del message["text"]
    message["document"] = {
        "file_name": "IMG_2024.jpg",
        "mime_type": mime_type,
        "file_id": file_id,
        "file_unique_id": f"u{file_id}",
        "file_size": file_size,
    }
    if caption is not None:
        message["caption"] = caption
    return update


def telegram_button_press(chat_id: int, data: str, *, update_id: int | None = None) -> dict[str, Any]:
    user = {"id": chat_id, "is_bot": False, "first_name": "Dana", "language_code": "en"}
    return {
        "update_id": update_id if update_id is not None else next_id(),
        "callback_query": {
            "id": str(next_id()),
            "from": user,
            "message": {
                "message_id": next_id(),
                "from": {"id": 1, "is_bot": True, "first_name": "Recall", "username": "recall_bot"},
                "chat": {"id": chat_id, "first_name": "Dana", "type": "private"},
                "date": int(time.time()),
                "text": "What can I do for you?",
            },
            "chat_instance": "-1234567890",
            "data": data,
        },
    }


def telegram_headers(secret_token: str | None) -> dict[str, str]:
    headers = {"Content-Type": "application/json"}
    if secret_token is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret_token
    return headers


# --- Slack ------------------------------------------------------------------------


def slack_message_event(user: str, text: str, *, channel: str = "D0CUSTOMER") -> dict[str, Any]:
    ts = f"{time.time():.6f}"
    return {
        "token": "verification-token-unused",
        "team_id": "T0TEAM",
        "api_app_id": "A0APP",
        "event": {
            "type": "message",
            "channel": channel,
            "user": user,
            "text": text,
            "ts": ts,
            "event_ts": ts,
            "channel_type": "im",
        },
        "type": "event_callback",
        "event_id": f"Ev{next_id()}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T0TEAM", "user_id": "U0BOT", "is_bot": True}],
    }


def slack_file_share(user: str, text: str, files: list[dict[str, Any]], *, channel: str = "D0CUSTOMER") -> dict[str, Any]:
    """A message with files (`subtype: file_share`), as the Events API sends it."""
    payload = slack_message_event(user, text, channel=channel)
    payload["event"].update({"subtype": "file_share", "files": files, "upload": False})
    return payload


def slack_file(url_private: str, *, mimetype: str = "image/jpeg", file_id: str = "F0PHOTO") -> dict[str, Any]:
    """One entry of a message's `files`."""
    return {
        "id": file_id,
        "name": "label.jpg",
        "title": "label.jpg",
        "mimetype": mimetype,
        "filetype": mimetype.rsplit("/", 1)[-1],
        "size": 1000,
        "url_private": url_private,
        "url_private_download": url_private + "?download=1",
        "mode": "hosted",
    }


def slack_button_press(user: str, value: str, *, channel: str = "D0CUSTOMER") -> str:
    """The form body of a `block_actions` interaction (`payload=<json>`)."""
    payload = {
        "type": "block_actions",
        "user": {"id": user, "username": "dana", "team_id": "T0TEAM"},
        "api_app_id": "A0APP",
        "container": {"type": "message", "channel_id": channel, "is_ephemeral": False},
        "channel": {"id": channel, "name": "directmessage"},
        "message": {
            "type": "message",
            "bot_id": "B0BOT",
            "text": "Refund or replacement?",
            "ts": f"{time.time():.6f}",
        },
        "response_url": "https://hooks.slack.com/actions/T0TEAM/1/xyz",
        "actions": [
            {
                "type": "button",
                "action_id": "choice_1",
                "block_id": "b1",
                "text": {"type": "plain_text", "text": "Refund"},
                "value": value,
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)})


def slack_headers(
    signing_secret: str | None,
    body: bytes,
    *,
    timestamp: int | None = None,
    content_type: str = "application/json",
) -> dict[str, str]:
    headers = {"Content-Type": content_type}
    if signing_secret is not None:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        digest = hmac.new(signing_secret.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
        headers["X-Slack-Request-Timestamp"] = stamp
        headers["X-Slack-Signature"] = f"v0={digest}"
    return headers


# --- Facebook Messenger -----------------------------------------------------------


def messenger_message(psid: str, text: str, *, page_id: str = "100200300") -> dict[str, Any]:
    return _messenger_entry(psid, page_id, {"message": {"mid": f"m_{next_id()}", "text": text}})


def messenger_attachment(
    psid: str, kind: str, url: str, *, page_id: str = "100200300", sticker_id: int | None = None
) -> dict[str, Any]:
    """A message with one attachment (`image`, `video`, ...), without text as Messenger sends it."""
    payload: dict[str, Any] = {"url": url}
    if sticker_id is not None:
        payload["sticker_id"] = sticker_id
    message = {"mid": f"m_{next_id()}", "attachments": [{"type": kind, "payload": payload}]}
    return _messenger_entry(psid, page_id, {"message": message})


def messenger_quick_reply(
    psid: str, title: str, payload: str, *, page_id: str = "100200300"
) -> dict[str, Any]:
    message = {"mid": f"m_{next_id()}", "text": title, "quick_reply": {"payload": payload}}
    return _messenger_entry(psid, page_id, {"message": message})


def messenger_postback(psid: str, title: str, payload: str, *, page_id: str = "100200300") -> dict[str, Any]:
    postback = {"mid": f"m_{next_id()}", "title": title, "payload": payload}
    return _messenger_entry(psid, page_id, {"postback": postback})


def _messenger_entry(psid: str, page_id: str, event: dict[str, Any]) -> dict[str, Any]:
    now = int(time.time() * 1000)
    messaging = {"sender": {"id": psid}, "recipient": {"id": page_id}, "timestamp": now, **event}
    return {"object": "page", "entry": [{"id": page_id, "time": now, "messaging": [messaging]}]}


def facebook_headers(app_secret: str | None, body: bytes) -> dict[str, str]:
    headers = {"Content-Type": "application/json"}
    if app_secret is not None:
        digest = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
        headers["X-Hub-Signature-256"] = f"sha256={digest}"
    return headers


# --- Twilio -----------------------------------------------------------------------


def twilio_message(
    account_sid: str, sender: str, to: str, body: str, *, media: Sequence[tuple[str, str]] = ()
) -> dict[str, str]:
    """The form fields Twilio posts for an incoming SMS or WhatsApp message.

    `media` are (MediaUrl, MediaContentType) pairs: an MMS or a WhatsApp picture.
    """
    sid = f"{'MM' if media else 'SM'}{next_id():032x}"
    fields = {
        "ToCountry": "US",
        "ToState": "CA",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ToCity": "",
        "FromZip": "",
        "SmsSid": sid,
        "FromState": "",
        "SmsStatus": "received",
        "FromCity": "",
        "Body": body,
        "FromCountry": "US",
        "To": to,
        "ToZip": "",
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": account_sid,
        "From": sender,
        "ApiVersion": "2010-04-01",
    }
    if sender.startswith("whatsapp:"):
        fields.update(
            {
                "ProfileName": "Dana",
                "WaId": sender.removeprefix("whatsapp:+"),
                "MessageType": "image" if media else "text",
            }
        )
    fields["NumMedia"] = str(len(media))
    for index, (url, content_type) in enumerate(media):
        fields[f"MediaUrl{index}"] = url
        fields[f"MediaContentType{index}"] = content_type
    return fields


def twilio_media_path(account_sid: str, message_sid: str, media_sid: str = "ME" + "0" * 32) -> str:
    """Where Twilio keeps a message's media: /2010-04-01/Accounts/<sid>/Messages/<sid>/Media/<sid>."""
    return f"/2010-04-01/Accounts/{account_sid}/Messages/{message_sid}/Media/{media_sid}"


def twilio_headers(auth_token: str | None, url: str, fields: dict[str, str]) -> dict[str, str]:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if auth_token is not None:
        headers["X-Twilio-Signature"] = RequestValidator(auth_token).compute_signature(url, fields)
    return headers
