"""Messaging channels: Rasa's connectors, made to verify every inbound webhook.

Each module subclasses one of Rasa 3.6's connectors and is named in credentials.yml
by its module path (`bot.channels.telegram.VerifiedTelegramInput`, ...). A request
that fails verification is answered 403 and never reaches the bot. See
docs/CHANNELS.md for the set-up of each provider.
"""
