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
    rf"rempla[cç]\w*|[ée]chang(?:e|er)\b|une?\s+nouv(?:elle|eau|el)\s+(?:{_DEVICE})|une?\s+(?:nouv(?:elle|eau)|autre|neuve|neuf){_ALONE}"
    rf"|(?:{_DEVICE})\s+neu(?:ve|f)\b"
    # "cambiar la batería" is one, "cambiar la dirección", "un cambio de correo" are not
    rf"|reemplaz\w*|sustitu\w*|cambi(?:o|ar)\b(?!\s+(?:de|d|del|mi|mis|la|el|los|las|su|tu)\b(?!\s+(?:{_DEVICE})))"
    rf"|un[ao]?\s+(?:nuev[ao]|otr[ao])\s+(?:{_DEVICE})|(?:{_DEVICE})\s+nuev[ao]|(?:un[ao]|por)\s+(?:nuev[ao]|otr[ao]){_ALONE}"
    # "quiero que me la cambien", "cámbienmela"
    r"|\bme\s+(?:la|lo)\s+cambi(?:en|e|es|an)\b|\bc[áa]mbi(?:e|en)(?:me)?(?:la|lo)\b"
    rf"|ersatz\w*|austausch\w*|umtausch\w*|(?:um|aus|ein)?tausch(?:en|e)?|(?:ein(?:e|en)?\s+)?neue[sn]?\s+(?:{_DEVICE})"
    rf"|(?:lieber\s+)?ein(?:e|en)?\s+neue[sn]?{_ALONE}"
)

# Words before a remedy that take it back: "pas de remboursement", "no quiero reembolso", "keine Erstattung".
# Each is a whole word or phrase: "au lieu du remboursement", "en lugar del reembolso".
NEGATION = (
    r"\bpas|\bsans|\bni|\bjamais|au\s+lieu\s+(?:des|du|de|d['’])|plut[ôo]t\s+qu(?:e|['’])"
    r"|\bsin|\bnada\s+de|en\s+(?:lugar|vez)\s+del?"
    r"|\bkein\w*|\bnicht|\bohne|\b(?:an)?statt"
)

# Words that change the customer's mind between two remedies: "un remboursement… non en fait
# plutôt un remplacement", "un reembolso, no, mejor un reemplazo", "Erstattung, nee doch lieber Ersatz".
CHANGE_OF_MIND = (
    r"en\s+fait|finalement|plut[ôo]t(?!\s+qu)|pardon"
    r"|mejor(?!\s+que)|pens[áa]ndolo\s+bien|perd[oó]n|en\s+realidad"
    r"|\bdoch|lieber(?!\s+als)|eigentlich|besser(?!\s+als)|moment|wart(?:e|en)\b|attend(?:s|ez)\b|esper[aá]\b|pará\b"
)
# A bare "no" changes the mind only right after the first remedy: "un remboursement non, un remplacement".
NO_RIGHT_AFTER = r"non|no|nee|nein|ne"

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
    r"oui|ouais|ouaip|d'?accord|dac|c'?est\s+(?:bon|correct|juste|exact|[çc]a|parfait)"
    r"|tout\s+(?:est\s+)?(?:bon|correct|juste|parfait|ok)"
    r"|exact(?:ement)?|parfait|bien\s+s[ûu]r|volontiers|absolument|avec\s+plaisir|entendu"
    r"|s[ií]|claro|vale|de\s+acuerdo|correct[oa]|todo\s+(?:est[áa]\s+)?(?:correcto|bien|perfecto|ok)|perfecto|est[áa]\s+bien|exacto|por\s+supuesto"
    r"|desde\s+luego|dale|listo|okey"
    r"|ja+|jawohl|jo|jep|jup|genau|richtig|stimmt|passt|alles\s+(?:korrekt|richtig|gut|ok|klar|perfekt|bestens|super)|in\s+ordnung|korrekt"
    r"|gerne?|nat(?:ü|ue|u)rlich|klar|perfekt|einverstanden|sicher"
)

