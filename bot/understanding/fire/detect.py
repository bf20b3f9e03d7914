"""Detecting a fire report: the Matcher's candidates judged, the most urgent one returned.

A single trigger word is judged by the judge (judge.py) after the other senses
of the word (senses.py) are ruled out; a phrase ("blew up", "the smoke alarm
went off", "the fire brigade came", "put it out with water", "damaged my desk")
has its own reading here. A smoke report that is only a burning smell, with the
customer saying there was no smoke or fire, is heat advice, not a fire report.
"""

from __future__ import annotations

import re

from bot.understanding.fire import foreign, languages, marks, pipeline, praise, sources
from bot.understanding.fire.clauses import Clauses
from bot.understanding.fire.judge import Judge
from bot.understanding.fire.lexicon import BE_PAST, BE_PRESENT, DEVICE_WORDS, KIND_OF_CANON
from bot.understanding.fire.senses import excluded_sense
from bot.understanding.fire.signal import PRIORITY, FireSignal, Hit, burn_kind, damage_near, injury_anywhere

_RESPONDER_VERBS = {
    "came", "come", "comes", "arrived", "arrive", "showed", "turned", "attended",
    "responded", "called", "call", "calling", "were", "was", "had", "put",
    "putting", "got", "here", "there", "out", "rushed", "evacuated", "sent",
    "said", "says", "told", "blamed", "determined", "found", "confirmed",
    "think", "thought", "reckon", "reckoned", "investigated", "took",
}
_EXTINGUISH_USE = {
    "used", "use", "using", "grabbed", "grab", "sprayed", "spray", "emptied",
    "needed", "need", "had", "threw", "put", "blasted", "pointed",
}
_EXTINGUISH_MEANS = {
    "water", "extinguisher", "blanket", "sand", "towel", "towels", "soda",
    "foam", "powder", "salt", "milk", "dirt", "soil", "cup", "bucket",
    "glass", "sink", "hose", "jacket", "coat", "pillow", "lid", "pan",
}


