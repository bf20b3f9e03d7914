"""Messaging conversations stored before their ids had a channel prefix get one.

The messaging channels key a conversation `<channel>:<provider id>`
(bot.channels.conversation_ids); before, a Telegram conversation was stored as `123`,
an SMS one as `+447700900123`. `namespace_conversation_ids` rewrites every stored copy
of such an id, in one transaction: Rasa's `events` (when that table is in this
database), tickets, handoffs, the agents' transcript log and the review's tables.

A conversation's channel is read from its own rows: the `input_channel` of its user
events, else the `channel` of its handoffs, tickets or review summary. Web conversations
(random UUIDs), other channels' and already prefixed ids stay as they are, so running it
again changes nothing. A row whose new id is already taken where a conversation may
have only one (a ticket for the same unit, an open handoff, a review mark...) stays
under its old id, and is logged.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable

from sqlalchemy import bindparam, inspect, text
from sqlalchemy.engine import Connection, Engine

from bot.channels.conversation_ids import MESSAGING_CHANNELS, namespaced, split
from bot.channels.limits import web_conversation_id
from bot.review.masking import mask_identifier
from bot.review.summaries import conversation_key

logger = logging.getLogger(__name__)

# Every table that stores a conversation id, and its column.
ID_COLUMNS = {
    "events": "sender_id",
    "return_tickets": "conversation_id",
    "handoffs": "conversation_id",
    "transcript_views": "conversation_id",
    "review_conversations": "conversation_id",
    "review_texts": "conversation_id",
    "review_fallback_messages": "conversation_id",
    "review_marks": "conversation_id",
    "review_tags": "conversation_id",
    "review_flags": "conversation_id",
    "review_reveals": "conversation_id",
}
# Where a conversation may have only one row (of a kind): when a row `other` under the
# new id clashes with the row to rename.
CLASHES = {
    "return_tickets": "other.model_number = return_tickets.model_number",
    "handoffs": "other.status IN ('waiting', 'active') AND handoffs.status IN ('waiting', 'active')",
    "review_conversations": "1 = 1",
    "review_texts": "1 = 1",
    "review_marks": "1 = 1",
    "review_tags": "other.tag = review_tags.tag",
}
# Tables with the conversation's input channel in a `channel` column.
CHANNEL_TABLES = ("handoffs", "return_tickets", "review_conversations")


def namespace_conversation_ids(engine: Engine) -> dict[str, str]:
    """Give stored messaging conversations their `<channel>:` prefix (idempotent).

    Returns:
        The ids found without their prefix, old -> new: empty once all have it (rows
        left under an old id because of a clash are found, and logged, again).
    """
    with engine.begin() as connection:
        tables = [name for name in ID_COLUMNS if inspect(connection).has_table(name)]
        renames = _renames(_channels_of_old_ids(connection, tables))
        if not renames:
            return {}
        for table in tables:
            _rename_in(connection, table, renames)
        _log_rows_left(connection, [t for t in tables if t in CLASHES], list(renames))
    logger.info("Gave %d messaging conversations their channel prefix", len(renames))
    return renames


def _channels_of_old_ids(connection: Connection, tables: list[str]) -> dict[str, set[str]]:
    """The messaging channels seen for each conversation id without a channel prefix.

    Only rows that name a messaging channel and lack its prefix are read: after the
    first run, none.
    """
    prefixes = {f"prefix_{n}": f"{channel}:%" for n, channel in enumerate(MESSAGING_CHANNELS)}
    found: dict[str, set[str]] = {}
    if "events" in tables:
        mentions = {
            f"mention_{n}": f'%"input_channel":%"{channel}"%' for n, channel in enumerate(MESSAGING_CHANNELS)
        }
        query = text(
            "SELECT sender_id, data FROM events WHERE type_name = 'user'"
            f" AND ({' OR '.join(f'data LIKE :{key}' for key in mentions)}) AND {_unprefixed('sender_id', prefixes)}"
        )
        for sender_id, data in connection.execute(query, {**mentions, **prefixes}):
            found.setdefault(sender_id, set()).add(_input_channel(data))
    for table in CHANNEL_TABLES:
        if table in tables:
            query = text(
                f"SELECT DISTINCT conversation_id, channel FROM {table}"
                f" WHERE channel IN :channels AND {_unprefixed('conversation_id', prefixes)}"
            ).bindparams(bindparam("channels", expanding=True))
            for conversation_id, channel in connection.execute(
                query, {"channels": list(MESSAGING_CHANNELS), **prefixes}
            ):
                found.setdefault(conversation_id, set()).add(channel)
    return found


def _unprefixed(column: str, prefixes: dict[str, str]) -> str:
    return " AND ".join(f"{column} NOT LIKE :{key}" for key in prefixes)


def _input_channel(data: str | None) -> str | None:
    try:
        event = json.loads(data or "null")
    except ValueError:
        return None
    return event.get("input_channel") if isinstance(event, dict) else None


def _renames(channels_of: dict[str, set[str]]) -> dict[str, str]:
    renames = {}
    for old, seen in channels_of.items():
        channels = seen & set(MESSAGING_CHANNELS)
        if not old or split(old) is not None or web_conversation_id(old) is not None or not channels:
            continue
        if len(channels) > 1:
            logger.warning(
                "Conversation %s has messages from %s: left as it is", mask_identifier(old), sorted(channels)
            )
            continue
        renames[old] = namespaced(channels.pop(), old)
    return renames


def _rename_in(connection: Connection, table: str, renames: dict[str, str]) -> None:
    column = ID_COLUMNS[table]
    assignments, params = f"{column} = :new", [{"old": old, "new": new} for old, new in renames.items()]
    if table == "review_conversations":  # its handle in URLs is a hash of the id
        assignments += ', "key" = :key'
        params = [{**row, "key": conversation_key(row["new"])} for row in params]
    statement = f"UPDATE {table} SET {assignments} WHERE {column} = :old"
    if table in CLASHES:
        statement += f" AND NOT EXISTS (SELECT 1 FROM {table} AS other WHERE other.{column} = :new AND {CLASHES[table]})"
    connection.execute(text(statement), params)


def _log_rows_left(connection: Connection, tables: Iterable[str], old_ids: list[str]) -> None:
    for table in tables:
        column = ID_COLUMNS[table]
        query = text(f"SELECT {column} FROM {table} WHERE {column} IN :ids").bindparams(
            bindparam("ids", expanding=True)
        )
        for start in range(0, len(old_ids), 500):
            for (old,) in connection.execute(query, {"ids": old_ids[start : start + 500]}):
                logger.warning(
                    "%s: a row of %s stays under that id; the new id has its own", table, mask_identifier(old)
                )
