"""Thanks and praise with 🔥 or a fire idiom, in every language: not a fire report.

"🔥🔥 thanks", "merci, votre chat c'est le feu 🔥", "gracias crack, la atención un
fuego", "danke, ihr seid einfach Feuer 🔥", "gracias!! están on fire hoy": a message
whose only fire words are 🔥 or the noun fire ("feu", "fuego", "Feuer"; "fire" said of
people: "vous êtes on fire", "you guys are on fire") with no fire verb near it ("caught fire", "pris feu", "Feuer gefangen"), that thanks or praises,
and that names no unit or device ("it", "elle", "sie"), nothing of the customer's ("my",
"ma", "mi", "mein"), no property, body part or person, no cry for help and no "there is"
("il y a", "hay", "es gibt"). Anything else is left to the other rules: "my power bank
🔥🔥🔥" (no thanks), "🔥🔥 help it's burning", "thanks but my battery is 🔥 and smoking",
"merci mais il y a le feu dans ma chambre" are reports.

The formal German "Sie" ("vielen Dank, Sie sind Feuer") is the customer's addressee, not
the unit: "sie" with a plural verb ("sind", "seid") is not taken for the unit here.
"""

from __future__ import annotations

from bot.understanding.fire import languages
from bot.understanding.fire.clauses import Clauses
from bot.understanding.fire.lexicon import (
    FIRE_VERBS,
    HELP_WORDS,
    MINE_WORDS,
    PERSONS,
    PRAISE_FIRE_WORDS,
    PRAISE_WORDS,
    PRAISED_PEOPLE,
    PROPERTY,
    THERE_WORDS,
)
from bot.understanding.fire.signal import Hit
from bot.understanding.fire.sources import names_a_device

# Persons that are the customer or the people thanked, not someone hurt; and the Spanish
# "son" ("they are": "son fuego"): "my son", "her son" are read by "my" and "her".
_NOT_A_THIRD_PARTY = {"i", "me", "myself", "us", "ourselves", "yourself", "someone", "somebody", "son"}
_PLURAL_VERBS = {"sind", "seid", "waren"}


def only_praise(d: Clauses, hits: list[Hit]) -> bool:
    """Whether every hit is 🔥 or a fire idiom in a message of thanks or praise (see the module)."""
    if not hits or not all(_praise_word(d, h.k_end - 1) for h in hits):
        return False
    v = languages.vocabulary()
    praised = False
    hit_at = {h.k_end - 1 for h in hits}
    for q in range(d.n):
        w, bare = d.low[q], languages._bare(d.low[q])
        if w in PRAISE_WORDS or v.has("praise", bare) or (w in PRAISE_FIRE_WORDS - {"🔥"} and q not in hit_at):
            praised = True  # a fire word read as an idiom beside the 🔥: "c'est le feu cette promo 🔥"
        if _ties_to_an_event(d, q, w, bare):
            return False
    return praised and not _names_a_device(d)


def _praise_word(d: Clauses, k: int) -> bool:
    """🔥 or the noun fire, no fire verb near it in its clause."""
    if d.low[k] not in PRAISE_FIRE_WORDS:
        return False
    if d.low[k] == "fire" and not any(d.low[q] in PRAISED_PEOPLE for q in range(max(d.c_lo[k], k - 4), k)):
        return False
    near = range(max(d.c_lo[k], k - 3), min(d.c_hi[k], k + 4))
    return not any(d.can[q] in {"catch", "x.light"} or d.low[q] in FIRE_VERBS for q in near)


def _ties_to_an_event(d: Clauses, q: int, w: str, bare: str) -> bool:
    """A word that makes the fire real: help, mine, there is, a place, a body part, a third party."""
    v = languages.vocabulary()
    if w in HELP_WORDS or w in MINE_WORDS or w in THERE_WORDS or w in PROPERTY or d.can[q] == "body":
        return True
    if w in PERSONS - _NOT_A_THIRD_PARTY:
        return True
    return any(v.has(section, bare) for section in ("help", "mine", "there", "property", "body", "people"))


def _names_a_device(d: Clauses) -> bool:
    for q in range(d.n):
        formal = d.low[q] == "sie" and q + 1 < d.n and d.low[q + 1] in _PLURAL_VERBS
        if not formal and names_a_device(d, q, q + 1):
            return True
    return False
