"""The action-text catalogues (bot/i18n/catalogue/*.yml): complete, consistent, well formed."""

from __future__ import annotations

import string
import types

import pytest

from bot.i18n import SUPPORTED
from bot.i18n import texts as i18n
from bot.i18n.texts import catalogue, readable_date, readable_windows, remedies, text, when

OTHERS = [lang for lang in SUPPORTED if lang != "en"]


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


@pytest.mark.parametrize("lang", OTHERS)
def test_every_language_has_every_key_and_no_other(lang):
    assert set(catalogue(lang)) == set(catalogue("en"))


@pytest.mark.parametrize("lang", OTHERS)
def test_every_sentence_has_the_english_placeholders(lang):
    for key, english in catalogue("en").items():
        if isinstance(english, str):
            assert placeholders(catalogue(lang)[key]) == placeholders(english), key


@pytest.mark.parametrize("lang", SUPPORTED)
def test_twelve_months_and_no_empty_sentence(lang):
    assert len(catalogue(lang)["months"]) == 12
    assert all(isinstance(v, str) and v for k, v in catalogue(lang).items() if k != "months")


def test_a_key_a_language_lacks_is_said_in_english(monkeypatch):
    french = {k: v for k, v in catalogue("fr").items() if k != "date_future"}
    monkeypatch.setattr(i18n, "catalogue", lambda lang: french if lang == "fr" else catalogue(lang))
    assert text("fr", "date_future") == text("en", "date_future")
    assert text("fr", "date_impossible") == catalogue("fr")["date_impossible"]


def test_an_unknown_or_regional_language_reads_as_supported_or_english():
    assert text("fr-CA", "check_first") == text("fr", "check_first")
    assert text("it", "check_first") == text(None, "check_first") == text("en", "check_first")


@pytest.mark.parametrize(
    ("lang", "month", "day", "first"),
    [
        ("en", "March 2018", "14 March 2023", "1 March 2018"),
        ("fr", "mars 2018", "14 mars 2023", "1er mars 2018"),
        ("es", "marzo de 2018", "14 de marzo de 2023", "1 de marzo de 2018"),
        ("de", "März 2018", "14. März 2023", "1. März 2018"),
    ],
)
def test_dates_read_as_each_language_writes_them(lang, month, day, first):
    assert readable_date(lang, "2018-03") == month
    assert readable_date(lang, "2023-03-14") == day
    assert readable_date(lang, "2018-03-01") == first
    assert readable_date(lang, "2019") == "2019"
    assert readable_date(lang, "2019-13") == "2019-13"  # not a date: as written


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["on 14 March 2023", "in March 2023", "in 2019"]),
        ("fr", ["le 14 mars 2023", "en mars 2023", "en 2019"]),
        ("es", ["el 14 de marzo de 2023", "en marzo de 2023", "en 2019"]),
        ("de", ["am 14. März 2023", "im März 2023", "im Jahr 2019"]),
    ],
)
def test_when_something_happened(lang, expected):
    assert [when(lang, v) for v in ("2023-03-14", "2023-03", "2019")] == expected


def test_windows_and_remedies_inside_sentences():
    import datetime as dt

    window = [(dt.date(2016, 1, 1), dt.date(2019, 10, 30))]
    assert readable_windows("en", window) == "1 January 2016 and 30 October 2019"
    assert readable_windows("de", window) == "dem 1. Januar 2016 und dem 30. Oktober 2019"
    assert remedies("en", ["refund", "replacement"]) == "a refund or a replacement"
    assert remedies("fr", ["refund", "replacement"]) == "un remboursement ou un remplacement"
    assert remedies("es", ["replacement"]) == "una unidad de sustitución"


def test_the_english_sentences_keep_their_former_names():
    from actions import texts
    from bot.channels.action_failures import SOMETHING_WENT_WRONG

    assert texts.SOMETHING_WENT_WRONG == SOMETHING_WENT_WRONG  # the channels say the same sentence
    assert texts.ASK_MODEL_NUMBER.startswith("What is the model number of your power bank?")
    assert texts.ASK_SLOT["remedy"] == "Would you like a refund or a replacement?"
    with pytest.raises(AttributeError):
        _ = texts.NO_SUCH_TEXT


# -- refused details (bot.recall.contact_checks) in the customer's language -----------------


