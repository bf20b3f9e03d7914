"""Which language a message is written in, and whether it asks for another one.

Detection uses lingua-language-detector (restricted to the configured languages: it is
built for short text, needs no download, and measured best here; see docs/LANGUAGES.md).
Model numbers, dates, emails and other tokens without letters are removed first, so
"A1263" or "03/2023" say nothing. A message that is too short to tell ("ok", "A1263",
"no") gives None and the conversation keeps its language, unless it is one of a few
words that belong to one language only ("bonjour", "gracias", "danke").

From three words on, lingua alone is misled by what customers' messages are full of:
product names shared by every language ("Anker PowerCore powerbank"), names and places
("my name is José García", "je vis à Berlin, Hauptstraße 3") and English loanwords
("je veux un refund", "el tracking no funciona"). So lingua reads neither the product
names nor those loanwords, reads the names and places at half weight, and its
confidences are then weighed by the language's frequent words (articles, pronouns,
auxiliaries, texting forms: "je", "mon", "est", "jsp"; "mi", "el", "q", "xq"; "ich",
"ist", "vllt"; "the", "my", "is"), which a loanword or a street name does not change.
A postal address is in no language: the street line, the name before it and the places
after it are left out ("ship it to 4410 Avenida de la Playa, La Jolla" is English), and an
address alone keeps the conversation's language.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from bot.i18n import SUPPORTED
from bot.recall.addresses import STREET_TYPES, is_street_line

MIN_WORDS = 3  # from three different words on, lingua and the frequent words decide
STREET_LINE_MAX_WORDS = 8  # "to 4410 Avenida de la Playa": a street line ends its part of the message
ADDRESS_MAX_CHARS = 400  # longer messages are read whole: an address is short
# The weighed confidence for the top language, three words or more, and its lead over
# the second. On tests/unit/i18n/language_phrases.py (about 200 messages a language)
# 0.5 with a 0.1 lead identifies 0.995-1.00 with no wrong language; 0.6 or 0.7 only
# miss more, 0.4 gains 0.005 here but switches more of data/nlu's examples wrongly
# (measured again with the longer frequent-word lists: 0.4 adds 5 wrong switches on
# data/nlu for 0.001 more identified). A wrong switch answers in another language, a
# miss keeps the conversation's.
MIN_CONFIDENCE = 0.5
MIN_LEAD = 0.1
SHORT_CONFIDENCE = 0.9  # for one or two words not in SHORT_WORDS
# Numbers and not one frequent word ("Weihnachten 2022 geschenkt bekommen", "A1681 caught
# fire yesterday"): lingua alone decides when at least two words are neither names nor
# shared words (_SHARED_WORDS) and it is this sure. Names and addresses ("Jürgen Schneider, Hauptstraße
# 5, Berlin") leave fewer; on data/nlu and the tests' phrases every such reading at 0.95
# or more is right, and the wrong ones stay under 0.85.
PLAIN_MIN_WORDS = 2
PLAIN_CONFIDENCE = 0.95
# How much one frequent word of a language multiplies lingua's confidence in it: 1 (lingua
# alone) identifies 0.91-0.97 of the development set with up to 3 % wrong, 3 misses a
# little more than 10, 30 switches more of data/nlu's examples wrongly.
WORD_WEIGHT = 10.0

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
# Model numbers ("A1263", "a-1263", "PB-2000"; with a space only in capitals or after a
# lone "a": "A 1263", "PB 2000", so that "in 2023", "am 12. März" and "die 622" keep
# their words), other numbers, emails and links.
_NOISE = re.compile(
    r"\S+@\S+|https?://\S+|\b[A-Za-z]{1,3}-?\d[\w/.-]*|\b(?:[A-Z]{1,3}|a)\s\d[\w/.-]*|\b\d[\w/.:-]*",
    re.UNICODE,
)
# Words with one letter ("i", "à", "y", "o") and French elisions ("j'", "c'", "qu'").
_TOKENS = re.compile(r"\b(?:qu|[cdjlmnst])['’]|[^\W\d_]+", re.IGNORECASE)
# What every language writes alike, and lingua does not read: product and brand names
# (model numbers are noise already), the shops and services customers name, and the
# English loanwords of a return ("je veux un refund", "el tracking no funciona", "sorry
# versteh ich nicht"), which lingua takes for English, or for anything, in three words.
_SHARED_WORDS = re.compile(
    r"\b(?:power[\s-]?banks?|anker|power[\s-]?core|maggo|zolo|gan[\s-]?prime|mah|usb(?:[\s-]?c)?"
    r"|amazon|whatsapp|iphone|samsung|paypal|dhl|ups|fedex"
    r"|refunds?|replacements?|tickets?|e-?mails?|labels?|tracking|recall|ok|okay|sorry)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?:\n]")

# Words that, on their own, belong to one configured language only. Ambiguous ones
# ("no", "ok", "hallo", "merci" is kept: not English) are left to the conversation.
SHORT_WORDS: dict[str, str] = {
    **dict.fromkeys(
        ["bonjour", "bonsoir", "salut", "merci", "oui", "ouais", "d'accord", "daccord", "svp",
         "rembourser", "remboursement", "aide", "au revoir", "allô", "coucou"], "fr"),
    **dict.fromkeys(
        ["hola", "gracias", "sí", "vale", "buenas", "buenos días", "buenas tardes", "adiós",
         "ayuda", "reembolso", "claro", "por favor", "todavía", "todavia", "dale"], "es"),
    **dict.fromkeys(
        ["guten tag", "moin", "servus", "danke", "bitte", "jawohl", "nein", "tschüss", "hilfe",
         "erstattung", "genau", "gerne", "vielen dank", "guten morgen"], "de"),
    **dict.fromkeys(
        ["hello", "hi", "hey", "thanks", "thank you", "yes", "yeah", "yep", "please", "bye",
         "goodbye", "help", "refund", "replacement", "good morning"], "en"),
}

# Frequent words of each language, from three words on: articles, pronouns, auxiliaries,
# prepositions, adverbs, question words, greetings, the recall's own words, months and
# seasons (the date answers: "la pillé en verano"), texting forms
# ("q", "xq", "tb"; "jsp", "stp", "koi"; "bzw", "vllt") and regional ones (Latin-American
# and Spain Spanish, Quebec French, Swiss and Austrian German, Bavarian as spoken: "servas,
# is wer do?", though "is" and "i" stay English only, or "refund is fine" would tell no
# language), each also written as customers type it without accents or umlauts ("tambien",
# "zurueck"). A word written alike in several languages ("de", "me", "in", "da", "hier") is
# listed under each: it then says only which languages it is not. English loanwords ("refund", "recall", "ticket", "box")
# are not listed, nor English nouns of the recall: customers write them in every language.
_FREQUENT_WORDS: dict[str, frozenset[str]] = {
    code: frozenset(words.split())
    for code, words in {
        "en": """i a the my is it its and to of for you your what can do does did don doesn isn didn
            have has with this that not are be been if how where when which why who there they them
            we our at or but from by about get got want need would should could just yet any mine
            me in on no so was will an hi hello thanks thank please bye goodbye battery recalled affected
            am also as than then were had some these those out up off into now here still yes one all
            go know send sent said tell think see make take give come came like
            u ur im ya dont cant wont ive youre gonna wanna
            january february march april may june july august september october november december
            spring summer autumn fall winter""",
        "fr": """a à le la les un une de des du et est il elle ils je tu ton mon ma mes ta votre vos notre
            nous vous me ce cet cette ces ça ca pas ne ai suis sont avez avons peux peut veux voudrais
            dois faut pour avec dans sur qui quoi que où ou mais moi toi au aux quel quelle quels
            quelles pourquoi quand très trop déjà encore aussi bien plus rien tout en se on y
            c' d' j' l' m' n' qu' s' t' merci bonjour salut oui svp jai jveux chui jsuis jsp eu
            rappel rappelé rappelée concerné concernée remboursement
            te nos va si comme donc alors là fait faire avoir être etre été ete était etait êtes etes
            non lui leur leurs sa ses sans sous chez vers depuis pendant avant après apres ici voilà
            voila toujours jamais comment combien vais vont dit sais sait cela ceci celle celui
            quelqu beaucoup peu vraiment personne hier
            stp koi kel ki ke pk pq pcq tkt mdr slt bjr bcp dc ds pr tt qd mtn jpeux jvais chuis
            pis tsé tse pantoute icitte deja
            rappele rappelee concerne concernee batterie boîte boite chargeur acheté achete achetée
            achetee renvoyer retour envoyer courriel numéro numero adresse fumée fumee feu brûlé brule
            brulé brûlée brulee chaud chaude gonflé gonfle gonflée gonflee remplacement colis facture
            modèle modele
            janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre
            décembre decembre printemps été hiver automne""",
        "es": """a el la los las un una de en mi mis mes tu es está esta están estan estoy soy yo por
            para con pero qué que cómo como dónde donde cuándo cuando del al lo le les se me hay muy
            tengo tiene tienen quiero puedo puede sí ya eso esto este ese su sus usted ustedes también
            todavía hola gracias porfa favor mí nada algo bien buen bueno buena buenos no o y retiro
            retirada reembolso batería
            bateria afectada afectado
            te nos va ni hoy ahora aquí aqui ahí ahi allí alli voy vas van fue era sea pues entonces
            luego después despues porque porqué tú mío mía mio mia cual cuál quién quien cuánto cuanto
            sin sobre desde hasta hace hacer tienes unos unas otro otra mismo todo todos nunca siempre
            tambien todavia tampoco solo sólo más mas menos esa ha han hemos dice dijo decir perdón
            perdon oye vale da deja ntp
            manden mándenla mandenla mándenlo mandenlo mándenmela mandenmela mándemela mandemela
            envíen envien envíenla envienla envíenlo envienlo envíenmela envienmela mándame mandame
            q xq pq tb tmb tbn d x pa porq xfa xfavor dnd ke pk bn
            che vos sos tenés tenes querés queres ahorita neta güey wey órale orale vosotros os tío tio
            weno si dale bno sabes sabés entra vivo derritió derritio derretida derretido carcasa código codigo
            mandala mándala
            caja fecha modelo cargador compré compre comprado comprada devolución devolucion cambio
            envío envio correo dirección direccion número numero nombre humo fuego quemado quemada
            caliente hinchada hinchado
            enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre
            diciembre primavera verano otoño otono invierno""",
        "de": """ich ist es mein meine meinen meinem meiner der den dem das die und nicht kein keine
            keinen ein eine einen einem ne mit von vom zum zur auf für bei sind bin hab habe wie wo wer
            warum mir mich dich du wir euch euer eure noch schon auch nur oder aber wenn ob kann können
            muss soll gibt gibts ja nein bitte danke hallo sie ihn ihm im in an so was will des bist los
            hat haben war wird werden geht
            rückruf rueckruf akku erstattung betroffen
            am also da hier dort steht stehen drauf dann jetzt doch halt aus nach seit um ins zu beim
            durch gegen ohne unter vor weil dass als wann welche welcher welches welchen man uns ihr
            ihre ihnen dein deine sein seine sehr gut heute gestern letzten letzte letztes vielleicht
            nix nichts etwas alles immer nie wieder gerade grad sonst mehr weiss weiß hast hatte wurde
            worden würde wuerde möchte moechte mochte könnte koennte fuer zurück zurueck koennen
            müssen muessen sollte denn nen nem habs laut gekauft hergestellt kaputt
            bzw vllt evtl usw zb
            frage isch nöd nid ned scho bisch hesch öppis grüezi gruezi gsi merci grias griass griaß
            des ur do servas hoaß hoass hob hobn woas wos wia hoit oida mei dei nimma soi
            batterie ladegerät ladegeraet datum modell nummer paket rechnung rauch feuer verbrannt
            heiss heiß ersatz gerät geraet verpackung karton adresse
            januar jänner jaenner februar feber märz maerz april mai juni juli august september oktober
            november dezember frühling fruehling frühjahr sommer herbst winter""",
    }.items()
}

# "English please", "en français", "¿hablas inglés?", "auf Deutsch bitte".
_NAMES_OF = {
    "en": r"english|anglais|ingl[eé]s|englisch",
    "fr": r"french|fran[cç]ais|franc[eé]s|franz[oö]sisch",
    "es": r"spanish|espagnol|espa[nñ]ol|castellano|spanisch",
    "de": r"german|allemand|alem[aá]n|deutsch",
}
_ASKS = re.compile(
    r"\b(?:in|en|auf|speak|parle[sz]?|parlez|habla[sn]?|hablar|sprechen|sprichst|switch to|change to|"
    r"please|pls|plz|por favor|porfa|s'il (?:te|vous) pla[iî]t|svp|stp|bitte|can we|could we|can you|do you|"
    r"pouvez-vous|puedes|puede|k[oö]nnen sie|kannst du|"
    r"cambi(?:a|ar|amos|e)|chang(?:e|er|eons|ez)|pass(?:e|er|ons|ez)|wechs(?:le|eln|elt)|umstellen|"
    r"continu(?:e|er|ons|ez|ar|amos)|segui(?:r|mos)|sigamos|weiter|reply|answer|write|respond|"
    r"r[ée]pond(?:s|re|ez)|respond(?:e|a|er)|antworte[nt]?|[ée]cri(?:s|re|vez)|escrib(?:e|a|ir)|schreib(?:e|en|t)?)\b",
    re.IGNORECASE,
)


_ANY_NAME = "|".join(_NAMES_OF.values())
_NEGATED = re.compile(
    rf"\b(?:no|not|don'?t|do not|can'?t|cannot|ne|n'|pas|kein|keine|nicht)\b(?:\W+\w+){{0,3}}?\W+(?:{_ANY_NAME})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Detection:
    language: str
    confidence: float


_DETECTOR = None
_LOCK = threading.Lock()


def _detector():  # type: ignore[no-untyped-def]
    global _DETECTOR
    if _DETECTOR is None:
        with _LOCK:
            if _DETECTOR is None:
                from lingua import IsoCode639_1, LanguageDetectorBuilder

                codes = [getattr(IsoCode639_1, code.upper()) for code in SUPPORTED]
                _DETECTOR = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_preloaded_language_models().build()
    return _DETECTOR


def preload() -> None:
    """Load the language models now (about a second), not on the first customer's turn."""
    _detector()


