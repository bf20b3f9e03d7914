"""Which language a message is written in, and whether it asks for another one.

Detection uses lingua-language-detector (restricted to the configured languages: it is
built for short text, needs no download, and measured best here; see docs/LANGUAGES.md).
Model numbers, dates, emails and other tokens without letters are removed first, so
"A1263" or "03/2023" say nothing. A message that is too short to tell ("ok", "A1263",
"no") gives None and the conversation keeps its language, unless it is one of a few
words that belong to one language only ("bonjour", "gracias", "danke").
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass

from bot.i18n import SUPPORTED

MIN_WORDS = 3  # from three words on, lingua decides alone
# lingua's confidence for the top language, three words or more, and its lead over the
# second. Chosen on the held-out sets (815 messages of three words or more): 0.6 alone
# identified 0.89 and switched wrongly 0.25 %; 0.5 with a 0.1 lead 0.94 and 0.61 %;
# 0.4 with 0.1 0.96 and 0.98 %. A wrong switch answers in another language, a miss keeps
# the conversation's, so the middle one.
MIN_CONFIDENCE = 0.5
MIN_LEAD = 0.1
SHORT_CONFIDENCE = 0.9  # for one or two words not in SHORT_WORDS

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_NOISE = re.compile(
    r"\S+@\S+|https?://\S+|\b[A-Za-z]{1,3}[-\s]?\d[\w/.-]*|\b\d[\w/.:-]*",
    re.UNICODE,
)

# Words that, on their own, belong to one configured language only. Ambiguous ones
# ("no", "ok", "hallo", "merci" is kept: not English) are left to the conversation.
SHORT_WORDS: dict[str, str] = {
    **dict.fromkeys(
        ["bonjour", "bonsoir", "salut", "merci", "oui", "ouais", "d'accord", "daccord", "svp",
         "rembourser", "remboursement", "aide", "au revoir", "allô", "coucou"], "fr"),
    **dict.fromkeys(
        ["hola", "gracias", "sí", "vale", "buenas", "buenos días", "buenas tardes", "adiós",
         "ayuda", "reembolso", "claro", "por favor"], "es"),
    **dict.fromkeys(
        ["guten tag", "moin", "servus", "danke", "bitte", "jawohl", "nein", "tschüss", "hilfe",
         "erstattung", "genau", "gerne", "vielen dank", "guten morgen"], "de"),
    **dict.fromkeys(
        ["hello", "hi", "hey", "thanks", "thank you", "yes", "yeah", "yep", "please", "bye",
         "goodbye", "help", "refund", "replacement", "good morning"], "en"),
}

# "English please", "en français", "¿hablas inglés?", "auf Deutsch bitte".
_NAMES_OF = {
    "en": r"english|anglais|ingl[eé]s|englisch",
    "fr": r"french|fran[cç]ais|franc[eé]s|franz[oö]sisch",
    "es": r"spanish|espagnol|espa[nñ]ol|castellano|spanisch",
    "de": r"german|allemand|alem[aá]n|deutsch",
}
_ASKS = re.compile(
    r"\b(?:in|en|auf|speak|parle[sz]?|parlez|habla[sn]?|hablar|sprechen|sprichst|switch to|change to|"
    r"please|por favor|s'il (?:te|vous) pla[iî]t|svp|bitte|can we|could we|can you|do you|"
    r"pouvez-vous|puedes|puede|k[oö]nnen sie|kannst du)\b",
    re.IGNORECASE,
)


_ANY_NAME = "|".join(_NAMES_OF.values())
_NEGATED = re.compile(
    rf"\b(?:no|not|don'?t|do not|can'?t|cannot|ne|n'|pas|kein|keine|nicht)\b(?:\W+\w+){{0,3}}?\W+(?:{_ANY_NAME})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Detection:
    language: str
    confidence: float


_DETECTOR = None
_LOCK = threading.Lock()


def _detector():  # type: ignore[no-untyped-def]
    global _DETECTOR
    if _DETECTOR is None:
        with _LOCK:
            if _DETECTOR is None:
                from lingua import IsoCode639_1, LanguageDetectorBuilder

                codes = [getattr(IsoCode639_1, code.upper()) for code in SUPPORTED]
                _DETECTOR = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models().build()
    return _DETECTOR


def preload() -> None:
    """Load the language models now (about a second), not on the first customer's turn."""
    _detector()


def words_of(text: str) -> list[str]:
    """The words that can tell a language: letters only, model numbers and dates removed."""
    return _WORD.findall(_NOISE.sub(" ", text))


def detect(text: str) -> Detection | None:
    """The language the message is written in, or None when it is too short or unclear."""
    words = words_of(text)
    if not words:
        return None
    if len(words) < MIN_WORDS:
        short = _short_word_language(words)
        if short:
            return Detection(short, 1.0)
    values = _detector().compute_language_confidence_values(" ".join(words))
    if not values:
        return None
    top = values[0]
    lead = top.value - (values[1].value if len(values) > 1 else 0.0)
    needed = MIN_CONFIDENCE if len(words) >= MIN_WORDS else SHORT_CONFIDENCE
    if top.value < needed or lead < MIN_LEAD:
        return None
    return Detection(top.language.iso_code_639_1.name.lower(), round(float(top.value), 3))


def language_of(text: str) -> str:
    """The language to answer a lone message in: the one it is written in, else English."""
    from bot.i18n import DEFAULT

    found = detect(text)
    return found.language if found else DEFAULT


def _short_word_language(words: list[str]) -> str | None:
    phrase = " ".join(w.lower() for w in words)
    if phrase in SHORT_WORDS:
        return SHORT_WORDS[phrase]
    found = {SHORT_WORDS[w.lower()] for w in words if w.lower() in SHORT_WORDS}
    return found.pop() if len(found) == 1 else None


def requested_language(text: str) -> str | None:
    """The language the customer asks for by name ("English please", "en español"), or None.

    A language named without a request ("I live in France", "my German power bank") is not
    a request: the name must come with a request word, or be the whole message.
    """
    folded = _fold(text)
    named = [code for code, pattern in _NAMES_OF.items() if re.search(rf"\b(?:{pattern})\b", folded, re.IGNORECASE)]
    if len(named) != 1:
        return None
    if _NEGATED.search(folded):
        return None  # "je ne parle pas anglais": the language they write in, not the one named
    words = words_of(folded)
    if len(words) <= 2 or _ASKS.search(folded):
        return named[0]
    return None


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()
