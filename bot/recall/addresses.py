"""Postal addresses as customers type them: a whole address in one message, or a part.

A customer answers "where should the replacement go?" with whatever their country
writes: "221 Pine St Apt 4, Portland, OR 97205, USA", "Flat 2, 5 Kings Rd, Bristol
BS1 4DJ", "Musterweg 3, 80331 München", "1-2-3 Shibuya, Shibuya-ku, Tokyo 150-0002".
:func:`parse_address` splits such a text into street, city, postcode and country,
leaving out what it cannot find; :func:`check_postcode` checks a postcode against its
country's format.

Why not a library: libpostal (the one parser that covers every country) needs a 2 GB
model that cannot be downloaded here, and `usaddress`/`pyap` read only US, Canadian and
British addresses. So the countries and their postcode formats are a table
(:data:`COUNTRIES`, the formats of Google's libaddressinput metadata), and the splitting
is small and rule-based: country name, then postcode by the country's format, then the
town beside the postcode, then the street before it. Plain Python, no Rasa.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    """A country the units were sold in, with its postcode format."""

    code: str
    name: str
    aliases: tuple[str, ...]
    postcode: str  # regular expression for one postcode, upper case
    example: str
    regions: frozenset[str] = frozenset()  # state or province codes written before the postcode

    @property
    def postcode_first(self) -> bool:
        """Whether the postcode comes before the town ("80331 München"), not after ("Bristol BS1 4DJ")."""
        return self.code not in _TOWN_FIRST


_US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR".split()
)
_CA_PROVINCES = frozenset("AB BC MB NB NL NS NT NU ON PE QC SK YT".split())
_AU_STATES = frozenset("NSW VIC QLD WA SA TAS ACT NT".split())

# Aliases: the names customers write, in English, French, Spanish, German and the country's
# own language; accents, case, hyphens and dots do not matter (`_fold`), nor a leading
# article or preposition ("la France", "el Reino Unido", "in Deutschland": `_LEADING`).
COUNTRIES: tuple[Country, ...] = (
    Country("US", "United States", ("united states", "united states of america", "usa", "u.s.a.", "u.s.", "america", "us",
            "états-unis", "états-unis d'amérique", "amérique", "estados unidos", "estados unidos de américa", "eeuu",
            "ee. uu.", "vereinigte staaten", "vereinigten staaten", "vereinigte staaten von amerika", "amerika"),
            r"\d{5}(?:-\d{4})?", "97205", _US_STATES),
    Country("CA", "Canada", ("canada", "canadá", "kanada"),
            r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d", "M5H 1A1", _CA_PROVINCES),
    Country("GB", "United Kingdom", ("united kingdom", "uk", "u.k.", "great britain", "britain", "gb", "england",
            "scotland", "wales", "northern ireland", "royaume-uni", "grande-bretagne", "angleterre", "écosse",
            "pays de galles", "irlande du nord", "reino unido", "gran bretaña", "inglaterra", "escocia", "país de gales",
            "irlanda del norte", "vereinigtes königreich", "vereinigte königreich", "vereinigten königreich",
            "großbritannien", "schottland", "nordirland"),
            r"GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}", "SW1A 1AA"),
    Country("IE", "Ireland", ("ireland", "republic of ireland", "eire", "éire", "irlande", "république d'irlande",
            "irlanda", "república de irlanda", "irland", "republik irland"),
            r"(?:[AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}", "D02 X285"),
    Country("AU", "Australia", ("australia", "aus", "australie", "australien"), r"\d{4}", "2000", _AU_STATES),
    Country("NZ", "New Zealand", ("new zealand", "nz", "aotearoa", "nouvelle-zélande", "nueva zelanda", "neuseeland"),
            r"\d{4}", "6011"),
    Country("DE", "Germany", ("germany", "deutschland", "allemagne", "alemania", "de"), r"\d{5}", "80331"),
    Country("AT", "Austria", ("austria", "österreich", "autriche"), r"\d{4}", "1010"),
    Country("CH", "Switzerland", ("switzerland", "schweiz", "suisse", "suiza", "svizzera", "ch"), r"\d{4}", "8001"),
    Country("FR", "France", ("france", "frankreich", "francia", "fr"), r"\d{2} ?\d{3}", "75008"),
    Country("NL", "Netherlands", ("netherlands", "nederland", "holland", "nl", "pays-bas", "hollande", "países bajos",
            "holanda", "niederlande", "niederlanden"),
            r"\d{4} ?[A-Z]{2}", "1015 CJ"),
    Country("BE", "Belgium", ("belgium", "belgië", "belgique", "bélgica", "belgien"), r"\d{4}", "1000"),
    Country("LU", "Luxembourg", ("luxembourg", "luxemburgo", "luxemburg"), r"(?:L-)?\d{4}", "1111"),
    Country("ES", "Spain", ("spain", "españa", "espagne", "spanien"), r"\d{5}", "28013"),
    Country("PT", "Portugal", ("portugal",), r"\d{4}-\d{3}", "1100-148"),
    Country("IT", "Italy", ("italy", "italia", "italie", "italien"), r"\d{5}", "00184"),
    Country("DK", "Denmark", ("denmark", "danmark", "danemark", "dinamarca", "dänemark"), r"\d{4}", "1050"),
    Country("SE", "Sweden", ("sweden", "sverige", "suède", "suecia", "schweden"), r"\d{3} ?\d{2}", "114 55"),
    Country("NO", "Norway", ("norway", "norge", "norvège", "noruega", "norwegen"), r"\d{4}", "0150"),
    Country("FI", "Finland", ("finland", "suomi", "finlande", "finlandia", "finnland"), r"\d{5}", "00100"),
    Country("PL", "Poland", ("poland", "polska", "pologne", "polonia", "polen"), r"\d{2}-\d{3}", "00-950"),
    Country("JP", "Japan", ("japan", "nippon", "日本", "japon", "japón"), r"\d{3}-?\d{4}", "150-0002"),
    # Latin America: where most Spanish-speaking customers live.
    Country("MX", "Mexico", ("mexico", "méxico", "mexique", "mexiko"), r"\d{5}", "03940"),
    Country("CO", "Colombia", ("colombia", "colombie", "kolumbien"), r"\d{6}", "110231"),
    Country("CL", "Chile", ("chile", "chili"), r"\d{7}", "7500000"),
    Country("AR", "Argentina", ("argentina", "argentine", "argentinien"), r"[A-Z]\d{4}[A-Z]{3}|\d{4}", "C1043AAZ"),
    Country("PE", "Peru", ("peru", "perú", "pérou"), r"\d{5}", "15001"),
)
_BY_CODE = {c.code: c for c in COUNTRIES}
_TOWN_FIRST = frozenset({"US", "CA", "GB", "IE", "AU", "NZ", "JP", "CO", "PE"})
# Two-letter codes are words too ("us", "it", "de"): only an upper-case code counts.
_SHORT_CODES = {"US", "UK", "GB", "NZ", "DE", "CH", "FR", "NL", "USA", "AUS"}

_STREET_WORDS = frozenset(
    """st street rd road ave avenue blvd boulevard dr drive ln lane way ct court pl place
    terrace tce cres crescent close cl hwy highway pkwy parkway sq square row mews grove
    gardens walk hill""".split()
)
_UNIT_WORDS = re.compile(r"^(?:flat|apt|apartment|unit|suite|ste|floor|fl|room|c/o|po box|p\.o\. box)\b", re.I)
_SPLIT = re.compile(r"\s*[,;\n]+\s*")
_JP_MARK = re.compile(r"〒\s*")
_LEAD_IN = re.compile(
    r"^(?:(?:my|the|our)\s+)?(?:full\s+|postal\s+|delivery\s+|home\s+|shipping\s+)?address(?:\s+is)?\s*[:\-]?\s*"
    r"|^(?:please\s+)?(?:send|ship)\s+it\s+to\s*:?\s*|^(?:it'?s|its|i live (?:at|in))\s*:?\s*",
    re.I,
)


#: The parts of an address, as the return form's slots name them.
ADDRESS_PARTS = ("street", "city", "postcode", "country")


@dataclass(frozen=True)
class Address:
    """The parts of an address found in a text; None where a part was not found."""

    street: str | None = None
    city: str | None = None
    postcode: str | None = None
    country: str | None = None  # the country's English name
    country_code: str | None = None
    country_written: bool = False  # named in the text, not told by the postcode's format

    def parts(self) -> dict[str, str]:
        """The parts that were found, by slot name (street, city, postcode, country)."""
        found = {"street": self.street, "city": self.city, "postcode": self.postcode, "country": self.country}
        return {k: v for k, v in found.items() if v}


# Articles and prepositions before a country's name: "the UK", "la France", "el Reino Unido",
# "die Schweiz", "en Allemagne", "aux États-Unis", "in Deutschland", "nach Österreich".
# Not "de": it is a word in French and Spanish, and Germany's code.
_LEADING = re.compile(
    r"^(?:(?:the|in|into|to|la|le|les|en|au|aux|à|a|vers|pour|el|los|las|al|para|hacia"
    r"|der|die|das|den|dem|im|ins|nach|aus)\s+|l['’]\s*)",
    re.I,
)


def _fold(text: str) -> str:
    """A name as compared: lower case, no accents, no dots, hyphens as spaces ("États-Unis" -> "etats unis")."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace(".", "").replace("-", " ")
    return " ".join(text.split())


