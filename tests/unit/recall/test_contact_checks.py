from __future__ import annotations

import pytest

from bot.recall.contact_checks import (
    DetailError,
    clean_city,
    clean_country,
    clean_email,
    clean_name,
    clean_postcode,
    clean_street,
    mask_email,
)


@pytest.mark.parametrize(("raw", "expected"), [
    ("jane@example.com", "jane@example.com"),
    ("  Jane.Smith+recall@Mail.Example.co.uk ", "jane.smith+recall@mail.example.co.uk"),
    ("it's jane@example.com thanks", "jane@example.com"),
    ("<jane@example.com>", "jane@example.com"),
])
def test_emails(raw, expected):
    assert clean_email(raw) == expected


@pytest.mark.parametrize("raw", ["jane", "jane@", "jane@example", "@example.com", "", "a" * 300 + "@x.com"])
def test_bad_emails(raw):
    with pytest.raises(DetailError):
        clean_email(raw)


@pytest.mark.parametrize("raw", ["12345", "", "!!!", "1234 56"])
def test_bad_names(raw):
    with pytest.raises(DetailError):
        clean_name(raw)


def test_names_keep_letters_in_any_script():
    assert clean_name("José  Müller-Łukasz") == "José Müller-Łukasz"
    assert clean_name("李小龙") == "李小龙"


@pytest.mark.parametrize(("raw", "expected"), [("sw1a 1aa", "SW1A 1AA"), ("94107", "94107"), ("ZIP: 10115", "10115"), ("75008", "75008")])
def test_postcodes(raw, expected):
    assert clean_postcode(raw) == expected


@pytest.mark.parametrize("raw", ["", "none", "no postcode", "x" * 30, "ABC"])
def test_bad_postcodes(raw):
    with pytest.raises(DetailError):
        clean_postcode(raw)


def test_address_parts_and_control_characters():
    assert clean_street("12 High\x00 Street") == "12 High Street"
    assert clean_city("Leeds") == "Leeds"
    assert clean_country("United Kingdom") == "United Kingdom"
    with pytest.raises(DetailError):
        clean_street("1")


def test_mask_email():
    assert mask_email("jane.smith@example.com") == "j***@example.com"
