"""What a reply to a form question is: the answer, a clear stop, or a fire report.

A reply to "What is your full name?" is a name, whatever the intent classifier makes
of two words it has never seen ("Mario Rossi" once came out as `cancel`). Only a clear
stop leaves a form, and a fire report always does, except where the fire word is
plainly part of the name or the address asked for ("Hannah Sparks", "12 Flame Street").
Plain Python: the policy, the NLU component and the actions all ask here.
"""

from __future__ import annotations

import re

from bot.recall.addresses import ADDRESS_PARTS, country_by_name, parse_address
from bot.understanding import form_words as fw
from bot.understanding.textdist import edit_distance

_FILLER = (
    r"(?:(?:ok(?:ay)?|no+|nah|actually|please|pls|plz|just|oh|um+|uh+|hmm+|sorry|wait|hey|so|then|ugh|"
    + fw.FILLER
    + r")[\s,.!]*)*"
)
_STOP = (
    r"(?:stop(?:\s+(?:it|that|this|now|here))?|cancel(?:\s+(?:it|that|this|everything|all|the\s+\w+|my\s+\w+))?"
    r"|forget\s+(?:it|that|about\s+it|this)|never\s*mind|nevermind|nvm|abort|quit|exit|halt"
    r"|don'?t\s+bother|do\s+not\s+bother|leave\s+it|scrap\s+(?:it|that)|drop\s+it"
    r"|i\s+(?:have\s+|'ve\s+)?changed\s+my\s+mind|i\s+don'?t\s+want\s+(?:to\s+(?:continue|go\s+on)|it\s+any\s*more)"
    r"|i\s+do\s+not\s+want\s+to\s+continue|no\s+longer\s+needed|not\s+anymore|forget\s+the\s+\w+|"
    + fw.STOP
    + ")"
)
_TAIL = (
    r"(?:[\s,.!]*(?:please|pls|thanks?|thank\s+you|then|for\s+now|now|after\s+all|bye|sorry|it|that|"
    + fw.TAIL
    + "))*"
)
_CLEAR_STOP = re.compile(rf"^\W*{_FILLER}{_STOP}(?:[\s,.!]+{_FILLER}{_STOP})*{_TAIL}\W*$", re.I)

# Fire words that are also surnames, or parts of street and town names.
_PROPER_NAME_FIRE_WORDS = frozenset(
    "burns burn sparks spark ash ashe blaze flame flames brand fire firth smoke smokey smoky "
    "burnt burnside cinder cinders ember embers".split()
)
_NAME = re.compile(r"^[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){1,4}$")
_NAME_PARTICLES = frozenset("de da di van von der den du la le del dos bin al y".split())
# Words that make "Help Fire" or "House Fire" a cry, not a name.
_NOT_NAME_WORDS = frozenset(
    """help please pls my the its it's is on in of at house home room car kitchen bedroom garage office
    everywhere now call emergency urgent quick quickly oh god omg there big small huge real massive alarm
    coming out started starting caught""".split()
)


def is_clear_stop(text: str) -> bool:
    """Whether the whole message asks to stop what is going on ("cancel that", "never mind")."""
    return bool(_CLEAR_STOP.match((text or "").strip()[:200]))


def reads_as_detail(slot: str, text: str, fire_words: str | None = None) -> bool:
    """Whether a reply to the question for ``slot`` is that detail and not a fire report.

    Args:
        slot: The requested slot (customer_name, street, city, postcode, country, email).
        text: The customer's reply.
        fire_words: The words the fire safety net matched, if it matched.

    Returns:
        True when the reply is plainly the detail: a name of two to five capitalised
        words ("Hannah Sparks"), an address with a house number or postcode whose fire
        word, if any, is part of a capitalised name ("12 Flame Street"), an email address.
    """
    text = (text or "").strip()
    if not text or len(text) > 200:
        return False
    matched = (fire_words or "").strip()
    if slot == "customer_name" and _lower_case_name(text, matched):
        return True
    street_name = slot in ADDRESS_PARTS and matched[:1].isupper() and matched.split()[0] in _street_names(text)
    if matched and not (_proper_name_words(matched) or street_name):
        return False  # "5100 Burnet Rd": a capitalised word that names the street passes, whatever it is
    if slot == "customer_name":
        return _is_name(text)
    if slot == "email":
        return bool(re.fullmatch(r"\S+@\S+\.\S+", text))
    if slot in ADDRESS_PARTS:
        address = parse_address(text)
        has_anchor = bool(address.postcode) or bool(re.search(r"\d", address.street or ""))
        if not matched:
            # The classifier alone heard a fire report in an address with a house number or
            # a postcode and no fire word the safety net knows, in any language: an address;
            # so is a country's name given as the country ("United Kingdom").
            return has_anchor or (slot == "country" and country_by_name(text, whole_answer=True) is not None)
        # "12 Flame Street", "Smokey Hollow Ln 4": the fire word names the street
        return has_anchor and matched.split()[0] in _street_names(text)
    return False


