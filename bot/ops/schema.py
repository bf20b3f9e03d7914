"""Our tables, created and migrated in one call: the packages that own tables are named here, not in bot.core.

`bot.core.db.init_db` creates the tables of every model module imported so far; the
review package registers its own (bot.review.models) when imported. Then the one
migration that touches Rasa's `events` runs (bot.ops.migrations: old messaging ids).
"""

from __future__ import annotations

from sqlalchemy.engine import Engine

from bot.core.db import get_engine, init_db
from bot.ops.migrations import namespace_conversation_ids


def create_tables(engine: Engine | None = None) -> None:
    """Create (or complete) every table of ours, then namespace old messaging conversation ids."""
    import bot.review.models  # noqa: F401  (registers the review tables)

    engine = engine or get_engine()
    init_db(engine)
    namespace_conversation_ids(engine)
