"""Outgoing alerts for urgent handoffs (`ALERT_WEBHOOK_URL`, e.g. a Slack incoming webhook).

Whether a handoff gets its own alert is decided in bot.escalation.escalate (the flood caps).
"""

from __future__ import annotations

import enum
import json
import logging
import urllib.error
import urllib.request

from bot.core.models import Handoff, utcnow
from bot.review.masking import mask_identifier

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 5


class AlertStatus(str, enum.Enum):
    """A handoff's `alert_status`."""

    NOT_CONFIGURED = "not_configured"  # no ALERT_WEBHOOK_URL
    NOT_NEEDED = "not_needed"  # not urgent
    SENT = "sent"
    FAILED = "failed"  # retried by the console's background worker
    HELD = "held"  # over a flood cap: in the queue, waiting for the next summary alert
    SUMMARISED = "summarised"  # counted in a summary alert


NOT_RECORDED = (
    "NOT YET IN THE AGENTS' QUEUE: the database could not be reached; "
    "open the conversation in the console or the tracker store"
)


def alert_payload(handoff: Handoff, console_url: str, *, recorded: bool = True, note: str = "") -> dict:
    """A Slack-compatible body (`text`) that also carries the handoff's fields.

    `recorded=False`: the handoff could not be written (database down); the alert says so.
    `note` is added to the text.
    """
    unit = handoff.model_number or "unknown model"
    flags = [w for w, on in (("injury", handoff.injury_mentioned), ("damage", handoff.damage_mentioned)) if on]
    text = (
        f":rotating_light: URGENT {handoff.reason} report, conversation {mask_identifier(handoff.conversation_id)} "
        f"({handoff.channel}, {unit}{', ' + ' and '.join(flags) + ' mentioned' if flags else ''}). "
        + (f"Claim it: {console_url.rstrip('/')}/agent" if recorded else f"{NOT_RECORDED}.")
        + (f" {note}" if note else "")
    )
    return {
        "text": text,
        "recorded": recorded,
        "handoff": {
            "id": handoff.id,
            "conversation_id": mask_identifier(handoff.conversation_id),  # no phone numbers leave us
            "reason": handoff.reason,
            "priority": handoff.priority,
            "channel": handoff.channel,
            "model_number": handoff.model_number,
            "injury_mentioned": handoff.injury_mentioned,
            "damage_mentioned": handoff.damage_mentioned,
            "created_at": (handoff.created_at or utcnow()).isoformat() + "Z",
        },
    }


def post_alert(url: str, payload: dict) -> None:
    """POST the payload as JSON.

    Raises:
        OSError: when the webhook cannot be reached or answers with an error.
    """
    if not url.startswith(("http://", "https://")):
        raise OSError(f"alert webhook URL must be http(s): {url[:40]!r}")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        if response.status >= 300:
            raise OSError(f"alert webhook answered {response.status}")


def send_handoff_alert(
    handoff: Handoff, *, webhook_url: str | None, console_url: str, recorded: bool = True, note: str = ""
) -> AlertStatus:
    """Alert for an urgent handoff; returns the new `alert_status` (never raises)."""
    if not webhook_url or handoff.priority != "urgent":
        return AlertStatus.NOT_CONFIGURED if not webhook_url else AlertStatus.NOT_NEEDED
    try:
        post_alert(webhook_url, alert_payload(handoff, console_url, recorded=recorded, note=note))
    except (OSError, urllib.error.URLError, ValueError) as error:
        logger.warning("alert webhook failed for handoff %s: %s", handoff.id, error)
        return AlertStatus.FAILED
    return AlertStatus.SENT


def summary_payload(*, held: int, minutes: int, origins: int, console_url: str) -> dict:
    """One alert for the fire reports held by the flood caps (each one is in the queue)."""
    text = (
        f":rotating_light: {held} more fire report{'s' if held != 1 else ''} held in the last {minutes} "
        f"minute{'s' if minutes != 1 else ''}, from {origins} origin{'s' if origins != 1 else ''}; "
        f"open the console: {console_url.rstrip('/')}/agent"
    )
    return {"text": text, "summary": {"held": held, "minutes": minutes, "origins": origins}}


def send_summary_alert(payload: dict, *, webhook_url: str | None) -> AlertStatus:
    """Post a summary alert; returns SENT or FAILED (never raises)."""
    if not webhook_url:
        return AlertStatus.NOT_CONFIGURED
    try:
        post_alert(webhook_url, payload)
    except (OSError, urllib.error.URLError, ValueError) as error:
        logger.warning("summary alert failed: %s", error)
        return AlertStatus.FAILED
    return AlertStatus.SENT
