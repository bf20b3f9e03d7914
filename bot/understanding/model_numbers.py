"""Model numbers and dates in customer text: the only place that understands them.

Plain typed functions, no Rasa imports. The NLU component, the actions and the
recall import all call these, so "a-1263", "model 1263" and "my PowerCore 10000"
mean A1263 everywhere. Nothing heavy happens at import: the catalogue's product
names load on first use and stay cached.

Dates live in :mod:`bot.understanding.dates`; :func:`find_dates` here blanks model numbers and
product names before reading them.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot.understanding.textdist import edit_distance

from .dates import DateMention, parse_dates
from .product_features import MERGED_WORDS, feature_index, feature_spans
from .product_features import candidates as feature_candidates

__all__ = [
    "CATALOGUE_PATH",
    "DateMention",
    "ModelMention",
    "closest_models",
    "edit_distance",
    "find_bare_year",
    "find_dates",
    "find_model_numbers",
    "load_product_names",
    "mask_spans",
    "normalise_model_number",
]

CATALOGUE_PATH = Path(__file__).resolve().parents[1] / "data" / "recall_catalogue.csv"


@dataclass(frozen=True)
class ModelMention:
    """A model number (or a product name) found in a message.

    Attributes:
        value: Normalised model number ("A1263"); None when a product name fits
            several models (then see ``candidates``).
        text: The mention as written in the message.
        start: Offset of ``text`` in the message.
        end: Offset just past ``text``.
        candidates: For an ambiguous product name, the models it may be, sorted.
        from_product_name: True when read from a product name or alias.
    """

    value: str | None
    text: str
    start: int
    end: int
    candidates: tuple[str, ...] = ()
    from_product_name: bool = False


# --- normalising one model number ---------------------------------------------------

# Cyrillic and Greek capitals that look like Latin ones (pasted or OCR'd labels).
_HOMOGLYPHS = str.maketrans("АВСЕНІКМОРТХаесорхΑΒΕΗΙΚΜΟΡΤΧ", "ABCEHIKMOPTXaecopxABEHIKMOPTX")
# "model", "modèle", "modelo", "Modell", "Mod.-Nr.", then the number (or "no.", "n°", "Nummer"...).
_MODEL_WORD = r"(?:modelo|modell?|mod[eèé]le|mod\.)"
_NUMBER_WORD = r"(?:(?:numbers?|num[eé]ro|n[uú]mero|nummer|num|nos?|nr)(?![a-z])\.?|n\.?\s?[\u00b0\u00ba]|#)"
_KEYWORD_PREFIX = re.compile(rf"^\s*{_MODEL_WORD}(?:[\s-]*{_NUMBER_WORD})?\.?\s*(?:is\s+)?[:#=]?", re.I)
_SEPARATORS = re.compile(r"[\s\-_#.:/]+")
_LOOKALIKE = re.compile(r"A([0-9ILO]{4})")
_MODEL_SHAPE = re.compile(r"[A-Z]{0,4}[0-9]{2,6}[A-Z]{0,3}")


def normalise_model_number(raw: str) -> str:
    """Normalises a model number as a customer or a catalogue writes it.

    Upper case, without spaces, dashes, dots or ``#``; a bare four-digit number
    gets the ``A`` prefix; in ``A`` + four characters, I/l and O typed for 1 and 0
    are read as digits.

    Args:
        raw: E.g. "a-1263", " #A 1263 ", "model 1263", "AI263", "PB-2000".

    Returns:
        E.g. "A1263" or "PB2000".

    Raises:
        ValueError: If nothing model-shaped remains (empty text, no digits, ...).
    """
    if not isinstance(raw, str):
        raise ValueError(f"not a model number: {raw!r}")
    s = unicodedata.normalize("NFKC", raw).translate(_HOMOGLYPHS).upper()
    s = _SEPARATORS.sub("", _KEYWORD_PREFIX.sub("", s))
    look = _LOOKALIKE.fullmatch(s)
    if look and sum(c.isdigit() for c in look[1]) >= 2:
        s = "A" + look[1].translate(str.maketrans("ILO", "110"))
    if len(s) == 4 and s.isdigit() and s.isascii():
        s = "A" + s
    if len(s) < 4 or not _MODEL_SHAPE.fullmatch(s):
        raise ValueError(f"not a model number: {raw!r}")
    return s


# --- the catalogue's product names ----------------------------------------------------


@functools.lru_cache(maxsize=8)
def _read_product_names(path: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    rows = []
    with path.open(newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            try:
                model = normalise_model_number(row.get("model_number") or "")
            except ValueError:
                continue
            aliases = [a.strip() for a in (row.get("aliases") or "").split("|")]
            names = [n for n in [(row.get("product_name") or "").strip(), *aliases] if n]
            rows.append((model, tuple(dict.fromkeys(names))))
    return tuple(rows)


def load_product_names(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """The catalogue's names for each model: ``(product_name, *aliases)``.

    Args:
        path: A catalogue CSV (columns model_number, product_name, aliases with
            "|" between aliases, ...). Defaults to the shipped catalogue.

    Returns:
        A fresh dict, model number -> names; the file itself is read once.
    """
    return dict(_read_product_names(Path(path) if path else CATALOGUE_PATH))


_TOKEN = re.compile(r"[A-Za-z0-9]+(?:\.[0-9]+[A-Za-z]*)?")
_JOINABLE_GAP = re.compile(r"[\s,()\[\]/&+'\"-]*")  # not . ! ? ; : which end a phrase
_CANON = {"banks": "bank", "batteries": "battery", "chargers": "charger"}
# "10.000", "10000mAh": the number a catalogue name writes "10000".
_GROUPED_NUMBER = re.compile(r"([0-9]{1,2})\.([0-9]{3})(?:mah)?|([0-9]+)mah")
# "10 000", "10,000", "10'000": thousands written in groups, read as one number.
_THOUSANDS_GAP = re.compile(r"[ ,'\u2019\u00a0\u202f]")
_GENERIC = frozenset("power bank battery portable charger pd the and with for".split())
_THOUSANDS_K = re.compile(r"([0-9]{1,2})k")


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Word tokens as (canonical form, start, end); "Power Core" is one token."""
    out: list[tuple[str, int, int]] = []
    for m in _TOKEN.finditer(text):
        word = m[0].lower()
        if grouped := _GROUPED_NUMBER.fullmatch(word):
            word = grouped[3] or grouped[1] + grouped[2]
        elif (k := _THOUSANDS_K.fullmatch(word)) and out and out[-1][0].isalpha() and out[-1][0] not in _GENERIC:
            word = k[1] + "000"  # "PowerCore 10k" is the PowerCore 10000; "power bank 10k" stays an alias
        elif word in ("powerbank", "powerbanks"):  # German and Spanish write it as one word
            out.append(("power", m.start(), m.start() + 5))
            out.append(("bank", m.start() + 5, m.end()))
            continue
        if out and (out[-1][0], word) in MERGED_WORDS and _joins(text, out[-1][2], m.start()):
            out[-1] = (MERGED_WORDS[(out[-1][0], word)], out[-1][1], m.end())
            continue
        if (
            out
            and len(word) == 3
            and word.isdigit()
            and len(out[-1][0]) <= 2
            and out[-1][0].isdigit()
            and _THOUSANDS_GAP.fullmatch(text, out[-1][2], m.start())
        ):
            out[-1] = (out[-1][0] + word, out[-1][1], m.end())
            continue
        out.append((_CANON.get(word, word), m.start(), m.end()))
    return out


