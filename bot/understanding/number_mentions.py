"""Model numbers written as numbers, and the context that says a number is no model.

The shapes ("A1263", "A 12 63", "#PB-2000", "model 622", "my 621", a bare "1263"
of a model we sell) and the rules around them: a number before a unit or a count
("10000 mAh", "737 avis"), in an address or postcode ("Calle Mayor 1263"), or
after an order, invoice, phone or ticket cue ("facture n° 1336", "RT-000123") is
not a model number.
"""

from __future__ import annotations

import re

from .model_mention import _MODEL_WORD, _NUMBER_WORD, _SEPARATORS, ModelMention, normalise_model_number
from .product_names import _Index

_UNITS = r"mah|wh|w|v|k"  # "10000 mAh", "20 W", "10k": a quantity, not a model
_UNIT_AFTER = rf"(?!\s{{0,3}}(?:{_UNITS}|%)\b)"
_A_SHAPE = re.compile(
    r"(?<![A-Za-z0-9])(?:#\s?)?(?P<tok>[Aa](?P<sep>\s{1,2}|\s?[-._]\s?)?(?P<d>[0-9IlO]{4}))"
    rf"(?![A-Za-z0-9])(?![.,][0-9]){_UNIT_AFTER}"
)
_DOUBLED_A = re.compile(r"(?<![A-Za-z0-9])(?P<tok>[Aa][Aa][\s-]?(?P<d>[0-9]{4}))(?![A-Za-z0-9])(?![.,][0-9])")
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
    r"|employ[ée]s|empleados|mitarbeiter(?:innen)?|reviews|ratings|avis|[ée]valuations|opiniones|rese[ñn]as|valoraciones|calificaciones|bewertungen|stars"
    r"|[ée]toiles|estrellas|sterne|comments|commentaires|comentarios|kommentare|messages|mensajes|nachrichten"
    r"|e-?mails|courriels|correos|calls|appels|llamadas|anrufe|views|vues|vistas|likes|votes|votos|stimmen"
    r"|followers|abonn[ée]s|seguidores|posts|clicks|clics|downloads|t[ée]l[ée]chargements|descargas"
    r"|cycles|ciclos|\w*zyklen|ladevorg[äa]ng\w*|charges|recharges|cargas|ladungen|orders|commandes|pedidos|bestellungen"
    r"|sales|ventes|ventas|verk[äa]ufe|returns|retours|devoluciones|r[üu]cksendungen|complaints|plaintes"
    r"|quejas|reclamaciones|beschwerden|reklamationen|signalements|reports|meldungen|cases|cas|casos|f[äa]lle"
    r"|points|puntos|punkte|kilom[eè]tres|kil[oó]metros|kilometern?|metres|meters|m[eè]tres|metros|metern?)(?!\w))"
)
_COUNTED_FOLLOWS = re.compile(_COUNTED)
_COUNTED_NUMBER = re.compile(rf"(?<![0-9])[0-9]+(?![0-9])(?={_COUNTED})")
_COUNT_AFTER = rf"(?!{_COUNTED}|\s{{0,3}}(?:%|(?i:{_UNITS}|km|miles?|ml|g|kg)(?!\w)))"
# "my 621", "the 733", "zwei 621er": a series number that one catalogue product carries.
_SERIES_NUMBER = re.compile(
    r"(?<![A-Za-z0-9$\u20ac\u00a3.,:/#-])(?P<tok>[0-9]{3})(?:er|ern)?(?![A-Za-z0-9%])(?![.,:/-][0-9])" + _COUNT_AFTER
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
    r"|(?:bestell|rechnungs|kunden|auftrags|vorgangs|sendungs|ticket|beleg|serien|chargen|lieferschein)(?:nummer|nr)"
    r"|delivery\s+note|packing\s+slip|bon\s+de\s+(?:livraison|commande)|re[çc]u|albar[aá]n|recibo|boleta"
    r"|lieferschein|quittung|kassenbon|beleg"
    r"|boeing|airbus|flight|vol|vuelo|flug|sold|vendu[es]{0,2}|vendid[oa]s?|verkauft"
    r"|claim|complaint|r[ée]clamation|plainte|reclamaci[oó]n|reclamo|queja|reklamation|beschwerde"
    r"|chf|eur|usd)"
    r"\.?\s{0,3}(?:(?:n\.?\s?[o\u00b0\u00ba]|nr|no|number|num[eé]ro|n[uú]mero|nummer|id)(?!\w)\.?\s{0,3})?"
    r"(?:(?:is|was|est|c'est|c\s+est|es|ist|lautet)\s{1,3}(?:(?:the|le|la|el|der|die)\s{1,3})?)?[:#]?\s{0,3}$",
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
# A postcode before its town, between commas or in brackets: "je suis en Suisse, 1263 Crassier, et ...".
_PART_OPENS = re.compile(r"[,;(]\s*$")
_TOWN = (
    r"[ \t]+(?!(?:Akku|Power\w*|Batter\w*|Bater\w*|Modell?|Mod[eè]le|Modelo|Anker|Zolo|MagGo)(?!\w))"
    r"[A-ZÀ-Ý][a-zà-ÿ]+(?:[ -][A-ZÀ-Ý][a-zà-ÿ]*)*"  # "1652 København V"
)
_TOWN_AFTER = re.compile(_TOWN + r"[ \t]*(?:[,;)]|$)")
_TOWN_NAME = re.compile(_TOWN + r"(?!\w)")
_HASH_OTHER = re.compile(
    rf"(?<![A-Za-z0-9])#\s?(?P<tok>[A-Za-z]{{1,4}}-?[0-9]{{2,5}}[A-Za-z]{{0,2}})(?![A-Za-z0-9])(?![.,][0-9]){_UNIT_AFTER}"
)
# Besides _OTHER_NUMBER_BEFORE's words: "case #AB1234", "ref #X1263", "RT #000123".
_NOT_A_MODEL_BEFORE_HASH = re.compile(
    r"\b(?:case|ref(?:erence)?|issue|request|rt)\s{0,3}(?:no\.?|number|id)?\s{0,3}$",
    re.I,
)
_TICKET_ID = re.compile(r"RT-?[0-9]{3,}", re.I)  # our return tickets, RT-000123
_PHONE_EDGE_BEFORE = re.compile(r"[0-9][\s-]$")
_PHONE_EDGE_AFTER = re.compile(r"[\s-][0-9]")


def _year_like(digits: str) -> bool:
    return 1900 <= int(digits) <= 2100


def _in_address(text: str, m: re.Match) -> bool:
    return bool(
        _ADDRESS_BEFORE.search(text, max(0, m.start() - 60), m.start())
        or _STREET_AFTER.match(text, m.end())
        or (_PART_OPENS.search(text, max(0, m.start() - 5), m.start()) and _TOWN_AFTER.match(text, m.end()))
    )


def _austrian_postcode(text: str, m: re.Match) -> bool:
    """ "A-1070 Wien" after a street or a comma: Austria's postcodes are written with an "A-"."""
    opens = _ADDRESS_BEFORE.search(text, max(0, m.start() - 60), m.start()) or _PART_OPENS.search(
        text, max(0, m.start() - 5), m.start()
    )
    return bool(opens and _TOWN_NAME.match(text, m.end()))


def _other_number(text: str, start: int) -> bool:
    """ "facture n° 1336", "pedido nº 1287", "Rechnungsnummer 1384", "commande #AB1234"."""
    return bool(_OTHER_NUMBER_BEFORE.search(text, max(0, start - 40), start))


def _number_mentions(text: str, index: _Index) -> list[ModelMention]:
    found = []

    def add(m: re.Match, value: str, *, from_name: bool = False) -> None:
        s, e = m.span("tok")
        found.append(ModelMention(value=value, text=text[s:e], start=s, end=e, from_product_name=from_name))

    for m in _A_SHAPE.finditer(text):
        digits = sum(c.isdigit() for c in m["d"])
        if digits < 2:
            continue  # "AOOOO", "AIIII": no model
        value = normalise_model_number(m["tok"])
        if digits < 3 and value not in index.known:
            continue  # "AI68I" (a label's ones read as I) only for a model we sell
        spaced = m["sep"] is not None and not m["sep"].strip()
        if spaced and (m["tok"][0] == "a" or _year_like(value[1:])) and value not in index.known:
            continue  # "a 2000 ..." is an article and a number, unless it is a model we sell
        if spaced and m["tok"][0] == "a" and _COUNTED_FOLLOWS.match(text, m.end()):
            continue  # "elle a 1263 cycles", "on a 1647 unités": a verb and a count
        if m["sep"] and _austrian_postcode(text, m):
            continue  # "Hauptstraße 12, A-1230 Wien"
        add(m, value)
    for m in _DOUBLED_A.finditer(text):
        value = "A" + m["d"]
        if value in index.known and not _other_number(text, m.start()):
            add(m, value)  # "AA1289": a misprint, or a finger that typed the A twice (not flight AA1289)
    for m in _A_SPLIT.finditer(text):
        if not re.search(r"[0-9IlO][\s-][0-9IlO]", m["d"]):
            continue  # no gap among the digits: _A_SHAPE's
        value = normalise_model_number(re.sub(r"[\s-]", "", m["tok"]))
        if value in index.known or (m["tok"][0] == "A" and sum(c.isdigit() for c in m["d"]) == 4):
            add(m, value)
    for m in _SERIES_NUMBER.finditer(text):
        if m["tok"] in index.series and not (_in_address(text, m) or _other_number(text, m.start())):
            add(m, index.series[m["tok"]], from_name=True)
    for m in _BARE.finditer(text):
        value = "A" + m["tok"]
        if value not in index.known or _year_like(m["tok"]):
            continue
        if _PHONE_EDGE_BEFORE.search(text, max(0, m.start() - 2), m.start()) or _PHONE_EDGE_AFTER.match(
            text, m.end()
        ):
            continue  # part of a longer digit run: a phone number or an id
        if _other_number(text, m.start()) or _in_address(text, m):
            continue  # "facture n° 1336", "1289 rue ...", "Suisse, 1263 Crassier"
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
            or _other_number(text, m.start())
            or len(_SEPARATORS.sub("", m["tok"])) < 4  # "#a-12": too short for a model
        ):
            add(m, normalise_model_number(m["tok"]))
    return found
