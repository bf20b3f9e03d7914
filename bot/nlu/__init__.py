"""Rasa NLU components of the project (they call bot.normalise and bot.safety)."""