class _Analysis:
    """The reports among one chunk's Matcher candidates."""

    def __init__(self, d: Clauses, matches: list[tuple[str, int, int]]) -> None:
        self.d = d
        self.j = Judge(d)
        self.matches = matches

    def run(self) -> list[Hit]:
        hits: list[Hit] = []
        j = self.j
        compound_heads: set[int] = set()
        for label, s, e in self.matches:
            if label in {"ALARM", "RESPONDERS", "EXTINGUISHER", "DAMAGED"}:
                compound_heads.update(range(s, e))
        for label, s, e in self.matches:
            hit = None
            if label == "TRIGGER":
                hit = self._trigger(s, compound_heads)
            elif label == "FOREIGN":
                hit = foreign.judge(self.d, s)
            elif label == "BLOW_UP":
                if (self.d.can[s] != "blow" or not excluded_sense(j, s)) and j.is_report(s):
                    hit = Hit("explosion", s, e)
            elif label == "BLEW":
                hit = self._blew(s, e)
            elif label == "ALARM":
                if j.is_report(e - 1, strong_event=True) and not j.negated(s) and not sources.event_from_another_source(self.d, s):
                    hit = Hit("smoke", s, e)
            elif label == "RESPONDERS":
                hit = self._responders(s, e)
            elif label == "EXTINGUISHER":
                hit = self._extinguisher(s, e)
            elif label == "DAMAGED":
                hit = self._damaged(s, e)
            elif label in {"PUT_OUT", "EXTINGUISHED"}:
                hit = self._put_out(label, s, e)
            if hit is not None:
                hits.append(hit)
        return hits

    def _trigger(self, k: int, compound_heads: set[int]) -> Hit | None:
        d, j = self.d, self.j
        canon = d.can[k]
        if k in compound_heads and canon in {"fire", "smoke"}:
            return None
        if excluded_sense(j, k):
            return None
        kind = KIND_OF_CANON.get(canon)
        injury = damage = False
        if canon == "burn":
            kind, injury, damage = burn_kind(j, k)
        if canon == "bang":
            pj, pw = j.prev(k)
            if pw not in {"a", "loud", "big", "huge", "massive", "went", "go", "goes", "gone", "with", "heard", "like", "and", "almighty", "sudden"}:
                return None
        if canon == "blister":
            injury = True
        if canon == "mark":
            kind, injury, damage = marks.mark_kind(j, k)
        if kind is None:
            return None
        if not j.is_report(k, strong_event=canon == "mark" and marks.stated(d, k)):
            return None
        span_lo = k
        if d.frm[k] in {"noun", "base", "pres", "adj", ""}:
            v = j.governing_verb(k)
            if v >= 0 and k - v <= 4 and d.low[v] not in BE_PRESENT | BE_PAST:
                span_lo = v
        if canon == "mark" and marks.colour_before(d, k) >= 0:
            span_lo = marks.colour_before(d, k)  # "black mark"
        if kind in {"property_damage"} or canon in {"scorch", "charred", "soot"}:
            damage = True
        if not damage and canon in {"fire", "flame", "burn", "melt", "scorch", "charred", "smoke", "soot", "blaze", "explode", "blacken"}:
            damage = damage_near(j, k)
        if kind == "burn_injury":
            injury = True
        return Hit(kind, span_lo, k + 1, injury, damage)

    def _responders(self, s: int, e: int) -> Hit | None:
        d, j = self.d, self.j
        low = d.low
        lo, hi = d.c_lo[s], d.c_hi[s]
        event = False
        for q in range(e, min(hi, e + 5)):
            if low[q] in _RESPONDER_VERBS - {"called", "call", "calling", "there", "out"}:
                event = True
                break
        for q in range(max(lo, s - 4), s):
            if low[q] in {"called", "call", "calling", "phoned", "rang", "dialled", "dialed", "ring", "get", "got", "by"}:
                event = True
        if not event or sources.event_from_another_source(d, s):
            return None
        if j.negated(s) or j.cond(s) or j.local_hypothetical(s):
            return None
        if (j.generic_talk(s) or j.generic_subject(s)) and not j.evidence(s):
            return None
        if d.is_question(s) and not d.is_why(s):
            form = "past" if any(low[q] in {"came", "arrived", "showed", "attended", "responded", "called", "had", "were", "was", "put"} for q in range(max(lo, s - 4), min(hi, e + 5))) else "base"
            if form != "past":
                return None
        return Hit("fire", s, e, False, True)

    def _extinguisher(self, s: int, e: int) -> Hit | None:
        d, j = self.d, self.j
        low = d.low
        lo = d.c_lo[s]
        used = any(low[q] in _EXTINGUISH_USE for q in range(max(lo, s - 5), s))
        if not used:
            return None
        if j.negated(s) or j.cond(s):
            return None
        for q in range(max(lo, s - 5), s):
            if low[q] in _EXTINGUISH_USE:
                if j.local_hypothetical(q) and not (q > 0 and low[q - 1] == "to" and q > 1 and low[q - 2] in {"had", "needed"}):
                    return None
        if d.is_question(s) and not any(low[q] in {"used", "grabbed", "sprayed", "emptied", "had", "needed", "threw", "put"} for q in range(max(lo, s - 5), s)):
            return None
        if (j.generic_talk(s) or j.generic_subject(s)) and not j.evidence(s):
            return None
        return Hit("fire", s, e, False, False)

    def _blew(self, s: int, e: int) -> Hit | None:
        """'the battery blew', 'it just blew!' (but not 'blew a fuse', 'blew me away')."""
        d, j = self.d, self.j
        low = d.low
        nxt = low[s + 1] if s + 1 < d.c_hi[s] else ""
        if nxt and nxt not in {"in", "on", "open", "!", ".", "!!", "last", "yesterday", "today", "while", "when", "and", "right", "overnight", "this"}:
            return None
        subject = False
        for q in range(s - 1, max(d.c_lo[s], s - 4) - 1, -1):
            if low[q] in DEVICE_WORDS or low[q] in {"cell", "cells", "battery", "unit"}:
                subject = True
                break
        if not subject or not j.is_report(s):
            return None
        return Hit("explosion", s, e)

    def _put_out(self, label: str, s: int, e: int) -> Hit | None:
        """'had to put it out with water', 'we doused it': there was a fire."""
        d, j = self.d, self.j
        low = d.low
        lo, hi = d.c_lo[s], d.c_hi[s]
        means = any(low[q] in _EXTINGUISH_MEANS for q in range(e, min(hi, e + 5)))
        effort = any(low[q] in {"had", "managed", "tried", "needed", "quickly", "finally", "eventually", "barely", "luckily", "thankfully"} for q in range(max(lo, s - 3), s))
        if label == "PUT_OUT" and not (means or effort):
            return None  # "put it out of reach", "put it outside"
        if label == "EXTINGUISHED" and low[s] in {"extinguish", "douse"} and not effort:
            return None
        if j.negated(s) or j.cond(s):
            return None
        if j.local_hypothetical(s) and not effort:
            return None
        if (j.generic_talk(s) or j.generic_subject(s)) and not j.evidence(s):
            return None
        if d.is_question(s) and not d.is_why(s) and not effort and low[s] not in {"extinguished", "doused", "smothered"}:
            return None
        return Hit("fire", s, e, False, False)

    def _damaged(self, s: int, e: int) -> Hit | None:
        d, j = self.d, self.j
        low = d.low
        lo = d.c_lo[s]
        subject = False
        for q in range(s - 1, max(lo, s - 6) - 1, -1):
            if low[q] in {"it", "power", "bank", "battery", "charger", "powerbank", "unit", "thing", "he", "which", "that", "anker", "its"}:
                subject = True
                break
        if not subject:
            return None
        if not j.is_report(s):
            return None
        if d.frm[s] == "" and low[s].endswith("ing"):
            return None
        return Hit("property_damage", s, e, False, True)