def _joins(text: str, end: int, start: int) -> bool:
    return _JOINABLE_GAP.fullmatch(text, end, start) is not None


@dataclass(frozen=True)
class _Index:
    known: frozenset[str]
    exact: dict[tuple[str, ...], frozenset[str]]
    partial: dict[tuple[str, ...], frozenset[str]]
    series: dict[str, str]  # "622" -> "A1647", for "model 622"
    first: frozenset[str]
    longest: int
    features: dict[str, frozenset[str]]


@functools.lru_cache(maxsize=8)
def _build_index(catalogue: tuple[tuple[str, tuple[str, ...]], ...]) -> _Index:
    exact: dict[tuple[str, ...], set[str]] = {}
    token_models: dict[str, set[str]] = {}
    for model, names in catalogue:
        for name in names:
            key = tuple(t[0] for t in _tokens(name))
            if key:
                exact.setdefault(key, set()).add(model)
                for tok in key:
                    token_models.setdefault(tok, set()).add(model)
    # A brand word alone ("zolo", "maggo", "powercore") names a family of models;
    # a longer fragment needs one distinctive word ("powercore slim", "magnetic battery").
    brands = {
        t
        for t, ms in token_models.items()
        if t.isalpha() and len(ms) > 1 and t not in _GENERIC | {"magnetic"}
    }
    partial: dict[tuple[str, ...], set[str]] = {}
    for key, models in exact.items():
        for i in range(len(key)):
            for j in range(i + 1, len(key) + 1):
                gram = key[i:j]
                if (len(gram) == 1 and gram[0] in brands) or (
                    len(gram) > 1 and any(t.isalpha() and t not in _GENERIC for t in gram)
                ):
                    partial.setdefault(gram, set()).update(models)
    series: dict[str, set[str]] = {}
    for key, models in exact.items():
        if key[0].isdigit() and len(key[0]) == 3:
            series.setdefault(key[0], set()).update(models)
    keys = list(exact) + list(partial)
    return _Index(
        known=frozenset(m for m, _ in catalogue),
        exact={k: frozenset(v) for k, v in exact.items()},
        partial={k: frozenset(v) for k, v in partial.items()},
        series={k: next(iter(v)) for k, v in series.items() if len(v) == 1},
        first=frozenset(k[0] for k in keys),
        longest=max((len(k) for k in keys), default=0),
        features=feature_index(catalogue),
    )


