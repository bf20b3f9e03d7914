"""The REST and socket.io limits on the messaging channels (bot.channels.rest_socketio.MessageGate).

The same message-length cap, per-sender rate and answers; a fire report always passes.
A refused message never reaches Rasa: the customer gets the gate's answer on their own
channel, and the webhook still answers the provider 2xx (providers retry anything else).

There is no per-address rate here: a webhook's address is the provider's, shared by
every customer of the channel. The too-fast answer goes out once a minute at most: on
SMS and WhatsApp each answer is a paid message, and a flood must not become ours. Both
answers are in the language of the refused message (bot.channels.limits).
"""

from __future__ import annotations

import logging

from rasa.core.channels.channel import OutputChannel

from bot.channels.limits import Refusal
from bot.channels.memory import ExpiringMemory
from bot.channels.rest_socketio import MessageGate, RefusedError
from bot.review.masking import mask_identifier

logger = logging.getLogger(__name__)

TOO_FAST_QUIET_SECONDS = 60


class ChannelGate:
    """Admits a messaging customer's message, or answers why not."""

    def __init__(self, gate: MessageGate | None = None) -> None:
        self._gate = gate
        self._told_too_fast: ExpiringMemory[bool] = ExpiringMemory(ttl=TOO_FAST_QUIET_SECONDS)

    @property
    def gate(self) -> MessageGate:
        if self._gate is None:  # on the first message: the limits come from the environment
            self._gate = MessageGate()
        return self._gate

    async def admit(self, *, conversation_id: str, text: str, output: OutputChannel) -> str | None:
        """The text to hand to Rasa, or None when refused (and the customer answered).

        Args:
            conversation_id: the namespaced id (bot.channels.conversation_ids): the rate's key.
            text: what the customer sent.
            output: the customer's channel, for the answer.
        """
        try:
            return await self.gate.admit(sender=conversation_id, text=text, address=None)
        except RefusedError as refused:
            logger.info(
                "%s message from %s refused: %s",
                output.name(),
                mask_identifier(conversation_id),
                refused.reason.value,
            )
            # Whatever language the flood is in: one too-fast answer per quiet period.
            if refused.reason is not Refusal.TOO_FAST or not self._told_too_fast.seen(conversation_id):
                await output.send_text_message(conversation_id, refused.text)
            return None