def _analyse(d: Clauses, matches: list[tuple[str, int, int]]) -> tuple[Hit | None, bool, bool]:
    analysis = _Analysis(d, matches)
    hits = analysis.run()
    if not hits or praise.only_praise(d, hits):
        return None, False, False  # "🔥🔥 thanks", "merci, c'est le feu": praise.py
    best = min(hits, key=lambda h: (PRIORITY[h.kind], h.k))
    injury = any(h.injury for h in hits) or injury_anywhere(d, analysis.j)
    damage = any(h.damage for h in hits) or any(
        label == "DAMAGED" and not analysis.j.negated(s) and not analysis.j.cond(s) for label, s, _ in matches
    )
    return best, injury, damage


def detect_fire_report(text: str) -> FireSignal | None:
    """Return a FireSignal if the message reports a fire (see bot.understanding.fire), else None."""
    if not isinstance(text, str) or not text.strip():
        return None
    nlp, matcher = pipeline.load()
    clean = _without_names_and_emails(text.translate(pipeline.CONTROL))  # same length: offsets stay valid
    found: tuple[int, int, int, str] | None = None  # (priority, start, end, kind)
    injury = damage = False
    for base, chunk in pipeline.chunks(clean):
        with pipeline.RUN_LOCK:  # spaCy's tokenizer and string store are not thread-safe
            doc = nlp(chunk)
            candidate = doc.user_data[pipeline.COMPONENT][6]
            raw = matcher(doc) if candidate else []
        if not raw:
            continue
        d = Clauses(doc, base)
        matches = []
        for match_id, s, e in raw:
            ks, ke = d.doc_to_k[s], d.doc_to_k[e]
            if ke > ks:
                matches.append((nlp.vocab.strings[match_id], ks, ke))
        best, inj, dmg = _analyse(d, matches)
        if best is None:
            continue
        injury = injury or inj
        damage = damage or dmg
        key = (PRIORITY[best.kind], d.st[best.k], d.en[best.k_end - 1], best.kind)
        if found is None or key[:2] < found[:2]:
            found = key
    if len(nlp.vocab.strings) > pipeline.MAX_STRINGS:
        pipeline.reset()  # the tokenizer keeps every new word: start afresh now and then
    if found is None:
        return None
    _, start, end, kind = found
    if kind == "smoke" and not (injury or damage) and _SMELL_ONLY.search(text) and _NO_SMOKE.search(text):
        return None  # "smells like burning plastic but there's no smoke": heat advice, not a fire report
    if _is_a_name(text) and _names_not_fire(text[start:end]):
        return None  # "Brent Olson", "Francesca Rossi": a name given to the form, not "burnt" or "Ruß" misspelt
    return FireSignal(kind=kind, matched=text[start:end], start=start, end=end, injury=injury, damage=damage)


def denies_fire(text: str) -> bool:
    """Whether the customer says in so many words that nothing burnt, smoked or sparked.

    "It heats up a lot but it hasn't caught fire or smoked", "no smoke": the contract's
    heat without fire; also in French, Spanish and German ("pas de fumée", "no echó humo",
    "es hat nicht gebrannt"). The classifier alone is then not enough to call it a fire report
    (the rule-based net, which reads negation in its clause, still decides).
    """
    return bool(_NO_SMOKE.search(text) or _DID_NOT_BURN.search(text)) or languages.denies_fire(text)


_DID_NOT_BURN = re.compile(
    r"\b(?:didn'?t|did\s+not|hasn'?t|has\s+not|haven'?t|have\s+not|never|wasn'?t|was\s+not|isn'?t|is\s+not|not)\s+"
    r"(?:(?:yet|ever|actually|really)\s+)?(?:catch(?:ing)?\s+fire|caught\s+fire|burn(?:t|ed|ing)?|smok(?:e|ed|ing)|spark(?:ed|ing)?"
    r"|melt(?:ed|ing)?|explod(?:e|ed)|exploding|on\s+fire)\b",
    re.I,
)


