"""A customer passing on an optional question ("skip", "no thanks", "je préfère ne pas", "lieber nicht").

The return form asks a refund customer for the address the return label is sent from,
and says they may skip it. A short reply with no digit that says so is a skip; anything
else is taken as the address and checked.
"""

from __future__ import annotations

import re

_SKIP = (
    r"skip(?:\s+(?:it|that|this))?|pass|no+|nope|nah|no\s+thanks?|no\s+need|not\s+needed|none|n/?a"
    r"|(?:i'?d\s+)?rather\s+not|prefer\s+not(?:\s+to)?|i\s+(?:don'?t|do\s+not)\s+(?:know|want\s+to(?:\s+say)?)|dunno|idk"
    r"|no\s+address|(?:just\s+)?(?:the\s+)?label(?:\s+only)?|(?:just\s+)?(?:e-?mail|send)\s+(?:me\s+)?(?:the\s+|a\s+)?label"
    # French
    r"|passer|je\s+passe|non(?:\s+merci)?|pas\s+besoin|je\s+(?:pr[ée]f[èe]re|pr[ée]f[ée]rerais)\s+(?:ne\s+pas|pas)"
    r"|je\s+ne\s+sais\s+pas|je\s+sais\s+pas|sans\s+adresse|pas\s+d'adresse|juste\s+l'[ée]tiquette|l'[ée]tiquette\s+seulement"
    # Spanish
    r"|omitir|saltar|no\s+gracias|no\s+hace\s+falta|prefiero\s+no(?:\s+darla)?|no\s+s[ée]|sin\s+direcci[oó]n"
    r"|solo\s+la\s+etiqueta|s[oó]lo\s+la\s+etiqueta"
    # German
    r"|(?:(?:ü|ue|u)ber)?springen|nein(?:\s+danke)?|nicht\s+n[öo]tig|lieber\s+nicht|wei(?:ß|ss)\s+(?:ich\s+)?nicht"
    r"|keine\s+adresse|ohne\s+adresse|nur\s+(?:das\s+)?etikett"
)
_POLITE = r"(?:please|pls|thanks?|thank\s+you|merci|s'il\s+vous\s+pla[iî]t|svp|gracias|por\s+favor|danke|bitte)"
_DECLINE = re.compile(rf"^\W*(?:{_SKIP})(?:[\s,.!]+(?:{_SKIP}|{_POLITE}))*\W*$", re.I)


def skips_optional_question(text: str) -> bool:
    """Whether a reply passes on an optional question rather than answering it."""
    text = (text or "").strip()[:120]
    return bool(text) and not re.search(r"\d", text) and bool(_DECLINE.match(text))