_STREET_NAMED = re.compile(
    r"\b(?P<name>[A-Z][\w'-]*)(?:\s+[A-Z][\w'-]*)?\s+(?i:street|st|road|rd|lane|ln|avenue|ave|way|drive|dr|close|court"
    r"|ct|place|pl|hollow|hill|park|gardens|grove|crescent|terrace|row|square|boulevard|blvd|straße|strasse|str"
    r"|weg|gasse|platz|laan|straat|allee|ring|rue|calle|avenida)\b",
)
# "12 rue de la Flamme", "Calle Fuego 3": the street type first
_STREET_NAMED_AFTER = re.compile(
    rf"\b(?i:{fw.STREET_BEFORE_NAME})\s+(?:(?i:de|del|de\s+la|la|le|les|des|du|d')\s*)?(?P<name>[A-Z][\w'-]*)"
)


def _street_names(text: str) -> set[str]:
    return {m["name"] for pattern in (_STREET_NAMED, _STREET_NAMED_AFTER) for m in pattern.finditer(text)}


def _proper_name_words(matched: str) -> bool:
    words = re.findall(r"[^\W\d_]+", matched)
    return bool(words) and all(w[0].isupper() and w.lower() in _PROPER_NAME_FIRE_WORDS for w in words)


# Surnames that are fire words, and what comes before a fire word but is no given name.
_FIRE_SURNAMES = frozenset("burns sparks brand ashe firth burnside blaze rauch funke brent brasier".split())
_NOT_GIVEN_NAMES = frozenset(
    """it this that he she we they everything something all battery charger phone bank powerbank unit cable
    plug case bag car house flat room kitchen smoke fire ça ca elle il ella esto sie es""".split()
)


def _lower_case_name(text: str, matched: str) -> bool:
    """ "tyler burns" typed in lower case as the name: a given name, then a surname that is a fire word."""
    words = text.lower().split()
    return (
        len(words) == 2
        and all(w.isalpha() for w in words)
        and words[1] == matched.lower()
        and words[1] in _FIRE_SURNAMES
        and words[0] not in _NOT_GIVEN_NAMES | _NOT_NAME_WORDS
    )


def _is_name(text: str) -> bool:
    if not _NAME.match(text):
        return False
    words = text.split()
    if words[0].lower() in _PROPER_NAME_FIRE_WORDS or any(w.lower() in _NOT_NAME_WORDS for w in words):
        return False  # "Fire Fire", "Help Fire": a surname comes after a given name
    return all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words)


# --- corrections at the read-back ---------------------------------------------------------

