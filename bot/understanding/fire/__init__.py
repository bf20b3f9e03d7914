"""Rule-based fire-report safety net.

Runs inside every NLU parse, next to the trained intent classifier; either one
triggers the fire escalation (docs/INTERFACES.md, "Safety rule"). A missed fire
report is the worst bug this project can have, so the rules lean towards
reporting: anything that reads like the customer's unit (or something next to
it) burning, smoking, sparking, melting, exploding, burning someone or damaging
property is reported; heat or swelling alone, questions and fears about the
future, negations, recall/news talk and other senses of the words ("Amazon Fire
tablet", "that's fire", "burn a CD", ...) are not.

How it works
------------
1. ``spacy.blank("en")`` tokenises the text (pipeline.py).
2. A pipeline component gives every token a canonical lemma from the vocabulary
   (lexicon.py, data/), tolerant to typos (typos.py).
3. A spaCy ``Matcher`` over the canonical lemma finds candidate triggers
   (pipeline.py).
4. Each candidate is judged in its clause (clauses.py, judge.py), after the
   other senses of the word are ruled out (senses.py), smoke or burns from
   something else than the unit among them ("smoke from the barbecue", "my
   husband smokes", "my microwave sparked": sources.py); the phrases and the
   verdict are in detect.py. A message of thanks or praise whose only fire words
   are 🔥 or a fire idiom ("🔥🔥 thanks", "merci, c'est le feu") is not a report
   (praise.py).
   Marks are evidence that something burnt ("it left a black mark on my desk",
   "the plastic went black": marks.py).

When several events are reported, the most urgent kind (``KINDS`` order) is
returned, with message-wide ``injury`` and ``damage`` flags (signal.py).

Importing this package is cheap: spaCy is imported and the pipeline built on the
first call.
"""

from bot.understanding.fire.detect import denies_fire, detect_fire_report
from bot.understanding.fire.signal import KINDS, FireSignal

__all__ = ["FireSignal", "KINDS", "denies_fire", "detect_fire_report"]
