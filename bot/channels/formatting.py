"""Message shaping shared by the channels: length limits and buttons as numbered text."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

# Best boundaries first. Each entry: separator, and how many of its characters stay
# with the first part (the full stop of ". " stays, the blanks do not).
_BOUNDARIES = (("\n\n", 0), ("\n", 0), (". ", 1), ("! ", 1), ("? ", 1), ("; ", 1), (" ", 0))
_CHOICE = re.compile(r"^\s*#?\s*(\d{1,2})\s*[.)]?\s*$")

Button = Mapping[str, Any]


def split_text(text: str, limit: int) -> list[str]:
    """Split a text into parts of at most `limit` characters.

    Cuts at a paragraph break if one falls in the second half of the allowed length,
    else at a line break, a sentence end or a space; a single word longer than the
    limit is cut hard.

    Args:
        text: the message text.
        limit: the channel's maximum message length, in characters.

    Returns:
        The parts in order, stripped; empty for a blank text.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    rest = text.strip()
    parts: list[str] = []
    while len(rest) > limit:
        cut = _cut_point(rest, limit)
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return parts


def _cut_point(text: str, limit: int) -> int:
    for separator, kept in _BOUNDARIES:
        # the part is text[:index + kept], which must fit in the limit
        index = text.rfind(separator, 0, limit - kept + len(separator))
        if index > 0 and index + kept >= limit // 2:
            return index + kept
    index = text.rfind(" ", 0, limit + 1)
    return index if index > 0 else limit


def button_title(button: Button) -> str:
    """The text shown for a button."""
    return str(button.get("title") or button.get("payload") or "").strip()


def button_payload(button: Button) -> str:
    """What a press of the button sends to the bot (its payload, else its title)."""
    return str(button.get("payload") or button.get("title") or "")


def numbered_choices(text: str, buttons: Sequence[Button]) -> str:
    """A message text followed by its buttons as numbered choices.

    For channels without buttons (SMS, WhatsApp) or titles too long for the
    channel's buttons. `choice_for_reply` maps a reply back to the payload.
    """
    from bot.i18n.detect import language_of
    from bot.i18n.texts import text as say

    lines = [f"{number}. {button_title(button)}" for number, button in enumerate(buttons, 1)]
    # In the bot's own language: its sentence is long enough to tell.
    choices = say(language_of(text), "reply_with_number") + "\n" + "\n".join(lines)
    text = text.strip()
    return f"{text}\n\n{choices}" if text else choices


def choice_for_reply(reply: str, buttons: Sequence[Button]) -> str | None:
    """The payload of the button a reply picks, by number ("2", "2.", "#2") or title.

    Returns:
        The button's payload, or None when the reply picks no offered button.
    """
    match = _CHOICE.match(reply)
    if match:
        number = int(match.group(1))
        if 1 <= number <= len(buttons):
            return button_payload(buttons[number - 1])
        return None
    wanted = reply.strip().casefold()
    for button in buttons:
        if wanted and button_title(button).casefold() == wanted:
            return button_payload(button)
    return None


def shorten(text: str, limit: int) -> str:
    """The text cut to `limit` characters, with an ellipsis when it was cut."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
