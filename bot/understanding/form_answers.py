"""What a reply to a form question is: the answer, a clear stop, or a fire report.

A reply to "What is your full name?" is a name, whatever the intent classifier makes
of two words it has never seen ("Mario Rossi" once came out as `cancel`). Only a clear
stop leaves a form, and a fire report always does, except where the fire word is
plainly part of the name or the address asked for ("Hannah Sparks", "12 Flame Street").
Plain Python: the policy, the NLU component and the actions all ask here.
"""

from __future__ import annotations

import re

from bot.recall.addresses import ADDRESS_PARTS, parse_address
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
    if matched and not _proper_name_words(matched):
        return False
    if slot == "customer_name":
        return _is_name(text)
    if slot == "email":
        return bool(re.fullmatch(r"\S+@\S+\.\S+", text))
    if slot in ADDRESS_PARTS:
        address = parse_address(text)
        has_anchor = bool(address.postcode) or bool(re.search(r"\d", address.street or ""))
        if not matched:
            # The classifier alone heard a fire report in an address with a house number or
            # a postcode and no fire word the safety net knows, in any language: an address.
            return has_anchor
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
    ("address", r"address"),
    ("customer_name", r"(?:sur|last\s+|first\s+|full\s+)?name|spelling\s+of\s+my\s+name"),
    ("remedy", r"refund|replacement|money\s+back"),
)
_FIELD = re.compile(
    "|".join(f"(?P<{slot}>\\b(?:{words}|{fw.FIELDS.get(slot, words)})\\b)" for slot, words in _FIELDS), re.I
)
_VALUE_AFTER = re.compile(
    r"^(?:\s*(?:is|was|are|isn'?t|wasn'?t|are\s+wrong|is\s+wrong|wrong|incorrect|not\s+right|should\s+(?:be|read|say)"
    r"|needs?\s+to\s+be|must\s+be|has\s+to\s+be|to|=|:|-|,|;|\.|it'?s|its|it\s+should\s+be|actually|please|pls"
    r"|change(?:d)?(?:\s+it)?|correct(?:ion)?|the\s+correct\s+one\s+is|right\s+one\s+is|new\s+one\s+is"
    rf"|{fw.VALUE_AFTER})(?!(?<=\w)\w))+\s*",  # whole words: "is" not in "ist", "to" not in "Toronto"
    re.I,
)
_EMAIL = re.compile(r"[^\s@,;:<>()]+@[^\s@,;:<>()]+\.[^\s@,;:<>()]+")


def find_correction(text: str) -> dict[str, str | None] | None:
    """What a customer wants changed at the read-back, by slot.

    "the postcode is wrong, it should be 80331" -> {"postcode": "80331"}; "my email is
    wrong" -> {"email": None} (ask it again); "the address" -> every address part None;
    "refund instead" -> {"remedy": "refund"}. An address given as a whole is returned
    under "address" for the caller to split.

    Returns:
        The changes, or None when the text names nothing to change.
    """
    text = (text or "").strip()[:300]
    email = _EMAIL.search(text)
    field = _FIELD.search(text)
    if field is None:
        return {"email": email.group(0)} if email else None
    slot = field.lastgroup or ""
    if slot == "remedy":
        return {"remedy": read_remedy(field.group(0)) or "replacement"}
    if slot == "email":
        return {"email": email.group(0) if email else None}
    value = _VALUE_AFTER.sub("", re.sub(r"^(?:'s|s)\b", "", text[field.end() :])).strip(" .!,;")
    if slot == "postcode":
        value = re.sub(r"\b(?:sein|bitte|svp|merci|gracias|danke|please|pls)\b", "", value, flags=re.I)
        codes = re.findall(r"\b[A-Z0-9]{2,5}(?:[ -][A-Z0-9]{2,4})?\b", value.upper())
        value = next((c for c in reversed(codes) if re.search(r"\d", c)), "")
    if slot == "address":
        return {"address": value} if re.search(r"\d", value) else dict.fromkeys(ADDRESS_PARTS)
    if slot == "street":  # "the house number is 12 not 21": ask for the street line again
        value = re.sub(r"\b(?:not|instead\s+of)\s+\S+", "", value).strip()
        if not re.search(r"[^\W\d_]{3,}", value):
            return {"street": None}
    return {slot: value or None}


# --- remedies and yes/no in the customer's own words ------------------------------------

_REFUND_WORDS = re.compile(
    rf"\b(?:refund\w*|reimburs\w*|money\s+back|my\s+money|(?:the\s+)?money|cash\s+back|repay\w*|{fw.REFUND})\b",
    re.I,
)
_REPLACEMENT_WORDS = re.compile(
    r"\b(?:replac\w*|new\s+one|another\s+one|a\s+new\s+(?:unit|power\s*bank|one)|exchange\w*|swap\w*|send\s+me\s+(?:a|another)"
    rf"|{fw.REPLACEMENT})\b",
    re.I,
)
_NEGATED_BEFORE = re.compile(
    rf"(?:\bnot|\bno|\bdon'?t\s+want|rather\s+than|instead\s+of|\bnor|{fw.NEGATION})\s*(?<=[\s'’])(?:[\w'’]+\s+){{0,2}}$",
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
            if not _NEGATED_BEFORE.search(text[: m.start()]):
                found.append((m.start(), m.end(), kind))
    if not found:  # typos: "replacment", "refnd", "reembolzo"
        for m in re.finditer(r"[a-z]{5,}", text.lower()):
            kind = _typo_of(m.group(0))
            if kind:
                found.append((m.start(), m.end(), kind))
    if not found:
        return None
    kinds = {kind for _, _, kind in found}
    chosen = kinds.pop() if len(kinds) == 1 else min(found)[2]
    start, end, kind = min(f for f in found if f[2] == chosen)
    return kind, start, end


def _typo_of(word: str) -> str | None:
    """The remedy a misspelt word is closest to ("reemplaso" -> replacement, not refund)."""
    best: tuple[int, str] | None = None
    for target, kind in _TYPO_TARGETS.items():
        if abs(len(word) - len(target)) <= 2:
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
    return bool(_YES.search(text) or _CONFIRMS.search(text)) and not _BUT.search(text)


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


def asks_for_a_return(text: str) -> bool:
    """A refund or replacement asked for in so many words ("money back pls, a1681 mfg jan 2024")."""
    return bool(_RETURN_REQUEST.search((text or "")[:500])) and len((text or "").split()) >= 4