def _index(catalogue: Mapping[str, Sequence[str]] | None) -> _Index:
    if catalogue is None:
        return _build_index(_read_product_names(CATALOGUE_PATH))
    frozen = []
    for model, names in sorted(catalogue.items()):
        try:
            frozen.append((normalise_model_number(model), tuple(names)))
        except ValueError:
            continue
    return _build_index(tuple(frozen))


def _product_mentions(text: str, index: _Index) -> list[ModelMention]:
    toks = _tokens(text)
    found, i = [], 0
    while i < len(toks):
        if toks[i][0] not in index.first:
            i += 1
            continue
        run = 1
        while (
            run < index.longest
            and i + run < len(toks)
            and _joins(text, toks[i + run - 1][2], toks[i + run][1])
        ):
            run += 1
        words = [t[0] for t in toks[i : i + run]]
        exact = next(
            ((n, index.exact[k]) for n in range(run, 0, -1) if (k := tuple(words[:n])) in index.exact), None
        )
        part = next(
            ((n, index.partial[k]) for n in range(run, 0, -1) if (k := tuple(words[:n])) in index.partial),
            None,
        )
        if exact and (not part or exact[0] >= part[0]):
            length, models = exact
        elif part:
            # A longer fragment than any full name here: it may be either ("PowerCore 10000 PD").
            length, models = part[0], part[1] | (exact[1] if exact else frozenset())
        else:
            i += 1
            continue
        start, end = toks[i][1], toks[i + length - 1][2]
        if text.count("(", start, end) > text.count(")", start, end) and text.startswith(")", end):
            end += 1  # "PowerCore 10000 (2023)" keeps its closing parenthesis
        found.append(_named(text, start, end, tuple(sorted(models))))
        i += length
    return found


# --- finding model numbers ------------------------------------------------------------

