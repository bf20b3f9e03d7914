"""Judging a French, Spanish or German candidate in its clause (vocabulary: languages.py).

``judge(d, k)`` returns the Hit of the trigger at k, or None when it is another
sense of the word, negated, hypothetical, a fear, news talk, a question about the
product in general ("combien ont pris feu ?") or a question about something that
did not happen (see languages.py for the rules in words). A mark ("marque noire",
"schwarzer Fleck"), a blackened or scorched surface and soot are evidence that
something burnt: they happened, whatever the tense.
"""

from __future__ import annotations

import re

from bot.understanding.fire import figurative, moods, sources
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
    TRIGGER_CANONS,
    _bare,
    vocabulary,
)
from bot.understanding.fire.signal import Hit

# Words that may stand between a German fire word and its final "nicht".
_VERB_FINAL_FILLERS = frozenset(
    "oder und hat haben hatte hatten ist sind war waren wurde er sie es aber doch ja jedenfalls bisher noch zum gluck glueck".split()
)

_PAST_AFTER_SE = {"incendio"}
_SUBJ_AFTER_SE = {"incendie"}  # "que se incendie": the Spanish subjunctive, not the French noun
# Evidence that something burnt: it happened, whatever the tense.
_MARKS = {"x.mark", "x.stain", "x.scorch", "x.black"}
_YES_OR_TOO = {"oui", "aussi", "si", "tambien", "ja", "auch"}
# The customer's own unit said to be fine, after others' fires.
_FINE = re.compile(
    r"\b(?:(?:n'? ?)?a (?:\S+ ){0,2}rien|va bien|est (?:ok|bien|nickel|intacte?)|aucun (?:probleme|problème|souci)"
    r"|no tiene nada|no le (?:paso|pasó) nada|(?:esta|está|anda) (?:bien|perfecta|perfecto|ok)|(?:ningun|ningún) problema"
    r"|hat (?:\S+ ){0,2}(?:nix|nichts)|ist (?:ok|okay|gut|in ordnung|intakt)|alles (?:gut|ok|okay|in ordnung)|(?:fehlt|passiert) nix)\b"
)
# A home that is not the customer's: "chez des gens", "en casa de unos vecinos".
_HOME_WORDS = {"chez", "casa"}
_OTHER_PEOPLE = {"des", "d'autres", "certains", "certaines", "plusieurs", "gens", "clients", "unos", "unas",
                 "otros", "otras", "algunos", "algunas", "gente", "clientes", "de"}
# The fire brigade on a visit or a drill, or the customer's own service (a firefighter asking).
_FIRE_BRIGADE = {"pompier", "pompiers", "sapeurs-pompiers", "bombero", "bomberos", "feuerwehr"}
_BRIGADE_DUTY = (
    "prevention", "prevencion", "visite", "revision", "inspection", "inspeccion", "controle", "exercice",
    "simulacro", "volontaire", "voluntario", "caserne", "cuartel", "brandschutz", "beratung", "freiwillig",
    "ubung", "uebung",
)
# French auxiliaries before an infinitive written for a participle: "elle a exploser".
_AUXILIARIES = {"ai", "as", "ont", "avons", "avez"}
_AUX_A_SUBJECTS = {"il", "ca", "cela", "qui", "on", "tout"}
# How far before a trigger its source is read: "der E-Scooter von meinem Kumpel hat in der Garage gebrannt".
_SOURCE_BEFORE = 8
# How far a device word is read around it (a chat clause is shorter): keeps long texts linear.
_DEVICE_REACH = 40
# Device words that are pronouns: after the trigger they may be anyone ("elle avait un couvercle").
_PRONOUNS = {"elle", "elles", "sie"}


# What ties a fear to the trigger it governs ("peligro de", "miedo a", "Angst vor", "peur de").
_FEAR_LINKS = frozenset({"qu", "de", "d", "d'", "del", "a", "al", "à", "au", "vor", "von", "zu", "um", "por", "para", "pour"})