_FIELDS = (
    ("email", r"e-?mail(?:\s+address)?"),
    ("postcode", r"post\s?code|postal\s+code|zip(?:\s?code)?|plz|eircode|post\s+number"),
    (
        "street",
        r"street\s+(?:number|no)|house\s+(?:number|no)|street|flat(?:\s+number)?|apartment|apt|unit\s+number",
    ),
    ("city", r"city|town|suburb"),
    ("country", r"country"),
    ("address", r"(?:delivery\s+|shipping\s+)?address"),
    ("customer_name", r"(?:sur|last\s+|first\s+|full\s+)?name|spelling\s+of\s+my\s+name"),
    ("remedy", r"refund|replacement|money\s+back"),
)
# The customer's own words first: "E-Mail-Adresse" is one name, not "E-Mail" and an address.
_FIELD = re.compile(
    "|".join(f"(?P<{slot}>\\b(?:{fw.FIELDS[slot]}|{words})\\b)" for slot, words in _FIELDS), re.I
)
# What joins a second named slot to the first ("the postcode and the city", "PLZ, Ort"). A
# slot's name without it is part of a value: "8 rue Victor Hugo", "Calle de Alcalá".
_JOINED = re.compile(
    rf"(?:[,;!?(]|\.\s|\b(?:and|also|but|{fw.AND})\b)\s*(?:\b(?:the|my|your|{fw.ARTICLE})(?:\s+|(?<=['’])))*$",
    re.I,
)
# The named slot is right, and that is all: "the address is fine", "die PLZ stimmt", "están bien".
_RIGHT = re.compile(
    rf"^\W*(?:(?:is|are|was|looks?|seems?|all|both|too|{fw.IS})\W+)*(?:correct|right|fine|good|ok(?:ay)?|{fw.RIGHT})\b"
    rf"(?!\W*(?:not|{fw.NOT_THIS})\b)(?:\W+(?:so|too|as\s+well|yes|thanks?|{fw.TAIL}|{fw.LEADING_YES}|{fw.YES})\b)*\W*$",
    re.I,
)
# Everything up to the last word that says the slot is wrong: what is wrong is not the new value.
_UP_TO_WRONG = re.compile(
    rf".*\b(?:wrong(?:ly)?|incorrect|not\s+(?:right|correct)|misspel+(?:ed|t)|a\s+typo|typo|mistake|{fw.WRONG})\b",
    re.I | re.S,
)
# An old value taken back, up to a comma, "but" or the end: "not 94017", "pas la France", "nicht München".
_OLD_VALUE = re.compile(
    rf"\b(?:and\s+not|not|instead\s+of|rather\s+than|{fw.NOT_THIS})(?!\w)[^,;()!?]*?"
    rf"(?=\s*(?:[,;()!?]|\.(?:\s|$)|$)|\s+(?:but|{fw.BUT_THIS})\b)",
    re.I,
)
# "from 80313 to 80331", "von 80313 auf 80331", "de 75020 à 75002": the first code is the old one.
_FROM_OLD_CODE = re.compile(
    r"\b(?:from|von|de|del)\s+[A-Za-z0-9]*\d[A-Za-z0-9 -]*?\s+(?=(?:to|auf|in|zu|à|a|en|por)\s)", re.I
)
_LEAD_IN = re.compile(
    r"^(?:\s*(?:is|was|are|isn'?t|wasn'?t|should\s+(?:be|read|say)|needs?\s+to\s+be|must\s+be|has\s+to\s+be|to|=|:|-|,|;"
    r"|\.|it'?s|its|it\s+should\s+be|actually|please|pls|change(?:d)?(?:\s+it)?|correct(?:ion)?|but|instead|really"
    r"|(?:the\s+)?(?:correct|right|new)\s+one\s+is|(?:the\s+)?(?:correct|right|new)"
    rf"|{fw.VALUE_AFTER})(?!(?<=\w)\w))+\s*",  # whole words: "is" not in "ist", "to" not in "Toronto"
    re.I,
)
_VALUE_TAIL = re.compile(
    rf"(?:[\s,.!]*\b(?:please|pls|thanks?|thank\s+you|instead|and|{fw.VALUE_TAIL})(?!\w))+[\s,.!]*$|[\s,.!]+$",
    re.I,
)
_PERSONAL = re.compile(rf"\b(?-i:I|i'm|my|{fw.PERSONAL})(?!\w)")
# A postcode: "80331", "SW1A 1AA", "1015 CJ"; not "80331 ET" or "28013 EL".
_CODE = re.compile(
    r"\b[A-Z0-9]*\d[A-Z0-9]*(?:[ -](?:[A-Z0-9]*\d[A-Z0-9]*|(?!(?:ET|ES|EN|EL|DE|DU|LA|LE|IN|IS|TO|AN|AM|UM|OU|OR|SO|JA|SI|NO|OK"
    r"|AU|IM|ZU|BY|MY|IT|AT|ON|UN|PA|ER)\b)[A-Z]{2}))?\b"
)
_EMAIL = re.compile(r"[^\s@,;:<>()]+@[^\s@,;:<>()]+\.[^\s@,;:<>()]+")
# Right before a value: "… et pas jp@orange.com".
_TAKEN_BACK = re.compile(rf"\b(?:not|instead\s+of|rather\s+than|{fw.NOT_THIS})[\s:]*$", re.I)
_SAME = "\0same"  # a slot the customer says is right (no value anyone types)


