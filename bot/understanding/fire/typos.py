"""Typo tolerance: misspelt tokens mapped to the vocabulary, real words left alone.

A token within Damerau (OSA) edit distance 1 of a typo-tolerant form
(``data/typo_tolerant_forms.txt``) -- 2 for forms of 7+ letters -- maps to its
canonical lemma ("caugth", "smokeing", "exploted", "fier"). Real English words
near the vocabulary ("fine", "five", "spare", "charged", "meeting", ...) are
listed in ``data/guard_words.txt`` (generated from dictionary word lists, see
``generate_guard``) and never mapped, and a distance-2 match is dropped when the
token is one edit away from such a word. Every other token's canon is its
normalised lower-case text.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

from bot.understanding.fire import languages
from bot.understanding.fire.lexicon import DATA, all_forms, fuzzy_forms
from bot.understanding.textdist import edit_distance

GUARD_FILE = DATA / "guard_words.txt"

# Real but rare words that, in this chat, are far more often typos of the
# vocabulary ("it brunt my hand", "it melded"): left out of the guard.
_TYPO_NOT_GUARDED = frozenset({"brunt", "melded"})
# Words missing from the dictionary lists (or common in chat) that must never be mapped.
_GUARD_EXTRA = """
sparkly sparklies smokers meltdowns fired firing fixed fires fireman firemen
firestick burnout bursty catchin cachin chargin charing chaging chared
"""
_INDEX_LOCK = threading.Lock()


def _budget(form: str) -> int:
    return 1 if len(form) < 7 else 2


def _deletes(word: str, depth: int) -> set[str]:
    """The word with up to `depth` letters deleted (SymSpell-style candidates)."""
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


_TYPO_MIN_LEN = 4
# first letter -> [(form, length, budget, letter mask)] of the typo-tolerant forms
_FUZZY_BY_LETTER: dict[str, list[tuple[str, int, int, int]]] = {}
_GUARD_INDEX: dict[str, set[str]] = {}
_GUARD: frozenset[str] = frozenset()
_built = False


def _letters(word: str) -> int:
    """Bit mask of the letters in word."""
    mask = 0
    for ch in word:
        mask |= 1 << (ord(ch) & 63)
    return mask


def _read_words(path: Path) -> list[str]:
    """The words of a word file ('#' starts a comment line)."""
    text = path.read_text(encoding="utf-8")
    return [w for line in text.splitlines() if not line.lstrip().startswith("#") for w in line.split()]


def build_indexes() -> None:
    """Index the typo-tolerant forms and the guard words (once; any thread may call it)."""
    global _GUARD, _built
    if _built:
        return
    with _INDEX_LOCK:
        if _built:
            return
        for form in fuzzy_forms():
            if len(form) >= _TYPO_MIN_LEN:
                _FUZZY_BY_LETTER.setdefault(form[0], []).append((form, len(form), _budget(form), _letters(form)))
        # French, Spanish and German words near the English vocabulary ("buen" is not "burn")
        foreign = languages.vocabulary().words.get("guard", set())
        guard = frozenset(_read_words(GUARD_FILE) + _GUARD_EXTRA.split()) - set(all_forms()) - _TYPO_NOT_GUARDED | foreign
        for word in guard:
            for variant in _deletes(word, 1):
                _GUARD_INDEX.setdefault(variant, set()).add(word)
        _GUARD = guard
        _built = True


def guard_words() -> frozenset[str]:
    """The real words that are never mapped to the vocabulary."""
    build_indexes()
    return _GUARD


def _nearest_form(token: str) -> tuple[int, str] | None:
    """(distance, form) of the closest typo-tolerant form within its budget.

    Typos keep the first letter (or swap the first two).  Each edit removes at
    most one distinct letter, so a form with more than `budget` letters absent
    from the token is skipped before computing the distance."""
    length = len(token)
    if length < _TYPO_MIN_LEN or length > 16:
        return None
    mask = _letters(token)
    best: tuple[int, str] | None = None
    buckets = [(_FUZZY_BY_LETTER.get(token[0], ()), False)]
    if token[1] != token[0]:
        buckets.append((_FUZZY_BY_LETTER.get(token[1], ()), True))
    for bucket, swapped in buckets:
        for form, form_len, limit, form_mask in bucket:
            if abs(length - form_len) > limit or (swapped and form[1] != token[0]):
                continue
            if bin(form_mask & ~mask).count("1") > limit:
                continue
            d = edit_distance(token, form, limit)
            if d <= limit and (best is None or (d, form) < best):
                best = (d, form)
    return best


def _near_guard_word(token: str) -> bool:
    """Is the token one edit away from a real (non-vocabulary) word?"""
    seen: set[str] = set()
    for variant in _deletes(token, 1):
        for word in _GUARD_INDEX.get(variant, ()):
            if word not in seen:
                seen.add(word)
                if edit_distance(token, word, 1) <= 1:
                    return True
    return False


@lru_cache(maxsize=65536)
def _fuzzy_canon(token: str) -> tuple[str, str] | None:
    """Map a misspelt token to (canon, form tag), or None."""
    if token in _GUARD or not token.isalpha():
        return None
    best = _nearest_form(token)
    if best is None:
        return None
    distance, form = best
    if distance >= 2 and _near_guard_word(token):
        return None  # "chargd" is nearer to "charged" than to "charred"
    return fuzzy_forms()[form]


_RUN3 = re.compile(r"(\w)\1{2,}")
_ZERO_WIDTH = dict.fromkeys(
    c for c in range(0x2000, 0x2070) if unicodedata.category(chr(c)) == "Cf"
)
_ZERO_WIDTH.update({0xAD: None, 0xFEFF: None, 0x180E: None})
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})


def normalise_token(text: str) -> str:
    """Lower case; zero-width characters, accents and full-width forms folded."""
    if not text.isascii():
        text = text.translate(_ZERO_WIDTH)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    return text.lower()


@lru_cache(maxsize=65536)
def canon_of(low: str) -> tuple[str, str]:
    """(canon, form tag) of a normalised lower-case token."""
    forms = all_forms()
    hit = forms.get(low)
    if hit is not None:
        return hit
    candidates = [low]
    if _RUN3.search(low):
        candidates += [_RUN3.sub(r"\1", low), _RUN3.sub(r"\1\1", low)]
        for c in candidates[1:]:
            hit = forms.get(c)
            if hit is not None:
                return hit
    if low == "🔥":
        return ("fire", "noun")
    # French, Spanish, German: their exact forms before English typos ("flamme" is not "flame")
    hit = languages.canon(low)
    if hit is not None:
        return hit
    for c in candidates:
        hit = _fuzzy_canon(c)
        if hit is not None:
            return hit
    return languages.typo_canon(low) or (low, "")


# ---- maintenance: python -m bot.understanding.fire --guard DICTIONARY... ------------
def generate_guard(paths: list[str]) -> list[str]:
    """Dictionary words that a typo of the vocabulary could look like."""
    words: set[str] = set()
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                w = line.strip().lower()
                if w.isalpha() and w.isascii() and len(w) >= _TYPO_MIN_LEN:
                    words.add(w)
    words -= set(all_forms()) | _TYPO_NOT_GUARDED
    build_indexes()
    return sorted(w for w in words if _nearest_form(w) is not None)


def write_guard_words(words: list[str], path: Path = GUARD_FILE) -> None:
    """Replace the words of the guard file (its '#' header is kept), 88 characters a line."""
    header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    lines: list[str] = []
    line: list[str] = []
    for word in words:
        if sum(len(x) + 1 for x in line) + len(word) > 88:
            lines.append(" ".join(line))
            line = []
        line.append(word)
    if line:
        lines.append(" ".join(line))
    path.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
