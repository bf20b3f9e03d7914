"""Old import path, kept for one release (stored models, deploy files): use bot.rasa_ext.policies."""
