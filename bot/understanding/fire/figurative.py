"""Figurative senses of French, Spanish and German fire words: nothing of the unit burns.

- ``idiom``: a phrase of the [idioms] data ("c'est le feu", "está que arde",
  "Feuer und Flamme"), intensifiers allowed inside it ("c'est trop le feu",
  "c'était vraiment le feu", "ist echt absolut Feuer").
- ``angry``: the Spanish "estar que + verb" intensifier and the speaker or a
  person fuming: "estoy que echo humo", "está que arde", "estoy echando
  chispas", "mi jefe está echando chispas". The unit or nothing as subject stays
  a report: "está echando chispas", "la batería está echando chispas", "creo que
  echa humo".
- ``soaring``: a bill, a price or a record that "exploded" ("ma facture a
  explosé", "die Stromrechnung ist explodiert", "j'ai explosé mon record"), with
  no device in the clause.
- ``praised``: "fire" said of a song, a series or a party after a copula ("este
  tema es fuego", "es un fuego este tema", "la fiesta estuvo de fuego", "der Song
  ist einfach Feuer"), the thing named with a determiner, with nothing burning
  around it: no device, room or burning thing, no fire-lighting verb, no "there
  is", not a pronoun ("es war Feuer", "überall war Feuer") and not "what came out
  was fire" ("lo que salió fue fuego").

Vocabulary: the sections [idioms] [intensifiers] [intense_be] [speaker_be]
[people] [persons] [amounts] [copulas] [determiners] [place_prepositions] [devices]
[property] [body] [other_sources] [there] of data/<lang>.txt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.understanding.fire.languages import _PUNCT, _STOP, _bare

if TYPE_CHECKING:
    from bot.understanding.fire.foreign import _Reading

_SMOKE_OR_SPARKS = {"x.smoke", "x.sparks"}
# How far a bill or a record is read around "exploded": "ma facture d'électricité a explosé".
_AMOUNT_BEFORE, _AMOUNT_AFTER = 5, 3
# A German compound ends with its head: "Stromrechnung", "Heizkosten".
_COMPOUND_HEAD = 5
# Words between a copula and "fuego" / "Feuer": "es un fuego", "estuvo de fuego", "war Feuer pur".
_ARTICLES = {"un", "una", "de", "del", "le", "du", "pur"}
# What makes "fire" after a copula a relative clause, not praise: "lo que salió fue fuego".
_RELATIVES = {"que", "qui", "was", "lo"}
# How many words a praised subject may have before its copula: "la fiesta de anoche estuvo".
_SUBJECT_WORDS = 5


def same(token: str, pattern: str) -> bool:
    """A token matches a phrase word ('word*' is a prefix), French elisions split."""
    if pattern.endswith("*"):
        return token.startswith(pattern[:-1]) or _bare(token).startswith(pattern[:-1])
    return token == pattern or _bare(token) == pattern


def _follows(r: _Reading, q: int, words: tuple[str, ...], step: int) -> bool:
    """The words follow q (step 1) or precede it (step -1), intensifiers in the text skipped."""
    low = r.d.low
    for p in words:
        q += step
        while 0 <= q < r.d.n and not same(low[q], p) and r.v.has("intensifiers", low[q]):
            q += step
        if not (0 <= q < r.d.n and same(low[q], p)):
            return False
    return True


def idiom(r: _Reading) -> bool:
    """The trigger is part of an idiom of the data: 'c'est le feu', 'c'est trop le feu'."""
    token = r.d.low[r.k]
    for phrase in r.v.idioms:
        for i, p in enumerate(phrase):
            if (
                same(token, p)
                and _follows(r, r.k, phrase[:i][::-1], -1)
                and _follows(r, r.k, phrase[i + 1 :], 1)
            ):
                return True
    return False


def _device_in_clause(r: _Reading) -> bool:
    return any(r.v.has("devices", r.word(q)) for q in range(r.lo, r.hi) if q != r.k)


def _amount(r: _Reading, word: str) -> bool:
    if r.v.has("amounts", word):
        return True
    return len(word) > _COMPOUND_HEAD and any(
        word.endswith(head) for head in r.v.words.get("amounts", ()) if len(head) >= _COMPOUND_HEAD
    )


def soaring(r: _Reading) -> bool:
    """'ma facture a explosé', 'los precios explotaron', 'die Heizkosten sind explodiert' (the
    amount is the subject, in the stretch before); 'j'ai explosé mon record' (the speaker's
    object, just after). Not "ça a explosé, vu le prix": the unit may have no name."""
    if r.canon != "x.explosion" or _device_in_clause(r):
        return False
    if any(_amount(r, r.word(q)) for q in r.scope(_AMOUNT_BEFORE)):
        return True
    k = r.k
    if not any(r.v.has("persons", r.word(q)) or r.d.low[q].startswith("j'") for q in r.scope(_AMOUNT_BEFORE)):
        return False  # "j'ai explosé mon record", "j'ai explosé mon forfait"
    for q in range(k + 1, min(r.hi, k + _AMOUNT_AFTER + 1)):
        if r.d.low[q] in _STOP:
            return False
        if _amount(r, r.word(q)):
            return True
    return False


def praised(r: _Reading) -> bool:
    """'este tema es fuego', 'es un fuego este tema', 'das Konzert war absolut Feuer'.

    A song, a series or a party is named with a determiner before the copula or right
    after "fire"; not the unit, a room or a thing that burns ("in der Garage war
    Feuer", "la mochila era fuego"), not a pronoun ("es war Feuer", "das ist Feuer")."""
    d, k = r.d, r.k
    if r.canon != "x.fire" or r.tag != "noun":
        return False
    q = k - 1
    while q >= r.lo and (r.word(q) in _ARTICLES or r.v.has("intensifiers", r.word(q))):
        q -= 1
    if q < r.lo or not r.v.has("copulas", r.word(q)):
        return False
    if q - 1 >= r.lo and r.word(q - 1) in _RELATIVES:
        return False  # "lo que salió fue fuego"
    if _device_in_clause(r) or any(
        d.can[p] == "x.light" or r.v.has("there", r.word(p)) for p in range(r.lo, r.hi) if p != k
    ):
        return False
    return _named_before(r, q) or _named_after(r)


def _a_thing_that_burns(r: _Reading, q: int) -> bool:
    return any(
        r.v.has(section, r.word(q)) for section in ("devices", "property", "body", "other_sources", "people")
    )


def _named_before(r: _Reading, copula: int) -> bool:
    """'este tema es', 'la fiesta de anoche estuvo', 'das Konzert gestern war' (not 'in der Garage war')."""
    for det in range(copula - 2, max(r.lo, copula - _SUBJECT_WORDS) - 1, -1):
        if not r.v.has("determiners", r.word(det)):
            continue
        if det - 1 >= r.lo and r.v.has("place_prepositions", r.word(det - 1)):
            return False
        return not any(_a_thing_that_burns(r, q) for q in range(det + 1, copula))
    return False


def _named_after(r: _Reading) -> bool:
    """'es un fuego este tema', 'es fuego esa canción': a determiner and a noun close the stretch."""
    k = r.k
    if k + 2 >= r.hi or not r.v.has("determiners", r.word(k + 1)) or _a_thing_that_burns(r, k + 2):
        return False
    return k + 3 >= r.hi or r.d.low[k + 3] in _STOP or r.d.low[k + 3] in _PUNCT


def angry(r: _Reading) -> bool:
    """'estoy que echo humo', 'está que arde', 'estoy echando chispas', 'mi jefe está echando
    chispas': anger, not the unit burning."""
    d, k = r.d, r.k
    q = k - 1
    if q >= r.lo and d.can[q] == "x.light" and r.canon in _SMOKE_OR_SPARKS:
        q -= 1  # "echo humo", "echando chispas"
    if q >= r.lo and r.word(q) == "que":
        return q - 1 >= r.lo and r.v.has("intense_be", r.word(q - 1))  # "estoy que ...", "está que ..."
    if q == k - 1 or q < r.lo or r.canon not in _SMOKE_OR_SPARKS:
        return False
    be = r.word(q)
    if r.v.has("speaker_be", be):
        return True  # "estoy echando chispas", "ando echando humo"
    subject = r.word(q - 1) if q - 1 >= r.lo else ""
    return r.v.has("intense_be", be) and (r.v.has("people", subject) or r.v.has("persons", subject))
