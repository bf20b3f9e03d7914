"""Sign-in, sign-out, the session cookie, CSRF checks and `require_role`."""

from __future__ import annotations

import functools
import hmac
import math
import re
import secrets
import urllib.parse
from collections.abc import Awaitable, Callable

from aiohttp import web
from sqlalchemy.orm import Session
from yarl import URL

from bot.core.models import ConsoleSession, ConsoleUser
from bot.web import users
from bot.web.common import json_error, render, run_db
from bot.web.keys import SETTINGS
from bot.web.security import wants_json
from bot.web.signin_throttle import (
    DEVICE_COOKIE,
    DEVICE_COOKIE_SECONDS,
    SIGNIN_THROTTLE,
    SigninThrottle,
    known_device,
    new_device_cookie,
)
from bot.web.users import Role

SESSION_COOKIE = "console_session"
LOGIN_CSRF_COOKIE = "console_login_csrf"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
ALL_ROLES = tuple(role.value for role in Role)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def add_routes(app: web.Application) -> None:
    app[SIGNIN_THROTTLE] = SigninThrottle.from_environment()
    app.on_cleanup.append(_close_throttle)
    app.router.add_get("/login", login_page, name="login")
    app.router.add_post("/login", login)
    app.router.add_post("/logout", logout, name="logout")


async def _close_throttle(app: web.Application) -> None:
    await app[SIGNIN_THROTTLE].close()


def _secure_cookies(request: web.Request) -> bool:
    return request.app[SETTINGS].console_url.startswith("https://") or request.secure


def _set_cookie(
    request: web.Request, response: web.StreamResponse, name: str, value: str, max_age: int | None = None
) -> None:
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="Lax",
        secure=_secure_cookies(request),
        path="/",
        max_age=max_age,
    )


_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f]")


def safe_next(target: str | None) -> str:
    """A path on this site to go to after signing in (never another site).

    The target is parsed first and must be a plain path: no scheme, no host, no
    backslash, no control or space character (browsers and yarl drop a tab or a
    newline, so "/\t/evil.example" would become "//evil.example"), no encoded slash
    or backslash at its start.
    """
    default = "/agent"
    if not target or _CONTROL_OR_SPACE.search(target) or "\\" in target:
        return default
    decoded = urllib.parse.unquote(target)
    if _CONTROL_OR_SPACE.search(decoded) or "\\" in decoded or decoded.startswith("//"):
        return default
    parts = urllib.parse.urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return default
    return target


async def load_session(request: web.Request) -> tuple[ConsoleUser, ConsoleSession] | None:
    """The signed-in user and session from the cookie (cached on the request)."""
    if "user" in request:
        return request["user"], request["console_session"]
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    found = await run_db(request.app, lambda s: users.session_user(session=s, token=token))
    if found is None:
        return None
    user, console_session = found
    request["user"] = user
    request["console_session"] = console_session
    request["csrf_token"] = console_session.csrf_token
    return found


async def check_csrf(request: web.Request, console_session: ConsoleSession) -> None:
    """Refuse a state-changing request without this session's CSRF token (403)."""
    submitted = request.headers.get(CSRF_HEADER)
    if not submitted and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        form = await request.post()
        value = form.get(CSRF_FIELD)
        submitted = value if isinstance(value, str) else None
    if not users.csrf_matches(console_session, submitted):
        if wants_json(request) or request.headers.get(CSRF_HEADER) is not None:
            raise json_error(403, "the CSRF token is missing or wrong; reload the page")
        raise web.HTTPForbidden(text="The form has expired or the CSRF token is wrong. Reload the page.")


def require_role(*roles: str | Role) -> Callable[[Handler], Handler]:
    """Only signed-in users with one of these roles may use the view.

    Without a session: pages redirect to /login, JSON callers get 401. With the
    wrong role: 403. Every non-GET request must also carry the session's CSRF
    token (form field `csrf_token` or header `X-CSRF-Token`).
    """
    allowed = {Role(role).value for role in roles} or set(ALL_ROLES)

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def wrapper(request: web.Request) -> web.StreamResponse:
            found = await load_session(request)
            if found is None:
                if wants_json(request):
                    raise json_error(401, "sign in first")
                back = str(request.rel_url) if request.method in SAFE_METHODS else "/agent"
                target = URL("/login").with_query(next=back)
                raise web.HTTPSeeOther(location=str(target))
            user, console_session = found
            if user.role not in allowed:
                if wants_json(request):
                    raise json_error(403, "your role may not do this")
                return render(
                    request,
                    "forbidden.html",
                    status=403,
                    title="Not allowed",
                    roles=sorted(allowed),
                )
            if request.method not in SAFE_METHODS:
                await check_csrf(request, console_session)
            return await handler(request)

        return wrapper

    return decorate


async def login_page(request: web.Request) -> web.StreamResponse:
    if await load_session(request) is not None:
        raise web.HTTPSeeOther(location=safe_next(request.query.get("next")))
    return _login_form(request, error=None, username="")


def _login_form(request: web.Request, *, error: str | None, username: str, status: int = 200) -> web.Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        status=status,
        title="Sign in",
        error=error,
        username=username,
        next=safe_next(request.query.get("next")),
        login_csrf=token,
    )
    _set_cookie(request, response, LOGIN_CSRF_COOKIE, token)
    return response


async def login(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    username = str(form.get("username") or "")[:200]
    password = str(form.get("password") or "")[:2000]
    submitted = str(form.get(CSRF_FIELD) or "")
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(submitted.encode(), expected.encode()):
        return _login_form(
            request, error="The sign-in form expired. Please try again.", username=username, status=403
        )
    throttle = request.app[SIGNIN_THROTTLE]
    secret = request.app[SETTINGS].secret_key
    address = throttle.address_of(request)
    device = known_device(secret=secret, username=username, cookie=request.cookies.get(DEVICE_COOKIE))
    wait = await throttle.admit(account=username, address=address, device=device)
    if wait > 0:
        seconds = math.ceil(wait)
        refused = _login_form(
            request,
            error=f"Too many failed sign-in attempts. Please wait {seconds} "
            f"{'second' if seconds == 1 else 'seconds'} and try again.",
            username=username,
            status=429,
        )
        refused.headers["Retry-After"] = str(seconds)
        return refused

    def sign_in(session: Session) -> str | None:
        user = users.authenticate(session=session, username=username, password=password)
        if user is None:
            return None
        _, token = users.start_session(session=session, user=user)
        return token

    token = await run_db(request.app, sign_in)
    if token is None:  # already counted by `admit`
        return _login_form(request, error="Wrong username or password.", username=username, status=401)
    await throttle.succeeded(account=username, address=address, device=device)
    target = form.get("next")
    response = web.HTTPSeeOther(location=safe_next(target if isinstance(target, str) else None))
    _set_cookie(request, response, SESSION_COOKIE, token)
    if device is None:  # a known browser from now on: strangers' guesses on the account do not slow it
        cookie = new_device_cookie(secret=secret, username=username)
        _set_cookie(request, response, DEVICE_COOKIE, cookie, max_age=DEVICE_COOKIE_SECONDS)
    response.del_cookie(LOGIN_CSRF_COOKIE, path="/")
    raise response


@require_role(*ALL_ROLES)
async def logout(request: web.Request) -> web.StreamResponse:
    token = request.cookies.get(SESSION_COOKIE)
    await run_db(request.app, lambda s: users.end_session(session=s, token=token))
    response = web.HTTPSeeOther(location="/login")
    response.del_cookie(SESSION_COOKIE, path="/")
    raise response
