"""Judging a candidate trigger in its clause: is it a report of something that happened?

Each candidate is judged in its clause (clauses.py): negation ("no smoke", "it
hasn't caught fire"), local modality ("could catch fire", "likely to explode"),
conditionals and fears ("if", "before it catches fire", "worried about a
fire"), recall/news talk without anything tying the event to the customer ("I
read units have caught fire"), and questions about the product in general ("is
this the model that catches fire?"). Other senses of the words are in senses.py.
"""

from __future__ import annotations

from bot.understanding.fire.clauses import Clauses
from bot.understanding.fire.lexicon import (
    ADVERB_SKIP,
    BE_PAST,
    BE_PRESENT,
    COND,
    COUNTERFACTUAL_MODALS,
    ELLIPSIS_END,
    ELLIPSIS_SKIP,
    ELLIPSIS_SUBJECTS,
    EVENT_AFTER,
    EVIDENCE,
    EVIDENCE_PAIRS,
    FEAR,
    FIRE_INSTRUCTIONS,
    GENERIC_SUBJECTS,
    GENERIC_TALK,
    GOVERN_STOP,
    HEARSAY,
    ING_EVENT_BEFORE,
    LIGHT_VERBS,
    MEDIA_NOUNS,
    MODALS,
    NEG_BLOCKERS,
    NEGATIONS,
    NOMINAL_BEFORE,
    NOUN_MODIFIERS,
    PERSONS,
    PREPOSITIONS,
    PRONOUNS,
    REPORTING_VERBS,
    SIMILE,
    SUBJECT_PRONOUNS,
    SUBJECT_WORDS,
    TEMPORAL_FUTURE,
    TO_OK_BEFORE,
    TRIGGER_CANON_SET,
    TRIGGER_WORDS_LOW,
    UNSURE,
    VERB_GROUP_SKIP,
    WEEKDAYS,
)

# Evidence in a statement ("it actually caught fire"), not in a question about units
# in general ("how many of them actually caught fire?", "how many already exploded?").
_QUESTION_ADVERBS = {"actually", "literally", "just", "already"}
_HOW_MANY_NOUNS = {"percentage", "percent", "proportion", "share", "number", "fraction"}

