"""French, Spanish and German words for `form_answers`: regex fragments, one place per meaning.

Accents are optional everywhere ("remboursé"/"rembourse", "olvídalo"/"olvidalo",
"zurück"/"zurueck"), because customers often type without them.
"""

from __future__ import annotations

# Asking for the money back.
REFUND = (
    r"rembours\w*|(?:r[ée]cup[ée]rer\s+)?(?:mon|l'|l’)\s*argent"
    r"|reembols\w*|devoluci[oó]n\s+del?\s+(?:mi\s+)?dinero|devuelv\w+\s+(?:el|mi)\s+dinero|(?:mi|el)\s+dinero"
    r"|(?:r(?:ü|ue|u)ck)?erstatt\w*|(?:mein\s+|das\s+)?geld\s+zur(?:ü|ue|u)ck|mein\s+geld"
)

# Asking for a new unit. "un cambio de dirección", "ein neues Problem" are not remedies.
_DEVICE = r"batterie|powerbank|power\s*bank|unit[ée]|appareil|bater[ií]a|unidad|cargador|ger(?:ä|ae|a)t|akku"
_ALONE = r"(?=\s*(?:$|[,.!?;]|svp|s'il|merci|por\s+favor|gracias|bitte|danke))"
REPLACEMENT = (
    rf"rempla[cç]\w*|[ée]chang(?:e|er)\b|une?\s+nouv(?:elle|eau|el)\s+(?:{_DEVICE})|une?\s+(?:nouv(?:elle|eau)|autre){_ALONE}"
    rf"|reemplaz\w*|sustitu\w*|cambi(?:o|ar)\b(?!\s+(?:de|mi\s+direcci|la\s+direcci|el\s+correo))"
    rf"|un[ao]?\s+(?:nuev[ao]|otr[ao])\s+(?:{_DEVICE})|(?:{_DEVICE})\s+nuev[ao]|un[ao]\s+(?:nuev[ao]|otr[ao]){_ALONE}"
    rf"|ersatz\w*|austausch\w*|umtausch\w*|(?:um|aus)tauschen|(?:ein(?:e|en)?\s+)?neue[sn]?\s+(?:{_DEVICE})"
    rf"|(?:lieber\s+)?ein(?:e|en)?\s+neue[sn]?{_ALONE}"
)

# Words before a remedy that take it back: "pas de remboursement", "no quiero reembolso", "keine Erstattung".
NEGATION = (
    r"\bpas|\bsans|\bni|\bjamais|au\s+lieu\s+d['’e]?"
    r"|\bsin|\bnada\s+de|en\s+(?:lugar|vez)\s+de"
    r"|\bkein\w*|\bnicht|\bohne|\b(?:an)?statt"
)

# Correctly typed targets of a typo ("remboursment", "reembolzo", "Erstatung"), by remedy.
TYPO_TARGETS = {
    "remboursement": "refund",
    "rembourser": "refund",
    "remplacement": "replacement",
    "reembolso": "refund",
    "reemplazo": "replacement",
    "erstattung": "refund",
    "austausch": "replacement",
}

# A yes on its own ("d'accord", "vale", "passt").
YES = (
    r"oui|ouais|ouaip|d'?accord|dac|c'?est\s+(?:bon|correct|juste|exact|[çc]a|parfait)|tout\s+est\s+(?:bon|correct|juste)"
    r"|exact(?:ement)?|parfait|bien\s+s[ûu]r|volontiers|absolument|avec\s+plaisir|entendu"
    r"|s[ií]|claro|vale|de\s+acuerdo|correct[oa]|todo\s+(?:correcto|bien)|perfecto|est[áa]\s+bien|exacto|por\s+supuesto"
    r"|desde\s+luego|dale|listo|okey"
    r"|ja+|jawohl|jo|jep|jup|genau|richtig|stimmt|passt|alles\s+(?:korrekt|richtig|gut|ok|klar)|in\s+ordnung|korrekt"
    r"|gerne?|nat(?:ü|ue|u)rlich|klar|perfekt|einverstanden|sicher"
)

# A yes that opens a longer reply ("oui merci", "sí, por favor", "ja bitte").
# "si" is also French "if" ("si je peux…"), so not before a French subject.
LEADING_YES = (
    r"oui|ouais|d'?accord|bien\s+s[ûu]r|volontiers|avec\s+plaisir|absolument"
    r"|sí|si\b(?!\s+(?:je|j|tu|vous|on|ils?|elles?|nous|c|ce|ça|ca)\b)|claro|vale|por\s+supuesto|desde\s+luego"
    r"|ja|jawohl|gerne?|nat(?:ü|ue|u)rlich|klar"
)

