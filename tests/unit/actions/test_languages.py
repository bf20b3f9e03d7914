"""Actions answer in the language of the tracker's `language` slot, English when it is unset."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.ask import ActionAskRemedy
from actions.handoff import ActionHandleFallback
from actions.photos import ActionConfirmLabelReading
from actions.recall import ActionAskManufactureDate, ActionAskModelNumber, ActionCheckRecall
from actions.returns import ActionAskDetailsConfirmed, ValidateReturnForm
from actions.ticket_status import ActionTicketStatus
from bot.i18n.texts import text
from tests.unit.actions.conftest import make_tracker

pytestmark = pytest.mark.usefixtures("app_database")


def tracker(language: str | None, **kwargs):
    slots = kwargs.pop("slots", {})
    return make_tracker(slots={**slots, "language": language}, **kwargs)


def said(dispatcher: CollectingDispatcher) -> str:
    return " ".join(m.get("text") or "" for m in dispatcher.messages)


def titles(dispatcher: CollectingDispatcher) -> list[str]:
    return [b["title"] for m in dispatcher.messages for b in m.get("buttons") or []]


def payloads(dispatcher: CollectingDispatcher) -> list[str]:
    return [b["payload"] for m in dispatcher.messages for b in m.get("buttons") or []]


@pytest.mark.parametrize("language", [None, "en", "fr", "es", "de"])
async def test_the_model_number_question(dispatcher, domain, language):
    await ActionAskModelNumber().run(dispatcher, tracker(language), domain)
    assert said(dispatcher) == text(language or "en", "ask_model_number")


@pytest.mark.parametrize(
    ("language", "month", "stop", "buttons"),
    [
        (None, "March 2018", "stop using and charging it", ["Replacement", "Refund"]),
        ("fr", "mars 2018", "cesser dès maintenant de l'utiliser", ["Remplacement", "Remboursement"]),
        ("es", "marzo de 2018", "Deje de usarla", ["Sustitución", "Reembolso"]),
        ("de", "März 2018", "benutzen und laden Sie sie ab sofort nicht mehr", ["Ersatzgerät", "Erstattung"]),
    ],
)
async def test_the_verdict_in_the_customers_language(dispatcher, domain, language, month, stop, buttons):
    await ActionCheckRecall().run(dispatcher, tracker(language, slots={"model_number": "A1263", "manufacture_date": "2018-03"}), domain)
    assert month in said(dispatcher) and stop in said(dispatcher)
    assert titles(dispatcher) == buttons
    assert payloads(dispatcher) == ['/request_return{"remedy": "replacement"}', '/request_return{"remedy": "refund"}']


async def test_a_regional_code_is_its_language_and_an_unknown_one_english(domain):
    for code, expected in (("fr-CA", "fr"), ("es_MX", "es"), ("it", "en")):
        dispatcher = CollectingDispatcher()
        await ActionAskModelNumber().run(dispatcher, tracker(code), domain)
        assert said(dispatcher) == text(expected, "ask_model_number")


async def test_the_months_of_an_ambiguous_date_are_buttons_in_the_language(dispatcher, domain):
    issue = {"unit_issue": "date_ambiguous:2019-03-04|2019-04-03"}
    await ActionAskManufactureDate().run(dispatcher, tracker("es", slots=issue), domain)
    assert titles(dispatcher) == ["4 de marzo de 2019", "3 de abril de 2019"]
    assert payloads(dispatcher) == ['/inform{"date": "2019-03-04"}', '/inform{"date": "2019-04-03"}']


async def test_the_remedy_question_translates_titles_not_payloads(dispatcher, domain):
    await ActionAskRemedy().run(dispatcher, tracker("fr"), domain)
    assert said(dispatcher) == "Souhaitez-vous un remboursement ou un remplacement ?"
    assert titles(dispatcher) == ["Remboursement", "Remplacement"]
    assert payloads(dispatcher) == ['/inform{"remedy": "refund"}', '/inform{"remedy": "replacement"}']


async def test_the_read_back_in_german(dispatcher, domain):
    slots = {"remedy": "replacement", "model_number": "A1263", "manufacture_date": "2018-03", "customer_name": "Anna",
             "email": "anna@example.com", "street": "Musterweg 3", "city": "München", "postcode": "80331", "country": "Germany"}
    await ActionAskDetailsConfirmed().run(dispatcher, tracker("de", slots=slots), domain)
    assert said(dispatcher).startswith("Folgendes habe ich notiert: ein Ersatzgerät für Ihre Powerbank A1263, hergestellt im März 2018.")
    assert "Adresse: Musterweg 3, 80331 München, Deutschland" in said(dispatcher)
    assert payloads(dispatcher) == ["/affirm", "/deny"] and titles(dispatcher) == ["Ja, bitte eröffnen", "Nein, etwas ändern"]


async def test_the_fallback_offers_a_person_in_spanish(dispatcher, domain):
    miss = {"event": "user", "parse_data": {"intent": {"name": "nlu_fallback"}}}
    await ActionHandleFallback().run(dispatcher, tracker("es", intent="nlu_fallback", events=[miss, miss]), domain)
    assert said(dispatcher) == text("es", "offer_human")
    assert titles(dispatcher) == ["Hablar con una persona", "Intentar de nuevo"]
    assert payloads(dispatcher) == ["/request_human", "/check_recall"]


def test_a_refused_email_is_explained_in_french(dispatcher, domain):
    form_tracker = tracker("fr", slots={"requested_slot": "email"}, text="janeexample.com")
    ValidateReturnForm().validate_email("janeexample.com", dispatcher, form_tracker, domain)
    assert said(dispatcher) == "Cela ne ressemble pas à une adresse e-mail : il faut un @, comme marie@example.com."


async def test_an_unknown_ticket_in_german(dispatcher, domain):
    slots = {"lookup_ticket_id": "RT-999999", "lookup_email": "x@example.com"}
    await ActionTicketStatus().run(dispatcher, tracker("de", slots=slots), domain)
    assert said(dispatcher).startswith("Ich konnte den Vorgang RT-999999 mit dieser E-Mail-Adresse nicht finden.")


@pytest.mark.parametrize("language", [None, "fr", "es", "de"])
async def test_a_denied_label_reading(dispatcher, domain, language):
    pending = {"label_reading": {"model_number": "A1263", "manufacture_date": "2018-03"}}
    await ActionConfirmLabelReading().run(dispatcher, tracker(language, intent="deny", slots=pending), domain)
    assert said(dispatcher) == text(language or "en", "photo_denied")


def test_every_ticket_status_in_english_is_as_before_and_translated():
    import types

    from actions.ticket_status import status_sentence
    from bot.recall.tickets import TicketStatus
    from bot.recall.tickets import status_sentence as english_sentence

    for status in TicketStatus:
        for remedy in ("refund", "replacement"):
            ticket = types.SimpleNamespace(status=status.value, remedy=remedy)
            assert status_sentence("en", status.value, remedy) == english_sentence(ticket)
            assert status_sentence("fr", status.value, remedy) != english_sentence(ticket)
    assert status_sentence("de", "received", "replacement") == "Wir haben Ihr Gerät erhalten und bearbeiten Ihr Ersatzgerät."


async def test_the_ticket_is_opened_in_french(dispatcher, domain):
    from actions.returns import ActionOpenTicket

    slots = {"remedy": "refund", "model_number": "A1263", "manufacture_date": "2018-03", "customer_name": "Marie",
             "email": "marie@example.com", "details_confirmed": True, "recall_status": "affected"}
    await ActionOpenTicket().run(dispatcher, tracker("fr", slots=slots), domain)
    assert said(dispatcher).startswith("Votre retour est ouvert : dossier RT-")
    assert "votre remboursement suivra" in said(dispatcher) and "« statut de RT-" in said(dispatcher)