_UNITS = r"mah|wh|w|v|k"  # "10000 mAh", "20 W", "10k": a quantity, not a model
_UNIT_AFTER = rf"(?!\s{{0,3}}(?:{_UNITS}|%)\b)"
_A_SHAPE = re.compile(
    r"(?<![A-Za-z0-9])(?:#\s?)?(?P<tok>[Aa](?P<sep>\s{1,2}|\s?[-._]\s?)?(?P<d>[0-9IlO]{4}))"
    rf"(?![A-Za-z0-9])(?![.,][0-9]){_UNIT_AFTER}"
)
# "A12 89", "a 1 2 6 3", "A-16 52": four digits with spaces or a dash among them.
_A_SPLIT = re.compile(
    r"(?<![A-Za-z0-9])(?:#\s?)?(?P<tok>[Aa][\s._-]{0,2}(?P<d>[0-9IlO](?:[\s-]?[0-9IlO]){3}))"
    rf"(?![A-Za-z0-9])(?![.,][0-9]){_UNIT_AFTER}"
)
# A number followed by a currency or by what it counts is a price or a count: "1336 salariés",
# "737 avis", "1263 pesos"; followed by a unit, a quantity ("10 000 mAh"). Neither is a model.
_COUNTED = (
    r"\s{0,3}(?i:[$\u20ac\u00a3]|(?:euros?|eur|dollars?|usd|chf|francs?"
    r"|pesos?|pounds?|gbp|times|fois|veces|mal|days?|jours?|d[ií]as?|tagen?|hours?|heures?|horas?|stunden?"
    r"|minutes?|mins?|years?|ans|ann[ée]es?|a[ñn]os?|jahren?|months?|mois|mes(?:es)?|monaten?|weeks?|semaines?"
    r"|semanas?|wochen?|pages?|units?|unit[ée]s|unidades|pcs|pieces|pi[èe]ces|piezas|st[üu]ck|stk|people"
    r"|personnes|personas|personen|leute|customers|clients|clientes|kunden|employees|staff|salari[ée]s"
    r"|employ[ée]s|empleados|mitarbeiter(?:innen)?|reviews|avis|opiniones|rese[ñn]as|bewertungen|stars"
    r"|[ée]toiles|estrellas|sterne)(?!\w))"
)
_COUNTED_NUMBER = re.compile(rf"(?<![0-9])[0-9]+(?![0-9])(?={_COUNTED})")
_COUNT_AFTER = rf"(?!{_COUNTED}|\s{{0,3}}(?:%|(?i:{_UNITS}|km|miles?|ml|g|kg)(?!\w)))"
# "my 621", "the 733": a series number that one catalogue product carries.
_SERIES_NUMBER = re.compile(
    r"(?<![A-Za-z0-9$\u20ac\u00a3.,:/#-])(?P<tok>[0-9]{3})(?![A-Za-z0-9%])(?![.,:/-][0-9])" + _COUNT_AFTER
)
_BARE = re.compile(
    r"(?<![A-Za-z0-9$\u20ac\u00a3.,:/-])(?:#\s?)?(?P<tok>[0-9]{4})(?![A-Za-z0-9%])(?![.,:/-][0-9])" + _COUNT_AFTER
)
# The number of something else: an order, an invoice, a case, a customer, a postcode, a price.
_OTHER_NUMBER_BEFORE = re.compile(
    r"(?<!\w)(?:order|invoice|ticket|tracking|customer|account|receipt|zip|postcode|postal\s+code"
    r"|commande|facture|dossier|client|suivi|colis|code\s+postal"
    r"|pedido|factura|caso|cliente|seguimiento|env[ií]o|c[oó]digo\s+postal|cp"
    r"|bestellung|rechnung|auftrag|vorgang|sendung|plz|lot|lote|batch|charge|serial|s[eé]rie"
    r"|(?:bestell|rechnungs|kunden|auftrags|vorgangs|sendungs|ticket|beleg|serien|chargen)(?:nummer|nr)"
    r"|chf|eur|usd)"
    r"\.?\s{0,3}(?:(?:n[o\u00b0\u00ba]|nr|no|number|num[eé]ro|n[uú]mero|nummer|id)(?!\w)\.?\s{0,3})?"
    r"(?:(?:is|was|est|es|ist|lautet)\s{1,3})?[:#]?\s{0,3}$",
    re.I,
)
_AFTER_KEYWORD = re.compile(
    rf"(?<!\w){_MODEL_WORD}(?:[\s-]{{0,3}}{_NUMBER_WORD})?"
    r"(?P<conn>\s{1,3}(?:is|was|est|c'est|es|era|ist|war|lautet)(?:\s{1,3}(?:the|le|la|el|die|der|das))?(?!\w)"
    r"|\s{0,3}[:=])?[\s:#]{0,4}"
    r"(?P<tok>a\s[0-9]{2,6}|[a-z]{1,4}-?[0-9]{2,6}[a-z]{0,2}|(?-i:[A-Z]{2,4})\s[0-9]{3,6}|[0-9]{3,6})"
    rf"(?![a-z0-9])(?![.,][0-9]){_UNIT_AFTER}",
    re.I,
)
# A house number or postcode: a few words after a street or address word ("Av. Corrientes 1257",
# "Chemin des Vignes 4, 1263 Crassier", "wohne in 1263 Crassier"), or just before a street word;
# not across "my", "the", "and" ("I live in Ohio, my 1263 overheated" names a model).
_STREET = (
    r"(?:rue|avenue|ave|av|avda|avenida|boulevard|bd|blvd|chemin|route|all[ée]e|impasse|quai|calle|c/|carrera"
    r"|paseo|street|road|lane|\w+(?:stra(?:ß|ss)e|str|weg|gasse|allee|platz))(?!\w)"
)
_ADDRESS_BEFORE = re.compile(
    rf"(?<!\w)(?:{_STREET}\.?|adresse|address|anschrift|direcci[oó]n|domicilio|habite|wohne|vivo|live)"
    r"(?:[\s,:]+(?!(?:my|our|the|and|but|ma|mon|mes|notre|et|mais|mi|mis|nuestr[oa]|y|pero|mein|meine[mnr]?"
    r"|unser(?:e[mnr]?)?|und|aber)(?!\w))[\w'.-]+){0,4}[\s,:]+$",
    re.I,
)
_STREET_AFTER = re.compile(rf"[\s,]+{_STREET}", re.I)
_HASH_OTHER = re.compile(
    rf"(?<![A-Za-z0-9])#\s?(?P<tok>[A-Za-z]{{1,4}}-?[0-9]{{2,5}}[A-Za-z]{{0,2}})(?![A-Za-z0-9])(?![.,][0-9]){_UNIT_AFTER}"
)
_NOT_A_MODEL_BEFORE_HASH = re.compile(
    r"\b(?:order|ticket|case|ref(?:erence)?|invoice|tracking|issue|request|rt)\s{0,3}(?:no\.?|number|id)?\s{0,3}$",
    re.I,
)
_TICKET_ID = re.compile(r"RT-?[0-9]{3,}", re.I)  # our return tickets, RT-000123
_PHONE_EDGE_BEFORE = re.compile(r"[0-9][\s-]$")
_PHONE_EDGE_AFTER = re.compile(r"[\s-][0-9]")


