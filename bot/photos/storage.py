"""Where the re-encoded photos live: a directory outside the web root, or an S3-compatible bucket.

Files are named by a random key (never the customer's file name) and hold only the bytes
:func:`bot.understanding.label_photo.sanitise_image` produced. A store is chosen by
``PHOTO_STORE`` (``directory``, the default, under ``PHOTO_DIR``; or ``s3`` with
``PHOTO_S3_BUCKET``, ``PHOTO_S3_PREFIX`` and ``PHOTO_S3_ENDPOINT_URL``, credentials from
boto3's usual environment variables or instance role).
"""

from __future__ import annotations

import functools
import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import Any, Protocol

from bot.core.settings import PROJECT_DIR, Settings, get_settings

_KEY = re.compile(r"[0-9a-f]{32}\.(?:jpg|png)")
_SUFFIX = {"image/jpeg": "jpg", "image/png": "png"}
#: Directories the console or a proxy serves files from: a photo is never stored under them.
WEB_ROOTS = (PROJECT_DIR / "bot" / "web" / "static",)


class PhotoStoreError(RuntimeError):
    """The store could not keep, find or delete a photo."""


class PhotoStore(Protocol):
    """What the rest of the code needs from a store."""

    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...


def new_key(content_type: str) -> str:
    """A random file name for a re-encoded photo of `content_type`."""
    return f"{secrets.token_hex(16)}.{_SUFFIX[content_type]}"


def _checked_key(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise PhotoStoreError("not a photo key")
    return key


class DirectoryStore:
    """Files under one directory, two levels by the key's first characters, mode 0600."""

    def __init__(self, root: Path) -> None:
        root = Path(root).resolve()
        for web_root in WEB_ROOTS:
            if root == web_root.resolve() or web_root.resolve() in root.parents:
                raise PhotoStoreError(f"PHOTO_DIR {root} is inside the web root {web_root}")
        self.root = root

    def _path(self, key: str) -> Path:
        key = _checked_key(key)
        return self.root / key[:2] / key

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Written whole, then renamed: a reader never sees half a photo.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise PhotoStoreError("no such photo") from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class S3Store:
    """An S3-compatible bucket (AWS, MinIO, Ceph...) through boto3, which Rasa already installs."""

    def __init__(self, *, bucket: str, prefix: str = "photos/", endpoint_url: str | None = None, client: Any = None) -> None:
        if client is None:
            import boto3

            client = boto3.client("s3", endpoint_url=endpoint_url)
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(
            Bucket=self.bucket,
            Key=self.prefix + _checked_key(key),
            Body=data,
            ContentType=content_type,
            ContentDisposition="attachment",
        )

    def get(self, key: str) -> bytes:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self.prefix + _checked_key(key))["Body"].read()
        except self.client.exceptions.NoSuchKey:
            raise PhotoStoreError("no such photo") from None

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + _checked_key(key))


def store_for(settings: Settings) -> PhotoStore:
    """The store `settings` describe."""
    if settings.photo_store == "s3":
        if not settings.photo_s3_bucket:
            raise PhotoStoreError("PHOTO_STORE=s3 needs PHOTO_S3_BUCKET")
        return S3Store(
            bucket=settings.photo_s3_bucket,
            prefix=settings.photo_s3_prefix,
            endpoint_url=settings.photo_s3_endpoint_url,
        )
    if settings.photo_store != "directory":
        raise PhotoStoreError(f"PHOTO_STORE must be directory or s3, not {settings.photo_store!r}")
    return DirectoryStore(settings.photo_dir)


@functools.lru_cache(maxsize=1)
def get_store() -> PhotoStore:
    """The process's store (built on first use)."""
    return store_for(get_settings())
