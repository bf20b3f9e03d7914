"""A message as token arrays, split into clauses and sentences.

The judge (judge.py) reads every candidate in its clause: a clause starts at a
sentence break (punctuation, a line break), a conjunction that always starts
one ("but", "if", "because", ...), a soft one followed by a subject ("and it",
"so my"), or a subject after a comma or a dash. Sentences also know whether
they are questions and whether they ask "why" (the event is then presupposed).
"""

from __future__ import annotations

from typing import Any

from bot.understanding.fire.pipeline import COMPONENT

_CLAUSE_SUBJECTS = {
    "it", "its", "i", "you", "he", "she", "we", "they", "there", "theres", "my",
    "mine", "our", "the", "this", "that", "these", "those", "then", "now", "so",
    "and", "but", "just", "only", "what", "how", "why", "when", "where", "is",
    "was", "also", "plus", "anyway", "btw", "everything", "something", "im", "yes", "yeah", "ok", "okay", "which",
    "his", "her", "your", "their", "a", "an", "after", "before", "because",
    "since", "if", "though", "although", "still", "today", "yesterday",
    "last", "luckily", "thankfully", "fortunately", "unfortunately", "actually",
    "apparently", "suddenly",
}
# Words that start a new clause when followed by a subject-like word.
_SOFT_CONJ = {"and", "so", "or", "because", "cause", "cuz", "coz", "then", "while", "plus"}
# Words that always start a new clause.
_HARD_CONJ = {
    "but", "though", "although", "however", "except", "whereas", "yet", "if",
    "before", "after", "since", "unless", "until", "till", "til", "whether",
    "otherwise", "anyway", "anyways", "btw", "also",
}
_SENT_PUNCT = {".", "!", "?", ";", "…", "(", ")", "|", "•", "..", "...", "!!", "??"}
# Emoji that say what happened are words ("my battery is 🔥"); the others end a sentence like
# a "!" does ("some caught fire 😬 mine is fine").
_EVENT_EMOJI = set("🔥💥💨🧯🚒")


def _is_sentence_emoji(token: str) -> bool:
    return bool(token) and all(_emoji(ch) for ch in token) and not _EVENT_EMOJI.intersection(token)


def _emoji(ch: str) -> bool:
    return 0x1F300 <= ord(ch) <= 0x1FAFF or 0x2600 <= ord(ch) <= 0x27BF or ch in "\ufe0f\u200d"

# A question: a "?" or a sentence that starts with a wh-word or an auxiliary and a subject.
_WH = {"what", "how", "why", "where", "which", "who", "whats", "wat", "wht"}
_AUX_Q = {
    "is", "are", "was", "were", "do", "does", "did", "can", "could", "will",
    "would", "should", "has", "have", "had", "may", "might", "shall", "am",
    "ca", "wo", "isnt", "doesnt", "dont", "didnt", "cant", "wont",
}
_Q_SUBJECTS = {
    "it", "this", "that", "these", "those", "there", "they", "my", "the", "a",
    "an", "i", "you", "he", "she", "we", "your", "any", "anyone", "yours",
    "mine", "u", "ur", "its", "our", "some",
}


