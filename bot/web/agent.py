"""The agents' console: the live queue, one conversation, claim, reply, hand back, close.

Each handoff shows the customer's language (bot.review.languages): in the queue from the
review's summaries, on the handoff page from the tracker. An agent's reply goes out
exactly as written, in whatever language the agent writes it; only the console's own
hand-back message is sent in the customer's language.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from sqlalchemy.orm import Session
from yarl import URL

from bot.core.models import ConsoleUser, Handoff, TranscriptView, utcnow
from bot.escalation import handoffs
from bot.escalation.handoffs import HandoffError, HandoffStatus, Priority, Reason
from bot.i18n import DEFAULT, SUPPORTED, or_default
from bot.i18n.texts import text
from bot.review.languages import language_choices, language_of_tracker, language_view, summary_languages
from bot.review.masking import masker_for
from bot.web.auth import ALL_ROLES, require_role
from bot.web.common import json_error, read_json_object, render, run_db
from bot.web.keys import RASA, SETTINGS
from bot.web.rasa_api import RasaApiError, transcript
from bot.web.security import wants_json
from bot.web.users import Role

# Said to the customer, in their conversation's language, when an agent hands back.
BACK_TO_BOT_KEY = "back_to_bot"  # bot/i18n/catalogue/<language>.yml
SUPERVISORS = {Role.LEAD.value, Role.ADMIN.value}

# Outcome messages shown after a form post (?notice=code): never text from the URL.
NOTICES: dict[str, tuple[str, str]] = {
    "claimed": ("ok", "You have this conversation; the bot is paused. Reply below."),
    "claimed_not_paused": (
        "warn",
        "You have this conversation, but the Rasa server could not be told to pause the "
        "bot. It may still answer on its own.",
    ),
    "not_waiting": ("error", "This handoff is no longer waiting: someone claimed or ended it."),
    "not_yours": ("error", "Claim the conversation before you reply or end it."),
    "rasa_down": ("error", "The Rasa server cannot be reached right now: nothing was sent. Try again."),
    "empty_reply": ("error", "Write a message first."),
    "too_long": ("error", "That message is too long."),
    "needs_outcome": (
        "error",
        "For a fire report, answer both questions: was anyone injured, and was property damaged?",
    ),
    "needs_note": ("error", "Write a short outcome note to close the conversation."),
    "sent": ("ok", "Sent."),
    "handed_back": ("ok", "The conversation is back with the virtual assistant."),
    "closed": ("ok", "Closed. The customer is back with the virtual assistant."),
    "ended": ("error", "This handoff has already ended."),
}


class ConsoleActionError(Exception):
    """An agent's action that cannot be done; `code` names the notice to show."""

    def __init__(self, code: str, status: int = 409) -> None:
        super().__init__(NOTICES[code][1])
        self.code = code
        self.status = status


def add_routes(app: web.Application) -> None:
    app.router.add_get("/agent", queue_page, name="agent")
    app.router.add_get("/agent/queue.json", queue_json, name="agent_queue")
    app.router.add_get("/agent/handoffs/{id:\\d+}", handoff_page, name="agent_handoff")
    app.router.add_get("/agent/handoffs/{id:\\d+}/transcript.json", transcript_json)
    app.router.add_post("/agent/handoffs/{id:\\d+}/claim", claim)
    app.router.add_post("/agent/handoffs/{id:\\d+}/reply", reply)
    app.router.add_post("/agent/handoffs/{id:\\d+}/finish", finish)


def handoff_view(handoff: Handoff, user: ConsoleUser, language: str | None = None) -> dict[str, Any]:
    """What the console shows about a handoff (JSON-ready); `language` None when not known yet."""
    return {
        "id": handoff.id,
        "conversation_id": handoff.conversation_id,
        "reason": handoff.reason,
        "priority": handoff.priority,
        "status": handoff.status,
        "channel": handoff.channel,
        "model_number": handoff.model_number,
        "manufacture_date": handoff.manufacture_date,
        "recall_status": handoff.recall_status,
        "injury": bool(handoff.injury_mentioned),
        "damage": bool(handoff.damage_mentioned),
        "customer_message": (handoff.customer_message or "")[:300],
        "agent": handoff.agent_username,
        "mine": handoff.agent_username == user.username,
        "may_act": _may_act(handoff, user),
        "waiting_seconds": max(handoffs.waiting_seconds(handoff, utcnow()), 0),
        "created_at": handoff.created_at.isoformat() + "Z",
        "alert_status": handoff.alert_status,
        "language": language_view(language) if language else None,
    }


def _may_act(handoff: Handoff, user: ConsoleUser) -> bool:
    """Reply and end: the agent who claimed it, or a lead/admin taking over."""
    return handoff.status == HandoffStatus.ACTIVE.value and (
        handoff.agent_username == user.username or user.role in SUPERVISORS
    )


