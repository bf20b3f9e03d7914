"""Fixes for two hot paths of the Rasa server that redo constant work every time.

1. Rasa 3.6 checks every response of the action server with `jsonschema.validate`,
   which first validates the (constant) response schema itself against the JSON
   Schema metaschema, every time (the profile is in docs/DEPLOYMENT.md, Performance).
   Here the validator is built once; a response it accepts is
   accepted, and any other response goes through Rasa's own check, which raises the
   same error with the same message as before.
2. Reading a stored event, Rasa finds its class by walking every subclass of
   `Event` (recursively, with an `inspect.isabstract` check each) and comparing type
   names, for every event of every tracker read. Here each type name
   is looked up that way once and then remembered; unknown names still go to Rasa.

Installed by bot.channels.rest_socketio, which the Rasa server loads from credentials.yml.
"""

from __future__ import annotations

import functools
from typing import Any

from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event

_installed = False


@functools.lru_cache(maxsize=1)
def _response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    return validator_for(schema)(schema)


def install() -> None:
    """Install both fixes (idempotent)."""
    global _installed
    if _installed:
        return
    _check_responses_with_one_validator()
    _remember_event_classes()
    _installed = True


def _check_responses_with_one_validator() -> None:
    rasa_check = RemoteAction._validate_action_result

    @functools.wraps(rasa_check)
    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        if _response_validator().is_valid(result):
            return True
        return rasa_check(self, result)  # raises Rasa's ValidationError

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


def _remember_event_classes() -> None:
    rasa_resolve = Event.resolve_by_type

    @functools.cache
    def known_class(type_name: str) -> type[Event] | None:
        return rasa_resolve(type_name)  # raises ValueError for an unknown name: not remembered

    def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
        try:
            return known_class(type_name)
        except (ValueError, TypeError):  # unknown (or unhashable) name: Rasa's answer, default included
            return rasa_resolve(type_name, default)

    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]