def _year_like(digits: str) -> bool:
    return 1900 <= int(digits) <= 2100


def _in_address(text: str, m: re.Match) -> bool:
    return bool(_ADDRESS_BEFORE.search(text, max(0, m.start() - 60), m.start()) or _STREET_AFTER.match(text, m.end()))


def _number_mentions(text: str, index: _Index) -> list[ModelMention]:
    found = []

    def add(m: re.Match, value: str, *, from_name: bool = False) -> None:
        s, e = m.span("tok")
        found.append(ModelMention(value=value, text=text[s:e], start=s, end=e, from_product_name=from_name))

    for m in _A_SHAPE.finditer(text):
        digits = m["d"]
        if sum(c.isdigit() for c in digits) < 3:
            continue
        value = normalise_model_number(m["tok"])
        spaced = m["sep"] is not None and not m["sep"].strip()
        if spaced and (m["tok"][0] == "a" or _year_like(value[1:])) and value not in index.known:
            continue  # "a 2000 ..." is an article and a number, unless it is a model we sell
        add(m, value)
    for m in _A_SPLIT.finditer(text):
        if not re.search(r"[0-9IlO][\s-][0-9IlO]", m["d"]):
            continue  # no gap among the digits: _A_SHAPE's
        value = normalise_model_number(re.sub(r"[\s-]", "", m["tok"]))
        if value in index.known or (m["tok"][0] == "A" and sum(c.isdigit() for c in m["d"]) == 4):
            add(m, value)
    for m in _SERIES_NUMBER.finditer(text):
        if m["tok"] in index.series and not _in_address(text, m):
            add(m, index.series[m["tok"]], from_name=True)
    for m in _BARE.finditer(text):
        value = "A" + m["tok"]
        if value not in index.known or _year_like(m["tok"]):
            continue
        if _PHONE_EDGE_BEFORE.search(text, max(0, m.start() - 2), m.start()) or _PHONE_EDGE_AFTER.match(
            text, m.end()
        ):
            continue  # part of a longer digit run: a phone number or an id
        if _OTHER_NUMBER_BEFORE.search(text, max(0, m.start() - 40), m.start()) or _in_address(text, m):
            continue  # "facture n° 1336", "pedido nº 1287", "Rechnungsnummer 1384", "1289 rue ..."
        add(m, value)
    for m in _AFTER_KEYWORD.finditer(text):
        tok = m["tok"]
        if (
            tok.isdigit()
            and len(tok) == 4
            and _year_like(tok)
            and m["conn"]
            and m["conn"].strip()[:1].isalpha()
        ):
            continue  # "my model is 2019" is a year
        if _TICKET_ID.fullmatch(tok):
            continue
        try:
            value = index.series.get(tok) or normalise_model_number(tok)
        except ValueError:
            continue  # "model 622" of a series we do not know
        add(m, value, from_name=tok in index.series)
    for m in _HASH_OTHER.finditer(text):
        if not (
            _TICKET_ID.fullmatch(m["tok"])
            or _NOT_A_MODEL_BEFORE_HASH.search(text, max(0, m.start() - 30), m.start())
            or len(_SEPARATORS.sub("", m["tok"])) < 4  # "#a-12": too short for a model
        ):
            add(m, normalise_model_number(m["tok"]))
    return found