def find_correction(text: str) -> dict[str, str | None] | None:
    """What a customer wants changed at the read-back, by slot.

    "the postcode is wrong, it should be 80331" -> {"postcode": "80331"}; "my email is
    wrong" -> {"email": None} (ask it again); "the address" -> every address part None;
    "refund instead" -> {"remedy": "refund"}; "PLZ 80331 und Ort München" -> both. The
    value may come before the slot's name ("pas 75020 mais 75002 pour le code postal");
    an old value taken back ("c'est 75002 pas 75020") is left out. An address given as a
    whole is returned under "address" for the caller to split.

    Returns:
        The changes, or None when the text names nothing to change: a slot said to be
        right ("oui, l'adresse est bonne") is no change.
    """
    text = (text or "").strip()[:300]
    clauses = _clauses(text)
    if not clauses:
        return _unnamed_correction(text)
    changes = {slot: value for slot, value in _readings(clauses, text) if value != _SAME}
    # A remedy named is a switch, unless said to be right ("oui, le remplacement c'est bon").
    if any(slot == "remedy" and not _RIGHT.match(value) for slot, _, value in clauses):
        changes["remedy"] = read_remedy(text) or ("replacement" if _REFUND_WORDS.search(text) else "refund")
    if reads_as_yes(text):  # "ja, an diese Adresse": a yes that names a slot changes nothing
        changes = {slot: value for slot, value in changes.items() if value is not None}
    return _with_address_parts(changes) or None


def _readings(clauses: list[tuple[str, str, str]], text: str) -> list[tuple[str, str | None]]:
    """Each named slot's new value, None (ask again) or `_SAME` (said to be right), in the text's order.

    A slot named with nothing of its own shares what the next one says: "le nom et
    l'adresse sont corrects", "name and email are wrong".
    """
    readings: list[tuple[str, str | None]] = []
    following: str | None = None
    for slot, before, value in reversed([c for c in clauses if c[0] != "remedy"]):
        if following == _SAME and not _VALUE_TAIL.sub("", _LEAD_IN.sub("", value)).strip():
            reading: str | None = _SAME
        else:
            reading = _SAME if _RIGHT.match(value) else _read_value(slot, value, before, text)
        readings.insert(0, (slot, reading))
        following = reading
    return readings


def _all_said_right(text: str) -> bool:
    """Every slot named is said to be right: "Name und E-Mail sind richtig", "l'adresse est bonne"."""
    clauses = [c for c in _clauses(text) if c[0] != "remedy"]
    return bool(clauses) and all(reading == _SAME for _, reading in _readings(clauses, text))


def _clauses(text: str) -> list[tuple[str, str, str]]:
    """(slot, the words before its name, the words after it) for each slot the customer names."""
    # Each slot named: where its clause starts (at the "and" before it), where its name starts and ends.
    named: list[tuple[str, int, int, int]] = []
    for field in _FIELD.finditer(text):
        slot, start = field.lastgroup or "", field.start()
        joined = _JOINED.search(text, 0, start)
        if not named:
            named.append((slot, 0, start, field.end()))
        elif slot == "remedy" or (joined and not _inside_address(named[-1], slot, text, start)):
            named.append((slot, joined.start() if joined else start, start, field.end()))
    ends = [start for _, start, _, _ in named[1:]] + [len(text)] if named else []
    return [
        (slot, text[start:name], text[after:end])
        for (slot, start, name, after), end in zip(named, ends, strict=True)
    ]


