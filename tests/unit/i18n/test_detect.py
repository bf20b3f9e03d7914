"""Which language a customer writes, and when the conversation keeps its language."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.i18n import normalise, or_default
from bot.i18n.detect import detect, requested_language, words_of


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Bonjour, ma batterie A1263 est-elle rappelée ?", "fr"),
        ("est ce que ma batterie externe est concernee par le rappel", "fr"),
        ("mi batería echaba humo anoche", "es"),
        ("hola, quiero saber si mi cargador portatil esta en el retiro", "es"),
        ("Meine Powerbank ist heute verschmort", "de"),
        ("ist mein akku vom rueckruf betroffen", "de"),
        ("is my power bank part of the recall", "en"),
        ("my A1263 caught fire last night", "en"),
        ("merci", "fr"),
        ("gracias", "es"),
        ("danke", "de"),
        ("thanks", "en"),
    ],
)
def test_the_language_a_customer_writes(text: str, language: str) -> None:
    found = detect(text)
    assert found is not None and found.language == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # product names every language writes alike say nothing
        ("power bank Anker PowerCore 10000 rappel", "fr"),
        ("mi powerbank A1263 es recall?", "es"),
        ("Ist meine Powerbank betroffen", "de"),
        ("is the anker powercore 10000 recalled", "en"),
        # English loanwords do not outweigh the language's own words
        ("je veux un refund", "fr"),
        ("quiero un replacement por favor", "es"),
        ("ich möchte ein replacement bitte", "de"),
        # names and places count half
        ("my name is José García López", "en"),
        ("I moved to Berlin, Hauptstraße 3", "en"),
        ("je vis à Berlin, Hauptstraße 3", "fr"),
        ("Ich bin Pierre Dubois aus Lyon", "de"),
        # ...and words around an address still tell the language
        ("Hauptstraße 3, 10115 Berlin, bitte dorthin", "de"),
        ("mi dirección es Calle Mayor 5, Madrid", "es"),
        # the address is read as in no language, names before it and places after it too
        ("ship it to 4410 Avenida de la Playa, La Jolla, California 92037", "en"),
        ("mon adresse : 12 rue des Lilas, 69003 Lyon", "fr"),
        ("mi dirección: Av. Corrientes 3456, piso 2 depto B, Buenos Aires", "es"),
        ("Calle Mayor 5, 28013 Madrid, gracias", "es"),
        ("ntp, ya la encontré", "es"),
        # no accents, texting, typos
        ("ou est mon remboursement", "fr"),
        ("slt jveux savoir si ma batrie est rappelé", "fr"),
        ("q onda, mi bateria esta en la lista?", "es"),
        ("hallo? ist da wer?", "de"),
        # Austrian and Bavarian written as spoken
        ("servas, is wer do?", "de"),
        ("die is ur hoaß", "de"),
        ("i woas ned wo des steht", "de"),
        ("IS MY POWERBANK RECALLED", "en"),
    ],
)
def test_what_misled_lingua(text: str, language: str) -> None:
    found = detect(text)
    assert found is not None and found.language == language


@pytest.mark.parametrize(
    "text",
    ["ok", "A1263", "03/2023", "no", "a-1263 2018-03", "jane@example.com", "RT-000123", "", "👍",
     "Anker PowerCore 10000 power bank", "no no no", "ok ok ok",
     # an address with not one frequent word tells where the customer lives, not what they speak
     "Musterweg 3, 80331 München, Germany", "Calle Mayor 5, Madrid", "Flat 3, 12 Church Lane, Leeds LS6 2AB",
     # a street line first: the street's words are the country's, not the customer's
     "12 rue de la Paix, 75002 Paris", "12 rue de la Paix, Paris, France", "12 rue de la Paix Paris", "Hauptstraße 5, Berlin",
     "Calle de la Princesa 24, 28008 Madrid, España", "5 avenue Victor Hugo",
     # a name, then the address: a Spanish street does not make an English customer Spanish
     "Pedro Gómez, Avenida Insurgentes Sur 1602, colonia Crédito Constructor, Ciudad de México",
     "Jürgen Schneider, Hauptstraße 5, Berlin", "José Luis Rodríguez, 55 Mesa Verde Drive, Santa Fe, New Mexico",
     # a name alone, the answer to the name question: "Ciarán" makes no Irish customer Spanish
     "Ciarán O'Neill", "José García", "Marie-Claude Côté", "Jürgen Müller"],
)
def test_what_cannot_tell_keeps_the_conversations_language(text: str) -> None:
    assert detect(text) is None


def test_a_repeated_word_counts_once() -> None:
    found = detect("oui oui oui")  # one word, one of SHORT_WORDS
    assert found is not None and found.language == "fr"


def test_model_numbers_and_dates_are_not_words() -> None:
    assert words_of("A1263 made 03/2018, MFG 2018.03 by a-1263 jane@example.com") == ["made", "by"]
    assert words_of("modelo PB 2000 oder A 1263 oder a 1263") == ["modelo", "oder", "oder"]


def test_a_word_before_a_number_is_still_a_word() -> None:
    assert words_of("bought in 2023, am 12. März, die 622 MagGo") == ["bought", "in", "am", "März", "die", "MagGo"]
    found = detect("die 622 MagGo überhitzt am Handy")
    assert found is not None and found.language == "de"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("English please", "en"),
        ("can we switch to english", "en"),
        ("en français s'il vous plaît", "fr"),
        ("en francais svp", "fr"),
        ("¿hablas inglés?", "en"),
        ("en español por favor", "es"),
        ("auf Deutsch bitte", "de"),
        ("Deutsch", "de"),
        ("cambia a francés porfa", "fr"),
        ("on continue en anglais ?", "en"),
        ("antworte mir lieber auf Englisch", "en"),
        ("could you reply in Spanish", "es"),
    ],
)
def test_a_language_asked_for_by_name(text: str, language: str) -> None:
    assert requested_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "I bought it in France last year",
        "my German power bank is hot",
        "English or French, whatever",
        "is my A1263 recalled",
        "je ne parle pas anglais",  # the language they write in is the one they want
        "no hablo inglés",
        "ich spreche kein Englisch",
    ],
)
def test_a_language_named_without_a_request_is_not_one(text: str) -> None:
    assert requested_language(text) is None


@pytest.mark.parametrize(("code", "expected"), [("fr-CA", "fr"), ("es_MX", "es"), ("DE", "de"), ("pt-BR", None), (None, None), (3, None), ("", None)])
def test_locales_become_supported_codes(code: object, expected: str | None) -> None:
    assert normalise(code) == expected
    assert or_default(code) == (expected or "en")


def test_the_channels_notices_follow_the_customers_words() -> None:
    from bot.channels.action_failures import SOMETHING_WENT_WRONG, something_went_wrong
    from bot.channels.formatting import numbered_choices

    assert something_went_wrong("ok") == SOMETHING_WENT_WRONG
    assert something_went_wrong("est-ce que ma batterie est rappelée").startswith("Désolé")
    assert "Responda con un número:" in numbered_choices("¿Prefiere un reembolso o una unidad de sustitución?", [{"title": "Reembolso"}])
    assert "Reply with a number:\n1. Refund" in numbered_choices("Would you like a refund or a replacement?", [{"title": "Refund"}])


@pytest.mark.parametrize(
    ("text", "language"),
    [("ma batterie A1263 fabriquée le 12/03/2019 à Paris", "fr"), ("mi A1263 es de marzo de 2019, la compré en Madrid", "es"),
     ("2 ans que je l'ai, elle chauffe beaucoup", "fr")],
)
def test_a_sentence_with_numbers_is_not_an_address(text: str, language: str) -> None:
    found = detect(text)
    assert found is not None and found.language == language


@pytest.mark.parametrize(
    ("text", "language"),
    [("Weihnachten 2022 geschenkt bekommen", "de"), ("A1681 caught fire yesterday", "en")],
)
def test_numbers_and_plain_words_lingua_is_sure_of(text: str, language: str) -> None:
    found = detect(text)  # no frequent word, but two plain words or more: not an address
    assert found is not None and found.language == language


@pytest.mark.parametrize(
    ("text", "language"),
    [("el tracking no funciona", "es"), ("statut du refund?", "fr"), ("refund oder replacement egal", "de"),
     ("ticket numero 4587 porfa", "es"), ("me venden un cable usb-c?", "es")],
)
def test_loanwords_and_product_names_do_not_decide(text: str, language: str) -> None:
    found = detect(text)
    assert found is not None and found.language == language


def test_a_long_message_full_of_frequent_words_is_read() -> None:
    """Each frequent word multiplies a language's weight: 400 of them must not overflow."""
    found = detect("q " * 400 + "mi batería A1263 se calienta mucho")
    assert found is not None and found.language == "es"


_FRAGMENTS = ["q", "x", "la", "de", "el", "ich", "the", "je", "Calle", "Mayor", "rue", "12", "5", "28013",
              "Madrid", ",", "\n", "(", "A1263", "é", "Pedro", "gracias", "ok", "a", "s'il", "’"]


@settings(max_examples=150, deadline=None, database=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=1200))
def test_any_mix_of_words_addresses_and_numbers_is_read_without_error(parts: list[str]) -> None:
    found = detect(" ".join(parts))
    assert found is None or found.language in {"en", "fr", "es", "de"}