def _alias_keys(alias: str) -> set[str]:
    """An alias as compared, also with German umlauts written out ("Dänemark", "Daenemark")."""
    spelled_out = alias.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return {_fold(alias), _fold(spelled_out)}


_BY_ALIAS = {key: country for country in COUNTRIES for alias in country.aliases for key in _alias_keys(alias)}


def country_by_name(text: str, *, whole_answer: bool = False) -> Country | None:
    """The country a customer named ("Deutschland", "the UK", "USA", "les États-Unis"), or None.

    Args:
        text: The words naming the country, in English, French, Spanish or German (or the
            country's own language), with or without accents and a leading article.
        whole_answer: The text answers "which country?", so "us" or "uk" in lower case
            is the country too (inside an address it could be a word).
    """
    raw = _squash(text).strip(" .")
    for _ in range(3):  # "to the", "à la", "in die"
        shorter = _LEADING.sub("", raw, count=1)
        if shorter == raw:
            break
        raw = shorter
    key = _fold(raw)
    country = _BY_ALIAS.get(key)
    if country is None:
        return None
    if len(key.replace(" ", "")) <= 3 and not whole_answer and re.sub(r"[.\s]", "", raw) not in _SHORT_CODES:
        return None  # "us", "de" or "fr" in lower case is a word, not a country
    return country