def _inside_address(previous: tuple[str, int, int, int], slot: str, text: str, start: int) -> bool:
    """A part named inside an address given whole: "Adresse: Musterweg 3, PLZ 80331 München"."""
    return (
        previous[0] == "address"
        and slot in ADDRESS_PARTS
        and bool(re.search(r"\d", text[previous[3] : start]))
    )


def _read_value(slot: str, value: str, before: str, text: str) -> str | None:
    """The new value of a named slot, or None to ask it again."""
    said_wrong = _UP_TO_WRONG.match(value)
    value = value[said_wrong.end() :] if said_wrong else value
    if slot == "email":
        return _wanted_email(text)
    value = _VALUE_TAIL.sub("", _LEAD_IN.sub("", _FROM_OLD_CODE.sub("", _without_old(value)[0]).strip()))
    if slot == "postcode":
        # "pas 75020 mais 75002 pour le code postal": the code before the name, when nothing follows it
        codes = _CODE.findall(value.upper())
        if not codes and not value and not said_wrong:
            codes = _CODE.findall(_without_old(before)[0].upper())
        return codes[0] if codes else None
    if slot == "address":
        return value if re.search(r"\d", value) else None
    if slot == "street":  # "the house number is 12 not 21": ask for the street line again
        return value if re.search(r"[^\W\d_]{3,}", value) else None
    if slot == "country":
        value = re.sub(r"^(?:the|la|le|l['’]|el|die|der|das)\s*(?<=\s|['’])", "", value, flags=re.I)
    if (
        len(value.split()) > 5
        or _PERSONAL.search(value)
        or (slot == "customer_name" and len(value.split()) < 2)
    ):
        return None  # not a value but the customer talking; a name needs first name and surname
    return value or None


def _without_old(text: str) -> tuple[str, str]:
    """The text without the old values taken back, and those old values."""
    old = [m.group(0) for m in _OLD_VALUE.finditer(text)]
    return _OLD_VALUE.sub(" ", text), " ".join(old)


def _wanted_email(text: str) -> str | None:
    """The first email address not taken back ("c'est a@b.fr et pas a@b.com")."""
    for found in _EMAIL.finditer(text):
        if not _TAKEN_BACK.search(text, 0, found.start()):
            return found.group(0).rstrip(".")
    return None


def _unnamed_correction(text: str) -> dict[str, str | None] | None:
    """An email address alone, or a postcode for one of the same shape: "c'est 75002 pas 75020"."""
    email = _wanted_email(text)
    if email:
        return {"email": email}
    kept, old = _without_old(text)
    new_codes, old_codes = _CODE.findall(kept.upper()), _CODE.findall(old.upper())
    if new_codes and old_codes and len(new_codes[0]) >= 4 and _shape(new_codes[0]) == _shape(old_codes[0]):
        return {"postcode": new_codes[0]}
    town = _CODE_AND_TOWN.search(text)
    if town and _CORRECTION_LEAD.match(text):  # "non attendez, c'est 1004 Lausanne"
        return {"postcode": town["code"], "city": town["town"].strip()}
    return None


# A postcode and its town at the end of a reply that starts by taking something back.
_CODE_AND_TOWN = re.compile(r"(?<![\w-])(?P<code>\d{4,5})\s+(?P<town>[A-ZÀ-Ý][\w'’. -]{1,40})[.!]?$")
_CORRECTION_LEAD = re.compile(
    r"^\W*(?:no|non|nope|nein|nee|wait|hang\s+on|sorry|actually|attends|attendez|pardon|espera|perd[oó]n|moment)\b", re.I
)


def _shape(code: str) -> str:
    return re.sub(r"[A-Z]", "A", re.sub(r"\d", "9", code))


def _with_address_parts(changes: dict[str, str | None]) -> dict[str, str | None]:
    """ "the address" asks every part again, unless a part is named too ("l'adresse est fausse, la rue …")."""
    if "address" not in changes or changes["address"] is not None:
        return changes
    rest = {slot: value for slot, value in changes.items() if slot != "address"}
    return rest if set(rest) & set(ADDRESS_PARTS) else {**dict.fromkeys(ADDRESS_PARTS), **rest}


# --- remedies and yes/no in the customer's own words ------------------------------------

