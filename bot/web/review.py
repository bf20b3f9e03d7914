"""The support leads' transcript review (`/review`): a placeholder until it is built."""

from __future__ import annotations

from aiohttp import web

from bot.users import Role
from bot.web.auth import require_role
from bot.web.common import render


def add_routes(app: web.Application) -> None:
    app.router.add_get("/review", review_page, name="review")


@require_role(Role.LEAD, Role.ADMIN)
async def review_page(request: web.Request) -> web.StreamResponse:
    return render(request, "review.html", title="Transcript review")
