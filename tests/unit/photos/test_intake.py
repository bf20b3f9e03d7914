"""bot.photos: a photo taken in (checked, re-encoded, stored, recorded), refused, limited, deleted."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import os
import zlib

import pytest
from PIL import Image
from sqlalchemy import select

from bot.core.db import session_scope
from bot.core.models import Photo, Ticket
from bot.photos import records
from bot.photos.intake import MAX_PHOTO_BYTES, photo_metadata
from bot.photos.storage import DirectoryStore, PhotoStoreError, get_store, new_key
from bot.recall.tickets import Remedy, ReturnRequest, open_ticket


def run(data: bytes, sender: str = "conv-1", channel: str = "rest") -> dict:
    return asyncio.run(photo_metadata(data, sender_id=sender, channel=channel))


def rows() -> list[Photo]:
    with session_scope() as session:
        return list(session.execute(select(Photo).order_by(Photo.id)).scalars())


def _jpeg_with_exif_and_trailer() -> bytes:
    image = Image.new("RGB", (120, 80), (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {2: (51.0, 30.0, 0.0), 1: "N"}  # GPS latitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"secret comment")
    return out.getvalue() + b"<script>alert(1)</script>PK\x03\x04"


def _png_bomb() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    header = (50_000).to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])  # 50000 x 50000 grey
    pixels = zlib.compress(b"\x00" * 1_000_000)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_a_photo_is_re_encoded_stored_under_a_random_name_and_recorded(photo_dir, a1263_label) -> None:
    first = run(a1263_label)
    second = run(a1263_label)
    photo = first["photo"]
    assert set(photo) == {"id", "content_type"} and photo["content_type"] == "image/jpeg"
    assert len(photo["id"]) >= 20 and photo["id"] != second["photo"]["id"]
    [row, _] = rows()
    assert (row.public_id, row.conversation_id, row.channel) == (photo["id"], "conv-1", "rest")
    stored = get_store().get(row.storage_key)
    assert stored != a1263_label and len(stored) == row.size_bytes  # re-encoded, not the customer's bytes
    path = photo_dir / row.storage_key[:2] / row.storage_key
    assert path.read_bytes() == stored and oct(path.stat().st_mode & 0o777) == "0o600"
    assert row.storage_key.endswith(".jpg") and photo["id"] not in row.storage_key
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and (image.width, image.height) == (row.width, row.height)


def test_exif_gps_comments_and_anything_appended_are_gone(photo_dir) -> None:
    photo = run(_jpeg_with_exif_and_trailer())["photo"]
    [row] = rows()
    stored = get_store().get(row.storage_key)
    assert photo["content_type"] == "image/jpeg"
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif() and "comment" not in image.info
    assert b"SpyCam" not in stored and b"secret comment" not in stored and b"<script>" not in stored


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 20, "unsupported_type"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "unsupported_type"),
        (b"<html><body>hello</body></html>", "not_an_image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40, "damaged"),  # a truncated JPEG
        (_png_bomb(), "too_large"),
        (b"", "not_an_image"),
    ],
    ids=["gif", "svg", "html", "truncated", "bomb", "empty"],
)
def test_a_hostile_file_gets_its_reason_and_nothing_is_kept(photo_dir, data, reason) -> None:
    assert run(data) == {"photo": {"error": reason}}
    assert rows() == []
    assert not photo_dir.exists() or not any(p.is_file() for p in photo_dir.rglob("*"))


def test_over_ten_megabytes_is_refused_unread(photo_dir) -> None:
    assert run(b"\xff\xd8\xff" + b"\x00" * MAX_PHOTO_BYTES) == {"photo": {"error": "too_large"}}
    assert rows() == []


def test_the_sender_rate_is_limited_per_sender(photo_dir, monkeypatch, a1263_label) -> None:
    from bot.core.settings import get_settings
    from bot.photos import intake

    monkeypatch.setenv("PHOTO_BURST", "2")
    monkeypatch.setenv("PHOTOS_PER_SENDER_PER_HOUR", "1")
    get_settings.cache_clear()
    intake.reset_rate_limits()
    small = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 10)).save(small, "PNG")
    answers = [run(small.getvalue(), sender="greedy")["photo"] for _ in range(3)]
    assert [a.get("content_type") for a in answers[:2]] == ["image/png", "image/png"]
    assert answers[2] == {"error": "rate_limited"}
    assert run(small.getvalue(), sender="someone-else")["photo"]["content_type"] == "image/png"
    assert len(rows()) == 3


def test_a_store_inside_the_web_root_is_refused() -> None:
    from bot.photos.storage import WEB_ROOTS

    with pytest.raises(PhotoStoreError):
        DirectoryStore(WEB_ROOTS[0] / "photos")


def test_keys_are_checked_before_any_path_is_built(tmp_path) -> None:
    store = DirectoryStore(tmp_path)
    for key in ("../../etc/passwd", "a" * 32 + ".jpg/..", "x.jpg"):
        with pytest.raises(PhotoStoreError):
            store.get(key)
    assert new_key("image/png").endswith(".png") and len(new_key("image/jpeg")) == 36


def _ticket(session, conversation_id: str) -> Ticket:
    ticket, _ = open_ticket(
        session=session,
        request=ReturnRequest(
            conversation_id=conversation_id, channel="rest", model_number="A1263", manufacture_date="2018-03",
            verdict="affected", remedy=Remedy.REFUND, customer_name="Ana Example", email="ana@example.com",
        ),
    )
    return ticket


def test_photos_join_the_ticket_opened_after_them_and_the_one_before(photo_dir, a1263_label) -> None:
    before = run(a1263_label, sender="conv-t")["photo"]["id"]
    run(a1263_label, sender="other")
    with session_scope() as session:
        ticket_id = _ticket(session, "conv-t").id
    after = run(a1263_label, sender="conv-t")["photo"]["id"]
    with session_scope() as session:
        attached = records.ticket_photos(session=session, ticket_ids=[ticket_id])[ticket_id]
    assert [p.public_id for p in attached] == [before, after]


def test_deleting_a_conversation_deletes_rows_and_files_only_once_committed(photo_dir, a1263_label) -> None:
    run(a1263_label, sender="gone")
    run(a1263_label, sender="kept")
    gone, kept = rows()
    gone_path = photo_dir / gone.storage_key[:2] / gone.storage_key
    with pytest.raises(RuntimeError), session_scope() as session:
        assert records.delete_conversation_photos(session=session, store=get_store(), conversation_id="gone") == 1
        raise RuntimeError("the rest of the erasure failed")
    assert gone_path.exists() and len(rows()) == 2  # rolled back: both stay
    with session_scope() as session:
        records.delete_conversation_photos(session=session, store=get_store(), conversation_id="gone")
    assert not gone_path.exists() and [r.public_id for r in rows()] == [kept.public_id]
    assert (photo_dir / kept.storage_key[:2] / kept.storage_key).exists()


def test_retention_purges_old_photos_but_keeps_an_open_ticket_s(photo_dir, a1263_label) -> None:
    run(a1263_label, sender="old")
    run(a1263_label, sender="old-with-ticket")
    run(a1263_label, sender="new")
    with session_scope() as session:
        _ticket(session, "old-with-ticket")
        old = dt.datetime(2020, 1, 1)
        for photo in session.execute(select(Photo).where(Photo.conversation_id != "new")).scalars():
            photo.created_at = old
    cutoff = records.retention_cutoff(30)
    assert records.retention_cutoff(0) is None
    with session_scope() as session:
        assert records.purge_photos(session=session, store=get_store(), older_than=cutoff) == 1
    assert sorted(r.conversation_id for r in rows()) == ["new", "old-with-ticket"]
    assert sum(1 for p in photo_dir.rglob("*") if p.is_file()) == 2


def test_the_photo_dir_is_created_private(photo_dir, a1263_label) -> None:
    run(a1263_label)
    [row] = rows()
    assert oct(os.stat(photo_dir / row.storage_key[:2]).st_mode & 0o777) == "0o700"


def test_the_console_worker_purges_with_the_configured_retention(photo_dir, a1263_label, monkeypatch) -> None:
    from bot.core.settings import get_settings
    from bot.web.background import purge_old_photos

    run(a1263_label, sender="aged")
    assert purge_old_photos(get_settings()) == 0  # PHOTO_RETENTION_DAYS=0: kept
    monkeypatch.setenv("PHOTO_RETENTION_DAYS", "30")
    get_settings.cache_clear()
    assert purge_old_photos(get_settings(), now=dt.datetime(2020, 1, 1)) == 0  # not old yet
    assert purge_old_photos(get_settings(), now=dt.datetime.now() + dt.timedelta(days=31)) == 1
    assert rows() == []