def _refusal(check, value, *args):
    from bot.recall.contact_checks import DetailError

    with pytest.raises(DetailError) as caught:
        check(value, *args)
    return caught.value


def _refusals():
    from bot.recall import addresses
    from bot.recall import contact_checks as c

    germany = addresses.country_by_name("Germany")
    return [
        _refusal(c.clean_email, "janeexample.com"),
        _refusal(c.clean_email, "@example.com"),
        _refusal(c.clean_email, "jane@"),
        _refusal(c.clean_email, "jane@gmail"),
        _refusal(c.clean_email, "jane@zzzz"),
        _refusal(c.clean_email, "jane@exa_mple.com"),
        _refusal(c.clean_name, "12345"),
        _refusal(c.clean_name, "!!!"),
        _refusal(c.clean_street, "1"),
        _refusal(c.clean_city, "1"),
        _refusal(c.clean_postcode, "??"),
        _refusal(c.clean_postcode, "BS1 4DJ", germany),
        _refusal(c.clean_country, "1"),
        _refusal(c.clean_name, "x" * 300),
    ]


def test_every_refused_detail_is_recognised_in_english():
    from actions.texts import detail_error

    for error in _refusals():
        assert detail_error("en", error) == str(error)


@pytest.mark.parametrize("lang", OTHERS)
def test_every_refused_detail_is_said_in_the_customers_language(lang):
    from actions.texts import detail_error

    for error in _refusals():
        said = detail_error(lang, error)
        assert said != str(error) and "{" not in said, str(error)


@pytest.mark.parametrize(
    ("address", "kind"),
    [("jane..doe@example.com", "email_reason_dots"), ("jane@example.invalid", "email_reason_domain"),
     ("jane@exa_mple.com", "email_reason_characters")],
)
def test_email_validators_reason_is_said_as_ours_in_every_language(address, kind):
    from actions.texts import detail_error
    from bot.recall import contact_checks as c

    error = _refusal(c.clean_email, address)
    english_reason = str(error).split("(", 1)[1].rsplit(")", 1)[0]
    assert english_reason == text("en", kind, chars="'_'")
    for lang in OTHERS:
        assert detail_error(lang, error) == text(lang, "email_invalid", reason=text(lang, kind, chars="'_'"))


# -- the confirmation email ---------------------------------------------------------------------


def _ticket(remedy: str, language: str | None = None) -> types.SimpleNamespace:
    ticket = types.SimpleNamespace(
        email="jo@example.com", public_id="RT-000042", remedy=remedy, street="Musterweg 3", postcode="80331",
        city="München", country="Germany", customer_name="Jo Quartz", model_number="A1263",
    )
    if language:
        ticket.language = language
    return ticket


def test_the_english_confirmation_is_unchanged():
    from bot.recall.mailer import confirmation_message

    message = confirmation_message(_ticket("replacement"))
    assert message["Subject"] == "Your power bank return RT-000042"
    assert message.get_content() == (
        "Hello Jo Quartz,\n\nyour return ticket RT-000042 is open: a replacement for your A1263.\n"
        "\nThe replacement goes to: Musterweg 3, 80331 München, Germany\n\n"
        "We'll email you a prepaid return label within 2 business days. Pack the power bank in its own bag, "
        "stick the label on, and drop it at the carrier; your replacement follows once it arrives. If you can't "
        "send it back, never put it in household rubbish: take it to a hazardous-waste or battery collection point."
        "\n\nTo ask about it later, tell the assistant \"status of RT-000042\" and give this email address.\n\n"
        "Please stop using the power bank in the meantime.\n"
    )


@pytest.mark.parametrize("lang", OTHERS)
@pytest.mark.parametrize("remedy", ["refund", "replacement"])
def test_the_confirmation_in_the_tickets_language(lang, remedy):
    from bot.recall.mailer import confirmation_message

    message = confirmation_message(_ticket(remedy, lang))
    body = message.get_content()
    assert message["Subject"] == text(lang, "email_subject", ticket_id="RT-000042")
    assert "Jo Quartz" in body and "RT-000042" in body and "A1263" in body and "{" not in body
    assert text(lang, f"remedy_your_{remedy}") in body
    assert ("München" in body) == (remedy == "replacement")
    assert "household rubbish" not in body
