"""What proves a browser holds a web chat session: a MAC of the session id under SECRET_KEY.

The socket.io channel hands it to the widget when it confirms a session; the widget
keeps it beside the session id and shows it to take a session over from another socket
(a second tab, a reconnection) and to read the conversation's history from the console.
Someone who learnt only the session id (a screenshot, a log) cannot do either. Every
Rasa server and the console compute the same value (SECRET_KEY is shared).
"""

from __future__ import annotations

import hashlib
import hmac

from bot.core.settings import get_settings


def session_secret(session_id: str, secret_key: str | None = None) -> str:
    key = (secret_key if secret_key is not None else get_settings().secret_key).encode()
    return hmac.new(key, f"socketio-session:{session_id}".encode(), hashlib.sha256).hexdigest()[:32]


def proves_session(session_id: str, shown: object, secret_key: str | None = None) -> bool:
    """Whether `shown` is the secret of `session_id` (constant time)."""
    expected = session_secret(session_id, secret_key)
    return isinstance(shown, str) and hmac.compare_digest(shown.encode(), expected.encode())
