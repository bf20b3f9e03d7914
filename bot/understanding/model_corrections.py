"""Model mentions the customer takes back: negated, corrected, or named twice.

- negated: "not the A1263", "pas la 1647", "no es la A1263", "keine Zolo", "instead of
  the 737". Another model in the message is the customer's ("Ce n'est pas une Zolo, c'est
  une 633"). Alone, a negated model is still taken back ("nicht die A1263, sondern die
  andere"), unless its sentence asks a question ("¿no es la A1263 la retirada?"), where
  the customer may well have it. A bare "no" negates only after another model ("es 1642
  no 1647"): "no A1268" and "No, A1263" answer the bot.
  Negated after it ("A1642 haben wir keine, nur A1257"), only beside another model.
- corrected: a later model after a correction word: "A1263, no wait, it's A1268",
  "A1263... no espera, es A1268", "Ich dachte erst A1263, aber ... A1388".
- named twice: a name several models share beside one of those models named exactly
  ("Model A1681 ... Zolo Power Bank 20K"): the exact one.

Taking a model back only ever makes the bot ask again; reading a model the customer
does not have would check the wrong unit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model_mention import ModelMention

# Words that may stand between a negation and the model: articles, possessives, "it is", "have", "model".
_FILLER = (
    r"(?:the|a|an|my|it'?s|is|was|have|has|any|one|le|la|les|l'|un|une|de|d'|du|des|ma|mon|c'est|est|ai|"
    r"el|los|las|uno|una|mi|es|era|sea|tengo|tiene|ning[uú]n[oa]?|"
    r"die|der|das|den|dem|ein|eine|einen|mein|meine|meinen|ist|war|habe|hab|hat|"
    r"model|mod[eè]le|modelo|modell|r[ée]f)"
)
_NEGATION = (
    r"(?:not|never|instead\s+of|rather\s+than|pas|jamais|au\s+lieu\s+d[eu']|plut[ôo]t\s+que|"
    r"nunca|en\s+(?:vez|lugar)\s+del?|kein\w*|nicht|nie|statt|anstatt)"
)
# Thinking it was one model first: "I thought A1263", "je pensais la 1263", "dachte erst A1263";
# not "je pense que c'est une 1689", what the customer thinks now.
_THOUGHT = r"(?:thought|pensais|croyais|cre[ií]a?|pensé|pensaba|dachte)(?:[ \t]+(?:erst|first|que|zuerst))?"
_FILLERS = rf"(?:(?:{_FILLER})(?:[ \t]+|(?<=')))"
_BEFORE_MODEL = rf"[ \t]+{_FILLERS}*(?:#\s?)?$"
_NEGATED_BEFORE = re.compile(
    rf"(?<![\w'])(?<!\bor\s)(?<!\bou\s)(?<!\bo\s)(?:{_NEGATION}{_BEFORE_MODEL}"
    # a bare "no" needs a word between ("no es la A1263"): "no A1268" answers a read-back
    rf"|no[ \t]+{_FILLERS}+(?:#\s?)?$)",
    re.I,
)
# "es 1642 no 1647", "A1336, no A1363": after another model, a bare "no" negates the next one.
_BARE_NO_BEFORE = re.compile(r"(?<![\w'])(?:no|non|nein)[ \t]+(?:#\s?)?$", re.I)
_THOUGHT_BEFORE = re.compile(rf"(?<!\w){_THOUGHT}{_BEFORE_MODEL}", re.I)
# Negated after it: "A1642 no tenemos, solo dos A1257", "A1642 haben wir keine", "la 1263 c'est pas la mienne";
# not "my A1263 isn't charging".
_MINE = r"(?:mine|ours|(?:la|le)\s+mien(?:ne)?|à\s+moi|(?:la|el)\s+m[ií][ao]|m[ií][ao]|meine?s?|unsere?s?)"
_NEGATED_AFTER = re.compile(
    rf"[ \t,]*(?:(?:is\s+not|isn'?t|n'est\s+pas|c'est\s+pas|no\s+es|ist\s+nicht|ist\s+es\s+nicht)\s+{_MINE}"
    r"|we\s+don'?t\s+have|i\s+don'?t\s+have|on\s+n'en\s+a\s+pas|je\s+n'en\s+ai\s+pas|j'en\s+ai\s+pas"
    r"|no\s+(?:tenemos|tengo)|(?:haben|habe|hab)\s+(?:wir|ich)\s+(?:keine?n?|nicht))(?!\w)",
    re.I,
)
# Between two models: the first was a slip. "no wait", "sorry", "je veux dire", "quise decir", "Korrektur".
_CORRECTION_BETWEEN = re.compile(
    r"(?<!\w)(?:wait|sorry|oops|i\s+mean[t]?|correction|scratch\s+that|my\s+bad|or\s+rather"
    r"|attends?|attendez|pardon|d[ée]sol[ée]e?|oups|je\s+veux\s+dire|je\s+voulais\s+dire|plut[ôo]t|en\s+fait"
    r"|je\s+me\s+suis\s+tromp[ée]e?|erreur"
    r"|espera|perd[oó]n|perdona|disculpa|quise\s+decir|quiero\s+decir|mejor\s+dicho|me\s+equivoqu[ée]|corrijo"
    r"|moment(?:\s+mal)?(?=\s*[,.!…:])|warte|entschuldigung|ich\s+mein(?:e|te)|korrektur|vertippt|falsch|quatsch|auf\s+den\s+zweiten\s+blick"
    r"|(?:no|non|nein|nee|nope)(?=\s*(?:[,.;:!…]|c'est|es|it'?s|ist))"
    r"|wrong|actually|in\s+fact|the\s+right\s+one\s+is|(?:le|la)\s+bon(?:ne)?\s+(?:est|c'est)"
    r"|en\s+realidad|(?:el|la)\s+buen[oa]\s+es|eigentlich|richtig\s+ist"
    # someone else's reading, then the customer's: "dice que es una A1642 pero es una 622"
    r"|(?:but|mais|pero)\s+(?:it'?s|it\s+is|c'est|es|pone|dice)|ist\s+aber|aber\s+(?:da\s+)?steht)(?!\w)",
    re.I,
)
_MAX_GAP = 80  # characters between a slip and its correction
_SENTENCE_END = re.compile(r"[.!?\n]")


def without_taken_back(text: str, mentions: Sequence[ModelMention]) -> list[ModelMention]:
    """The mentions (in text order) that the customer does not negate, correct or repeat."""
    negated = [
        _before(_NEGATED_BEFORE, text, m) or (i > 0 and _before(_BARE_NO_BEFORE, text, m))
        for i, m in enumerate(mentions)
    ]
    kept = []
    for i, mention in enumerate(mentions):
        others = [o for j, o in enumerate(mentions) if j != i and not negated[j] and _differs(o, mention)]
        if negated[i] and (others or not _asks(text, mention)):
            continue
        if others and (_before(_THOUGHT_BEFORE, text, mention) or _NEGATED_AFTER.match(text, mention.end)):
            continue
        if any(_corrects(text, mention, later) for later in others if later.start > mention.end):
            continue
        if _named_exactly_elsewhere(mention, mentions):
            continue
        kept.append(mention)
    return kept


def _differs(a: ModelMention, b: ModelMention) -> bool:
    return (a.value, a.candidates) != (b.value, b.candidates)


def _before(pattern: re.Pattern[str], text: str, mention: ModelMention) -> bool:
    return bool(pattern.search(text, max(0, mention.start - 60), mention.start))


def _asks(text: str, mention: ModelMention) -> bool:
    end = _SENTENCE_END.search(text, mention.end)
    return end is not None and end[0] == "?"


def _corrects(text: str, slip: ModelMention, later: ModelMention) -> bool:
    gap = text[slip.end : later.start]
    return len(gap) <= _MAX_GAP and bool(_CORRECTION_BETWEEN.search(gap))


def _named_exactly_elsewhere(mention: ModelMention, mentions: Sequence[ModelMention]) -> bool:
    """A shared name ("Zolo") beside one of its models named exactly ("A1681")."""
    return not mention.value and any(o.value in mention.candidates for o in mentions)
