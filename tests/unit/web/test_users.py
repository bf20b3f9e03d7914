"""Console accounts: password hashing, sign-in, sessions and their expiry."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.core.db import init_db, make_engine
from bot.core.models import ConsoleSession, utcnow
from bot.web import users
from bot.web.users import Role, UserError


@pytest.fixture
def session(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'users.db'}")
    init_db(engine)
    from sqlalchemy.orm import Session

    with Session(engine, future=True) as db:
        yield db
    engine.dispose()


def test_hash_is_argon2id_with_a_random_salt():
    first = users.hash_password("correct horse")
    second = users.hash_password("correct horse")
    assert first.startswith("$argon2id$")
    assert first != second  # a fresh salt each time
    assert users.verify_password("correct horse", first)
    assert not users.verify_password("correct horsE", first)


def test_verify_rejects_malformed_hashes():
    assert not users.verify_password("anything", "")
    assert not users.verify_password("anything", "md5$1$x$y")
    assert not users.verify_password("anything", "pbkdf2_sha256$notanumber$x$y")
    assert not users.verify_password("anything", "$argon2id$v=19$garbage")


def test_an_old_pbkdf2_hash_signs_in_once_and_becomes_argon2id(session):
    users.create_user(session=session, username="old", password="old-password", role="agent")
    user = users.get_user(session=session, username="old")
    user.password_hash = users.pbkdf2_hash("old-password", iterations=1000)
    session.flush()
    assert users.authenticate(session=session, username="old", password="wrong-password") is None
    assert users.get_user(session=session, username="old").password_hash.startswith("pbkdf2_sha256$")
    assert users.authenticate(session=session, username="old", password="old-password") is not None
    upgraded = users.get_user(session=session, username="old").password_hash
    assert upgraded.startswith("$argon2id$") and users.verify_password("old-password", upgraded)


def test_create_user_hashes_the_password(session):
    user = users.create_user(session=session, username="ana", password="s3cret-pass", role="agent")
    assert user.id is not None
    assert user.role == "agent"
    assert user.password_hash.startswith("$argon2id$")
    assert "s3cret-pass" not in user.password_hash


@pytest.mark.parametrize("password", ["", "short", "1234567"])
def test_create_user_refuses_short_passwords(session, password):
    with pytest.raises(UserError, match="8 characters"):
        users.create_user(session=session, username="ana", password=password, role="agent")


def test_create_user_refuses_unknown_roles_and_taken_names(session):
    with pytest.raises(UserError, match="role"):
        users.create_user(session=session, username="ana", password="long enough", role="boss")
    users.create_user(session=session, username="ana", password="long enough", role=Role.LEAD)
    with pytest.raises(UserError, match="already exists"):
        users.create_user(session=session, username="ana", password="long enough", role="agent")
    with pytest.raises(UserError, match="username"):
        users.create_user(session=session, username="a b", password="long enough", role="agent")


def test_authenticate(session):
    users.create_user(session=session, username="ana", password="right password", role="agent")
    assert users.authenticate(session=session, username="ana", password="right password").username == "ana"
    assert users.authenticate(session=session, username="ana", password="wrong password") is None
    assert users.authenticate(session=session, username="bob", password="right password") is None
    assert users.authenticate(session=session, username="", password="") is None


def test_sessions_store_only_a_hash_of_the_token(session):
    user = users.create_user(session=session, username="ana", password="right password", role="agent")
    stored, token = users.start_session(session=session, user=user)
    assert stored.token != token
    assert len(stored.token) == 64
    assert len(stored.csrf_token) >= 32
    found_user, found_session = users.session_user(session=session, token=token)
    assert found_user.id == user.id
    assert found_session.csrf_token == stored.csrf_token
    assert users.session_user(session=session, token=stored.token) is None  # the hash is no token
    assert users.session_user(session=session, token="made-up") is None
    assert users.session_user(session=session, token=None) is None


def test_sessions_expire_after_8_hours_idle(session):
    user = users.create_user(session=session, username="ana", password="right password", role="agent")
    start = utcnow()
    _, token = users.start_session(session=session, user=user, now=start)
    assert users.session_user(session=session, token=token, now=start + dt.timedelta(hours=7, minutes=59))
    # Using it pushed the expiry on: 7 more hours idle is still fine.
    later = start + dt.timedelta(hours=7, minutes=59) + dt.timedelta(hours=7)
    assert users.session_user(session=session, token=token, now=later)
    # 8 hours without use: gone, and the row is deleted.
    assert (
        users.session_user(session=session, token=token, now=later + dt.timedelta(hours=8, seconds=1)) is None
    )
    assert session.execute(select(ConsoleSession)).scalars().all() == []


def test_end_session_signs_out(session):
    user = users.create_user(session=session, username="ana", password="right password", role="agent")
    _, token = users.start_session(session=session, user=user)
    users.end_session(session=session, token=token)
    assert users.session_user(session=session, token=token) is None
    users.end_session(session=session, token="unknown")  # no error


def test_set_password_signs_out_everywhere(session):
    user = users.create_user(session=session, username="ana", password="old password", role="agent")
    _, token = users.start_session(session=session, user=user)
    with pytest.raises(UserError):
        users.set_password(session=session, username="ana", password="short")
    users.set_password(session=session, username="ana", password="new password")
    assert users.session_user(session=session, token=token) is None
    assert users.authenticate(session=session, username="ana", password="old password") is None
    assert users.authenticate(session=session, username="ana", password="new password") is not None
    with pytest.raises(UserError, match="no user"):
        users.set_password(session=session, username="nobody", password="long enough")


def test_list_users_is_sorted(session):
    for name in ("zoe", "ana", "max"):
        users.create_user(session=session, username=name, password="long enough", role="agent")
    assert [u.username for u in users.list_users(session=session)] == ["ana", "max", "zoe"]


def test_csrf_comparison(session):
    user = users.create_user(session=session, username="ana", password="right password", role="agent")
    stored, _ = users.start_session(session=session, user=user)
    assert users.csrf_matches(stored, stored.csrf_token)
    assert not users.csrf_matches(stored, stored.csrf_token[:-1] + "x")
    assert not users.csrf_matches(stored, None)
    assert not users.csrf_matches(stored, "")


def test_starting_a_session_clears_expired_ones(session):
    user = users.create_user(session=session, username="ana", password="right password", role="agent")
    long_ago = utcnow() - dt.timedelta(days=2)
    users.start_session(session=session, user=user, now=long_ago)
    users.start_session(session=session, user=user)
    assert len(session.execute(select(ConsoleSession)).scalars().all()) == 1
