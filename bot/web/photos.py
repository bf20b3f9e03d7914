"""Customers' photos for the console: `GET /photos/{id}`, signed-in agents and leads only.

Served as a download (`Content-Disposition: attachment`, `X-Content-Type-Options: nosniff`,
no caching), and only ever the bytes bot.photos stored after re-encoding, never what the
customer sent. Every fetch is written to `photo_views`, as reveals are to `review_reveals`.
Leads and admins see every photo; an agent sees the photos of a conversation whose handoff
is waiting or is theirs and still open (as for transcripts, bot.web.agent).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re

from aiohttp import web
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.core.models import ConsoleUser, Handoff, Photo, PhotoView, utcnow
from bot.photos.records import get_photo
from bot.photos.storage import PhotoStoreError, store_for
from bot.web.auth import ALL_ROLES, require_role
from bot.web.common import run_db
from bot.web.keys import SETTINGS
from bot.web.users import Role

SUPERVISORS = {Role.LEAD.value, Role.ADMIN.value}
_PUBLIC_ID = re.compile(r"[A-Za-z0-9_-]{10,32}")
_SUFFIX = {"image/jpeg": "jpg", "image/png": "png"}
VIEW_WINDOW = dt.timedelta(minutes=10)  # as long as a lead's reveal lasts (bot.review.marks.REVEAL_FOR)


def add_routes(app: web.Application) -> None:
    app.router.add_get("/photos/{public_id}", download, name="photo")


def may_see(session: Session, photo: Photo, user: ConsoleUser) -> bool:
    """Leads and admins: every photo; agents: a waiting handoff's, or their own open one's."""
    if user.role in SUPERVISORS:
        return True
    found = session.execute(
        select(Handoff.id)
        .where(
            Handoff.conversation_id == photo.conversation_id,
            or_(
                Handoff.status == "waiting",
                (Handoff.status == "active") & (Handoff.agent_username == user.username),
            ),
        )
        .limit(1)
    ).first()
    return found is not None


def log_view(session: Session, photo: Photo, user: ConsoleUser, now: dt.datetime | None = None) -> None:
    """Write the view to `photo_views`, once per user and photo in each reveal window (10 minutes).

    The agents' page re-renders its transcript as messages arrive, fetching the thumbnail again.
    """
    now = now or utcnow()
    recent = session.execute(
        select(PhotoView.id)
        .where(
            PhotoView.photo_id == photo.public_id,
            PhotoView.username == user.username,
            PhotoView.viewed_at >= now - VIEW_WINDOW,
        )
        .limit(1)
    ).first()
    if recent is None:
        session.add(
            PhotoView(
                photo_id=photo.public_id,
                conversation_id=photo.conversation_id,
                username=user.username,
                role=user.role,
                viewed_at=now,
            )
        )


@require_role(*ALL_ROLES)
async def download(request: web.Request) -> web.StreamResponse:
    public_id = request.match_info["public_id"]
    if not _PUBLIC_ID.fullmatch(public_id):
        raise web.HTTPNotFound(text="No such photo.")
    user: ConsoleUser = request["user"]

    def look_up(session: Session) -> tuple[str, str] | None | bool:
        photo = get_photo(session=session, public_id=public_id)
        if photo is None:
            return None
        if not may_see(session, photo, user):
            return False
        log_view(session, photo, user)
        return photo.storage_key, photo.content_type

    found = await run_db(request.app, look_up)
    if found is None:
        raise web.HTTPNotFound(text="No such photo.")
    if found is False:
        raise web.HTTPForbidden(text="This photo belongs to a conversation you are not handling.")
    key, content_type = found  # type: ignore[misc]
    try:
        data = await asyncio.to_thread(store_for(request.app[SETTINGS]).get, key)
    except PhotoStoreError:
        raise web.HTTPNotFound(text="The photo's file is gone.") from None
    return web.Response(
        body=data,
        content_type=content_type,
        headers={
            "Content-Disposition": f'attachment; filename="photo-{public_id}.{_SUFFIX.get(content_type, "bin")}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )
