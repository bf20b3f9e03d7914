"""Rasa NLU component: normalised model numbers and dates, and the fire safety net.

It runs after the intent classifier. It replaces any `model_number`/`date`
entities with the normalised ones from `bot.understanding.model_numbers` (the only copy of that
logic), adds the details the dialogue needs (ambiguous, impossible or future
dates, product names that match several models) under `unit_details`, the customer's
language as a `language` entity (bot.i18n.detect: asked for by name, written in, or the
browser's or app's locale in metadata when the words can't tell), and, when
the rule-based safety net in `bot.safety` recognises a fire report, sets the
intent to `report_fire` whatever the classifier said; a message that is nothing
but a clear stop ("cancel that", "never mind") becomes `cancel`.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.core.rasa_events import FIRE_INTENT

logger = logging.getLogger(__name__)
CANCEL_INTENT = "cancel"
AFFIRM_INTENT = "affirm"
INFORM_INTENT = "inform"
RETURN_INTENT = "request_return"
CHECK_INTENT = "check_recall"
STATUS_INTENT = "ticket_status"
LANGUAGE_INTENT = "change_language"
ASK_LANGUAGE_MAX_WORDS = 6  # "can we continue in French please": longer messages say more than that
PHOTO_INTENT = "label_photo"  # a message that came with a photo (metadata.photo, bot.photos.intake)
GREET_INTENT = "greet"
THANK_INTENT = "thank"
GOODBYE_INTENT = "goodbye"
INFO_INTENT = "ask_recall_info"
# A question: "?" or a question word that is no conjunction elsewhere (not "que", "was", "wie").
_ASKS = re.compile(r"\?|\b(?:why|what|how|pourquoi|quoi|comment|por\s*qu[eé]|qué|cómo|warum|wieso|weshalb)\b", re.I)
UNSURE = 0.45  # below the FallbackClassifier's threshold (config.yml): the classifier would not answer
OUT_OF_SCOPE_INTENT = "out_of_scope"
HUMAN_INTENT = "request_human"
POLITE_INTENTS = {"thank", "goodbye", GREET_INTENT}
CATALOGUE_REFRESH_SECONDS = 300
OWN_ENTITIES = {"model_number", "date", "remedy", "ticket_id", "email", "language"}  # every entity of the domain
EXTRACTOR_NAME = "RecallUnderstanding"


class CatalogueNames:
    """The product names of the imported catalogue, re-read every few minutes.

    A deployment imports its own catalogue into the database; when the database can't
    be read, the shipped sample catalogue is used (the normaliser's default).
    """

    def __init__(self) -> None:
        self._names: dict[str, tuple[str, ...]] | None = None
        self._read_at = float("-inf")

    def get(self) -> dict[str, tuple[str, ...]] | None:
        if time.monotonic() - self._read_at > CATALOGUE_REFRESH_SECONDS:
            self._read_at = time.monotonic()
            try:
                from bot.core.db import session_scope
                from bot.recall.catalogue import product_names

                with session_scope() as session:
                    self._names = product_names(session) or None
            except Exception as error:  # noqa: BLE001 - any database trouble: keep the last names
                logger.warning("catalogue names unavailable, using the last known: %s", error)
        return self._names


CATALOGUE_NAMES = CatalogueNames()


def understand(
    text: str, catalogue: dict[str, tuple[str, ...]] | None = None, locale: str | None = None
) -> dict[str, Any]:
    """Everything this component adds to a parse, for one text (no Rasa objects).

    `locale` is the browser's or messaging app's language, from the message's metadata.
    """
    from bot.i18n import normalise
    from bot.i18n.detect import detect, names_a_language, requested_language
    from bot.understanding.case_entities import find_case_entities
    from bot.understanding.fire import denies_fire, detect_fire_report
    from bot.understanding.form_answers import (
        asks_for_a_person,
        asks_for_a_return,
        chooses_a_remedy,
        is_clear_stop,
        starts_with_yes,
        thanks_for_something,
    )
    from bot.understanding.model_numbers import find_dates, find_model_numbers

    models = find_model_numbers(text, catalogue=catalogue)
    dates = find_dates(text)
    entities: list[dict[str, Any]] = []
    for model in models:
        if model.value:
            entities.append(_entity("model_number", model.value, model.start, model.end, model.text))
    for date in dates:
        if date.value and date.role != "incident" and date.problem in (None, "future"):
            entity = _entity("date", date.value, date.start, date.end, date.text)
            if date.role == "purchase":
                entity["role"] = "purchase"
            entities.append(entity)
    for other in find_case_entities(text):
        if not any(e["start"] < other.end and other.start < e["end"] for e in entities):
            entities.append(_entity(other.entity, other.value, other.start, other.end, other.text))
    entities.sort(key=lambda e: e["start"])
    asked = requested_language(text)
    written = detect(text)
    language = asked or (written.language if written else None) or normalise(locale)
    facts = bool(entities)
    if language:
        entities.append(_entity("language", language, 0, len(text), language))
    signal = detect_fire_report(text)
    asks_return = asks_for_a_return(text)
    return {
        "entities": entities,
        "unit_details": {
            "models": [_plain(m) for m in models],
            "dates": [_plain(d) for d in dates],
        },
        "fire_signal": _plain(signal) if signal else None,
        "clear_stop": is_clear_stop(text),  # "cancel that", "never mind": only these leave a form
        "leading_yes": starts_with_yes(text),
        "denies_fire": signal is None and denies_fire(text),
        "asks_return": asks_return,
        "return_with_facts": facts and asks_return,
        "remedy_chosen": facts and chooses_a_remedy(text),  # only read beside facts (_adjust_intent)
        "asks_language": bool(asked) and not facts and len(text.split()) <= ASK_LANGUAGE_MAX_WORDS,
        "names_language": names_a_language(text),
        "has_facts": facts,
        "names_model": any(e["entity"] == "model_number" for e in entities),
        "asks": bool(_ASKS.search(text)),
        "asks_person": asks_for_a_person(text),
        "thanks_for": thanks_for_something(text),
        "word_count": len(text.split()),
    }


def _entity(kind: str, value: str, start: int, end: int, text: str) -> dict[str, Any]:
    return {
        "entity": kind,
        "value": value,
        "start": start,
        "end": end,
        "text": text,
        "confidence_entity": 1.0,
        "extractor": EXTRACTOR_NAME,
    }


def _plain(obj: Any) -> dict[str, Any]:
    """A dataclass as JSON-ready data (dates as ISO strings, tuples as lists)."""
    result = {}
    for key, value in dataclasses.asdict(obj).items():
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        result[key] = value
    return result


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class RecallUnderstanding(GraphComponent, EntityExtractorMixin):
    """Adds normalised `model_number`/`date` entities and the fire safety net."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RecallUnderstanding:
        from bot.i18n.detect import preload

        preload()  # the language models load with the model, not on the first turn
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._process_one(message)
        return messages

    def _process_one(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        metadata = message.get("metadata")
        photo = has_photo(metadata)
        locale = metadata.get("locale") if isinstance(metadata, dict) else None
        if text.startswith("/"):
            # Button payloads carry their own intent and entities; Telegram's /start may
            # carry the app's language.
            _add_locale_language(message, locale)
            return
        if not (text or photo):
            return
        found = understand(text, CATALOGUE_NAMES.get(), locale)
        if photo:
            found["photo"] = True
        kept = [e for e in message.get(ENTITIES, []) if e.get("entity") not in OWN_ENTITIES]
        message.set(ENTITIES, kept + found["entities"], add_to_output=True)
        message.set("unit_details", found["unit_details"], add_to_output=True)
        if found["fire_signal"]:
            message.set("fire_signal", found["fire_signal"], add_to_output=True)
        _adjust_intent(message, found)
        if (message.get(INTENT) or {}).get("name") == STATUS_INTENT:
            # "Where is my refund?" asks after a remedy chosen before; it chooses none.
            unchosen = [e for e in message.get(ENTITIES, []) if e.get("entity") != "remedy"]
            message.set(ENTITIES, unchosen, add_to_output=True)


def _add_locale_language(message: Message, locale: Any) -> None:
    from bot.i18n import normalise

    language = normalise(locale)
    if language and not any(e.get("entity") == "language" for e in message.get(ENTITIES, [])):
        entity = _entity("language", language, 0, 0, language)
        message.set(ENTITIES, [*message.get(ENTITIES, []), entity], add_to_output=True)


def _adjust_intent(message: Message, found: dict[str, Any]) -> None:
    """Where the words say more than the classifier: the one place intents are corrected.

    A fire report (the safety net) always wins; a message with a photo is `label_photo`
    unless the classifier also reads a fire report in its caption; a message that denies any fire is not
    one on the classifier's word alone; a language asked for is `change_language`, and a message
    that names none of ours but carries facts is not; a person asked for in so many words is
    `request_human`; a clear stop is `cancel`; a refund asked for
    beside the facts is `request_return`, and so is one the classifier is unsure of; "yes,
    thank you" is a yes; a greeting (of more than four words), thanks or a goodbye
    that carry a model number, a date or a remedy are those facts ("El reembolso, gracias"),
    unless the thanks are for them ("thanks for the refund"); so are a message read as off
    topic or as a stop, and a status question after a yes, that carry them ("Jo, a Tausch waar
    guad", "sip, cambio", "oui, c'est pour un remplacement"); a statement about the recall that
    names a model ("j'ai reçu un mail, c'est pour ma PowerCore 10000") is a check of that model.
    """
    intent = (message.get(INTENT) or {}).get("name")
    confidence = float((message.get(INTENT) or {}).get("confidence") or 0.0)
    if found["fire_signal"]:
        _force_fire_intent(message)
    elif found.get("photo") and (intent != FIRE_INTENT or found["denies_fire"] or not found["word_count"]):
        # A photo goes to the label reading whatever its caption says, unless the caption
        # reports a fire (the safety net above, or the classifier on a caption that does not
        # deny one: safety first). With no caption the classifier has nothing to read.
        _force_intent(message, PHOTO_INTENT)
    elif found["denies_fire"] and intent == FIRE_INTENT:
        _demote_intent(message, FIRE_INTENT)  # "it hasn't caught fire or smoked": heat, not fire
    elif found["asks_language"]:
        _force_intent(message, LANGUAGE_INTENT)  # "en français s'il vous plaît"
    elif intent == LANGUAGE_INTENT and found["has_facts"] and not found["names_language"]:
        # "ouin, j'aimerais mieux en avoir une neuve" answers the question; it asks for no language
        _demote_intent(message, LANGUAGE_INTENT)
    elif found["asks_person"] and intent != HUMAN_INTENT:
        _force_intent(message, HUMAN_INTENT)  # "just get me a real person, I'm not typing all this into a bot"
    elif found["clear_stop"]:
        _force_intent(message, CANCEL_INTENT)
    elif found["return_with_facts"] and (
        intent == INFORM_INTENT or (intent == CHECK_INTENT and found["remedy_chosen"])
    ):
        # The request wins over the facts beside it: "I kindly request a full refund for my
        # Zolo, manufactured 03/2024" is checked, then returned.
        _force_intent(message, RETURN_INTENT)
    elif found["asks_return"] and confidence < UNSURE:
        _force_intent(message, RETURN_INTENT)  # "ja dann schick ich sie lieber zurueck, sicher ist sicher"
    elif found["leading_yes"] and intent in POLITE_INTENTS | {AFFIRM_INTENT}:
        _force_intent(message, AFFIRM_INTENT)  # "Yes, please. Thank you very much."
    elif intent == GREET_INTENT and found["has_facts"] and found["word_count"] > 4:
        _force_intent(message, INFORM_INTENT)  # "Hi there, we have a couple of the 10K 22.5W ones"
    elif found["has_facts"] and (
        (intent in {THANK_INTENT, GOODBYE_INTENT} and not found["thanks_for"])
        or intent in {OUT_OF_SCOPE_INTENT, CANCEL_INTENT}
        or (intent == STATUS_INTENT and found["leading_yes"])
    ):
        # The answer, said with thanks, read as off topic or as a stop: "El reembolso, gracias",
        # Austrian "Jo, a Tausch waar guad", "sip, cambio", "oui, c'est pour un remplacement"
        _force_intent(message, INFORM_INTENT)
    elif intent == INFO_INTENT and found["names_model"] and not found["asks"]:
        _force_intent(message, CHECK_INTENT)  # "j'ai reçu un mail à propos du rappel, c'est pour ma PowerCore 10000"


def has_photo(metadata: Any) -> bool:
    """Whether the message came with a photo (stored or refused): ``metadata.photo`` is a dict.

    The channels put it there (bot.photos.intake.photo_metadata); NLUMessageConverter passes
    the UserMessage's metadata to every NLU component as ``message.get("metadata")``.
    """
    return isinstance(metadata, dict) and isinstance(metadata.get("photo"), dict)


def _force_fire_intent(message: Message) -> None:
    _force_intent(message, FIRE_INTENT)


def _demote_intent(message: Message, name: str) -> None:
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
    if ranking:
        message.set(INTENT, dict(ranking[0]), add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


def _force_intent(message: Message, name: str) -> None:
    # A corrected intent is sure: the others are capped so that the fallback classifier's
    # ambiguity check (top two within 0.05) does not undo the correction.
    ranking = [
        {**r, "confidence": min(float(r.get("confidence") or 0.0), 0.5)}
        for r in message.get(INTENT_RANKING_KEY) or []
        if r.get("name") != name
    ]
    top = {"name": name, "confidence": 1.0}
    message.set(INTENT, top, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [top, *ranking], add_to_output=True)