class Judge:
    """Decides whether each candidate trigger is a report."""

    def __init__(self, d: Clauses) -> None:
        self.d = d

    # -- helpers ---------------------------------------------------------------
    def prev(self, k: int, skip: frozenset[str] | set[str] = frozenset({"-", "—", "–", '"', "'"})) -> tuple[int, str]:
        d = self.d
        lo = d.c_lo[k] if k < d.n else 0
        j = k - 1
        while j >= lo and d.low[j] in skip:
            j -= 1
        return (j, d.low[j]) if j >= lo else (-1, "")

    def next(self, k: int, skip: frozenset[str] | set[str] = frozenset({"-", "—", "–", '"', "'"})) -> tuple[int, str]:
        d = self.d
        hi = d.c_hi[k] if k < d.n else d.n
        j = k + 1
        while j < hi and d.low[j] in skip:
            j += 1
        return (j, d.low[j]) if j < hi else (-1, "")

    def window_before(self, k: int, size: int = 10) -> range:
        d = self.d
        return range(max(d.c_lo[k], k - size), k)

    def window_after(self, k: int, size: int = 6) -> range:
        d = self.d
        return range(k + 1, min(d.c_hi[k], k + 1 + size))

    # -- context tests --------------------------------------------------------
    def negated(self, k: int) -> bool:
        d = self.d
        low = d.low
        for j in self.window_before(k, 8):
            w = low[j]
            if w not in NEGATIONS:
                continue
            nxt = low[j + 1] if j + 1 < d.n else ""
            nxt2 = low[j + 2] if j + 2 < d.n else ""
            if w in {"no", "nope", "nah"} and (nxt in PRONOUNS - {"one", "the"} or nxt in {",", "!", ".", "way", "joke", "kidding", "lie", "idea"}):
                continue  # interjection: "no, it caught fire" / "no it caught fire"
            if w in {"not", "n't", "nt"} and nxt in {"only", "just"}:
                continue
            if nxt in NEG_BLOCKERS or (nxt2 in NEG_BLOCKERS and nxt not in TRIGGER_WORDS_LOW):
                continue  # "don't know why it exploded", "don't really know why"
            if nxt == "believe" and (w in {"cant", "cannot", "couldnt"} or (j > 0 and low[j - 1] in {"ca", "can", "could"})):
                continue  # "I can't believe it exploded" (but "I don't believe it caught fire")
            if any(low[m] in {"stop", "stopped", "stopping", "stops", "quit"} for m in range(j + 1, k)):
                continue
            if any(low[m] in {"that", "which", "who"} and low[m - 1] in {"one", "unit", "model", "bank", "battery", "charger", "ones"} for m in range(j + 2, k)):
                continue  # "it's not the one that caught fire" -- one did
            if w == "without" and k - j > 4:
                continue
            return True
        return False

    def governing_verb(self, k: int) -> int:
        """For a noun-ish trigger, the nearest light verb before it in the clause
        ('caught fire', 'set my couch on fire', 'there was a small fire')."""
        d = self.d
        for j in range(k - 1, max(d.c_lo[k], k - 5) - 1, -1):
            w = d.low[j]
            if w in LIGHT_VERBS or (d.can[j] in {"catch", "burst", "burn", "smoke"} and d.frm[j] and d.can[j] != d.can[k]):
                return j
            if w in MODALS or w == "to" or w in GOVERN_STOP or w in SUBJECT_PRONOUNS:
                return -1
        return -1

    def local_hypothetical(self, v: int) -> str:
        """'modal' / 'to' / 'almost' when a modal, an infinitive marker or
        'almost' directly governs the verb group at v, else ''.

        Walks back over auxiliaries and adverbs, then over at most one subject
        ('could it catch fire', 'will the power bank explode'); anything else
        ends the verb group ('what should I do, it exploded')."""
        d = self.d
        low = d.low
        lo = d.c_lo[v]
        j = v - 1
        in_subject = False
        crossed_det = False
        steps = 0
        while j >= lo and steps < 7:
            w = low[j]
            if w in {"almost", "nearly"} and not in_subject and not (d.can[v] == "burn" and low[v] != "burning"):
                return "almost"  # "it almost caught fire" -- but "it nearly burned my house down"
            if w == "close" and j + 1 < d.n and low[j + 1] == "to":
                return "almost"
            if w == "about" and j + 1 < d.n and low[j + 1] == "to":
                return "almost"
            if w in MODALS:
                after = low[j + 1] if j + 1 < d.n else ""
                after2 = low[j + 2] if j + 2 < d.n else ""
                if after in {"have", "'ve", "of", "ve"} or after2 in {"have", "'ve", "ve"}:
                    return "modal" if w in COUNTERFACTUAL_MODALS else ""
                if (after == "be" or after2 == "be") and w in {"might", "may", "must", "could"}:
                    return ""
                if w == "must":
                    return ""
                return "modal"
            if w == "to":
                before = low[j - 1] if j - 1 >= lo else ""
                if crossed_det:
                    return ""  # a preposition: "woke up to a burning smell"
                if before in {"going", "gon", "about"}:
                    return "modal" if before != "about" else "almost"
                return "" if before in TO_OK_BEFORE else "to"
            if w in {"gonna", "finna"}:
                return "modal"
            if not in_subject and w in VERB_GROUP_SKIP:
                j -= 1
                steps += 1
                continue
            if w in SUBJECT_WORDS:
                in_subject = True
                crossed_det = crossed_det or w in {"a", "an", "the", "my", "your", "our", "this", "that"}
                j -= 1
                steps += 1
                continue
            break
        return ""

    def effective_form(self, k: int) -> tuple[str, int]:
        """(form, verb index) of the event at trigger k.

        Forms: past; ing (progressive: 'is smoking'); state ('is on fire',
        'there is smoke'); event (a noun with an event verb or a definite
        article: 'smoke poured out', 'the burn marks'); gerund ('risk of
        catching fire'); base; pres; noun.
        """
        d = self.d
        low, frm = d.low, d.frm
        f = frm[k]
        if f == "past":
            return "past", k
        if f == "ing":
            j, w = self.prev(k, ADVERB_SKIP)
            if w == "be":
                return "ing", j  # 'might be melting' -- the modal decides
            if w in BE_PRESENT or w in BE_PAST or w in ING_EVENT_BEFORE:
                return "ing", k
            if self._gerund(k):
                return "gerund", k
            return "ing", k
        pj, pw = self.prev(k, ADVERB_SKIP)
        if (f == "pres" and pw not in NOMINAL_BEFORE and not (pw in BE_PRESENT or pw in BE_PAST)) or (
            f == "base" and (pw in SUBJECT_PRONOUNS or pw in {"do", "does", "did", "didnt", "to"} or pw in MODALS)
        ):
            # a finite verb of its own: 'it explodes', 'it make fire', 'did it catch'
            if self._did_before(k):
                return "past", k
            return f, k
        v = self.governing_verb(k)
        if v >= 0:
            vw = low[v]
            vf = LIGHT_VERBS.get(vw) or frm[v]
            if vf == "be":
                return ("past" if vw in BE_PAST else "state"), v
            if vf in {"past", "part"}:
                return "past", v
            if vf == "ing":
                return ("gerund" if self._gerund(v) else "ing"), v
            if vf in {"base", "pres"} and self._did_before(v):
                return "past", v
            return vf or "base", v
        # be directly before an adjectival/base trigger: "my charger is burn"
        if pw in BE_PRESENT:
            return "state", pj
        if pw in BE_PAST:
            return "past", pj
        # a noun followed by an event verb: "smoke poured out", "fire come out"
        for j in self.window_after(k, 3):
            if low[j] in EVENT_AFTER:
                return "event", k
            if low[j] in PREPOSITIONS and low[j] not in {"from", "out"}:
                break
        # a definite noun refers to something that happened: "the burn marks",
        # "damage from the fire", "the smoke"
        q = k - 1
        while q >= d.c_lo[k] and low[q] in NOUN_MODIFIERS:
            q -= 1
        if q >= d.c_lo[k] and low[q] in {"the", "that", "this"} and f in {"base", "noun", "adj"}:
            return "event", k
        if q >= d.c_lo[k] and low[q] in {"about", "regarding", "re", "concerning"} and f in {"base", "noun"}:
            return "topic", k
        return (f or "noun"), k

    def _gerund(self, k: int) -> bool:
        """-ing form used as a noun: 'risk of catching fire', 'scared of it exploding'."""
        low = self.d.low
        j, w = self.prev(k, ADVERB_SKIP)
        if w in {"it", "them", "this", "mine", "that", "one", "they", "these"} and j > 0:
            j, w = self.prev(j, ADVERB_SKIP)
        if w in PREPOSITIONS or w in FEAR:
            return True
        return w == "like" and j > 0 and low[j - 1] in {"feel", "feels", "felt", "feeling"}

    def _did_before(self, v: int) -> bool:
        d = self.d
        for j in range(v - 1, max(d.c_lo[v], v - 4) - 1, -1):
            if d.low[j] in {"did", "didnt"}:
                return True
            if d.low[j] in MODALS or d.low[j] == "to":
                return False
        return False

    def clause_has(self, k: int, words: set[str] | frozenset[str], size: int = 12) -> int:
        d = self.d
        for j in self.window_before(k, size):
            if d.low[j] in words:
                return j
        return -1

    def cond(self, k: int) -> bool:
        d = self.d
        low = d.low
        for j in self.window_before(k, 12):
            w = low[j]
            nxt = low[j + 1] if j + 1 < d.n else ""
            if w in COND:
                if w in {"if", "whether"} and any(low[m] in UNSURE for m in range(max(0, j - 3), j)):
                    # "not sure if it was smoke or steam": an uncertain observation --
                    # a modal ("if it will catch fire") is caught on its own
                    continue
                return True
            if w in FIRE_INSTRUCTIONS and d.can[k] in {"fire", "flame"} and d.frm[k] in {"base", "noun"}:
                return True
            if (w, nxt) in {("in", "case"), ("what", "if"), ("in", "the"), ("away", "from"), ("keep", "away"), ("stay", "away"), ("keep", "it")} and (
                (w, nxt) != ("in", "the") or (j + 2 < d.n and low[j + 2] == "event")
            ):
                if (w, nxt) == ("keep", "it") and not (j + 2 < d.n and low[j + 2] in {"away", "from"}):
                    continue
                return True
            if (w, nxt) in SIMILE:
                return True
        return False

    def fear(self, k: int) -> bool:
        return self.clause_has(k, FEAR) >= 0

    def temporal_future(self, k: int) -> bool:
        return self.clause_has(k, TEMPORAL_FUTURE) >= 0

    def generic_talk(self, k: int) -> bool:
        d = self.d
        low = d.low
        for j in self.window_before(k, 14):
            w = low[j]
            nxt = low[j + 1] if j + 1 < d.n else ""
            if w in GENERIC_TALK:
                if w in {"read", "reading"} and nxt not in {"that", "about", "on", "in", "online", "some", "these", "the", "they", "units", "people", "of", "it", "there", "many", "a"}:
                    continue
                if w == "says" and j > 0 and low[j - 1] in {"it", "he", "she", "wife", "husband"}:
                    continue
                return True
            if w == "heard" and nxt in {"that", "about", "of", "on", "there", "some", "they", "these", "units", "people", "online", "from"}:
                return True
            if w == "notice" and j > 0 and low[j - 1] in {"the", "a", "recall", "your", "safety"}:
                return True
            if w in {"they", "people"} and nxt in {"say", "said", "says"}:
                return True
        return False

    def generic_subject(self, k: int) -> bool:
        d = self.d
        low = d.low
        for j in self.window_before(k, 8):
            w = low[j]
            nxt = low[j + 1] if j + 1 < d.n else ""
            if w in GENERIC_SUBJECTS:
                if w in {"these", "those", "batteries", "banks", "powerbanks", "chargers", "devices", "products", "cases", "ones"} and (
                    j > 0 and low[j - 1] in {"my", "our", "both", "two", "all", "mine"}
                ):
                    continue
                if w in {"these", "those"} and j + 1 == k:
                    continue
                return True
            if w in {"some", "few", "several", "many", "most", "others"} and j + 1 <= k and (
                (d.frm[j + 1] == "past" and d.can[j + 1] in TRIGGER_CANON_SET | {"catch", "blow"})
                or d.can[j + 1] in {"catch", "explode", "blow", "ignite", "combust"} and d.frm[j + 1] in {"pres", "base"}
            ):
                return True  # "some exploded", "a few caught fire"
            if w in {"some", "lots", "lot", "couple", "few", "other"} and nxt in {"of", "units", "people", "models", "ones", "batteries", "power", "owners", "customers", "users", "others"}:
                if nxt == "of" and j + 2 < d.n and (low[j + 2] in {"my", "our"} or j + 2 == k):
                    continue
                return True
        return False

    def evidence(self, k: int) -> bool:
        """Something ties the event to the customer (mine, my hand, last night...)."""
        d = self.d
        low = d.low
        lo, hi = d.c_lo[k], d.c_hi[k]
        for j in range(max(lo, k - 12), min(hi, k + 5)):
            w = low[j]
            nxt = low[j + 1] if j + 1 < d.n else ""
            nxt2 = low[j + 2] if j + 2 < d.n else ""
            if w in EVIDENCE and not (w in {"my", "our"} and nxt in MEDIA_NOUNS):
                if w == "just" and j > k:
                    continue
                if w in _QUESTION_ADVERBS and self._asks_how_many(k):
                    continue  # "how many of them actually caught fire?" asks about them all
                if w in {"my", "our"} and nxt in PERSONS and (nxt2 in HEARSAY or nxt2 in REPORTING_VERBS):
                    continue  # "my friend said some caught fire": the source, not the unit
                if w in {"me", "us"} and j > 0 and low[j - 1] in HEARSAY | REPORTING_VERBS:
                    continue  # "told me they catch fire"
                return True
            if (w, nxt) in EVIDENCE_PAIRS:
                return True
            if w == "on" and nxt in WEEKDAYS:
                return True
        return False

    def _asks_how_many(self, k: int) -> bool:
        """The stretch of k (back to a comma) asks how many: 'how many of them actually caught fire'
        (but not "the batteries just caught fire, how many more will?")."""
        d = self.d
        for q in range(k - 1, d.s_lo[k] - 1, -1):
            w = d.low[q]
            if w in {",", ";", ":", "-"}:
                return False
            if w in _HOW_MANY_NOUNS or (w == "how" and q + 1 < d.n and d.low[q + 1] in {"many", "much", "often"}):
                return True
        return False

    # -- the decision ----------------------------------------------------------
    def is_report(self, k: int, strong_event: bool = False) -> bool:
        if self._is_report(k, strong_event):
            return True
        d = self.d
        low = d.low
        # "I didn't think it would catch fire, but it did", "... ? mine did"
        for q in range(k + 1, min(d.n, k + 12)):
            if low[q] in {"but", "and", "which", "then"}:
                start = q + 1
            elif d.sent[q] != d.sent[q - 1]:
                start = q
            else:
                continue
            rest = [w for w in low[start : start + 6] if w not in ELLIPSIS_SKIP]
            if rest and rest[0] in ELLIPSIS_SUBJECTS:
                for m in range(1, min(len(rest), 4)):
                    if rest[m] in {"did", "has", "had"}:
                        if m + 1 == len(rest) or rest[m + 1] in ELLIPSIS_END:
                            return True
                        break
        if self._mine_too_after(k):
            return True
        if self.negated(k):
            return False
        # "I don't want it to catch fire again": it already did once
        return any(low[q] == "again" for q in self.window_after(k, 4))

    def _mine_too_after(self, k: int) -> bool:
        """ "I read that some caught fire, mine too": the customer's own unit did it as well."""
        low, n = self.d.low, self.d.n
        for q in range(k + 1, min(n, k + 12)):
            boundary = low[q - 1] in {",", ".", "!", "?", ";", "and", "-"} or self.d.sent[q] != self.d.sent[q - 1]
            if low[q] != "mine" or not boundary:
                continue
            after = low[q + 1 : q + 4]
            size = 2 if after[:2] == ["as", "well"] else 1 if after[:1] in (["too"], ["also"]) else 0
            if size and (len(after) == size or after[size] in ELLIPSIS_END):
                return True
        return False

    def _is_report(self, k: int, strong_event: bool) -> bool:
        d = self.d
        if self.negated(k):
            return False
        form, v = self.effective_form(k)
        why = d.is_why(k)
        for reason in (self.local_hypothetical(v), self.local_hypothetical(k) if v != k else ""):
            # "is it normal for it to smoke?" describes what it does
            if reason and not (reason == "to" and why):
                return False
        if self.cond(k):
            return False
        happened = form in {"past", "ing", "state", "event"} or strong_event
        if not happened and (self.fear(k) or self.temporal_future(k)):
            return False
        if not happened and form == "topic" and not self.evidence(k):
            return False  # "something about fire"
        if not happened and self.hearsay(k):
            return False  # "my friend told me they catch fire"
        if self.generic_talk(k) or self.generic_subject(k):
            if not self.evidence(k):
                return False
        if not happened and why and not (self.evidence(k) or self.specific_subject(k)):
            return False  # "why do they explode?" asks about the product in general
        if d.is_question(k) and not why:
            if not happened:
                return False
            if self.clause_has(k, {"they", "them", "theirs"}, 6) >= 0 and not self.evidence(k):
                return False  # "are they catching fire?"
        return True

    def hearsay(self, k: int) -> bool:
        d = self.d
        for j in self.window_before(k, 10):
            w = d.low[j]
            if w in HEARSAY:
                return True
            if w in {"heard", "hear", "hears"} and j + 1 < d.n and d.low[j + 1] in {"that", "about", "of", "they", "these", "some", "people", "units", "those", "there"}:
                return True
        return False

    def specific_subject(self, k: int) -> bool:
        """'it' / 'he' / 'she' / 'my X' as the subject near the trigger."""
        d = self.d
        for j in range(k - 1, max(d.c_lo[k], k - 5) - 1, -1):
            if d.low[j] in {"it", "its", "he", "she", "my", "mine", "our", "powerbank", "bank", "charger", "battery", "unit"}:
                return True
        return False