# A yes that opens a longer reply ("oui merci", "sí, por favor", "ja bitte").
# "si" is also French "if" ("si je peux…"), so not before a French subject.
LEADING_YES = (
    r"oui|ouais|d'?accord|bien\s+s[ûu]r|volontiers|avec\s+plaisir|absolument"
    r"|sí|sip|si\b(?!\s+(?:je|j|tu|vous|on|ils?|elles?|nous|c|ce|ça|ca)\b)|claro|vale|por\s+supuesto|desde\s+luego"
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
    r"rembours\w*|rempla[cç]\w*|[ée]chang(?:e|er)\s+(?:ma|mon|la|le|cette)|renvoyer|mon\s+argent|mes\s+sous"
    r"|reembols\w*|reemplaz\w*|cambiar\s+(?:mi|la|el|esta|este)\s+(?:{dev})|cambi(?:o|ar)\s+por|devolver"
    r"|mi\s+(?:plata|dinero|lana)|reintegr\w*"
    r"|(?:r(?:ü|ue|u)ck)?erstatt\w*|umtausch\w*|austausch\w*|ersatz\w*|geld\s+zur(?:ü|ue|u)ck|zur(?:ü|ue|u)ckschicken"
    r"|mein\s+geld|gutschrift|schick\w*\s+(?:\w+\s+){0,3}zur(?:ü|ue|u)ck"
).replace("{dev}", _DEVICE)

# Street types that come before the street's name ("12 rue de la Flamme", "Calle Fuego 3").
STREET_BEFORE_NAME = r"rue|avenue|boulevard|chemin|impasse|all[ée]e|calle|avenida|camino|paseo|plaza|carrer"

# --- corrections at the read-back (`find_correction`) ---