def country_by_code(code: str | None) -> Country | None:
    return _BY_CODE.get((code or "").upper())


def country_name(country: Country, language: object) -> str:
    """The country's name in the customer's language ("Allemagne", "Alemania", "Deutschland").

    From the text catalogue (`country_name_<code>` in bot/i18n/catalogue/); English when the
    language is not configured. Only for what the customer reads: the `country` slot and
    the ticket keep the English `Country.name`.
    """
    from bot.i18n.texts import text

    return text(language, f"country_name_{country.code.lower()}")


def readable_country(value: str | None, language: object) -> str:
    """A stored country (the English name, or as the customer wrote it) in the customer's language.

    A country we do not know is shown as it was written.
    """
    country = country_by_name(value or "", whole_answer=True)
    return country_name(country, language) if country else (value or "")


def check_postcode(postcode: str, country: Country) -> str | None:
    """The postcode in its country's usual writing, or None when it is not of that format."""
    text = _JP_MARK.sub("", _squash(postcode).upper()).strip()
    text = re.sub(r"^(?:POSTCODE|POST CODE|ZIP CODE|ZIPCODE|ZIP|PLZ|CP|EIRCODE|CAP)[:\s]*", "", text)
    text = re.sub(rf"^{country.code}[- ]", "", text)  # "CH-8001", "D-80331" style prefixes
    text = re.sub(r"^D-(?=\d{5}$)", "", text) if country.code == "DE" else text
    if not re.fullmatch(country.postcode, text):
        return None
    return _canonical_postcode(text, country)


