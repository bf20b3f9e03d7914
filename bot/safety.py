"""Old import path, kept for one release: use bot.understanding.fire."""

from bot.understanding.fire import KINDS, FireSignal, denies_fire, detect_fire_report

__all__ = ["FireSignal", "KINDS", "denies_fire", "detect_fire_report"]
