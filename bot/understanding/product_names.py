"""The catalogue's product names, and the names a message mentions.

Reads the catalogue's names and aliases (once, cached), builds an index of whole
names, distinctive fragments ("powercore slim"), brand words ("zolo") and series
numbers ("622" -> A1647), and finds those names in a message, joining what
customers split ("Power Core", "10 000", "10k"). Names several models share come
back with their candidates; :mod:`bot.understanding.model_numbers` narrows them.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .model_mention import ModelMention, normalise_model_number
from .product_features import MERGED_WORDS, feature_index, with_capacities_in_digits
from .textdist import edit_distance

CATALOGUE_PATH = Path(__file__).resolve().parents[1] / "data" / "recall_catalogue.csv"


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
_CANON = {"banks": "bank", "batteries": "battery", "chargers": "charger", "zolos": "zolo", "maggos": "maggo"}
# "10.000", "10000mAh": the number a catalogue name writes "10000".
_GROUPED_NUMBER = re.compile(r"([0-9]{1,2})\.([0-9]{3})(?:mah)?|([0-9]+)mah")
# "10 000", "10,000", "10'000": thousands written in groups, read as one number.
_THOUSANDS_GAP = re.compile(r"[ ,'\u2019\u00a0\u202f]")
_GENERIC = frozenset("power bank battery portable charger pd the and with for".split())
_THOUSANDS_K = re.compile(r"([0-9]{1,2})k")
# "PowerCore10000", "MagGo622": a name and its number run together ("A1263" is a model number).
_GLUED = re.compile(r"([a-z]{3,})([0-9]{2,}[a-z]*)")


def _pieces(text: str) -> Iterator[tuple[str, int, int]]:
    """The words of a text, lower case, with where each is; a name glued to its number is two."""
    for m in _TOKEN.finditer(text):
        word = m[0].lower()
        if glued := _GLUED.fullmatch(word):
            cut = m.start() + len(glued[1])
            yield glued[1], m.start(), cut
            yield glued[2], cut, m.end()
        else:
            yield word, m.start(), m.end()


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Word tokens as (canonical form, start, end); "Power Core" is one token."""
    out: list[tuple[str, int, int]] = []
    for word, start, end in _pieces(text):
        if grouped := _GROUPED_NUMBER.fullmatch(word):
            word = grouped[3] or grouped[1] + grouped[2]
        elif (k := _THOUSANDS_K.fullmatch(word)) and out and out[-1][0].isalpha() and out[-1][0] not in _GENERIC:
            word = k[1] + "000"  # "PowerCore 10k" is the PowerCore 10000; "power bank 10k" stays an alias
        elif word in ("powerbank", "powerbanks"):  # German and Spanish write it as one word
            out.append(("power", start, start + 5))
            out.append(("bank", start + 5, end))
            continue
        if out and (out[-1][0], word) in MERGED_WORDS and _joins(text, out[-1][2], start):
            out[-1] = (MERGED_WORDS[(out[-1][0], word)], out[-1][1], end)
            continue
        if (
            out
            and len(word) == 3
            and word.isdigit()
            and len(out[-1][0]) <= 2
            and out[-1][0].isdigit()
            and _THOUSANDS_GAP.fullmatch(text, out[-1][2], start)
        ):
            out[-1] = (out[-1][0] + word, out[-1][1], end)
            continue
        out.append((_CANON.get(word, word), start, end))
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
    spellings: dict[str, str]  # a product-line word without doubled letters -> the word ("zolo")
    long_words: frozenset[str]  # product-line words of seven letters or more ("powercore")


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
                if (
                    (len(gram) == 1 and gram[0] in brands)
                    or (len(gram) > 1 and any(t.isalpha() and t not in _GENERIC for t in gram))
                    or (len(gram) > 2 and gram[0] in _GENERIC and gram[-1][0].isdigit())  # "Power Bank 20K"
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
        spellings={_undoubled(w): w for w in sorted({k[0] for k in keys}) if w.isalpha() and len(w) >= 4},
        long_words=frozenset(k[0] for k in keys if k[0].isalpha() and len(k[0]) >= 7),
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
    toks = [(_respelled(w, index), s, e) for w, s, e in _tokens(with_capacities_in_digits(text))]  # "PowerCore diez mil"
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
            # Longer than any full name here: every name that has its words ("PowerCore 10000 PD"
            # is the PowerCore 10000 PD Redux or the PowerCore Slim 10000 PD, not the PowerCore 10000).
            length = part[0]
            models = part[1] | _names_with(index, tuple(words[:length]))
        else:
            i += 1
            continue
        start, end = toks[i][1], toks[i + length - 1][2]
        if text.count("(", start, end) > text.count(")", start, end) and text.startswith(")", end):
            end += 1  # "PowerCore 10000 (2023)" keeps its closing parenthesis
        found.append(_named(text, start, end, tuple(sorted(models))))
        i += length
    return found + _magnetic_batteries(text, index, found)


def _names_with(index: _Index, words: tuple[str, ...]) -> frozenset[str]:
    """The models with a name that has all these words, in this order."""
    def has(key: tuple[str, ...]) -> bool:
        rest = iter(key)
        return all(word in rest for word in words)

    return frozenset().union(*(models for key, models in index.exact.items() if has(key)))


def _respelled(word: str, index: _Index) -> str:
    """A product-line word as the catalogue spells it: "zollo", "zoloo" (a doubled letter) and, in
    words of seven letters or more, one letter wrong, missing or extra ("powercor") are typos."""
    if word in index.first or not word.isalpha():
        return word
    return index.spellings.get(_undoubled(word)) or (_one_letter_off(word, index.long_words) if len(word) >= 7 else word)


@functools.lru_cache(maxsize=8192)
def _undoubled(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


@functools.lru_cache(maxsize=4096)
def _one_letter_off(word: str, long_words: frozenset[str]) -> str:
    close = [w for w in long_words if edit_distance(word, w, limit=1) == 1]
    return close[0] if len(close) == 1 else word


# "batterie magnétique", "batería magnética", "Magnet-Powerbank", "magnetischer Akku": the catalogue's
# "Magnetic Battery" as customers name it in French, Spanish and German (English: the names' own words).
_MAGNETIC = r"magn[ée]ti(?:que|ca|co)s?|magnetisch\w*|magnet|magnetic"
_BATTERY = r"batter(?:ie|[ií]a)s?|akkus?|power\s?banks?|powerbanks?|bater[ií]as?"
_MAGNETIC_BATTERY = re.compile(
    rf"(?<!\w)(?:(?:{_BATTERY})(?:\s+\w+)?\s+(?:{_MAGNETIC})|(?:{_MAGNETIC})[\s-]*(?:{_BATTERY}))(?!\w)", re.I
)


def _magnetic_batteries(text: str, index: _Index, found: list[ModelMention]) -> list[ModelMention]:
    models = index.partial.get(("magnetic", "battery"))
    if not models:
        return []
    return [
        _named(text, m.start(), m.end(), tuple(sorted(models)))
        for m in _MAGNETIC_BATTERY.finditer(text)
        if not any(f.start < m.end() and m.start() < f.end for f in found)
    ]


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