def _canonical_postcode(text: str, country: Country) -> str:
    compact = text.replace(" ", "")
    if country.code in ("GB", "CA", "IE"):
        return f"{compact[:-3]} {compact[-3:]}" if country.code != "IE" else f"{compact[:3]} {compact[3:]}"
    if country.code == "NL":
        return f"{compact[:4]} {compact[4:]}"
    if country.code == "JP" and "-" not in compact:
        return f"{compact[:3]}-{compact[3:]}"
    if country.code == "FR":
        return compact
    return text


def parse_address(text: str, *, country_code: str | None = None) -> Address:
    """The parts of a postal address in a customer's message.

    Args:
        text: What the customer typed, e.g. "Musterweg 3, 80331 München, Germany".
        country_code: The country already known from the conversation, if any.

    Returns:
        An :class:`Address`; missing parts are None. A postcode that does not fit its
        country's format is None too (:func:`check_postcode`).
    """
    cleaned = _LEAD_IN.sub("", _JP_MARK.sub("", _squash(text)).strip()).strip(" .")
    segments = [s for s in _SPLIT.split(cleaned) if s.strip(" .")]
    if not segments:
        return Address()
    country, segments = _take_country(segments)
    segments = _postcode_last(segments, country)
    written = country is not None
    country = country or country_by_code(country_code)
    if not segments:  # "Portugal": the country alone
        return Address(country=country.name if country else None, country_code=country.code if country else None,
                       country_written=written)
    found = _find_postcode(segments, country)
    if found is None:
        return _without_postcode(segments, country, written=written)
    index, span, country, region = found
    segment = segments[index]
    if country is _UNKNOWN:  # 5 digits and no country named: the street's language may tell
        country = _guess_country(segments[:index] + [segment[: span[0]]], segment[span[0] : span[1]])
        postcode = check_postcode(segment[span[0] : span[1]], country) if country else segment[span[0] : span[1]]
    else:
        postcode = check_postcode(segment[span[0] : span[1]], country)
    before = segment[: span[0]].strip(" ,")
    after = segment[span[1] :].strip(" ,")
    if region:
        before = re.sub(rf"\b{region}\.?$", "", before).strip(" ,")
        after = re.sub(rf"^{region}\b\.?", "", after).strip(" ,")
    head = segments[:index]
    city: str | None
    if after:  # "80331 München": the town follows the postcode
        city = after
        head = [*head, before] if before else head
    elif before and head:  # "Bristol BS1 4DJ", "Toronto ON M5H 1A1"
        city = before
    elif before:  # one segment: "221 Pine St Portland OR 97205", "Musterweg 3 80331"
        street_part, city = _split_street_city(before)
        if street_part:
            head = [street_part]
        elif _looks_like_street(before):
            head, city = [before], None
        else:
            city = before
    else:  # "Portland, OR 97205": the town is the segment before
        city, head = (head[-1], head[:-1]) if head else (None, head)
    if city is None and index + 1 < len(segments):
        city = segments[index + 1]
    street = ", ".join(s for s in head if s) or None
    return Address(
        street=street,
        city=_strip_region(city, country),
        postcode=postcode,
        country=country.name if country else None,
        country_code=country.code if country else None,
        country_written=written,
    )


def _squash(text: str) -> str:
    text = unicodedata.normalize("NFC", str(text or ""))
    text = re.sub(r"[\x00-\x09\x0b-\x1f\x7f]", " ", text)
    return re.sub(r"[ \t]+", " ", text)


