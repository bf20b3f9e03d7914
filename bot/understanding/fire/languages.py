"""French, Spanish and German: their vocabulary and how a trigger of theirs is judged.

The net runs on every message without knowing its language, so the three
vocabularies (data/fr.txt, data/es.txt, data/de.txt) are read as one: a word of
any of them gets a canonical lemma ``x.<kind>`` (``x.fire``, ``x.smoke``, ...)
in the same spaCy pipeline as English (typos.py calls ``canon``), and the
Matcher's ``FOREIGN`` candidates are judged here rather than by the English
judge, whose rules lean on English word order.

A candidate is a report unless it is another sense of the word (an idiom from
the data, "feu rouge", "c'est le feu", "está que arde", "brennend interessiert";
another source nearby with no device word in between: the barbecue, a cigarette,
the oven, the sun, another appliance or object: the microwave, the air fryer, the
dryer, the toaster, an e-scooter, a tea towel, a cake -- unless the unit is named
before it, or after it up to a comma; a smoker), it is negated (before it: "pas de fumée", "no echó
humo", "kein Rauch"; after it, in French and German: "ça fume pas", "es brennt
nicht"), a modal, a condition or a fear governs it ("peut exploser", "si elle
prend feu", "Angst, dass sie brennt"), it is recall/news talk, a question about
units in general ("combien ont pris feu ?", "¿cuántas se han incendiado?", "Wie
viele haben gebrannt?", "wie viel Prozent der Geräte haben Feuer gefangen?", "haben die
beim Laden gebrannt?"), or a question about something that did not happen. Thanks
and praise with 🔥 or a fire idiom ("gracias, son fuego 🔥") are read in praise.py. A
question that is also a report ("elle a pris feu, que faire ?") or a present
danger ("ça fume là, je fais quoi ?") is a report. Marks are evidence that
something burnt ("une marque noire sur le plan de travail", "dejó una mancha
negra", "einen schwarzen Fleck hinterlassen", "noirci", "chamuscado",
"angesengt"): a mark word counts only with a colour next to it ("marque" and
"marca" are also brands), a colour only after a word of change ("devenue
noire", "quedó negro", "schwarz geworden"). Heat and swelling are not in the
vocabulary at all. What a form alone does not tell is read in moods.py (a fear
or a wish governing the clause: "peligro de que se queme", "Angst, dass sie
explodiert"; a German modal and its final infinitive: "kann sie in Flammen
aufgehen?"; short typos that are also other words: "fuer" is "für" unless "fuer
gefangen") and in figurative.py (anger: "estoy que echo humo", "echando chispas";
praise: "este tema es fuego"; soaring bills: "ma facture a explosé"; idioms with
an intensifier inside: "c'est trop le feu").

Typos: accents are folded by the tokenizer's normalisation, common misspellings
are listed, and a form of five letters or more also matches a token with one
letter dropped, doubled/added or two letters swapped (never replaced: that is
how "explore" would become "explose"), keeping the first letter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from bot.understanding.fire.lexicon import DATA, parse_table

LANGUAGES = ("fr", "es", "de")
KIND_OF = {
    "x.fire": "fire", "x.extinguish": "fire", "x.smoke": "smoke", "x.sparks": "sparks",
    "x.melting": "melting", "x.explosion": "explosion", "x.burn": "fire",
    "x.injury": "burn_injury", "x.mark": "property_damage",
    # evidence that something burnt: "Brandfleck", "noirci", "marque noire", "devenue noire"
    "x.scorch": "property_damage", "x.stain": "property_damage", "x.black": "property_damage",
}
TRIGGER_CANONS = frozenset(KIND_OF)
_ELISIONS = {"l", "j", "n", "s", "d", "c", "m", "t", "qu", "jusqu", "lorsqu", "puisqu"}
_STOP = {",", ";", ".", "!", "?", "¿", "¡", ":", "mais", "pero", "sino", "aber", "sondern", "doch", "sauf"}
_PUNCT = {".", "!", "?", ";", "…", "..", "...", "!!", "??", "¿", "¡", ","}
_WHY = {"pourquoi", "pq", "pk", "warum", "wieso", "weshalb", "normal", "normale"}
_INJURY_MARKS = {"me", "m", "mich", "mir", "ete", "mi"}
_BRAND_BEFORE = {"in", "ein", "einen", "einem", "der", "den", "dem", "zum", "kleiner", "kleinen", "richtiger", "richtigen", "grosser", "grossen"}
_LLAMA_BEFORE = {"en", "una", "unas", "la", "las", "de", "y", "con", "hay", "habia", "hubo", "vi", "salian", "salieron", "salio", "echaba", "echo"}
_NOT_NEGATION_AFTER = {"mal", "nur", "seulement", "que", "qu'un", "solo"}


@dataclass
class Vocabulary:
    """The three languages' data, merged."""

    forms: dict[str, tuple[str, str]] = field(default_factory=dict)
    words: dict[str, set[str]] = field(default_factory=dict)
    idioms: list[tuple[str, ...]] = field(default_factory=list)
    near: dict[str, str] = field(default_factory=dict)  # typo variant -> form

    def has(self, section: str, word: str) -> bool:
        return word in self.words.get(section, ())