def find_model_numbers(
    text: str, *, catalogue: Mapping[str, Sequence[str]] | None = None
) -> list[ModelMention]:
    """Finds the model numbers and product names in a message.

    Args:
        text: The customer's message.
        catalogue: Model number -> names (product name first, then aliases), as
            :func:`load_product_names` returns; defaults to the shipped catalogue.

    Returns:
        The mentions in text order. Unknown model-shaped numbers are returned
        too (the caller decides unknown_model); a bare four-digit number only
        when "A" + it is a known model. Overlaps go to the longest mention.
    """
    if catalogue is None:
        return list(_default_mentions(text))
    return list(_mentions(text, _index(catalogue)))


@functools.lru_cache(maxsize=32)
def _default_mentions(text: str) -> tuple[ModelMention, ...]:
    # The NLU component asks for the models, then for the dates (which mask them): one reading.
    return _mentions(text, _index(None))


def _mentions(text: str, index: _Index) -> tuple[ModelMention, ...]:
    candidates = _product_mentions(text, index) + _number_mentions(text, index)
    chosen: list[ModelMention] = []
    taken = bytearray(len(text))
    fits_among: dict[tuple[str, ...], tuple[str, ...]] = {}  # one reading of the features per shared name
    for c in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if not any(taken[c.start : c.end]):
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
            c = _narrowed(c, text, index, fits_among)
            if not (c.from_product_name and any(c.value == o.value for o in chosen if o.from_product_name)):
                chosen.append(c)  # "magnetic battery 621": one unit, named twice
    if not chosen:
        chosen = _by_features(text, index)
    return tuple(sorted(chosen, key=lambda c: c.start))


def _narrowed(
    mention: ModelMention, text: str, index: _Index, fits_among: dict[tuple[str, ...], tuple[str, ...]]
) -> ModelMention:
    """A name several models share ("Zolo"), narrowed by the rest of the message ("30W")."""
    if mention.value or not mention.candidates:
        return mention
    if mention.candidates not in fits_among:
        fits_among[mention.candidates] = feature_candidates(text, index.features, among=mention.candidates)
    fits = fits_among[mention.candidates]
    if len(fits) == 1:
        return dataclasses.replace(mention, value=fits[0], candidates=())
    return dataclasses.replace(mention, candidates=fits) if len(fits) > 1 else mention


def _by_features(text: str, index: _Index) -> list[ModelMention]:
    """No name or number: the product features alone ("the zolo 20000 with 22.5 watts")."""
    text = _COUNTED_NUMBER.sub(lambda m: " " * len(m[0]), text)  # "737 avis" names nothing
    fits = feature_candidates(text, index.features)
    if not fits or len(fits) > 4:
        return []
    vocabulary = frozenset().union(*(index.features[m] for m in fits))
    spans = [(s, e) for f, s, e in feature_spans(text) if f in vocabulary]
    return [_named(text, min(s for s, _ in spans), max(e for _, e in spans), fits)]


