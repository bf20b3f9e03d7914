"""Photo tests: the app's database (a fresh one) and a photo directory of the test's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.labels.make_labels import label_photo


@pytest.fixture
def photo_dir(app_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """PHOTO_DIR in a temporary folder, the store and the photo allowances forgotten around the test."""
    from bot.core.settings import get_settings
    from bot.photos import intake
    from bot.photos.storage import get_store

    folder = tmp_path / "photos"
    monkeypatch.setenv("PHOTO_DIR", str(folder))

    def clear() -> None:
        get_settings.cache_clear()
        get_store.cache_clear()
        intake.reset_rate_limits()

    clear()
    yield folder
    clear()


@pytest.fixture(scope="session")
def a1263_label() -> bytes:
    """A clean photo of a real-looking A1263 label made March 2018 (recalled)."""
    return label_photo("A1263", "PowerCore 10000", "MFD 2018.03")