def _sections(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            out.setdefault(current, [])
        else:
            out.setdefault(current, []).append(line)
    return out


def _typo_variants(form: str) -> set[str]:
    """The form with one letter dropped or two neighbours swapped (first letter kept, or swapped)."""
    out = {form[:i] + form[i + 1 :] for i in range(1, len(form))}
    out |= {form[:i] + form[i + 1] + form[i] + form[i + 2 :] for i in range(len(form) - 1)}
    return out - {form}


@cache
def vocabulary() -> Vocabulary:
    """The merged vocabulary, read once."""
    v = Vocabulary()
    for lang in LANGUAGES:
        sections = _sections((DATA / f"{lang}.txt").read_text(encoding="utf-8"))
        for name, lines in sections.items():
            if name == "forms":
                for form, value in parse_table("\n".join(lines)).items():
                    v.forms.setdefault(form, value)
            elif name == "idioms":
                v.idioms += [tuple(line.split()) for line in lines]
            else:
                v.words.setdefault(name, set()).update(w for line in lines for w in line.split())
    guard = v.words.get("guard", set())
    for form in v.forms:
        if len(form) >= 5 and form.isalpha():
            for variant in _typo_variants(form):
                if len(variant) >= 5 and variant not in v.forms and variant not in guard:
                    v.near.setdefault(variant, form)
    return v


def _bare(low: str) -> str:
    """'l'incendie' -> 'incendie', "n'a" -> 'a' (French elisions)."""
    if "'" in low:
        head, _, rest = low.partition("'")
        if head in _ELISIONS and rest:
            return rest
    return low


def canon(low: str) -> tuple[str, str] | None:
    """(canon, tag) of a lower-case, accent-folded token of the three vocabularies, or None."""
    forms = vocabulary().forms
    return forms.get(low) or forms.get(_bare(low))


def typo_canon(low: str) -> tuple[str, str] | None:
    """(canon, tag) of a misspelt form (one letter dropped, added or swapped), or None."""
    v = vocabulary()
    word = _bare(low)
    if len(word) < 5 or not word.isalpha() or word in v.words.get("guard", ()):
        return None
    form = v.near.get(word)
    if form is None:
        # one letter added: "explotto", "brullé"
        for i in range(1, len(word)):
            shorter = word[:i] + word[i + 1 :]
            if shorter in v.forms and len(shorter) >= 5:
                form = shorter
                break
    return v.forms[form] if form else None


@cache
def _denial_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(negation ... trigger, trigger ... negation) over accent-folded text."""
    words = vocabulary().words
    negations = sorted(words["negations"] - {"n"}, key=len, reverse=True)
    stems = "|".join(sorted(words["stems"], key=len, reverse=True))
    before = re.compile(
        r"(?:\b(?:" + "|".join(map(re.escape, negations)) + r")\b|\bn')"
        r"(?:\s*\S+){0,3}?\s*\b(?:d'|l')?(?:" + stems + r")\w*",
        re.I,
    )
    post = "|".join(sorted(words["post_negations"], key=len, reverse=True))
    after = re.compile(r"\b(?:" + stems + r")\w*(?:\s+\S+){0,2}?\s+(?:" + post + r")\b(?!\s+(?:mal|nur|seulement)\b)", re.I)
    return before, after


def denies_fire(text: str) -> bool:
    """The customer says that nothing burnt, smoked or sparked: "pas de fumée", "no echó humo", "es hat nicht gebrannt"."""
    folded = normalise(text)
    return any(pattern.search(folded) for pattern in _denial_patterns())


def normalise(text: str) -> str:
    """Lower case, accents folded (as the tokenizer's normalisation), apostrophes straight."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
