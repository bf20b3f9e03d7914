"""Judging a French, Spanish or German candidate in its clause (vocabulary: languages.py).

``judge(d, k)`` returns the Hit of the trigger at k, or None when it is another
sense of the word, negated, hypothetical, a fear, news talk, or a question about
something that did not happen (see languages.py for the rules in words).
"""

from __future__ import annotations

from bot.understanding.fire.clauses import Clauses
from bot.understanding.fire.languages import (
    _BRAND_BEFORE,
    _INJURY_MARKS,
    _LLAMA_BEFORE,
    _NOT_NEGATION_AFTER,
    _PUNCT,
    _STOP,
    _WHY,
    KIND_OF,
    _bare,
    vocabulary,
)
from bot.understanding.fire.signal import Hit

_PAST_AFTER_SE = {"incendio"}


class _Reading:
    """One candidate: its clause, its words with French elisions split, the vocabulary."""

    def __init__(self, d: Clauses, k: int) -> None:
        self.d, self.k, self.v = d, k, vocabulary()
        self.lo, self.hi = d.c_lo[k], d.c_hi[k]
        self.tag = d.frm[k]

    def word(self, q: int) -> str:
        return _bare(self.d.low[q])

    def scope(self, size: int = 8) -> list[int]:
        """Indices before k in the clause, nearest first, up to a comma or 'but'."""
        out = []
        for q in range(self.k - 1, max(self.lo, self.k - size) - 1, -1):
            if self.d.low[q] in _STOP:
                break
            out.append(q)
        return out

    def before(self, section: str, size: int = 8) -> int:
        for q in self.scope(size):
            if self.v.has(section, self.word(q)) or self.v.has(section, self.d.low[q]):
                return q
        return -1

    def near(self, section: str, size: int) -> bool:
        k = self.k
        return any(self.v.has(section, self.word(q)) for q in range(max(self.lo, k - size), min(self.hi, k + size + 1)) if q != k)

    # -- other senses ----------------------------------------------------------
    def idiom(self) -> bool:
        d, k = self.d, self.k
        for phrase in self.v.idioms:
            for i in range(len(phrase)):
                start = k - i
                if start < 0 or start + len(phrase) > d.n:
                    continue
                if all(_same(d.low[start + m], p) for m, p in enumerate(phrase)):
                    return True
        return False

    def other_sense(self) -> bool:
        d, k, w = self.d, self.k, self.word(self.k)
        prev = self.word(k - 1) if k > self.lo else ""
        if w in {"brand", "brande"} and prev not in _BRAND_BEFORE:
            return True  # the English "brand"; German "in Brand", "ein Brand"
        if w in {"llama", "llamas"} and not (prev in _LLAMA_BEFORE or (k > self.lo and d.can[k - 1] == "x.light")):
            return True  # "te llamo", "se llama": to call
        if d.can[k] == "x.extinguish" and not self.near("means", 6):
            return True  # "löschen" is also "delete", "apagar" also "switch off"
        if self.near("food", 3):
            return True
        return d.can[k] == "x.smoke" and self.before("persons", 2) >= 0

    # -- context ---------------------------------------------------------------
    def negated(self) -> bool:
        scope = self.scope()
        if any(self.v.has("neg_blockers", self.word(q)) for q in scope):
            return False
        d = self.d
        for q in scope:
            low = d.low[q]
            if self.v.has("negations", self.word(q)) or (low.startswith("n'") and low != "n'"):
                return True
        for q in range(self.k + 1, min(self.hi, self.k + 4)):
            if d.low[q] in _PUNCT:
                break
            if self.v.has("post_negations", d.low[q]):
                nxt = d.low[q + 1] if q + 1 < d.n else ""
                return nxt not in _NOT_NEGATION_AFTER
        return False

    def happened(self) -> bool:
        if self.tag in {"past", "ing"}:
            return True
        d, k = self.d, self.k
        prev = self.word(k - 1) if k > self.lo else ""
        if prev in {"en", "in"} or (prev == "se" and d.low[k] in _PAST_AFTER_SE):
            return True  # "en feu", "en llamas", "in Flammen"; "se incendio" (no accent)
        for q in range(max(self.lo, self.k - 2), min(self.hi, self.k + 3)):
            if d.can[q] == "x.light" and d.frm[q] == "past":
                return True
        return False

    def hypothetical(self) -> bool:
        if self.before("modals", 5) >= 0:
            return True
        d = self.d
        if self.tag in {"base", "noun"}:
            for q in range(self.k + 1, min(self.hi, self.k + 3)):
                if self.v.has("modals", d.low[q]):
                    return True  # "... Feuer fangen kann"
        q = self.before("conditions", 10)
        if q >= 0:
            nxt = d.low[q + 1] if q + 1 < d.n else ""
            return not (self.word(q) == "si" and nxt in _PUNCT)  # "sí, explotó"
        return False

    def question(self) -> bool:
        """The trigger's own stretch (between commas) asks something: 'peut-elle exploser ?'."""
        d = self.d
        end = self.k + 1
        while end < d.s_hi[self.k] and d.low[end] not in _STOP:
            end += 1
        asks = end < d.n and d.low[end] in {"?", "??"}
        if not (asks or any(d.low[q] == "¿" for q in self.scope(12))):
            return False
        words = d.low[d.s_lo[self.k] : d.s_hi[self.k]]
        return not any(_bare(w) in _WHY for w in words) and not ("por" in words and "que" in words)

    def news_talk(self) -> bool:
        d = self.d
        generic = any(self.v.has("generic", self.word(q)) for q in range(d.s_lo[self.k], self.k))
        return generic and not self.near("evidence", 12)

    # -- the verdict -----------------------------------------------------------
    def hit(self) -> Hit | None:
        if self.idiom() or self.other_sense() or self.negated() or self.hypothetical():
            return None
        happened = self.happened()
        if self.tag == "subj" or (self.tag == "base" and self.d.can[self.k] != "x.extinguish" and self.before("starts", 4) < 0):
            return None  # an infinitive: "exploser", "prender fuego", "brennen"
        if not happened and self._fear():
            return None
        if self.news_talk() or (not happened and self.question()):
            return None
        return self._signal()

    def _fear(self) -> bool:
        d = self.d
        return any(self.v.has("fears", self.word(q)) for q in range(max(self.lo, self.k - 10), self.k)) or any(
            self.v.has("fears", _bare(d.low[q])) for q in range(self.k + 1, min(self.hi, self.k + 2))
        )

    def _signal(self) -> Hit:
        d, k = self.d, self.k
        canon = d.can[k]
        kind = KIND_OF[canon]
        damage = self.near("property", 6)
        injury = canon == "x.injury"
        if canon == "x.burn":
            if self.before("smell", 3) >= 0:
                kind = "smoke"
            elif self.near("body", 4) or self.near("people", 4) or any(self.word(q) in _INJURY_MARKS for q in self.scope(3)):
                kind, injury = "burn_injury", True
            elif damage:
                kind = "property_damage"
        if canon == "x.injury" and (damage and not self.near("body", 4)):
            kind, injury = "property_damage", False
        span = k
        for q in range(k - 1, max(self.lo, k - 3) - 1, -1):
            if d.can[q] == "x.light":
                span = q
                break
        return Hit(kind, span, k + 1, injury, damage or kind == "property_damage")


def _same(token: str, pattern: str) -> bool:
    if pattern.endswith("*"):
        return token.startswith(pattern[:-1]) or _bare(token).startswith(pattern[:-1])
    return token == pattern or _bare(token) == pattern


def judge(d: Clauses, k: int) -> Hit | None:
    """The Hit of the French/Spanish/German trigger at k, or None."""
    return _Reading(d, k).hit()