def _handoff_id(request: web.Request) -> int:
    return int(request.match_info["id"])


async def _load(request: web.Request) -> Handoff:
    handoff_id = _handoff_id(request)

    def load(session: Session) -> Handoff | None:
        return session.get(Handoff, handoff_id)

    handoff = await run_db(request.app, load)
    if handoff is None:
        if wants_json(request):
            raise json_error(404, f"no handoff {handoff_id}")
        raise web.HTTPNotFound(text=f"No handoff {handoff_id}.")
    return handoff


def _notice(request: web.Request) -> tuple[str, str] | None:
    return NOTICES.get(request.query.get("notice", ""))


def _language_asked(request: web.Request) -> str | None:
    language = request.query.get("language", "").strip().lower()
    return language if language in SUPPORTED else None


async def _queue_items(request: web.Request) -> list[dict[str, Any]]:
    """The open handoffs as the queue shows them, in the language asked for (`?language=fr`).

    Urgent handoffs are listed whatever the language: a filter never hides a fire report.
    """
    user = request["user"]
    wanted = _language_asked(request)

    def load(session: Session) -> list[dict[str, Any]]:
        waiting = handoffs.queue(session=session)
        languages = summary_languages(session=session, conversation_ids=[h.conversation_id for h in waiting])
        return [handoff_view(h, user, languages.get(h.conversation_id)) for h in waiting]

    items = await run_db(request.app, load)
    if wanted is None:
        return items
    return [
        h
        for h in items
        if h["priority"] == Priority.URGENT.value or (h["language"] and h["language"]["code"] == wanted)
    ]


@require_role(*ALL_ROLES)
async def queue_page(request: web.Request) -> web.StreamResponse:
    return render(
        request,
        "agent_queue.html",
        title="Handoff queue",
        items=await _queue_items(request),
        languages=language_choices(),
        language=_language_asked(request),
        notice=_notice(request),
    )


@require_role(*ALL_ROLES)
async def queue_json(request: web.Request) -> web.StreamResponse:
    return web.json_response({"handoffs": await _queue_items(request)})


def _may_read(handoff: Handoff, user: ConsoleUser) -> bool:
    """Agents read the open queue and their own handoffs; leads and admins read all."""
    return (
        user.role in SUPERVISORS
        or handoff.status == HandoffStatus.WAITING.value
        or handoff.agent_username == user.username
    )


def _masked_for(handoff: Handoff, user: ConsoleUser) -> bool:
    """An agent's own handoff, once ended, shows no personal data (as in review)."""
    return user.role not in SUPERVISORS and handoff.status not in (
        HandoffStatus.WAITING.value,
        HandoffStatus.ACTIVE.value,
    )


async def _transcript(request: web.Request, handoff: Handoff) -> tuple[list[dict], str | None, str | None]:
    """The transcript this user may see, an error to show, and the conversation's language.

    The viewing is written to the access log.

    Raises:
        HTTPForbidden: an agent asking for another agent's handoff.
    """
    user = request["user"]
    if not _may_read(handoff, user):
        if wants_json(request):
            raise json_error(403, "this handoff is another agent's")
        raise web.HTTPForbidden(text="This handoff is another agent's.")
    masked = _masked_for(handoff, user)
    await run_db(request.app, lambda s: _log_view(s, handoff, user, masked=masked))
    try:
        tracker = await request.app[RASA].get_tracker(handoff.conversation_id)
    except RasaApiError as error:
        return [], f"The transcript cannot be loaded: {error}", None
    messages = transcript(tracker)
    if masked:
        masker = masker_for(
            (e.get("name"), e.get("value")) for e in tracker.get("events") or [] if e.get("event") == "slot"
        )
        messages = [{**m, "text": masker.text(m.get("text"))} for m in messages]
    return messages, None, or_default(language_of_tracker(tracker))


def _log_view(session: Session, handoff: Handoff, user: ConsoleUser, *, masked: bool) -> None:
    session.add(
        TranscriptView(
            handoff_id=handoff.id,
            conversation_id=handoff.conversation_id,
            username=user.username,
            role=user.role,
            masked=masked,
        )
    )


@require_role(*ALL_ROLES)
async def handoff_page(request: web.Request) -> web.StreamResponse:
    user = request["user"]
    handoff = await _load(request)
    messages, error, language = await _transcript(request, handoff)
    return render(
        request,
        "agent_handoff.html",
        title=f"Handoff {handoff.id}",
        handoff=handoff_view(handoff, user, language),
        messages=messages,
        transcript_error=error,
        notice=_notice(request),
        max_chars=request.app[SETTINGS].max_message_chars,
        is_fire=handoff.reason == Reason.FIRE.value,
    )