def words_of(text: str) -> list[str]:
    """The words that can tell a language: letters only, model numbers and dates removed."""
    return _WORD.findall(_NOISE.sub(" ", text))


def detect(text: str) -> Detection | None:
    """The language the message is written in, or None when it is too short or unclear."""
    framed = _without_address(text)
    if framed != text:
        around = words_of(framed)
        if not around:
            return None  # "Hauptstraße 5, Berlin": where the customer lives, not what they speak
        if _distinct(around) >= MIN_WORDS:
            text = framed
        elif frame := _frame_language(framed, around):
            return frame
        # else too few words around the address to tell ("vivo en"): the whole message is read
    words = words_of(text)
    if not words:
        return None
    if _only_a_name(text) and not _short_word_language(words):
        return None  # "Ciarán O'Neill" answers the name question: a name says nothing of the language
    if _distinct(words) < MIN_WORDS:  # "no no no" is one word
        return _detect_short(words)
    if _only_names_and_numbers(text):
        return _plain_words_reading(text)  # "Musterweg 3, 80331 München, Germany": None
    return _surest(_weighed_by_frequent_words(_lingua_reading(text), text), MIN_CONFIDENCE)


_NAME_TOKEN = re.compile(r"[A-ZÀ-Ý][a-zß-ÿ]+(?:['’-][A-ZÀ-Ý]?[a-zß-ÿ]+)*|[A-ZÀ-Ý]['’][A-ZÀ-Ý][a-zß-ÿ]+|[A-ZÀ-Ý]\.")