def _postcode_last(segments: list[str], country: Country | None) -> list[str]:
    """ "SW9 8LF, Flat 2, 41 Brixton Hill, London": a postcode written first, alone, goes last,
    where the rest of the reading expects it. Only a format with letters: "1234, Main St" is a house."""
    if len(segments) < 2 or segments[0].strip().replace(" ", "").isdigit():
        return segments
    candidates = [country] if country else [_BY_CODE[c] for c in _SELF_EVIDENT]
    first = segments[0].strip(" .")
    if any(_postcode_pattern(c).fullmatch(first) for c in candidates):
        return [*segments[1:], first]
    return segments


def _take_country(segments: list[str]) -> tuple[Country | None, list[str]]:
    """The country named at the end of the address, and the segments without it."""
    last = segments[-1]
    country = country_by_name(last)
    if country:
        return country, segments[:-1]
    words = last.split()
    for n in (4, 3, 2, 1):  # "80331 München Germany": the country as the last words
        if len(words) > n:
            country = country_by_name(" ".join(words[-n:]))
            if country:
                return country, [*segments[:-1], " ".join(words[:-n])]
    return None, segments


def _postcode_pattern(country: Country) -> re.Pattern[str]:
    # Not inside a word, accented letters included: "4000 Liège" holds no Dutch "4000 LI".
    return re.compile(rf"(?<![\w-])(?:{country.code}-)?({country.postcode})(?!\w)", re.I)


def _region_before(segment: str, start: int, country: Country) -> str | None:
    if not country.regions:
        return None
    m = re.search(r"([A-Za-z]{2,3})\.?\s*$", segment[:start])
    return m[1] if m and m[1].upper() in country.regions and m[1].isupper() else None


# Formats distinctive enough to name the country when the customer did not.
_SELF_EVIDENT = ("CA", "GB", "NL", "IE", "JP", "PT", "PL")


def _find_postcode(
    segments: list[str], country: Country | None
) -> tuple[int, tuple[int, int], Country, str | None] | None:
    """Where the postcode is: (segment index, span, country, region code before it)."""
    candidates = [country] if country else [_BY_CODE[c] for c in _SELF_EVIDENT] + [_BY_CODE["US"], _BY_CODE["AU"]]
    for index in range(len(segments) - 1, -1, -1):
        segment = segments[index]
        for candidate in candidates:
            for m in reversed(list(_postcode_pattern(candidate).finditer(segment))):
                if index == 0 and m.start(1) == 0 and len(segments) > 1 and m.group(1).isdigit() and not candidate.code == "JP":
                    continue  # "1234 Main St, ...": a house number, not a postcode ("SW9 8LF, Flat 2, ..." is one)
                region = _region_before(segment, m.start(), candidate)
                if candidate.regions and not country and not region and m.group(1).isdigit():
                    continue  # 5 or 4 digits alone are a US or Australian code only beside a state
                if not country and candidate.code == "NL" and m.start(1) == 0 and index == 0:
                    continue
                if not country and candidate.code == "JP" and "-" not in m.group(1):
                    continue  # seven digits alone are no sure sign of Japan ("7500000, Santiago" is Chile's)
                return index, m.span(1), candidate, region
    if country is None:
        # A postcode whose country we can't tell (5 digits: DE, FR, ES, IT, US...): keep it.
        for index in range(len(segments) - 1, -1, -1):
            m = re.search(r"(?<![\w-])(\d{4,5})(?![\w-])", segments[index])
            if m and not (index == 0 and m.start() == 0 and len(segments) > 1):
                return index, m.span(1), _UNKNOWN, None
    return None


_UNKNOWN = Country("", "", (), r"\d{4,5}", "")
# Street words that only one of the five-digit-postcode countries uses.
_STREET_LANGUAGE = (
    # "Lindenallee", "Allee 3", but not the French "allee des Tilleuls" typed without its accent
    ("DE", re.compile(r"(?:straße|strasse|str\.|weg|gasse|allee(?!\s+(?:des|du|de|d'))|platz|ring|damm|ufer)\b", re.I)),
    ("FR", re.compile(r"\b(?:rue|boulevard|bd|impasse|all[ée]e\s+(?:des|du|de|d')|allée|chemin|quai|appt|cedex)\b", re.I)),
    ("ES", re.compile(r"\b(?:calle|c/|avenida|avda|plaza|paseo|carrer)\b", re.I)),
    ("IT", re.compile(r"\b(?:via|viale|piazza|corso|vicolo)\b", re.I)),
)


