"""The NLU component's one place for intent corrections, on real Rasa messages."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_ext.nlu.recall_understanding import RecallUnderstanding


def parse(text: str, intent: str, confidence: float = 0.6, runner_up: str = "inform") -> Message:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence})
    message.set("intent_ranking", [{"name": intent, "confidence": confidence}, {"name": runner_up, "confidence": 0.3}])
    RecallUnderstanding().process([message])
    return message


def intent_of(message: Message) -> str:
    return message.get("intent")["name"]


@pytest.mark.parametrize(
    ("text", "classifier", "expected"),
    [
        ("my A1263 just caught fire", "check_recall", "report_fire"),  # the safety net always wins
        ("It heats up a lot but it hasn't caught fire or smoked", "report_fire", "report_overheating"),
        ("cancel that", "inform", "cancel"),
        ("money back pls, a1681 mfg jan 2024", "inform", "request_return"),
        ("Dear Sir/Madam, I kindly request a full refund for my Zolo Power Bank 20K 30W, manufactured 03/2024.",
         "check_recall", "request_return"),
        ("is my A1263 from 2018 recalled, and do I get a refund or a replacement?", "check_recall", "check_recall"),
        ("Yes, please. Thank you very much.", "thank", "affirm"),
        ("Hi there, we have a couple of the 10K 22.5W power banks here", "greet", "inform"),
        ("refund", "inform", "inform"),  # a bare answer stays an answer
        ("hello", "greet", "greet"),
    ],
)
def test_intent_corrections(text: str, classifier: str, expected: str) -> None:
    runner_up = "report_overheating" if classifier == "report_fire" else "inform"
    assert intent_of(parse(text, classifier, runner_up=runner_up)) == expected


def test_a_corrected_intent_is_sure_so_the_fallback_leaves_it() -> None:
    message = parse("yes sure, thanks", "affirm", confidence=0.5)
    assert message.get("intent") == {"name": "affirm", "confidence": 1.0}


def test_entities_are_normalised() -> None:
    message = parse("is the A-16 52 from 2023 march affected", "check_recall")
    values = {(e["entity"], e["value"]) for e in message.get("entities")}
    assert values == {("model_number", "A1652"), ("date", "2023-03"), ("language", "en")}


def test_a_remedy_is_read_by_rule_and_replaces_the_classifiers() -> None:
    message = Message(data={"text": "I want my money back, ticket rt 42"})
    message.set("intent", {"name": "request_return", "confidence": 0.9})
    message.set("entities", [{"entity": "remedy", "value": "money", "start": 10, "end": 15, "extractor": "DIETClassifier"}])
    RecallUnderstanding().process([message])
    values = [(e["entity"], e["value"], e["extractor"]) for e in message.get("entities")]
    assert values == [
        ("remedy", "refund", "RecallUnderstanding"),
        ("ticket_id", "RT-000042", "RecallUnderstanding"),
        ("language", "en", "RecallUnderstanding"),
    ]


def test_a_status_question_chooses_no_remedy() -> None:
    message = parse("where is my refund? ticket RT-000042", "ticket_status")
    assert [(e["entity"], e["value"]) for e in message.get("entities")] == [("ticket_id", "RT-000042"), ("language", "en")]


# --- photos (metadata.photo, set by bot.photos.intake; NLUMessageConverter passes metadata on) ---

STORED = {"photo": {"id": "nWaR84pkxCO_h7h7d_KNYA", "content_type": "image/jpeg"}}
REFUSED = {"photo": {"error": "unsupported_type"}}


def parse_with(text: str, intent: str | None, metadata: dict) -> Message:
    message = Message(data={"text": text, "metadata": metadata})
    if intent:
        message.set("intent", {"name": intent, "confidence": 0.6})
        message.set("intent_ranking", [{"name": intent, "confidence": 0.6}, {"name": "inform", "confidence": 0.3}])
    RecallUnderstanding().process([message])
    return message


@pytest.mark.parametrize(
    ("text", "classifier", "metadata", "expected"),
    [
        ("", "greet", STORED, "label_photo"),  # no caption: whatever the classifier made of nothing
        ("", "report_fire", STORED, "label_photo"),  # ... even a fire: there are no words to be one
        ("", None, REFUSED, "label_photo"),  # a refused file still gets its answer
        ("here you go", "thank", STORED, "label_photo"),
        ("is this one recalled? A1263", "check_recall", STORED, "label_photo"),
        ("hi", "greet", {"photo": "not a dict"}, "greet"),  # only the server's shape counts
        ("hi", "greet", {}, "greet"),
    ],
)
def test_a_message_with_a_photo_is_label_photo(text, classifier, metadata, expected) -> None:
    assert intent_of(parse_with(text, classifier, metadata)) == expected


@pytest.mark.parametrize(
    ("text", "classifier"),
    [
        ("my power bank caught fire, here's a picture", "label_photo"),  # the safety net
        ("it's melted and there's smoke everywhere", "inform"),
        ("look what happened to it", "report_fire"),  # the classifier's fire, a caption that doesn't deny it
    ],
)
def test_a_fire_report_with_a_photo_stays_a_fire_report(text, classifier) -> None:
    assert intent_of(parse_with(text, classifier, STORED)) == "report_fire"


def test_a_caption_that_denies_a_fire_is_read_as_a_label_photo() -> None:
    message = parse_with("it gets hot but it hasn't caught fire or smoked", "report_fire", STORED)
    assert intent_of(message) == "label_photo"


def languages_of(message: Message) -> list[str]:
    return [e["value"] for e in message.get("entities") if e["entity"] == "language"]


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("Bonjour, ma batterie A1263 est-elle rappelée ?", None, ["fr"]),
        ("is my power bank recalled", "fr-CA", ["en"]),  # the words win over the browser
        ("ok", "es-MX", ["es"]),  # too short to tell: the browser's or app's language
        ("ok", None, []),  # nothing to tell: the conversation keeps its language
        ("A1263", "xx", []),
    ],
)
def test_the_language_entity(text: str, locale: str | None, expected: list[str]) -> None:
    message = Message(data={"text": text, "metadata": {"locale": locale} if locale else {}})
    message.set("intent", {"name": "inform", "confidence": 0.9})
    RecallUnderstanding().process([message])
    assert languages_of(message) == expected


def test_asking_for_a_language_is_change_language() -> None:
    message = parse("en français s'il vous plaît", "out_of_scope")
    assert intent_of(message) == "change_language"
    assert languages_of(message) == ["fr"]


def test_an_answer_that_names_no_language_is_not_change_language() -> None:
    # The classifier read Québec's "ouin" as a language request; the answer chooses a remedy.
    message = parse("ouin, j'aimerais mieux en avoir une neuve", "change_language", runner_up="request_return")
    assert intent_of(message) == "request_return"
    # an unsupported language named, no facts: still a language request
    assert intent_of(parse("on peut continuer en italien ?", "change_language")) == "change_language"


@pytest.mark.parametrize(
    ("text", "classifier", "expected"),
    [
        ("El reembolso, gracias", "thank", "inform"),  # the answer to "refund or replacement?"
        ("A1263, merci", "thank", "inform"),
        ("Die Erstattung, danke und tschüss", "goodbye", "inform"),
        ("thanks for the refund", "thank", "thank"),  # thanks for what was done
        ("merci pour le remplacement", "thank", "thank"),
        ("gracias, adiós", "goodbye", "goodbye"),
        ("Jo, a Tausch waar guad", "out_of_scope", "inform"),  # Austrian dialect: a replacement
        ("what's the weather like", "out_of_scope", "out_of_scope"),
        ("oui, c'est pour un remplacement", "ticket_status", "inform"),
        # a person asked for in so many words, whatever else the message says
        ("why do you need my email? just get me a real person, I'm not typing all this into a bot", "bot_challenge",
         "request_human"),
        ("Yo no me aclaro con esto de escribirle a una máquina. ¿Me puede atender una persona?", "bot_challenge",
         "request_human"),
        ("are you a real person?", "bot_challenge", "bot_challenge"),
        ("sip, cambio", "cancel", "inform"),  # a remedy read as a stop
        ("bonjour, j'ai reçu un mail à propos du rappel, c'est pour ma PowerCore 10000", "ask_recall_info", "check_recall"),
        ("what is the recall about?", "ask_recall_info", "ask_recall_info"),
        ("why is the A1263 recalled", "ask_recall_info", "ask_recall_info"),  # a question: answered as one
        ("where is my refund?", "ticket_status", "ticket_status"),
    ],
)
def test_the_words_correct_the_classifier(text: str, classifier: str, expected: str) -> None:
    assert intent_of(parse(text, classifier)) == expected


def test_a_return_asked_for_wins_when_the_classifier_is_unsure() -> None:
    message = parse("ja dann schick ich sie lieber zurueck, sicher ist sicher", "affirm", confidence=0.40)
    assert intent_of(message) == "request_return"
    assert intent_of(parse("ja dann schick ich sie zurück", "affirm", confidence=0.8)) == "affirm"  # a sure classifier stays


def test_a_question_in_another_language_keeps_its_intent() -> None:
    message = parse("in English please: is my A1263 recalled?", "check_recall")
    assert intent_of(message) == "check_recall"
    assert languages_of(message) == ["en"]


def test_a_fire_report_that_asks_for_a_language_is_a_fire_report() -> None:
    assert intent_of(parse("English please, my power bank caught fire", "report_fire")) == "report_fire"


def test_a_payload_takes_the_apps_language() -> None:
    message = Message(data={"text": "/greet", "metadata": {"locale": "de"}})
    message.set("intent", {"name": "greet", "confidence": 1.0})
    RecallUnderstanding().process([message])
    assert languages_of(message) == ["de"]
    assert intent_of(message) == "greet"
