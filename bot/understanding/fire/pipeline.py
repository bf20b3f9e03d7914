"""The spaCy pipeline: tokeniser, canonical lemmas, Matcher (built lazily, once).

1. ``spacy.blank("en")`` tokenises the text (no model download needed).
2. The ``recall_fire_canon`` pipeline component gives every token a canonical
   lemma (``Token._.canon``, stored as ``Token.lemma_``) from the vocabulary
   (lexicon.py), tolerant to typos (typos.py).
3. A spaCy ``Matcher`` over the canonical lemma finds candidate triggers
   (single words and a few phrases: "blew up", "the smoke alarm went off",
   "the fire brigade came", "put it out with water", ...).

The pipeline is built on the first call and cached; importing this module is
cheap (spaCy is not imported). spaCy's tokenizer and string store are not
thread-safe: callers hold ``RUN_LOCK`` while they run the pipeline and the
Matcher. The tokenizer keeps every new word, so the pipeline is dropped and
rebuilt now and then (``MAX_STRINGS``). Very long texts are split into chunks
at line/sentence breaks (``chunks``). After warm-up a chat message takes about
0.1-0.3 ms, a 60-word one under 1 ms (mostly spaCy's tokenizer).
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from typing import Any

from bot.understanding.fire import languages
from bot.understanding.fire.lexicon import PROPERTY, TRIGGER_CANONS
from bot.understanding.fire.typos import build_indexes, canon_of, normalise_token

_INIT_LOCK = threading.Lock()
RUN_LOCK = threading.Lock()

# Words of the phrase patterns.
_RESPONDER_NOUNS = {
    "brigade", "brigades", "department", "dept", "service", "services", "truck",
    "trucks", "engine", "engines", "fighters", "fighter", "crew", "men", "man",
    "marshal", "rescue",
}
_RESPONDER_WORDS = {"firefighters", "firefighter", "firemen", "fireman", "firies", "fire-fighters"}
_BOMB_WORDS = {"firework", "fireworks", "bomb", "grenade", "rocket", "cannon", "gun", "gunshot", "firecracker", "shotgun"}
_ALARM_NOUNS = {"alarm", "alarms", "detector", "detectors"}
_ALARM_EVENT = {
    "went", "go", "goes", "going", "gone", "beeping", "beeped", "beep", "beeps",
    "sounded", "sounding", "triggered", "blaring", "screaming", "shrieking",
    "started", "starts", "off", "activated",
}

_STATE: tuple[Any, Any] | None = None
COMPONENT = "recall_fire_canon"
# Words that can start a Matcher pattern (filled by load): a doc without any
# skips the Matcher and the analysis.
_MATCH_FIRST_CANONS: set[str] = set()
_MATCH_FIRST_LOWERS: set[str] = set()
MAX_STRINGS = 500_000


def reset() -> None:
    """Drop the pipeline (rebuilt on the next call) to free its string store."""
    global _STATE
    with _INIT_LOCK:
        _STATE = None


def _set_canon(doc: Any) -> Any:
    """spaCy component: the canonical lemma of every token.

    It is stored as ``Token.lemma_`` (what the Matcher patterns match on: a
    native attribute, where matching on a Python extension attribute is ten
    times slower on long texts) and read back by ``Token._.canon``; the form
    tag (past, ing, ...) by ``Token._.canon_form``.
    """
    texts: list[str] = []
    lows: list[str] = []
    canons: list[str] = []
    forms: list[str] = []
    starts: list[int] = []
    spaces: list[str] = []
    strings = doc.vocab.strings
    candidate = False
    for token in doc:
        text = token.text
        low = normalise_token(text)
        canon, form = canon_of(low)
        token.lemma = strings.add(canon)
        if not candidate and (canon in _MATCH_FIRST_CANONS or low in _MATCH_FIRST_LOWERS):
            candidate = True
        texts.append(text)
        lows.append(low)
        canons.append(canon)
        forms.append(form)
        starts.append(token.idx)
        spaces.append(token.whitespace_)
    doc.user_data[COMPONENT] = (texts, lows, canons, forms, starts, spaces, candidate)
    return doc


def _token_canon(token: Any) -> str:
    return token.doc.user_data[COMPONENT][2][token.i]


def _token_canon_form(token: Any) -> str:
    return token.doc.user_data[COMPONENT][3][token.i]


def _c(values: Any) -> dict[str, Any]:
    """A token whose canonical lemma is (one of) values."""
    if isinstance(values, str):
        return {"LEMMA": values}
    return {"LEMMA": {"IN": sorted(values)}}


def _l(values: Any, op: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"LOWER": values} if isinstance(values, str) else {"LOWER": {"IN": sorted(values)}}
    if op:
        spec["OP"] = op
    return spec


def _patterns() -> dict[str, list[list[dict[str, Any]]]]:
    return {
        "TRIGGER": [[_c(TRIGGER_CANONS)]],
        "FOREIGN": [[_c(languages.TRIGGER_CANONS)]],  # French, Spanish, German (foreign.py)
        "BLOW_UP": [
            [_c("blow"), _l({"up", "apart", "uo", "upp"})],
            # "it went off like a firework"
            [_l({"went", "go", "goes", "gone", "going"}), _l({"off"}), _l({"like"}), _l({"a", "an"}, "?"), _l(_BOMB_WORDS)],
        ],
        "BLEW": [[_l({"blew", "blown", "blowed"})]],
        "ALARM": [
            # "the smoke alarm went off", "fire alarm at school went off"
            [_c({"smoke", "fire"}), _l(_ALARM_NOUNS), {"OP": "?"}, {"OP": "?"}, {"OP": "?"}, _l(_ALARM_EVENT)],
            [_l({"set", "sets", "setting", "triggered", "triggers", "triggering", "tripped", "activated"}), _l({"off"}, "?"), _l({"the", "my", "our", "a", "all", "every", "both"}, "?"), _l({"the", "my", "our", "a", "all", "every", "both"}, "?"), _c({"smoke", "fire"}), _l(_ALARM_NOUNS)],
        ],
        "RESPONDERS": [[_c("fire"), _l(_RESPONDER_NOUNS)], [_l(_RESPONDER_WORDS)], [_l({"fire"}), _l({"-"}), _l({"fighters", "fighter", "brigade"})]],
        "EXTINGUISHER": [[_c("fire"), _l({"extinguisher", "extinguishers", "blanket", "blankets"})]],
        "PUT_OUT": [[_l({"put", "putting", "puts"}), _l({"it", "them", "the", "that"}), _l({"flames", "fire", "thing"}, "?"), _l({"out"})]],
        "EXTINGUISHED": [[_l({"extinguished", "doused", "smothered", "extinguish", "douse"})]],
        "DAMAGED": [[_l({"damaged", "ruined", "destroyed", "wrecked", "fried", "damaging", "ruining", "destroying"}), _l({"my", "our", "the", "his", "her", "their", "a", "an", "your"}), _l(PROPERTY)]],
    }


def load() -> tuple[Any, Any]:
    """The (nlp, matcher) pair, built on the first call."""
    global _STATE
    if _STATE is not None:
        return _STATE
    with _INIT_LOCK:
        if _STATE is not None:
            return _STATE
        with warnings.catch_warnings():
            # Importing spaCy pulls in thinc -> TensorFlow -> jax, packaging ->
            # pyparsing and pkg_resources, which emit DeprecationWarnings about
            # their own code at import time (versions pinned by Rasa). They are
            # not about this module; keep them out of the logs and test reports.
            warnings.simplefilter("ignore", DeprecationWarning)
            import spacy
            from spacy.language import Language
            from spacy.matcher import Matcher
            from spacy.tokens import Token

        if not Token.has_extension("canon"):
            Token.set_extension("canon", getter=_token_canon)
        if not Token.has_extension("canon_form"):
            Token.set_extension("canon_form", getter=_token_canon_form)
        if not Language.has_factory(COMPONENT):
            Language.component(COMPONENT, func=_set_canon)
        build_indexes()
        nlp = spacy.blank("en")
        nlp.add_pipe(COMPONENT)
        matcher = Matcher(nlp.vocab)
        for label, patterns in _patterns().items():
            matcher.add(label, patterns)
            for pattern in patterns:
                first = pattern[0]
                for attr, target in (("LEMMA", _MATCH_FIRST_CANONS), ("LOWER", _MATCH_FIRST_LOWERS)):
                    if attr in first:
                        value = first[attr]
                        target.update(value["IN"] if isinstance(value, dict) else [value])
        _STATE = (nlp, matcher)
        return _STATE


# Control characters and the like, each replaced by one character: offsets stay valid.
CONTROL = {c: " " for c in range(32) if chr(c) not in "\t\n\r"}
CONTROL.update({c: " " for c in range(0x7F, 0xA0)})
CONTROL.update({0x2028: "\n", 0x2029: "\n"})
CONTROL.update({0x2019: "'", 0x2018: "'"})
CONTROL.update({c: "\ufffd" for c in range(0xD800, 0xE000)})  # lone surrogates cannot be encoded
_CHUNK = 50_000


def chunks(text: str) -> Iterator[tuple[int, str]]:
    """Split very long texts at line/sentence breaks (offsets preserved)."""
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + _CHUNK)
        if end < n:
            window_lo = max(start + _CHUNK // 2, end - 5_000)
            cut = -1
            for sep in ("\n", ". ", "! ", "? ", " "):
                cut = text.rfind(sep, window_lo, end)
                if cut != -1:
                    cut += len(sep)
                    break
            if cut > start:
                end = cut
        yield start, text[start:end]
        start = end
