"""The support leads' transcript review (`/review`): list, transcript, marks, flags, exports.

Leads and admins only. Everything a customer typed reaches the page through
autoescaped templates; personal data is masked unless a lead reveals one
conversation (a logged POST).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from typing import Any

from aiohttp import web
from sqlalchemy.orm import Session
from yarl import URL

from bot.review import charts, marks, views
from bot.review.dashboard import build_dashboard
from bot.review.export import ExportFormat, export_conversations
from bot.review.filters import ReviewFilters, filter_choices, list_conversations
from bot.review.marks import ReviewError
from bot.review.summaries import conversation_key, refresh_summaries
from bot.review.training import domain_intents
from bot.review.transcript import conversation_story, find_conversation_id, load_conversation
from bot.web.auth import require_role
from bot.web.common import render, run_db
from bot.web.users import Role

logger = logging.getLogger(__name__)

LEADS = (Role.LEAD, Role.ADMIN)
NOTICES: dict[str, tuple[str, str]] = {
    "saved": ("ok", "Saved."),
    "flagged": ("ok", "The message is flagged; it is in the training data export."),
    "unflagged": ("ok", "The flag is removed."),
    "reveal_expired": ("warn", "Reveal the personal data again to see it: the last reveal has expired."),
}


def add_routes(app: web.Application) -> None:
    router = app.router
    router.add_get("/review", review_page, name="review")
    router.add_get("/review/export.csv", export_csv, name="review_export_csv")
    router.add_get("/review/export.jsonl", export_jsonl, name="review_export_jsonl")
    router.add_get("/review/dashboard", dashboard_page, name="review_dashboard")
    router.add_get("/review/flags", flags_page, name="review_flags")
    router.add_get("/review/flags.yml", flags_yaml, name="review_flags_yaml")
    router.add_post("/review/flags/{flag_id:\\d+}/delete", delete_flag)
    router.add_get("/review/reveals", reveals_page, name="review_reveals")
    router.add_get("/review/conversations/{ref}", conversation_page, name="review_conversation")
    router.add_get("/review/conversations/{ref}/story.yml", story_yaml)
    router.add_post("/review/conversations/{ref}/marks", save_marks)
    router.add_post("/review/conversations/{ref}/flags", flag_message)
    router.add_post("/review/conversations/{ref}/reveal", reveal)


def _href(path: str, pairs: list[tuple[str, str]]) -> str:
    return str(URL(path).with_query(pairs)) if pairs else path


async def _refresh(request: web.Request) -> None:
    """Fold new tracker events into the summaries; a busy database only makes the list stale."""
    try:
        await run_db(request.app, lambda s: refresh_summaries(session=s, wait=False))
    except Exception:  # noqa: BLE001 - the list is still useful a moment out of date
        logger.warning("review summaries could not be refreshed", exc_info=True)


# --- the list -------------------------------------------------------------------------


@require_role(*LEADS)
async def review_page(request: web.Request) -> web.StreamResponse:
    filters = ReviewFilters.from_query(request.query)
    await _refresh(request)

    def load(session: Session) -> tuple[Any, dict[str, list[str]]]:
        return list_conversations(session=session, filters=filters), filter_choices(session=session)

    page, choices = await run_db(request.app, load)
    rows = views.conversation_rows(page)
    base = filters.to_query(page=1)
    return render(
        request,
        "review/list.html",
        title="Transcript review",
        rows=rows,
        total=page.total,
        page=page.page,
        pages=page.pages,
        **views.filter_form(filters, choices),
        prev_href=_href("/review", filters.to_query(page=page.page - 1)) if page.page > 1 else "",
        next_href=_href("/review", filters.to_query(page=page.page + 1)) if page.page < page.pages else "",
        csv_href=_href("/review/export.csv", base),
        jsonl_href=_href("/review/export.jsonl", base),
        dashboard_href=_href("/review/dashboard", base),
        section="list",
    )


async def _export(request: web.Request, fmt: ExportFormat) -> web.StreamResponse:
    filters = ReviewFilters.from_query(request.query)
    await _refresh(request)

    def write(session: Session) -> str:
        out = io.StringIO(newline="")
        export_conversations(session=session, filters=filters, fmt=fmt, out=out, refresh=False)
        return out.getvalue()

    body = await run_db(request.app, write)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M")
    content_type = "text/csv" if fmt is ExportFormat.CSV else "application/x-ndjson"
    return web.Response(
        text=body,
        content_type=content_type,
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="conversations-{stamp}.{fmt.value}"'},
    )


@require_role(*LEADS)
async def export_csv(request: web.Request) -> web.StreamResponse:
    return await _export(request, ExportFormat.CSV)


@require_role(*LEADS)
async def export_jsonl(request: web.Request) -> web.StreamResponse:
    return await _export(request, ExportFormat.JSONL)


# --- one conversation -------------------------------------------------------------------


async def _conversation_id(request: web.Request) -> str:
    ref = request.match_info["ref"][:255]
    found = await run_db(request.app, lambda s: find_conversation_id(session=s, ref=ref))
    if found is None:  # a link to a conversation the summaries have not caught up with
        await _refresh(request)
        found = await run_db(request.app, lambda s: find_conversation_id(session=s, ref=ref))
    if found is None:
        raise web.HTTPNotFound(text="No such conversation.")
    return found


async def _conversation_response(
    request: web.Request,
    conversation_id: str,
    *,
    reveal_requested: bool = False,
    status: int = 200,
    error: str | None = None,
    form: dict[str, str] | None = None,
) -> web.Response:
    user = request["user"]

    def load(session: Session) -> tuple[Any, Any]:
        active = (
            marks.active_reveal(session=session, conversation_id=conversation_id, user=user)
            if reveal_requested
            else None
        )
        detail = load_conversation(
            session=session, conversation_id=conversation_id, reveal=active is not None
        )
        return detail, active

    detail, active = await run_db(request.app, load)
    notice = NOTICES.get(request.query.get("notice", ""))
    if reveal_requested and active is None:
        notice = NOTICES["reveal_expired"]
    summary = detail.summary
    return render(
        request,
        "review/conversation.html",
        status=status,
        title="Conversation",
        c=detail,
        summary=summary,
        started=views.when(summary.first_event_at) if summary else "",
        last=views.when(summary.last_event_at) if summary else "",
        notice=notice,
        error=error,
        form=form or {},
        intents=domain_intents(),
        revealed_until=(active.revealed_at + marks.REVEAL_FOR).strftime("%H:%M UTC") if active else "",
        section="list",
    )


@require_role(*LEADS)
async def conversation_page(request: web.Request) -> web.StreamResponse:
    conversation_id = await _conversation_id(request)
    return await _conversation_response(
        request, conversation_id, reveal_requested=request.query.get("show") == "personal"
    )


@require_role(*LEADS)
async def story_yaml(request: web.Request) -> web.StreamResponse:
    conversation_id = await _conversation_id(request)
    text = await run_db(request.app, lambda s: conversation_story(session=s, conversation_id=conversation_id))
    return _yaml_download(text, f"story-{conversation_key(conversation_id)}.yml")


def _yaml_download(text: str, filename: str) -> web.Response:
    return web.Response(
        text=text,
        content_type="application/x-yaml",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _back(key: str, notice: str, anchor: str = "") -> web.HTTPSeeOther:
    location = str(URL(f"/review/conversations/{key}").with_query(notice=notice))
    return web.HTTPSeeOther(location=location + (f"#{anchor}" if anchor else ""))


@require_role(*LEADS)
async def save_marks(request: web.Request) -> web.StreamResponse:
    conversation_id = await _conversation_id(request)
    form = await request.post()
    user = request["user"]
    raw_tags = str(form.get("tags") or "")[:2000]
    notes = str(form.get("notes") or "")
    reviewed = form.get("reviewed") == "yes"

    def save(session: Session) -> None:
        marks.save_marks(
            session=session,
            conversation_id=conversation_id,
            user=user,
            reviewed=reviewed,
            tags=marks.parse_tags(raw_tags),
            notes=notes,
        )

    try:
        await run_db(request.app, save)
    except ReviewError as problem:
        return await _conversation_response(
            request,
            conversation_id,
            status=400,
            error=str(problem),
            form={"tags": raw_tags, "notes": notes[:5000]},
        )
    raise _back(conversation_key(conversation_id), "saved", "marks")


@require_role(*LEADS)
async def flag_message(request: web.Request) -> web.StreamResponse:
    conversation_id = await _conversation_id(request)
    form = await request.post()
    user = request["user"]
    try:
        event_id = int(str(form.get("event_id") or ""))
    except ValueError:
        raise web.HTTPBadRequest(text="Which message? The form is missing event_id.") from None
    intent = str(form.get("intent") or "")[:200]
    example = str(form.get("example") or "")[:2000]

    def flag(session: Session) -> Any:
        flagged = marks.flag_message(
            session=session, event_id=event_id, intent=intent, example=example, user=user
        )
        if flagged.conversation_id != conversation_id:
            raise ReviewError("that message belongs to another conversation")
        return flagged

    try:
        await run_db(request.app, flag)
    except ReviewError as problem:
        return await _conversation_response(
            request,
            conversation_id,
            status=400,
            error=f"The message was not flagged: {problem}.",
            form={"event_id": str(event_id), "intent": intent, "example": example},
        )
    raise _back(conversation_key(conversation_id), "flagged", f"event-{event_id}")


@require_role(*LEADS)
async def reveal(request: web.Request) -> web.StreamResponse:
    conversation_id = await _conversation_id(request)
    user = request["user"]
    await run_db(
        request.app, lambda s: marks.log_reveal(session=s, conversation_id=conversation_id, user=user)
    )
    location = URL(f"/review/conversations/{conversation_key(conversation_id)}").with_query(show="personal")
    raise web.HTTPSeeOther(location=str(location))


# --- flags, dashboard, reveal log ------------------------------------------------------------


@require_role(*LEADS)
async def flags_page(request: web.Request) -> web.StreamResponse:
    found = await run_db(request.app, lambda s: marks.list_flags(session=s))
    flags = views.flag_rows(found)
    return render(
        request,
        "review/flags.html",
        title="Flagged messages",
        flags=flags,
        notice=NOTICES.get(request.query.get("notice", "")),
        section="flags",
    )


@require_role(*LEADS)
async def flags_yaml(request: web.Request) -> web.StreamResponse:
    text = await run_db(request.app, lambda s: marks.flags_as_nlu_yaml(session=s))
    return _yaml_download(text, "nlu-review.yml")


@require_role(*LEADS)
async def delete_flag(request: web.Request) -> web.StreamResponse:
    flag_id = int(request.match_info["flag_id"])
    removed = await run_db(request.app, lambda s: marks.remove_flag(session=s, flag_id=flag_id))
    if removed is None:
        raise web.HTTPNotFound(text="No such flag.")
    raise web.HTTPSeeOther(location="/review/flags?notice=unflagged")


@require_role(*LEADS)
async def dashboard_page(request: web.Request) -> web.StreamResponse:
    filters = ReviewFilters.from_query(request.query)
    await _refresh(request)

    def load(session: Session) -> tuple[Any, dict[str, list[str]]]:
        return build_dashboard(session=session, filters=filters), filter_choices(session=session)

    board, choices = await run_db(request.app, load)
    # Days without conversations have no share: they are left out, not drawn as 0 %.
    shares = [(day, 100.0 * w / n) for day, n, w in board.per_day if n]
    return render(
        request,
        "review/dashboard.html",
        title="Review dashboard",
        **views.filter_form(filters, choices),
        board=board,
        share=f"{board.share_without_human:.0f}",
        per_day_chart=charts.column_chart(
            [(d, n) for d, n, _ in board.per_day], title="Conversations per day"
        ),
        share_chart=charts.line_chart(
            shares, title="Share of conversations that ended without a human, per day"
        ),
        escalation_chart=charts.bar_chart(board.escalations, title="Escalations to a human, by reason"),
        verdict_chart=charts.bar_chart(board.verdicts, title="Conversations by last verdict"),
        ticket_chart=charts.stacked_bar_chart(
            board.tickets, series=board.remedies, title="Return tickets by model and remedy"
        ),
        list_href=_href("/review", filters.to_query(page=1)),
        section="dashboard",
    )


@require_role(Role.ADMIN)
async def reveals_page(request: web.Request) -> web.StreamResponse:
    found = await run_db(request.app, lambda s: marks.reveal_log(session=s))
    entries = views.reveal_rows(found)
    return render(
        request, "review/reveals.html", title="Personal data reveals", entries=entries, section="reveals"
    )
