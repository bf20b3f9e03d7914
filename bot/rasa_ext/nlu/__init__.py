"""Rasa NLU components of the project (they call bot.understanding.model_numbers and bot.safety)."""
