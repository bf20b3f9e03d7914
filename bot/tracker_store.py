"""Rasa's SQL tracker store on our database engine (bot.db.make_engine).

Same table (`events`), same queries and behaviour as Rasa's `SQL` type; only the
engine differs. Rasa 3.6 opens a new SQLite connection for every session (NullPool)
with `synchronous=FULL` (a disk flush per commit), and keeps PostgreSQL connections
without checking them, so the first request on each after a database restart fails.
Measured under load (tests/bench/load.py, py-spy), the tracker store was 30 % of the
Rasa server's CPU.

endpoints.yml::

    tracker_store:
      type: bot.tracker_store.RecallTrackerStore
      url: sqlite:///var/recall.db      # or postgresql://user@host/db
"""

from __future__ import annotations

from typing import Any

from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from sqlalchemy.orm import sessionmaker

from bot.db import make_engine


class RecallTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` with pooled, checked connections (and WAL settings on SQLite)."""

    def __init__(self, domain: Any = None, host: str | None = None, **kwargs: Any) -> None:
        super().__init__(domain=domain, host=host, **kwargs)
        url = self.engine.url.render_as_string(hide_password=False)
        self.engine.dispose()
        extra = {} if url.startswith("sqlite") else create_engine_kwargs(url)
        self.engine = make_engine(url, **extra)
        self.sessionmaker = sessionmaker(bind=self.engine)