def _only_a_name(text: str) -> bool:
    """Two to four capitalised words and nothing else, none of them a frequent word of a language."""
    tokens = text.strip().split()
    return (
        2 <= len(tokens) <= 4
        and all(_NAME_TOKEN.fullmatch(t) for t in tokens)
        and not _any_frequent({w for w in _tokens(text) if len(w) > 1})  # not the O of O'Neill
    )


def _only_names_and_numbers(text: str) -> bool:
    """An address or a list of names: numbers, and not one frequent word of any language."""
    if not re.search(r"\d", text):
        return False
    return not _frequent_words_in(text)


def _plain_words_reading(text: str) -> Detection | None:
    """lingua on the words that are neither names nor shared words, when there are enough."""
    names = _names(text)
    plain = [w for w in words_of(_SHARED_WORDS.sub(" ", text)) if w not in names]
    if len({w.lower() for w in plain}) < PLAIN_MIN_WORDS:
        return None
    return _surest(_confidences(plain), PLAIN_CONFIDENCE)


def _frequent_words_in(text: str) -> bool:
    return _any_frequent(set(_tokens(text)))


def _any_frequent(tokens: set[str]) -> bool:
    return any(tokens & words for words in _FREQUENT_WORDS.values())


def _tokens(text: str) -> list[str]:
    """The words and elisions that frequent words are looked up among: lower case, without
    model numbers, dates, emails or shared words ("usb-c" leaves no "c")."""
    plain = _SHARED_WORDS.sub(" ", _NOISE.sub(" ", text))
    return [t.lower().replace("’", "'") for t in _TOKENS.findall(plain)]