# Slots named at the read-back, by slot (added to the English words). Longer names first:
# "adresse e-mail" and "E-Mail-Adresse" are the email, "Lieferadresse" the address.
FIELDS = {
    "email": r"courriel|adresse\s+(?:e-?)?mail|(?:e-?)?mail(?:[\s-]*(?:adresse|address))?"
    r"|direcci[oó]n\s+de\s+(?:correo|e-?mail)|correo(?:\s+electr[oó]nico)?",
    "postcode": r"code\s+postale?|cp|c[oó]d(?:igo|\.)?\s+postal|c\.\s?p\.?|postleitzahl|plz",
    "street": r"num[ée]ro\s+(?:de\s+(?:la\s+)?)?(?:rue|maison|voie)|rue|n[uú]mero\s+de\s+(?:la\s+)?(?:casa|calle|portal)"
    r"|calle|hausn(?:umme)?r|stra(?:ß|ss)en(?:name)?|stra(?:ß|ss)e",
    "city": r"ville|commune|ciudad|localidad|poblaci[oó]n|municipio|stadt|(?:wohn)?ort",
    "country": r"pays|pa[ií]s|land",
    "address": r"adresse(?:\s+(?:de\s+livraison|postale))?|direcci[oó]n(?:\s+de\s+(?:env[ií]o|entrega))?|domicilio"
    r"|\w*adresse|anschrift",
    "customer_name": r"nom(?:\s+de\s+famille)?|pr[ée]nom|nombre(?:\s+completo)?|apellidos?|(?:vor|nach|familien)?name",
    "remedy": rf"{REFUND}|{REPLACEMENT}",
}
# "and" between two named slots ("le code postal et la ville", "PLZ und Ort").
AND = r"et|y|und|sowie|aussi|auch|tambi[ée]n|mais|pero|aber|sondern"
# Articles and possessives before a slot's name ("l'adresse", "mi correo", "die PLZ").
ARTICLE = (
    r"le|la|les|l['’]|mon|ma|mes|votre|vos|du|de\s+la|de\s+l['’]"
    r"|el|los|las|mi|mis|su|sus|tu|del"
    r"|der|die|das|den|dem|des|mein(?:e|en|em|er)?|ihre?(?:n|m|r)?|deine?(?:n|m|r)?|bei\s+der|beim"
)
# A slot said to be right ("l'adresse est bonne", "la dirección está bien", "die PLZ stimmt").
IS = r"est|sont|c['’]?est|[ée]tait|es|son|est[áa]n?|ist|sind|war|waren|tout|todo|alles|bien|aussi|tambi[ée]n|auch|so"
RIGHT = (
    r"bon(?:ne)?s?|correcte?s?|juste|exacte?s?|parfaite?s?|nickel"
    r"|bien|correct[oa]s?|perfect[oa]s?|ok|okey"
    r"|stimm(?:t|en)|pass(?:t|en)|richtig|korrekt|gut|in\s+ordnung|perfekt|genau"
)
# A slot said to be wrong: what comes before it is the old value ("80313 ist falsch, richtig ist 80331").
WRONG = (
    r"faux|fausse|erron[ée]e?s?|incorrecte?s?|n['’]?est\s+pas\s+(?:bon(?:ne)?|correcte?|juste|la\s+bonne|le\s+bon)"
    r"|pas\s+(?:bon(?:ne)?|correcte?|juste)|mal\s+(?:[ée]crite?|orthographi[ée]e?|tap[ée]e?)|erreur|faute|tromp[ée]e?"
    r"|(?:est[áa]n?\s+)?mal(?:\s+(?:escrit[oa]|puest[oa]))?|incorrect[oa]s?|equivocad[oa]s?|err[oó]ne[oa]s?"
    r"|no\s+es\s+(?:correct[oa]|as[ií])|no\s+est[áa]\s+bien|error|equivoqu[ée]"
    r"|falsch(?:\s+geschrieben)?|fehlerhaft|stimmt\s+(?:so\s+)?nicht|passt\s+nicht|nicht\s+(?:richtig|korrekt)"
    r"|vertippt|tippfehler|fehler"
)
# Before an old value the customer takes back ("75002 pas 75020", "28013, no 28031", "nicht 80313 sondern 80331").
NOT_THIS = (
    r"et\s+(?:pas|non)|pas|non|au\s+lieu\s+(?:des|du|de|d['’])|plut[ôo]t\s+qu(?:e|['’])"
    r"|y\s+no|no|en\s+(?:vez|lugar)\s+del?"
    r"|und\s+nicht|nicht|(?:an)?statt|kein(?:e|en)?"
)
# What puts the new value after an old one ("pas 75020 mais 75002", "no 28031 sino 28013").
BUT_THIS = r"mais|sino|pero|sondern|aber"
# Words between a named slot and its new value ("est", "debería ser", "sollte … sein").
VALUE_AFTER = (
    r"est|c['’]?est|devrait\s+[êe]tre|doit\s+[êe]tre|plut[ôo]t|en\s+fait|bien|le\s+bon|la\s+bonne|mettre|mettez"
    r"|remplacer\s+par|par|pour|mais"
    r"|es|era|ser[íi]a|deber[íi]a\s+ser|debe\s+ser|en\s+realidad|el\s+buen[oa]|correct[oa]|sino|pero|por"
    r"|(?-i:a)"  # "cambia la dirección a …", but "es A Coruña"
    r"|ist|war|sollte|lautet|hei(?:ß|ss)t|muss|richtig|korrekt|w(?:ä|ae)re|eigentlich|sein|bitte|sondern|aber"
    r"|(?:ä|ae)ndern(?:\s+(?:auf|in|zu))?|auf|sie|er|es"
)
# Words after a new value that are not part of it ("Lyon svp", "80331 sein").
VALUE_TAIL = (
    r"merci|svp|s['’]il\s+vous\s+pla[iî]t|stp|por\s+favor|porfa|gracias"
    r"|bitte|danke|sein|(?:ä|ae)ndern|eintragen|et|y|und"
)
# Words that are no part of a town, country or name: the customer talking ("je l'ai mal tapé").
PERSONAL = r"je|j['’]|moi|ich|mich|mir|yo|me"

