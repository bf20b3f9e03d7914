"""The confirmation email names the country in the ticket's language; the ticket keeps the English name."""

from __future__ import annotations

import types

import pytest

from bot.recall.mailer import confirmation_message


def _replacement(country: str, language: str | None) -> types.SimpleNamespace:
    return types.SimpleNamespace(
        email="jo@example.com", public_id="RT-000042", remedy="replacement", street="Musterweg 3", postcode="80331",
        city="München", country=country, customer_name="Jo Quartz", model_number="A1263", language=language,
    )


@pytest.mark.parametrize(
    ("language", "shown"),
    [(None, "Germany"), ("en", "Germany"), ("fr", "Allemagne"), ("es", "Alemania"), ("de", "Deutschland")],
)
def test_the_address_names_the_country_in_the_tickets_language(language: str | None, shown: str) -> None:
    ticket = _replacement("Germany", language)
    body = confirmation_message(ticket).get_content()
    assert f"Musterweg 3, 80331 München, {shown}\n" in body
    assert ("Germany" in body) == (shown == "Germany")
    assert ticket.country == "Germany"


def test_a_country_we_do_not_know_is_shown_as_written() -> None:
    body = confirmation_message(_replacement("Atlantis", "fr")).get_content()
    assert "Musterweg 3, 80331 München, Atlantis\n" in body
