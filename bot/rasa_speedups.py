"""A fix for the Rasa server's hottest path: checking action-server responses.

Rasa 3.6 checks every response of the action server with `jsonschema.validate`,
which first validates the (constant) response schema itself against the JSON
Schema metaschema, every time. Under load that was half of the Rasa server's CPU
(py-spy, 10 concurrent conversations: 49 % in `check_schema`; docs/DEPLOYMENT.md,
Performance). Here the validator is built once; a response it accepts is
accepted, and any other response goes through Rasa's own check, which raises the
same error with the same message as before.

Installed by bot.limited_channels, which the Rasa server loads from credentials.yml.
"""

from __future__ import annotations

import functools
from typing import Any

from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

_installed = False


@functools.lru_cache(maxsize=1)
def _response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    return validator_for(schema)(schema)


def install() -> None:
    """Make RemoteAction validate responses with the validator built once (idempotent)."""
    global _installed
    if _installed:
        return
    rasa_check = RemoteAction._validate_action_result

    @functools.wraps(rasa_check)
    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        if _response_validator().is_valid(result):
            return True
        return rasa_check(self, result)  # raises Rasa's ValidationError

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    _installed = True