# Asking for a person in so many words, with a verb of asking: "just get me a real person",
# "je veux parler à un conseiller", "¿me puede atender una persona?", "ich will mit einem Menschen
# sprechen". "Are you a real person?" asks what the bot is, and has no such verb.
_PERSON = (
    r"(?:a|an|some|one|real|actual|live|human|of\s+your)?\s*(?:real\s+|actual\s+|live\s+)?"
    r"(?:person|human(?:\s+being)?|agent|someone|somebody|representative|rep|operator|staff)"
)
ASKS_FOR_A_PERSON = (
    rf"\b(?:talk|speak|chat)\s+(?:to|with)\s+{_PERSON}\b"
    rf"|\b(?:get|give|put|connect|transfer|pass)\s+me\s+(?:to|through\s+to|with)?\s*{_PERSON}\b"
    r"|\b(?:i\s+)?(?:want|need|would\s+like|'d\s+like)\s+(?:a|an)\s+(?:real\s+|actual\s+|live\s+)?"
    r"(?:person|human(?:\s+being)?|agent|representative|operator)\b"
    r"|\bparler\s+(?:à|a|avec)\s+(?:un|une|quelqu'un|quelqu’un)\s*(?:vrai|vraie|d'humain|de\s+r[ée]el)?\s*"
    r"(?:humain|personne|conseill[eè]re?|agent|op[ée]rat(?:eur|rice))?"
    r"|\b(?:une\s+vraie\s+personne|un\s+(?:vrai\s+)?conseiller|un\s+humain)\s*(?:svp|s'il\s+vous\s+pla[iî]t|stp)?\s*[!.?]*$"
    r"|\bhablar\s+con\s+(?:una\s+persona|un\s+humano|un\s+agente|alguien|un\s+asesor|una\s+asesora)"
    r"|\bme\s+(?:puede|podr[ií]a|pueden)\s+atender\s+(?:una\s+persona|alguien|un\s+humano)"
    r"|\b(?:p[áa]s[ae]me|comun[ií]queme|comun[ií]came)\s+con\s+(?:una\s+persona|alguien|un\s+agente|un\s+humano)"
    r"|\bmit\s+(?:einem|einer)\s+(?:echten\s+)?(?:menschen|mitarbeiter(?:in)?|person|berater(?:in)?)\s+(?:sprechen|reden|chatten)"
    r"|\b(?:einen|eine)\s+(?:echten\s+)?(?:menschen|mitarbeiter(?:in)?|berater(?:in)?)\s+(?:bitte|sprechen)"
)

# Asking why a detail is needed instead of giving it: "why do you need my email?", "pourquoi
# vous avez besoin de mon adresse ?", "¿para qué quieren mi correo?", "wozu brauchen Sie das?".
ASKS_WHY = (
    r"\bwhy\b[^.!?]{0,40}\b(?:need|want|require|ask|matter|important|necessary)"
    r"|\bwhat\s+(?:do\s+you\s+need\s+(?:it|that|this|my\s+\w+)\s+for|for)\s*\?"
    r"|\bpourquoi\b[^.!?]{0,40}\b(?:besoin|faut|demand|voul|importe|n[ée]cessaire|sert)"
    r"|\b(?:[àa]\s+quoi\s+(?:[çc]a|cela)\s+sert|c'est\s+pour\s+quoi\s+faire)"
    r"|\b(?:para\s+qu[eé]|por\s*qu[eé])\b[^.!?]{0,40}\b(?:necesit|quier|pid|sirve|import)"
    r"|\b(?:wozu|warum|wieso|weshalb|wof(?:ü|ue|u)r)\b[^.!?]{0,40}\b(?:brauch|ben(?:ö|oe|o)tig|woll|will|wichtig|n(?:ö|oe|o)tig)"
)