def _without_address(text: str) -> str:
    """The message without the postal address it gives, which is in no language: the street
    line ("to 4410 Avenida de la Playa" keeps "to"), the names before it ("Pedro Gómez,") and
    the places after it ("La Jolla, California 92037", "colonia Roma, Ciudad de México")."""
    if len(text) > ADDRESS_MAX_CHARS:
        return text
    parts = re.split(r"([,;\n]+)", text)  # parts at even indexes, separators at odd ones
    found = next(((i, start) for i in range(0, len(parts), 2) if (start := _street_start(parts[i])) is not None), None)
    if found is None:
        return text
    street, start = found
    first = street
    while first >= 2 and _is_name(parts[first - 2]):
        first -= 2
    last = street
    while last + 2 < len(parts) and _is_place(parts[last + 2]):
        last += 2
    kept = [*parts[:first], parts[street][:start], *parts[last + 1 :]]
    return "".join(kept)


def _distinct(words: list[str]) -> int:
    return len({w.lower() for w in words})


def _frame_language(frame: str, words: list[str]) -> Detection | None:
    """The language of the one or two words around an address ("mon adresse :", "Hola,"): the
    one they hold more frequent words of than any other; None when they do not tell."""
    short = _short_word_language(words)
    if short:
        return Detection(short, 1.0)
    counts = _frequent_word_counts(set(_tokens(frame)))
    (top, most), (_, second) = sorted(counts.items(), key=lambda c: c[1], reverse=True)[:2]
    return Detection(top, 1.0) if most > second else None