@require_role(*ALL_ROLES)
async def transcript_json(request: web.Request) -> web.StreamResponse:
    user = request["user"]
    handoff = await _load(request)
    messages, error, language = await _transcript(request, handoff)
    body: dict[str, Any] = {"handoff": handoff_view(handoff, user, language), "messages": messages}
    if error:
        body["error"] = error
    return web.json_response(body)


async def _fields(request: web.Request) -> dict[str, str]:
    """Form fields or a JSON object's string values."""
    if request.content_type == "application/json":
        body = await read_json_object(request)
        return {k: v if isinstance(v, str) else ("" if v is None else str(v)) for k, v in body.items()}
    form = await request.post()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _done(request: web.Request, code: str, *, to: str, status: int = 200) -> web.StreamResponse:
    """Answer a console action: JSON for scripts, a redirect with a notice for forms."""
    kind, message = NOTICES[code]
    if wants_json(request):
        if kind == "error":
            raise json_error(status if status >= 400 else 409, message)
        return web.json_response({"ok": True, "notice": code, "message": message})
    raise web.HTTPSeeOther(location=str(URL(to).with_query(notice=code)))


def _page(handoff_id: int) -> str:
    return f"/agent/handoffs/{handoff_id}"


@require_role(*ALL_ROLES)
async def claim(request: web.Request) -> web.StreamResponse:
    user = request["user"]
    handoff_id = _handoff_id(request)
    await _load(request)

    def take(session: Session) -> Handoff:
        return handoffs.claim(session=session, handoff_id=handoff_id, agent=user.username)

    try:
        handoff = await run_db(request.app, take)
    except HandoffError:
        return _done(request, "not_waiting", to=_page(handoff_id), status=409)
    # Claimed first, then paused: pausing a conversation whose handoff could not be
    # claimed (say, one just closed) would leave the customer talking to nobody.
    try:
        await request.app[RASA].pause(handoff.conversation_id)
    except RasaApiError:
        return _done(request, "claimed_not_paused", to=_page(handoff_id))
    return _done(request, "claimed", to=_page(handoff_id))


@require_role(*ALL_ROLES)
async def reply(request: web.Request) -> web.StreamResponse:
    user = request["user"]
    handoff = await _load(request)
    fields = await _fields(request)
    text = fields.get("text", "").strip()
    page = _page(handoff.id)
    if not _may_act(handoff, user):
        return _done(request, "not_yours", to=page, status=409)
    if not text:
        return _done(request, "empty_reply", to=page, status=400)
    if len(text) > request.app[SETTINGS].max_message_chars:
        return _done(request, "too_long", to=page, status=400)
    try:
        await request.app[RASA].send_agent_message(
            handoff.conversation_id, text, user.username, channel=handoff.channel
        )
    except RasaApiError:
        return _done(request, "rasa_down", to=page, status=502)
    return _done(request, "sent", to=page)


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get((value or "").strip().lower())


@require_role(*ALL_ROLES)
async def finish(request: web.Request) -> web.StreamResponse:
    """Hand back to the bot, or close with an outcome; both resume the bot."""
    user = request["user"]
    handoff = await _load(request)
    fields = await _fields(request)
    page = _page(handoff.id)
    hand_back = fields.get("action") != "close"
    note = fields.get("note", "").strip()
    injury = _yes_no(fields.get("injury"))
    damage = _yes_no(fields.get("damage"))
    if handoff.status not in handoffs.OPEN_STATUSES:
        return _done(request, "ended", to=page, status=409)
    if not _may_act(handoff, user):
        return _done(request, "not_yours", to=page, status=409)
    if handoff.reason == Reason.FIRE.value and (injury is None or damage is None):
        return _done(request, "needs_outcome", to=page, status=400)
    if not hand_back and not note:
        return _done(request, "needs_note", to=page, status=400)
    rasa = request.app[RASA]
    try:
        language = or_default(language_of_tracker(await rasa.get_tracker(handoff.conversation_id)))
    except RasaApiError:
        language = DEFAULT  # the sends below fail too and say so; English if only this read failed
    try:
        # The customer is told first, then the bot resumes: never left talking to nobody.
        await rasa.send_bot_message(
            handoff.conversation_id,
            text(language, BACK_TO_BOT_KEY),
            metadata={"handed_back_by": user.username},
            channel=handoff.channel,
        )
        await rasa.hand_back(handoff.conversation_id)
    except RasaApiError:
        return _done(request, "rasa_down", to=page, status=502)

    def end(session: Session) -> Handoff:
        return handoffs.finish(
            session=session,
            handoff_id=handoff.id,
            agent=user.username,
            hand_back=hand_back,
            note=note,
            injury=injury,
            damage=damage,
        )

    try:
        await run_db(request.app, end)
    except HandoffError:
        return _done(request, "ended", to=page, status=409)
    return _done(request, "handed_back" if hand_back else "closed", to="/agent")