_REFUND_WORDS = re.compile(
    rf"\b(?:refund\w*|reimburs\w*|money\s+back|my\s+money|(?:the\s+)?money|cash\s+back|repay\w*|{fw.REFUND})\b",
    re.I,
)
_REPLACEMENT_WORDS = re.compile(
    r"\b(?:replac\w*|new\s+one|another\s+one|a\s+new\s+(?:unit|power\s*bank|one)|send\s+me\s+(?:a|another)"
    r"|(?:exchange|swap|switch)\w*(?!\s+(?:it\s+|that\s+)?(?:to|for|into)\s+(?:a\s+|the\s+|my\s+)?(?:refund|money|cash))"
    rf"|{fw.REPLACEMENT})\b",
    re.I,
)
_NEGATED_BEFORE = re.compile(
    rf"(?:\bnot|\bno|\bdon'?t\s+want|rather\s+than|instead\s+of|\bnor|{fw.NEGATION})(?!\w)[\s'’]*(?:\w+[\s'’]+){{0,2}}$",
    re.I,
)
_TYPO_TARGETS = {
    "refund": "refund",
    "replacement": "replacement",
    "replace": "replacement",
    **fw.TYPO_TARGETS,
}


def read_remedy(text: str) -> str | None:
    """Refund or replacement, as the customer put it ("replacment", "refund of money", "not the money").

    A remedy the customer negates ("replacement please, not the money") does not count.
    """
    found = find_remedy(text)
    return found[0] if found else None


def find_remedy(text: str) -> tuple[str, int, int] | None:
    """`read_remedy`'s remedy with where the customer said it: (kind, start, end)."""
    text = (text or "")[:300]
    found: list[tuple[int, int, str]] = []
    for kind, pattern in (("refund", _REFUND_WORDS), ("replacement", _REPLACEMENT_WORDS)):
        for m in pattern.finditer(text):
            if not _negated_before(text[: m.start()]):
                found.append((m.start(), m.end(), kind))
    if not found:  # typos: "replacment", "refnd", "reembolzo"
        for m in re.finditer(r"[a-z]{5,}", text.lower()):
            kind = _typo_of(m.group(0))
            if kind:
                found.append((m.start(), m.end(), kind))
    if not found:
        return None
    kinds = {kind for _, _, kind in found}
    chosen = kinds.pop() if len(kinds) == 1 else _changed_to(text, sorted(found))
    start, end, kind = min(f for f in found if f[2] == chosen)
    return kind, start, end


_CHANGE_OF_MIND = re.compile(
    rf"\b(?:actually|wait|sorry|on\s+second\s+thoughts?|{fw.CHANGE_OF_MIND})|^[\W_]*(?:{fw.NO_RIGHT_AFTER})\b", re.I
)


def _negated_before(before: str) -> bool:
    """A negation just before a remedy ("not the money", "pas de remboursement"), unless what
    follows the "no" changes the customer's mind ("no actually a replacement", "no, mejor un reemplazo")."""
    negation = _NEGATED_BEFORE.search(before)
    if not negation:
        return False
    after_no = re.sub(r"^\W*\w+", "", negation.group(0), count=1)
    return not _CHANGE_OF_MIND.search(after_no)


def _changed_to(text: str, found: list[tuple[int, int, str]]) -> str:
    """Of two remedies named, the first; or the last, when the customer changes their mind
    between them ("refund... no actually a replacement")."""
    first, last = found[0], found[-1]
    if last[2] != first[2] and _CHANGE_OF_MIND.search(text[first[1] : last[1]]):
        return last[2]
    return first[2]


def _typo_of(word: str) -> str | None:
    """The remedy a misspelt word is closest to ("reemplaso" -> replacement, not refund)."""
    best: tuple[int, str] | None = None
    for target, kind in _TYPO_TARGETS.items():
        # The first letter is kept: "place" (of "3 place du Marché") is no "replace".
        if word[0] == target[0] and abs(len(word) - len(target)) <= 2:
            distance = edit_distance(word, target)
            if distance <= (1 if len(target) < 7 else 2) and (best is None or distance < best[0]):
                best = (distance, kind)
    return best[1] if best else None