class _Reading:
    """One candidate: its clause, its words with French elisions split, the vocabulary."""

    def __init__(self, d: Clauses, k: int) -> None:
        self.d, self.k, self.v = d, k, vocabulary()
        self.lo, self.hi = d.c_lo[k], d.c_hi[k]
        self.canon = d.can[k]
        self.tag = d.frm[k]
        prev = self.word(k - 1) if k > self.lo else ""
        if prev == "se" and d.low[k] in _SUBJ_AFTER_SE:
            self.tag = "subj"
        elif self.tag == "base" and self._misspelt_participle(prev):
            self.tag = "past"

    def _misspelt_participle(self, prev: str) -> bool:
        """'elle a exploser', 'la baterie a bruler': an infinitive after avoir is a past participle."""
        if prev in _AUXILIARIES:
            return True
        before = self.word(self.k - 2) if self.k - 2 >= self.lo else ""
        return prev == "a" and (before in _AUX_A_SUBJECTS or self.v.has("devices", before))

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
        """An idiom, praise or a soaring bill: 'c'est trop le feu', 'este tema es fuego',
        'ma facture a explosé' (figurative.py)."""
        return figurative.idiom(self) or figurative.praised(self) or figurative.soaring(self)

    def other_sense(self) -> bool:
        d, k, w = self.d, self.k, self.word(self.k)
        prev = self.word(k - 1) if k > self.lo else ""
        if w in {"brand", "brande"} and prev not in _BRAND_BEFORE:
            return True  # the English "brand"; German "in Brand", "ein Brand"
        if w in {"llama", "llamas"} and not (prev in _LLAMA_BEFORE or (k > self.lo and d.can[k - 1] == "x.light")):
            return True  # "te llamo", "se llama": to call
        if _bare(w) in _FIRE_BRIGADE and self._brigade_on_duty():
            return True  # "les pompiers sont passés pour une visite de prévention", "ich bin bei der Feuerwehr"
        if d.can[k] == "x.extinguish" and not self.near("means", 6):
            return True  # "löschen" is also "delete", "apagar" also "switch off"
        if self.elsewhere() or moods.weak_alone(self) or figurative.angry(self):
            return True  # "fuer" alone is "für" (moods.py); "estoy que echo humo" is anger (figurative.py)
        if d.can[k] == "x.stain":
            return not self.near("colours", 2)  # "marque", "marca" are also brands; "Stelle" a place
        if d.can[k] == "x.black":
            return not self._blackened()  # "ma batterie noire" is its colour
        return d.can[k] == "x.smoke" and (self.before("persons", 2) >= 0 or (self.tag != "noun" and self.before("people", 2) >= 0))

    def _brigade_on_duty(self) -> bool:
        """The fire brigade named for a prevention visit, a drill or the customer's own service,
        not called out: a word of those in the sentence."""
        words = [_bare(w) for w in self.d.low[self.d.s_lo[self.k] : self.d.s_hi[self.k]]]
        return any(w.startswith(_BRIGADE_DUTY) for w in words)

    def elsewhere(self) -> bool:
        """The fire, smoke or burn is another thing's: the barbecue, a cigarette, the oven, a film,
        another appliance or object (the microwave, the air fryer, the dryer, the toaster, an
        e-scooter, a tea towel, a cake); a burn, the sun's or a hot drink's ("quemadura del
        sol", "brûlé la langue").

        Like the English rule (sources.py), but a device word anywhere before the trigger
        in its clause ("la batterie", "elle", "die Powerbank") makes it the unit's, wherever
        the customer was ("je faisais un barbecue et la batterie a explosé", "la batterie
        était sur le grill et a explosé"), and so does the unit named after it ("la
        trottinette a pris feu avec la batterie dedans"). The sun counts for burns only: a
        unit left in the sun does catch fire. What follows another source's fire in a
        sentence that names no device is that source's too ("le gâteau a brûlé, il y avait
        de la fumée partout": sources.after_another_sources_fire)."""
        return self._elsewhere_in_clause() or sources.after_another_sources_fire(
            self.d, self.k, lambda q: self.d.can[q] in TRIGGER_CANONS and _Reading(self.d, q)._elsewhere_in_clause()
        )

    def _elsewhere_in_clause(self) -> bool:
        k = self.k
        if any(self.v.has("devices", self.word(q)) for q in range(max(self.lo, k - _DEVICE_REACH), k)):
            return False
        burn = self.canon in {"x.burn", "x.injury"}
        for q in (*range(max(self.lo, k - _SOURCE_BEFORE), k), *range(k + 1, min(self.hi, k + 4))):
            w = self.word(q)
            if self.v.has("devices", w):
                return False  # after the trigger: "la fumée de la batterie"
            if self.v.has("other_sources", w) or (burn and self.v.has("burnt_by", w)):
                return q > k or not self._unit_after()
        return False

    def _unit_after(self) -> bool:
        """The unit named after the trigger, up to a comma or 'but' (not a pronoun): 'avec la batterie
        dedans' (but not "le micro-ondes a fait des étincelles, ma batterie est-elle rappelée ?")."""
        for q in range(self.k + 1, min(self.hi, self.k + _DEVICE_REACH)):
            if self.d.low[q] in _STOP:
                return False
            if self.v.has("devices", self.word(q)) and self.word(q) not in _PRONOUNS:
                return True
        return False

    def _blackened(self) -> bool:
        """'est devenue noire', 'dejó la mesa negra', 'ist schwarz geworden', 'c'est tout noir'
        (but 'la version toute noire', 'meine ganz schwarze Powerbank' are colours)."""
        k = self.k
        if any(self.v.has("blackening", self.word(q)) for q in range(max(self.lo, k - 4), min(self.hi, k + 3)) if q != k):
            return True
        return k - 2 >= self.lo and self.v.has("all_over", self.word(k - 1)) and self.v.has("be", self.word(k - 2))

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
        seen = 0
        for q in range(self.k + 1, min(self.hi, self.k + 8)):
            if d.low[q] in _PUNCT:
                break
            if self.v.has("post_negations", d.low[q]):
                nxt = d.low[q + 1] if q + 1 < d.n else ""
                return nxt not in _NOT_NEGATION_AFTER
            seen += 1
            # German puts the negation last: "Gebrannt oder geraucht hat er aber nicht". Past
            # three words, only another fire word, an auxiliary, a pronoun or a particle may
            # stand between ("es hat gebrannt und ich kann nicht schlafen" is a report).
            if seen >= 3 and not (d.can[q] in TRIGGER_CANONS or d.low[q] in _VERB_FINAL_FILLERS):
                break
        return False

    def happened(self) -> bool:
        if self.tag in {"past", "ing"} or self.canon in _MARKS:
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
        if moods.governed_unreal(self) or moods.modal_with_final_infinitive(self):
            return True  # "peligro de que se queme", "kann sie in Flammen aufgehen?" (moods.py)
        q = self.before("modals", 5)
        if q >= 0 and not (self.canon == "x.burn" and self.v.has("almost", self.word(q))):
            return True  # but "elle a failli brûler ma maison": it burnt something (English "nearly burned")
        d = self.d
        if self.tag in {"base", "noun"}:
            for q in range(self.k + 1, min(self.hi, self.k + 3)):
                if self.v.has("modals", d.low[q]):
                    return True  # "... Feuer fangen kann"
        q = self.before("conditions", 10)
        if q >= 0:
            nxt = d.low[q + 1] if q + 1 < d.n else ""
            if self.word(q) == "caso" and q > 0 and d.low[q - 1] == "el" and nxt in {"es", "era", "fue"}:
                return False  # "el caso es que salía humo": "the thing is", not "en caso de"
            return not (self.word(q) == "si" and nxt in _PUNCT)  # "sí, explotó"
        return False

    def question(self) -> bool:
        """The trigger's own stretch (between commas) asks something: 'peut-elle exploser ?'."""
        return self._asks() and not self._why()

    def _asks(self) -> bool:
        return self._stretch_asks(self.k) or any(self.d.low[q] == "¿" for q in self.scope(12))

    def _stretch_asks(self, q: int) -> bool:
        """The stretch of q (up to the next comma, 'but' or stop) ends with a question mark."""
        d = self.d
        end = q + 1
        while end < d.s_hi[q] and d.low[end] not in _STOP:
            end += 1
        return end < d.n and d.low[end] in {"?", "??"}

    def evidence(self) -> bool:
        """Something ties the event to the customer: 'ma', 'mi', 'mein', 'hier', 'gestern'...

        Not a question after it about the customer's unit: "certaines ont explosé,
        la mienne est concernée ?" asks whether it is recalled, not that it burnt."""
        k = self.k
        for q in range(max(self.lo, k - 12), min(self.hi, k + 13)):
            if q != k and self.v.has("evidence", self.word(q)) and not (q > k and self._stretch_asks(q)):
                if not self._someone_elses_home(q) and not (q > k and self._fine_after(q)):
                    return True
        return self._mine_too_after(self.d.s_hi[k])

    def _fine_after(self, q: int) -> bool:
        """ "certaines prennent feu, la mienne n'a rien": the customer's own unit is fine."""
        words = " ".join(self.word(p) for p in range(q + 1, min(self.d.s_hi[q], q + 7)))
        return bool(_FINE.search(words))

    def _someone_elses_home(self, q: int) -> bool:
        """ "chez des gens", "en casa de unos vecinos": a home word before other people, not 'chez moi'."""
        if self.word(q) not in _HOME_WORDS:
            return False
        after = [self.word(p) for p in range(q + 1, min(self.hi, q + 3))]
        return bool(after) and after[0] in _OTHER_PEOPLE and not any(self.v.has("evidence", w) for w in after)

    def _why(self) -> bool:
        words = self.d.low[self.d.s_lo[self.k] : self.d.s_hi[self.k]]
        # "por qué" written without its accent: the two words together, not "por Amazon ... es que"
        return any(_bare(w) in _WHY for w in words) or any(a == "por" and b == "que" for a, b in zip(words, words[1:], strict=False))

    def asks_in_general(self) -> bool:
        """A question about units in general, not the customer's: 'combien ont pris feu ?',
        '¿cuántas se han incendiado?', 'Wie viele haben gebrannt?', '¿por qué explotan las baterías?'.

        As in English ("how many caught fire?", "why do they explode?"), unless
        something ties it to the customer ("la mienne a pris feu, combien d'autres ?")."""
        if not (self._asks() or self._why()):
            return False
        d = self.d
        sentence = range(d.s_lo[self.k], d.s_hi[self.k])
        if not any(self.v.has("quantities", self.word(q)) for q in sentence) and not self._about_them(sentence):
            return False
        return not self.evidence()

    def _mine_too_after(self, start: int) -> bool:
        """The next sentence answers it for the customer's unit: "... celles qui ont brûlé ? la mienne
        oui", "¿las que se quemaron? la mía sí", "die, die gebrannt haben? meine auch"."""
        d = self.d
        if start >= d.n or self._stretch_asks(start):
            return False
        head = [self.word(q) for q in range(start, min(d.s_hi[start], start + 4))]
        return any(self.v.has("evidence", w) for w in head[:2]) and any(w in _YES_OR_TOO for w in head)

    def _about_them(self, sentence: range) -> bool:
        """'haben die beim Laden gebrannt?', 'sind die explodiert?': 'die' or 'sie' with a plural
        verb, as a pronoun (followed by a verb, a trigger, an adverb or nothing), not an article
        ("sind die Kabel geschmolzen?")."""
        d, v = self.d, self.v
        for q in sentence:
            if not v.has("they", self.word(q)):
                continue
            prev = self.word(q - 1) if q > sentence.start else ""
            nxt = self.word(q + 1) if q + 1 < sentence.stop else ""
            if not (v.has("plural_verbs", prev) or v.has("plural_verbs", nxt)):
                continue
            if not nxt or nxt in _PUNCT or v.has("plural_verbs", nxt) or v.has("they_next", nxt) or d.can[q + 1] in TRIGGER_CANONS:
                return True
        return False

    def news_talk(self) -> bool:
        d = self.d
        generic = any(self.v.has("generic", self.word(q)) for q in range(d.s_lo[self.k], self.k))
        return generic and not self.evidence()

    # -- the verdict -----------------------------------------------------------
    def hit(self) -> Hit | None:
        if self.idiom() or self.other_sense() or self.negated() or self.hypothetical():
            return None
        happened = self.happened()
        if self.tag == "subj" or (self.tag == "base" and self.d.can[self.k] != "x.extinguish" and self.before("starts", 4) < 0):
            return None  # an infinitive: "exploser", "prender fuego", "brennen"
        if not happened and self._fear():
            return None
        asked = not happened and self.question() and not self._mine_too_after(self.d.s_hi[self.k])
        if self.news_talk() or self.asks_in_general() or asked:
            return None
        return self._signal()

    def _fear(self) -> bool:
        """A fear before the trigger ('tengo miedo de que explote', 'Angst, dass sie brennt'), not
        across a comma that starts a statement: 'me da miedo, creo que se está quemando',
        'es besteht Gefahr, sie raucht!' say what happens."""
        d = self.d
        for q in range(self.k - 1, max(self.lo, self.k - 10) - 1, -1):
            if d.low[q] in _STOP and not moods.opens_subclause(self, q + 1):
                break
            if self.v.has("fears", self.word(q)):
                return self._governed_by(q)
        return any(self.v.has("fears", _bare(d.low[q])) for q in range(self.k + 1, min(self.hi, self.k + 2)))

    def _governed_by(self, q: int) -> bool:
        """Whether the fear at q governs the trigger: through 'que', 'de', 'dass', 'zu' ('miedo de que
        se queme', 'peur qu'elle brûle', 'Angst, dass sie brennt'), or right before it ('peligro incendio').
        Without one, what follows is a statement: 'hilfe gefahr es brennt', 'peligro se está quemando'."""
        between = range(q + 1, self.k)
        return self.k == q + 1 or any(self.d.low[m] in _FEAR_LINKS or moods.opens_subclause(self, m) for m in between)

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


def judge(d: Clauses, k: int) -> Hit | None:
    """The Hit of the French/Spanish/German trigger at k, or None."""
    return _Reading(d, k).hit()