def _street_start(part: str) -> int | None:
    """Where the street line that ends this part begins ("send it to 12 rue de la Paix": at "12")."""
    starts = [m.start() for m in re.finditer(r"\S+", part)]
    for start in starts[-STREET_LINE_MAX_WORDS:]:
        if is_street_line(part[start:]):
            return start
    return None


def _is_name(part: str) -> bool:
    """ "Pedro Gómez", "Name: Anna Becker": capitalised words, none a frequent word ("Hola")."""
    words = _TOKENS.findall(part)
    return bool(words) and all(w[0].isupper() for w in words) and not _frequent_words_in(part)


# Lower-case words a town or district line has: "Ciudad de México", "colonia Roma", "3e étage".
_PLACE_WORDS = STREET_TYPES | frozenset(
    """de del la las los le les du des d' di da do dos das y e et und am an der im bei sur sous upon
    colonia col barrio piso puerta esc escalera bajo depto dpto departamento apt apartment appartement
    étage etage bte stock top tür tuer suite unit flat floor cp cedex bp""".split()
)


def _is_place(part: str) -> bool:
    """ "La Jolla", "California 92037", "colonia Crédito Constructor": capitalised words, numbers
    and the small words of place names only; not "Gracias!"."""
    words = _TOKENS.findall(_NOISE.sub(" ", part))
    folded = [w.lower().replace("’", "'") for w in words]
    if any(w in SHORT_WORDS for w in folded):
        return False
    return all(w[0].isupper() or f in _PLACE_WORDS for w, f in zip(words, folded, strict=True))


def _detect_short(words: list[str]) -> Detection | None:
    short = _short_word_language(words)
    if short:
        return Detection(short, 1.0)
    return _surest(_confidences(words), SHORT_CONFIDENCE)