class Clauses:
    """Token arrays for one spaCy Doc (whitespace tokens dropped), with clause and sentence bounds."""

    __slots__ = ("low", "can", "frm", "st", "en", "clause", "c_lo", "c_hi", "sent", "s_lo", "s_hi", "n", "doc_to_k", "s_question", "s_why")

    def __init__(self, doc: Any, base: int) -> None:
        texts, lows, canons, forms, starts, spaces, _ = doc.user_data[COMPONENT]
        self.low: list[str] = []
        self.can: list[str] = []
        self.frm: list[str] = []
        self.st: list[int] = []
        self.en: list[int] = []
        self.doc_to_k: list[int] = []
        hard_break_before: list[bool] = []
        pending_break = False
        for i, text in enumerate(texts):
            self.doc_to_k.append(len(self.low))
            if text.isspace():
                pending_break = pending_break or "\n" in text or "\r" in text
                continue
            self.low.append(lows[i])
            self.can.append(canons[i])
            self.frm.append(forms[i])
            self.st.append(base + starts[i])
            self.en.append(base + starts[i] + len(text))
            hard_break_before.append(pending_break)
            pending_break = "\n" in spaces[i] or "\r" in spaces[i]
        self.doc_to_k.append(len(self.low))
        self.n = len(self.low)
        self._segment(hard_break_before)

    def _segment(self, hard_break_before: list[bool]) -> None:
        n = self.n
        low = self.low
        sent = [0] * n
        clause = [0] * n
        s_id = c_id = 0
        for k in range(n):
            w = low[k]
            new_sent = k > 0 and (
                hard_break_before[k]
                or (low[k - 1] in _SENT_PUNCT and w not in _SENT_PUNCT)
                or (_is_sentence_emoji(low[k - 1]) and not _is_sentence_emoji(w) and w not in _SENT_PUNCT)
            )
            new_clause = False
            if new_sent:
                s_id += 1
                new_clause = True
            elif k > 0:
                nxt = low[k + 1] if k + 1 < n else ""
                prev = low[k - 1]
                if w in _HARD_CONJ and prev not in {"even", "as", "or", "just", "right", "long"}:
                    new_clause = True
                elif w in _SOFT_CONJ and (nxt in _CLAUSE_SUBJECTS or nxt in _WH):
                    new_clause = True
                elif prev == "," and (w in _CLAUSE_SUBJECTS or w in _WH or w in _AUX_Q) and w not in {"no", "a", "an"}:
                    new_clause = True
                elif prev in {"-", "—", "–"} and w in _CLAUSE_SUBJECTS:
                    new_clause = True
            if new_clause:
                c_id += 1
            sent[k] = s_id
            clause[k] = c_id
        self.sent = sent
        self.clause = clause
        self.c_lo, self.c_hi = _bounds(clause)
        self.s_lo, self.s_hi = _bounds(sent)
        self.s_question: dict[int, bool] = {}
        self.s_why: dict[int, bool] = {}

    # -- sentence-level properties -------------------------------------------
    def is_question(self, k: int) -> bool:
        sid = self.sent[k]
        if sid not in self.s_question:
            lo, hi = self.s_lo[k], self.s_hi[k]
            words = [w for w in self.low[lo:hi] if w not in _SENT_PUNCT and w != ","]
            q = "?" in self.low[lo:hi] or "??" in self.low[lo:hi]
            if not q and words:
                first = words[0]
                second = words[1] if len(words) > 1 else ""
                if first in _WH and first != "when":
                    q = True
                elif first in _AUX_Q and (second in _Q_SUBJECTS or second in {"nt", "n't"}):
                    q = True
            self.s_question[sid] = q
        return self.s_question[sid]

    def is_why(self, k: int) -> bool:
        """'why did it...', 'how come', 'is it normal that...': the event is presupposed."""
        sid = self.sent[k]
        if sid not in self.s_why:
            words = self.low[self.s_lo[k] : self.s_hi[k]]
            why = False
            for i, w in enumerate(words):
                nxt = words[i + 1] if i + 1 < len(words) else ""
                if w in {"why", "y", "whyy", "wy"} and (i == 0 or words[i - 1] not in {"is", "that", "il"}):  # French "il y a"
                    why = True
                elif (w, nxt) in {("how", "come"), ("what", "caused"), ("what", "made"), ("what", "causes"), ("what", "makes")}:
                    why = True
                elif w == "normal" and (i > 0 and words[i - 1] in {"it", "this", "that", "is", "s", "'s"}):
                    why = True
            self.s_why[sid] = why
        return self.s_why[sid]


def _bounds(ids: list[int]) -> tuple[list[int], list[int]]:
    n = len(ids)
    lo = [0] * n
    hi = [0] * n
    start = 0
    for k in range(1, n + 1):
        if k == n or ids[k] != ids[start]:
            for j in range(start, k):
                lo[j] = start
                hi[j] = k
            start = k
    return lo, hi
