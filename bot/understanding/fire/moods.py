"""What a French, Spanish or German trigger's form alone does not tell: its mood.

foreign.py judges a trigger mostly by its form (past, present, infinitive,
subjunctive). Some forms are two things at once, and some words are fire words
only next to others; the readings here look at the words around them:

- ``governed_unreal``: a fear, wish or possibility governs the clause of the
  trigger ("hay peligro de que la mía eche humo o se queme?", "ich habe Angst,
  dass sie explodiert", "ist es möglich, dass sie in Flammen aufgeht?"). The
  Spanish "queme" is also the past "(me) quemé", the German "explodiert" also the
  participle, so the form cannot tell; the governing word can. A past form or a
  perfect auxiliary in the clause keeps it a report ("miedo de que haya
  explotado", "Angst, dass sie explodiert ist").
- ``modal_with_final_infinitive``: German puts the infinitive last, far from its
  modal: "kann mein A1689 beim Laden in Flammen aufgehen?", "könnte sie beim
  Laden in Brand geraten?". "in Flammen" alone reads as a state (a report), so
  the modal and the final infinitive decide.
- ``weak_alone``: short typos that are also other words ("fuer" is "für", "fue"
  the Spanish "was", "fugo" "fled") count only next to the verb that lights a
  fire: "hat fuer gefangen", "a pris fue", "prendió fugo".

Vocabulary: the sections [past_or_present] [governors] [subordinators]
[clause_words] [perfect_aux] [light_before.TYPO] [light_after.TYPO] of data/<lang>.txt.
Figurative senses (idioms, anger, praise, soaring bills) are in figurative.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.understanding.fire.languages import _PUNCT, _STOP, TRIGGER_CANONS

if TYPE_CHECKING:
    from bot.understanding.fire.foreign import _Reading

# How far back the conjunction of a governed clause is looked for: "que la mía eche humo o se queme".
_CLAUSE_REACH = 10
# Sections whose words govern an unreal clause: "miedo de que", "puede que", "Angst, dass".
_GOVERNING = ("fears", "modals", "conditions", "governors")


def opens_subclause(r: _Reading, q: int) -> bool:
    """The word at q is 'que', 'qu'elle', 'dass', 'ojalá': what follows is governed by what precedes."""
    return q < r.hi and (r.v.has("subordinators", r.d.low[q]) or r.d.low[q].startswith("qu'"))


def _conjunction(r: _Reading) -> int:
    """The index of the 'que' / 'qu'' / 'dass' / 'ojalá' that opens the trigger's clause, or -1."""
    for q in r.scope(_CLAUSE_REACH):
        if opens_subclause(r, q):
            return q
    return -1


def _governor_before(r: _Reading, q: int) -> bool:
    """A fear, wish or possibility right before the conjunction at q ('peligro de que',
    'Angst, dass', 'ojalá que'), a comma or 'de' between."""
    d = r.d
    if r.v.has("governors", r.word(q)):
        return True  # "ojalá no se queme"
    p = q - 1
    while p >= 0 and d.low[p] in {",", "de", "d'", "davor", "darum"}:
        p -= 1
    return p >= 0 and any(r.v.has(section, r.word(p)) for section in _GOVERNING)


def _past_in_clause(r: _Reading, start: int) -> bool:
    """A past form or a perfect auxiliary between the conjunction and the end of the stretch:
    'que haya explotado', 'dass sie explodiert ist', 'qu'elle ait pris feu'."""
    d = r.d
    q = start + 1
    while q < r.hi and d.low[q] not in _STOP:
        word = r.word(q)
        if r.v.has("perfect_aux", word):
            return True
        if (
            (d.can[q] in TRIGGER_CANONS or d.can[q] == "x.light")
            and d.frm[q] == "past"
            and not r.v.has("past_or_present", word)
        ):
            return True
        q += 1
    return False


def _own_clause(r: _Reading, q: int) -> bool:
    """The conjunction at q opens the trigger's own clause: in French and Spanish only
    pronouns, articles, the unit and fire words stand between ("que la mía eche humo o se
    queme"), not another verb ("quiero que me ayuden me queme la mano"). German puts the
    verb of a "dass" clause last, so anything may stand between."""
    if r.d.low[q] == "dass":
        return True
    d = r.d
    for p in range(q + 1, r.k):
        word = r.word(p)
        if not (
            r.v.has("clause_words", word)
            or r.v.has("devices", word)
            or d.can[p] in TRIGGER_CANONS
            or d.can[p] == "x.light"
        ):
            return False
    return True


def governed_unreal(r: _Reading) -> bool:
    """The trigger's clause is governed by a fear, a wish or a possibility and says nothing in
    the past: 'hay peligro de que la mía eche humo o se queme?', 'Angst, dass sie explodiert'."""
    q = _conjunction(r)
    return q >= 0 and _own_clause(r, q) and _governor_before(r, q) and not _past_in_clause(r, q)


def modal_with_final_infinitive(r: _Reading) -> bool:
    """German: a modal earlier in the stretch and an infinitive closing it after the trigger:
    'kann mein A1689 beim Laden in Flammen aufgehen?', 'könnte sie in Brand geraten?'.

    'geraten' is also the participle ("kann mir jemand helfen, sie ist in Brand geraten"):
    it counts as an infinitive only in a question, with no auxiliary between."""
    d, k = r.d, r.k
    end = k + 1
    while end < r.hi and d.low[end] not in _STOP and d.low[end] not in _PUNCT:
        end += 1
    if end - k > 3 or end == k + 1:
        return False
    last = end - 1
    if d.can[last] != "x.light":
        return False
    asks = end < d.n and d.low[end] in {"?", "??"}
    if d.frm[last] != "base" and not (asks and r.v.has("past_or_present", r.word(last))):
        return False
    for q in r.scope(12):
        word = r.word(q)
        if r.v.has("perfect_aux", word) or r.v.has("starts", word) or d.frm[q] == "past":
            return False
        if r.v.has("modals", word):
            return True
    return False


def weak_alone(r: _Reading) -> bool:
    """A weak typo ('fuer', 'fue', 'fugo') without its fire-lighting verb right before or
    after it ([light_before.fue] "a pris fue", [light_after.fuer] "hat fuer gefangen")."""
    if r.tag != "near":
        return False
    k, typo = r.k, r.word(r.k)
    before = r.word(k - 1) if k - 1 >= r.lo else ""
    after = r.word(k + 1) if k + 1 < r.hi else ""
    return not (r.v.has(f"light_before.{typo}", before) or r.v.has(f"light_after.{typo}", after))