_YES = re.compile(
    r"^\W*(?:yes+|yeah|yep|yup|ya|yea|sure|ok(?:ay)?|correct|right|that'?s\s+(?:right|correct|it)|all\s+(?:good|correct|fine)"
    r"|looks\s+(?:good|right|fine)|perfect|go\s+ahead|please\s+do|do\s+it|open\s+it|confirm\w*|i\s+confirm|affirmative"
    r"|absolutely|exactly|fine|great|spot\s+on|si|sí|oui|ja|jawohl"
    rf"|{fw.YES})\b(?!\W*(?:no|not|non|nein|pas|nicht)\b)",
    re.I,
)
_CONFIRMS = re.compile(
    r"\b(?:details|everything|all\s+of\s+it|it)\s+(?:is|are|looks?)\s+(?:all\s+)?(?:correct|right|fine|good)\b",
    re.I,
)
_BUT = re.compile(rf"\b(?:but|except|wrong|incorrect|mistake|typo|change|not\s+right|{fw.BUT})\b", re.I)


def reads_as_yes(text: str) -> bool:
    """A plain yes in the customer's words ("I confirm the details are correct", "yep all good")."""
    text = (text or "").strip()[:200]
    return bool(_YES.search(text) or _CONFIRMS.search(text) or _all_said_right(text)) and not _BUT.search(
        text
    )


_LEADING_YES = re.compile(
    rf"^\W*(?:yes+|yeah|yep|yup|sure|absolutely|of\s+course|definitely|{fw.LEADING_YES})\b"
    r"(?!\W*(?:but|no|mais|pero|aber|non|nein|pas|nicht)\b)",
    re.I,
)


def starts_with_yes(text: str) -> bool:
    """ "Yes, please. Thank you very much.": a yes first, whatever follows it."""
    return bool(_LEADING_YES.match((text or "")[:200]))


_RETURN_REQUEST = re.compile(
    r"\b(?:refund\w*|money\s+back|my\s+money|replac\w*|send\s+(?:it\s+|this\s+|them\s+)?back|return(?:ing)?\s+(?:it|this|my|the|them)"
    r"|exchange|swap\w*|new\s+one|" + fw.RETURN + r")\b",
    re.I,
)


_THANKS_FOR = re.compile(r"\b(?:thanks?|thank\s+you|thx|merci|gracias|danke)\s+(?:\w+\s+)?(?:for|pour|por|f(?:ü|ue|u)r)\b", re.I)


def thanks_for_something(text: str) -> bool:
    """ "Thanks for the refund", "merci pour le remplacement": thanks for what was done, not a choice."""
    return bool(_THANKS_FOR.search((text or "")[:300]))


_ASKS_WHY = re.compile(fw.ASKS_WHY, re.I)


def asks_why_needed(text: str) -> bool:
    """The customer asks why a detail is needed instead of giving it ("why do you need my email?",
    "¿para qué quieren mi dirección?"); an answer that holds the detail ("why? it's jo@x.com") is no question."""
    text = (text or "")[:300]
    return bool(_ASKS_WHY.search(text)) and "@" not in text and not re.search(r"\d", text)


_ASKS_FOR_A_PERSON = re.compile(fw.ASKS_FOR_A_PERSON, re.I)


def asks_for_a_person(text: str) -> bool:
    """A person asked for in so many words ("just get me a real person", "¿me puede atender
    una persona?"), not a question about what the bot is ("are you a real person?")."""
    return bool(_ASKS_FOR_A_PERSON.search((text or "")[:500]))


def asks_for_a_return(text: str) -> bool:
    """A refund or replacement asked for in so many words ("money back pls, a1681 mfg jan 2024")."""
    return bool(_RETURN_REQUEST.search((text or "")[:500])) and len((text or "").split()) >= 4


def chooses_a_remedy(text: str) -> bool:
    """One remedy named and not taken back ("I kindly request a full refund"); "a refund or a
    replacement?" weighs them, and chooses nothing."""
    text = (text or "")[:500]
    named = {kind for kind, pattern in (("refund", _REFUND_WORDS), ("replacement", _REPLACEMENT_WORDS)) if pattern.search(text)}
    return len(named) == 1 and read_remedy(text) is not None