# What turns a yes into a correction ("oui mais…", "sí pero…", "ja, aber…").
BUT = (
    r"mais|sauf|faux|fausse|erreur|pas\s+(?:bon|correct|juste)|modifi\w*|corrig\w*|chang\w*"
    r"|pero|excepto|salvo|mal|incorrect[oa]|error|equivocad[oa]|cambi\w*|correg\w*"
    r"|aber|au(?:ß|ss)er|falsch|fehler|nicht\s+(?:richtig|korrekt)|(?:ä|ae|a)nder\w*|korrigier\w*"
)

# A clear stop ("laissez tomber", "olvídalo", "vergessen Sie es").
STOP = (
    r"annul(?:er|ez|e)(?:\s+(?:tout|[çc]a|la\s+demande))?|laisse[zr]?\s+tomber|oublie[zr]?\s+(?:[çc]a|tout|le|la)"
    r"|j'?ai\s+chang[ée]\s+d'?avis|arr[êe]t(?:e|ez|er)(?:\s+(?:tout|[çc]a|l[àa]))?"
    r"|cancel(?:ar|a|e|en)(?:lo|la)?(?:\s+todo)?|canc[ée]lal[oa]|olv[íi]d(?:alo|ate|elo)|d[ée]jalo|d[ée]jelo"
    r"|cambi[ée]\s+de\s+opini[oó]n|(?:ya\s+)?no\s+quiero\s+(?:seguir|continuar)|basta"
    r"|abbrechen|abbruch|vergiss\s+es|vergessen\s+sie\s+es|lass(?:en\s+sie)?\s+es(?:\s+sein)?|stopp"
    r"|ich\s+habe\s+es\s+mir\s+anders\s+(?:ü|ue|u)berlegt|aufh(?:ö|oe|o)ren"
)

# Words around a stop that change nothing ("non merci, annulez", "nein, abbrechen bitte").
FILLER = r"non|nein|merci|svp|s'il\s+vous\s+pla[iî]t|bitte|por\s+favor|pues|bueno|also|doch"
TAIL = r"merci|svp|s'il\s+vous\s+pla[iî]t|gracias|por\s+favor|bitte|danke|tout|todo"

# A refund or replacement asked for in so many words (with `REFUND` and `REPLACEMENT`).
RETURN = (
    r"rembours\w*|rempla[cç]\w*|[ée]chang(?:e|er)\s+(?:ma|mon|la|le|cette)|renvoyer"
    r"|reembols\w*|reemplaz\w*|cambiar\s+(?:mi|la|el|esta|este)\s+(?:{dev})|cambi(?:o|ar)\s+por|devolver"
    r"|(?:r(?:ü|ue|u)ck)?erstatt\w*|umtausch\w*|austausch\w*|ersatz\w*|geld\s+zur(?:ü|ue|u)ck|zur(?:ü|ue|u)ckschicken"
).replace("{dev}", _DEVICE)

# Street types that come before the street's name ("12 rue de la Flamme", "Calle Fuego 3").
STREET_BEFORE_NAME = r"rue|avenue|boulevard|chemin|impasse|all[ée]e|calle|avenida|camino|paseo|plaza|carrer"

# Slots named at the read-back, by slot (added to the English words).
FIELDS = {
    "email": r"courriel|adresse\s+e-?mail|correo(?:\s+electr[oó]nico)?|mail",
    "postcode": r"code\s+postal|c[oó]digo\s+postal|postleitzahl",
    "street": r"num[ée]ro\s+de\s+(?:rue|maison)|rue|calle|n[uú]mero\s+de\s+(?:casa|calle)|hausnummer|stra(?:ß|ss)e",
    "city": r"ville|ciudad|localidad|stadt|ort",
    "country": r"pays|pa[ií]s|land",
    "address": r"adresse|direcci[oó]n|domicilio|anschrift",
    "customer_name": r"nom(?:\s+de\s+famille)?|pr[ée]nom|nombre|apellido|(?:vor|nach)?name",
    "remedy": rf"{REFUND}|{REPLACEMENT}",
}
# Words between a named slot and its new value ("est", "debería ser", "sollte … sein").
VALUE_AFTER = (
    r"est|c'?est|devrait\s+[êe]tre|doit\s+[êe]tre|faux|fausse|incorrecte?|plut[ôo]t|en\s+fait"
    r"|es|era|est[áa]\s+mal|deber[íi]a\s+ser|debe\s+ser|incorrect[oa]|en\s+realidad"
    r"|ist|war|sollte|lautet|muss|falsch|richtig\s+ist|eigentlich|sein|bitte"
)