def _named(text: str, start: int, end: int, models: tuple[str, ...]) -> ModelMention:
    """A product-name mention: its model when one fits, else the sorted candidates."""
    return ModelMention(
        value=models[0] if len(models) == 1 else None,
        text=text[start:end],
        start=start,
        end=end,
        candidates=() if len(models) == 1 else models,
        from_product_name=True,
    )


def mask_spans(text: str, spans: Iterable[Any], *, fill: str = " ") -> str:
    """Blanks spans of a text without moving any offset.

    Args:
        text: The text.
        spans: ``(start, end)`` pairs or objects with ``start`` and ``end``
            (e.g. :class:`ModelMention`); out-of-range parts are ignored.
        fill: The single character written over each span.

    Returns:
        The text, same length, each spanned character replaced by ``fill``.
    """
    if len(fill) != 1:
        raise ValueError("fill must be one character")
    chars = list(text)
    for span in spans:
        start, end = (span.start, span.end) if hasattr(span, "start") else span
        start = min(max(0, start), len(chars))
        end = min(max(start, end), len(chars))
        chars[start:end] = fill * (end - start)
    return "".join(chars)


def find_dates(text: str, *, today: date | None = None) -> list[DateMention]:
    """Finds the dates in a message, with their role, precision and problems.

    Model numbers and product names are blanked first. See :mod:`bot.understanding.dates` for
    the shapes understood.

    Args:
        text: The customer's message.
        today: What relative phrases ("last June", "two years ago") count from,
            and what "future" means; defaults to ``date.today()``.

    Returns:
        The date mentions in text order.
    """
    # NUL is neither a word character, a digit nor a space: nothing reads across it.
    masked = mask_spans(text, find_model_numbers(text), fill="\x00")
    return parse_dates(masked, text, today=today or date.today())


_YEAR_TOKEN = re.compile(r"(?<![A-Za-z0-9.,/-])((?:19|20)[0-9]{2})(?![A-Za-z0-9]|[.,/-][0-9])")


def find_bare_year(text: str, *, today: date | None = None) -> str | None:
    """A year written without a cue word ("it just says 2018"), for when the date was asked.

    Model numbers are blanked first; a year after today, or before 1990, is not taken.
    """
    today = today or date.today()
    masked = mask_spans(text, find_model_numbers(text), fill="\x00")
    years = [y for y in _YEAR_TOKEN.findall(masked) if 1990 <= int(y) <= today.year]
    return years[0] if len(set(years)) == 1 else None


_PARTS_OF_MODEL = re.compile(r"([A-Z]*)([0-9]*)(.*)")


def closest_models(value: str, known: Iterable[str], limit: int = 3, *, max_distance: int = 2) -> list[str]:
    """The known model numbers nearest to an unknown one, best first.

    Distance is the edit distance between the digit parts (a swap of two
    neighbouring digits counts 1), plus 1 for a different letter prefix or
    suffix. Ties go to the longer common leading digits, then the nearer number.

    Args:
        value: The model number the customer gave (normalised here).
        known: The catalogue's model numbers.
        limit: At most this many.
        max_distance: Farther models are not offered at all.

    Returns:
        Up to ``limit`` known model numbers.
    """

    def parts(v: str) -> tuple[str, str, str]:
        try:
            v = normalise_model_number(v)
        except ValueError:
            v = v.upper()
        p = _PARTS_OF_MODEL.match(v)
        return p[1], p[2], p[3]

    prefix, digits, suffix = parts(value)
    scored = []
    for model in set(known):
        kp, kd, ks = parts(model)
        distance = edit_distance(digits, kd) + (kp != prefix) + (ks != suffix)
        if distance <= max_distance:
            gap = abs(int(digits or 0) - int(kd or 0))
            scored.append((distance, -_common_prefix(digits, kd), gap, model))
    return [s[-1] for s in sorted(scored)[: max(0, limit)]]


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n
