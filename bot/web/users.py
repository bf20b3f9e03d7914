"""Console accounts and sign-in sessions.

Passwords are hashed with argon2id (`argon2-cffi`, its recommended parameters: a
well-kept library rather than our own). Hashes from before, `pbkdf2_sha256$iterations$
salt$hash`, still sign in and are replaced by argon2id at that sign-in. Session tokens live only in the
browser's cookie; the database keeps their sha256, so a copy of the table signs
nobody in. Sessions expire after 8 hours without use.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import functools
import hashlib
import hmac
import secrets
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.core.models import ConsoleSession, ConsoleUser, utcnow

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 200_000
MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_CHARS = 1024  # pbkdf2 on megabytes of "password" is a cheap denial of service
SESSION_IDLE = dt.timedelta(hours=8)
# Sliding expiry is written back at most this often, not on every request.
SESSION_REFRESH_AFTER = dt.timedelta(minutes=5)
USERNAME_MAX_CHARS = 80


class Role(str, enum.Enum):
    AGENT = "agent"
    LEAD = "lead"
    ADMIN = "admin"


class UserError(ValueError):
    """An account operation that is not allowed (bad role, short password, taken name)."""


def hash_password(password: str) -> str:
    """The storable argon2id hash of a password (salted, parameters inside)."""
    return _hasher().hash(password)


def pbkdf2_hash(password: str, *, iterations: int = ITERATIONS) -> str:
    """A hash of the old kind (kept to read old databases, and for tests of the upgrade)."""
    salt = base64.b64encode(secrets.token_bytes(16)).decode().rstrip("=")
    digest = _pbkdf2(password, salt, iterations)
    return f"{ALGORITHM}${iterations}${salt}${digest}"


def verify_password(password: str, stored: str) -> bool:
    """Whether the password matches the stored hash, argon2id or the old PBKDF2."""
    if not isinstance(password, str) or len(password) > MAX_PASSWORD_CHARS or not stored:
        return False
    if stored.startswith("$argon2"):
        from argon2.exceptions import Argon2Error, InvalidHashError

        try:
            return _hasher().verify(stored, password)
        except (Argon2Error, InvalidHashError):
            return False
    try:
        algorithm, iterations_text, salt, expected = stored.split("$", 3)
        iterations = int(iterations_text)
    except ValueError:
        return False
    if algorithm != ALGORITHM or iterations < 1:
        return False
    return hmac.compare_digest(_pbkdf2(password, salt, iterations), expected)


def needs_rehash(stored: str) -> bool:
    """An old PBKDF2 hash, or argon2 with weaker parameters than today's."""
    return not stored.startswith("$argon2id$") or _hasher().check_needs_rehash(stored)


@functools.lru_cache(maxsize=1)
def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id, RFC 9106's low-memory profile


def _pbkdf2(password: str, salt: str, iterations: int) -> str:
    raw = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return base64.b64encode(raw).decode().rstrip("=")


# Hashed once so that a sign-in with an unknown name costs as much as a wrong password.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(12))


def _check_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_CHARS:
        raise UserError(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise UserError(f"a password may have at most {MAX_PASSWORD_CHARS} characters")


def _clean_username(username: str) -> str:
    name = (username or "").strip()
    if not name or len(name) > USERNAME_MAX_CHARS or any(c.isspace() for c in name):
        raise UserError(f"a username is 1-{USERNAME_MAX_CHARS} characters without spaces")
    return name


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise UserError(f"role must be one of {', '.join(r.value for r in Role)}") from None


def get_user(*, session: Session, username: str) -> ConsoleUser | None:
    return session.execute(
        select(ConsoleUser).where(ConsoleUser.username == (username or "").strip())
    ).scalar()


def create_user(*, session: Session, username: str, password: str, role: Role | str) -> ConsoleUser:
    """Create a console account.

    Raises:
        UserError: for an unknown role, a password under 8 characters, or a taken username.
    """
    name = _clean_username(username)
    checked_role = _role(role)
    _check_password(password)
    if get_user(session=session, username=name) is not None:
        raise UserError(f"user {name!r} already exists")
    user = ConsoleUser(username=name, password_hash=hash_password(password), role=checked_role.value)
    session.add(user)
    session.flush()
    return user


def set_password(*, session: Session, username: str, password: str) -> ConsoleUser:
    """Change a password and sign the user out everywhere.

    Raises:
        UserError: for an unknown user or a password under 8 characters.
    """
    _check_password(password)
    user = get_user(session=session, username=username)
    if user is None:
        raise UserError(f"no user {username!r}")
    user.password_hash = hash_password(password)
    session.execute(delete(ConsoleSession).where(ConsoleSession.user_id == user.id))
    session.flush()
    return user


def list_users(*, session: Session) -> list[ConsoleUser]:
    return list(session.execute(select(ConsoleUser).order_by(ConsoleUser.username)).scalars())


def authenticate(*, session: Session, username: str, password: str) -> ConsoleUser | None:
    """The user whose name and password these are, or None (same cost either way)."""
    user = get_user(session=session, username=username) if username else None
    if user is None:
        verify_password(password or "", _DUMMY_HASH)
        return None
    if not verify_password(password or "", user.password_hash):
        return None
    if needs_rehash(user.password_hash):  # an old PBKDF2 hash: argon2id from now on
        user.password_hash = hash_password(password)
        session.flush()
    return user


def _token_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(
    *, session: Session, user: ConsoleUser, now: dt.datetime | None = None
) -> tuple[ConsoleSession, str]:
    """Open a sign-in session.

    Returns:
        The stored session (its `token` column holds the token's sha256) and the
        token itself, which only the browser's cookie keeps.
    """
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    console_session = ConsoleSession(
        token=_token_key(token),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        expires_at=now + SESSION_IDLE,
    )
    session.add(console_session)
    # Expired sessions are cleared here, so the table never grows without bound.
    session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at < now))
    session.flush()
    return console_session, token


def session_user(
    *, session: Session, token: str | None, now: dt.datetime | None = None
) -> tuple[ConsoleUser, ConsoleSession] | None:
    """The signed-in user and session for a cookie token; None when unknown or expired.

    Using a session pushes its expiry 8 hours on.
    """
    if not token or len(token) > 200:
        return None
    now = now or utcnow()
    console_session = session.get(ConsoleSession, _token_key(token))
    if console_session is None:
        return None
    if console_session.expires_at <= now:
        session.delete(console_session)
        session.flush()
        return None
    if console_session.expires_at - now < SESSION_IDLE - SESSION_REFRESH_AFTER:
        console_session.expires_at = now + SESSION_IDLE
        session.flush()
    return console_session.user, console_session


def end_session(*, session: Session, token: str | None) -> None:
    """Sign out: forget the session (unknown tokens are ignored)."""
    if token:
        session.execute(delete(ConsoleSession).where(ConsoleSession.token == _token_key(token)))
        session.flush()


def csrf_matches(console_session: ConsoleSession, submitted: str | None) -> bool:
    """Whether a submitted CSRF token is this session's (constant-time comparison)."""
    if not submitted:
        return False
    return hmac.compare_digest(console_session.csrf_token.encode(), submitted.encode())