def _guess_country(street_parts: list[str], postcode: str) -> Country | None:
    """The country of a five-digit postcode from the street's language, if only one fits."""
    if len(postcode) != 5:
        return None
    street = " ".join(street_parts)
    fits = [code for code, words in _STREET_LANGUAGE if words.search(street)]
    return _BY_CODE[fits[0]] if len(fits) == 1 else None


def _without_postcode(segments: list[str], country: Country | None, *, written: bool) -> Address:
    street = city = None
    if len(segments) == 1:
        if _looks_like_street(segments[0]):
            street = segments[0]
        else:
            city = segments[0] if country else None
            street = None if country else segments[0]
    else:
        street, city = ", ".join(segments[:-1]), segments[-1]
    return Address(
        street=street,
        city=_strip_region(city, country),
        country=country.name if country else None,
        country_code=country.code if country else None,
        country_written=written,
    )


def _looks_like_street(text: str) -> bool:
    words = re.findall(r"[\w'-]+", text.lower())
    has_number = bool(re.search(r"\d", text))
    return has_number or bool(_UNIT_WORDS.match(text)) or any(w in _STREET_WORDS for w in words) or any(
        w.endswith(("straße", "strasse", "str", "weg", "gasse", "platz", "laan", "straat", "gracht", "via", "rue"))
        for w in words
    )


# Street types in the languages customers write, for telling a street line from a sentence.
STREET_TYPES = _STREET_WORDS | frozenset(
    """rue av avenue bd boulevard chemin impasse allée allee quai cours route passage
    calle c/ avda avenida paseo plaza camino carrer carretera ronda travesía travesia rua
    straße strasse str weg gasse platz ring damm ufer chaussee laan straat via viale""".split()
)
_HOUSE_NUMBER_AT_AN_END = re.compile(r"^\s*\d{1,5}[a-z]?\b|\b\d{1,5}[a-z]?\s*$", re.I)
_MODEL_NUMBER = re.compile(r"\b[a-z]-?\d{4}\b", re.I)


def is_street_line(text: str) -> bool:
    """ "12 rue de la Paix", "Calle Mayor 5", "Hauptstraße 5": it opens with the house number or the
    street, and has a house number at one end and a street type ("mi dirección es Calle Mayor 5" is a sentence)."""
    text = text.strip()
    if not _HOUSE_NUMBER_AT_AN_END.search(text) or _MODEL_NUMBER.search(text):
        return False
    words = [w.strip(".") for w in re.findall(r"[\w'/.-]+", text.lower())]
    is_type = [w in STREET_TYPES or w.endswith(("straße", "strasse", "weg", "gasse", "platz")) for w in words]
    opens = bool(words) and (words[0].isdigit() or is_type[0] or (len(words) > 1 and is_type[1]))
    return opens and any(is_type)


def _split_street_city(text: str) -> tuple[str | None, str | None]:
    """ "221 Pine St Portland" -> ("221 Pine St", "Portland"); no street word: (None, None)."""
    words = text.split()
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower().strip(".") in _STREET_WORDS and i < len(words) - 1:
            return " ".join(words[: i + 1]), " ".join(words[i + 1 :])
    m = re.match(r"^(.*?\d+[a-zA-Z]?)\s+([^\d]+)$", text)  # "Musterweg 3 München"
    if m and re.search(r"[^\W\d_]", m[1]):
        return m[1], m[2]
    return None, None


def _strip_region(city: str | None, country: Country | None) -> str | None:
    if not city:
        return None
    if country and country.regions:
        city = re.sub(r"\s+([A-Z]{2,3})\.?$", lambda m: "" if m[1] in country.regions else m[0], city)
    return city.strip(" ,.") or None