# A burning smell the customer says came without smoke or fire (the contract: heat
# without fire, smoke, sparks, melting... is not a fire report).
# A message that is only a name: two to four capitalised words ("Brent Olson", "Anne-Marie
# O'Neil", "María José García"), the answer to "What is your full name?".
_NAME_WORD = r"[A-ZÀ-Ý][a-zß-ÿ]*(?:['’-][A-ZÀ-Ý]?[a-zß-ÿ]+)*\.?"  # "Olson", "O'Neil", "Anne-Marie", "J."
_NAME = re.compile(rf"\s*(?:{_NAME_WORD}\s+){{1,3}}{_NAME_WORD}\s*")


# A name the customer introduces ("my name's Hannah Sparks", "mon nom c'est Étienne Brûlé", "ich heiße
# Jana Brand") and an email address ("hannah.sparks@gmail.com") say nothing of a fire.
_INTRO = (
    r"(?i:\bmy\s+name(?:'s|\s+is)?|\bname\s*:|\bname'?s|\bi'?m\s+called|\bje\s+m'appelle|\bmon\s+nom(?:\s+c'est|\s+est)?"
    r"|\bnom\s*:|\bme\s+llamo|\bmi\s+nombre\s+es|\bnombre\s*:|\bich\s+hei(?:ß|ss)e|\bmein\s+name\s+ist)[ \t]*:?[ \t]*"
)
# Small words that start no name: "my name is on fire" says something else.
_NOT_A_NAME = r"(?:on|in|at|is|was|a|an|the|not|and|so|all|now|de|en|el|la|le|ist|im|am|auf|burning|smoking)\b"
_NAME_INTRO = re.compile(
    rf"{_INTRO}((?:{_NAME_WORD}[ \t]+){{0,3}}{_NAME_WORD})"
    # typed in lower case ("name's tyler burns"): two words at most, then the message or its sentence ends
    rf"|{_INTRO}((?!{_NOT_A_NAME})[a-zß-ÿ]+(?:[ \t]+(?!{_NOT_A_NAME})[a-zß-ÿ]+)?)(?=[ \t]*(?:[,.!?;]|$))"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Places named with a fire word: a customer's address, not a report ("V9410 Ushuaia, Tierra del Fuego").
_FIRE_PLACES = re.compile(
    r"(?i:\btierra\s+del\s+fuego\b|\bterre\s+de\s+feu\b|\bfire\s+island\b|\b(?:great\s+)?smoky\s+mountains?\b"
    r"|\bvolc[aá]n\s+de\s+fuego\b)"
)


def _without_names_and_emails(text: str) -> str:
    """The text with introduced names, email addresses and places named with a fire word
    blanked out (offsets kept)."""
    spans = [m.span(1) if m.group(1) else m.span(2) for m in _NAME_INTRO.finditer(text)]
    spans += [m.span() for m in _EMAIL.finditer(text)]
    spans += [m.span() for m in _FIRE_PLACES.finditer(text)]
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _is_a_name(text: str) -> bool:
    return len(text) <= 60 and _NAME.fullmatch(text) is not None and not any(ch.isdigit() for ch in text)


# Names that are fire words as written somewhere in the four vocabularies (checked with
# common first names and surnames: tests/unit/understanding/fire/test_fire_names.py).
_NAMES_LIKE_FIRE_WORDS = frozenset({"brent", "blaze", "smokey", "burns", "funke", "sparks", "rauch", "arden", "brasier"})


def _names_not_fire(matched: str) -> bool:
    """Whether a match inside a name-only message is a name: a typo of the vocabulary
    ("Rossi" near "Ruß") or a name that is also a fire word ("Brent", "Burns")."""
    from bot.understanding.fire.lexicon import all_forms

    forms = all_forms()
    words = [languages.normalise(w) for w in matched.split()]
    return any(w in _NAMES_LIKE_FIRE_WORDS or (w not in forms and languages.canon(w) is None) for w in words)


_SMELL_ONLY = re.compile(r"\b(?:smell\w*|stink\w*|odou?r\w*|reek\w*)\b", re.I)
_NO_SMOKE = re.compile(
    r"\b(?:no|not?\s+any|without(?:\s+any)?|never)\s+(?:visible\s+)?(?:smoke|fire|flames?|sparks?)\b"
    r"|\b(?:isn'?t|wasn'?t|not|never)\s+(?:smoking|burning|on\s+fire)\b|\bnothing\s+else\s+happened\b",
    re.I,
)