def _surest(scores: dict[str, float], needed: float) -> Detection | None:
    """The top language when it is `needed` sure and MIN_LEAD ahead of the second."""
    (language, top), (_, second) = sorted(scores.items(), key=lambda item: item[1], reverse=True)[:2]
    if top < needed or top - second < MIN_LEAD:
        return None
    return Detection(language, round(top, 3))


def _lingua_reading(text: str) -> dict[str, float]:
    """lingua's confidences without the shared words, and names and places at half weight:
    the mean of its reading with the names and without them."""
    words = words_of(_SHARED_WORDS.sub(" ", text))
    names = _names(text)
    without_names = [w for w in words if w not in names]
    reading = _confidences(words)
    if without_names and len(without_names) < len(words):
        other = _confidences(without_names)
        reading = {code: (reading[code] + other[code]) / 2 for code in reading}
    return reading


def _weighed_by_frequent_words(reading: dict[str, float], text: str) -> dict[str, float]:
    counts = _frequent_word_counts(_tokens(text))
    most = max(counts[code] for code in reading)  # weights relative to the most: a long message does not overflow
    weighed = {code: value * WORD_WEIGHT ** (counts[code] - most) for code, value in reading.items()}
    total = sum(weighed.values())
    return {code: value / total for code, value in weighed.items()} if total else reading


def _frequent_word_counts(tokens: Iterable[str]) -> dict[str, int]:
    """How many of the tokens are frequent words of each configured language."""
    tokens = list(tokens)
    return {code: sum(t in _FREQUENT_WORDS.get(code, ()) for t in tokens) for code in SUPPORTED}


def _confidences(words: list[str]) -> dict[str, float]:
    """lingua's confidence for each configured language; even when nothing is left to read."""
    if not words:
        return dict.fromkeys(SUPPORTED, 1 / len(SUPPORTED))
    values = _detector().compute_language_confidence_values(" ".join(words))
    found = {v.language.iso_code_639_1.name.lower(): float(v.value) for v in values}
    return {code: found.get(code, 0.0) for code in SUPPORTED}


def _names(text: str) -> set[str]:
    """Capitalised words inside a sentence ("José", "Paris", "Hauptstraße"): names and places
    in English, French and Spanish; in German every noun, which is why they count half."""
    names: set[str] = set()
    previous_end = None
    for match in _TOKENS.finditer(text):  # "I'm Jürgen": "I" starts the sentence
        word = match.group()
        starts_sentence = previous_end is None or _SENTENCE_END.search(text, previous_end, match.start())
        if not starts_sentence and word[0].isupper() and word[1:].islower():
            names.add(word)
        previous_end = match.end()
    return names


def language_of(text: str, fallback: str | None = None) -> str:
    """The language to answer a lone message in: the one it is written in, else `fallback`,
    else English."""
    from bot.i18n import DEFAULT

    found = detect(text)
    return found.language if found else fallback or DEFAULT


def _short_word_language(words: list[str]) -> str | None:
    phrase = " ".join(w.lower() for w in words)
    if phrase in SHORT_WORDS:
        return SHORT_WORDS[phrase]
    found = {SHORT_WORDS[w.lower()] for w in words if w.lower() in SHORT_WORDS}
    return found.pop() if len(found) == 1 else None


def requested_language(text: str) -> str | None:
    """The language the customer asks for by name ("English please", "en español"), or None.

    A language named without a request ("I live in France", "my German power bank") is not
    a request: the name must come with a request word, or be the whole message.
    """
    folded = _fold(text)
    named = _languages_named(folded)
    if len(named) != 1:
        return None
    if _NEGATED.search(folded):
        return None  # "je ne parle pas anglais": the language they write in, not the one named
    words = words_of(folded)
    if len(words) <= 2 or _ASKS.search(folded):
        return named[0]
    return None


def names_a_language(text: str) -> bool:
    """Whether the text names one of the languages we write ("English", "en français", "auf Deutsch")."""
    return bool(_languages_named(_fold(text)))


def _languages_named(folded: str) -> list[str]:
    return [code for code, pattern in _NAMES_OF.items() if re.search(rf"\b(?:{pattern})\b", folded, re.IGNORECASE)]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()
