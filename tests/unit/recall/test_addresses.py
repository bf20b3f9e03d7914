"""Whole addresses as customers in each country write them, split into their parts."""

from __future__ import annotations

import pytest

from bot.recall.addresses import COUNTRIES, check_postcode, country_by_code, country_by_name, parse_address

# (text, street, city, postcode, country)
ADDRESSES = [
    ("221 Pine St Apt 4, Portland, OR 97205, USA", "221 Pine St Apt 4", "Portland", "97205", "United States"),
    ("1600 Amphitheatre Pkwy, Mountain View, CA 94043", "1600 Amphitheatre Pkwy", "Mountain View", "94043", "United States"),
    ("33 King St W, Toronto ON M5H 1A1", "33 King St W", "Toronto", "M5H 1A1", "Canada"),
    ("1200 rue Sainte-Catherine, Montréal, QC H3B 1K9, Canada", "1200 rue Sainte-Catherine", "Montréal", "H3B 1K9", "Canada"),
    ("Flat 2, 5 Kings Rd, Bristol BS1 4DJ", "Flat 2, 5 Kings Rd", "Bristol", "BS1 4DJ", "United Kingdom"),
    ("10 Downing Street, London, SW1A 2AA, UK", "10 Downing Street", "London", "SW1A 2AA", "United Kingdom"),
    ("12 Main Street, Galway, H91 E2K3, Ireland", "12 Main Street", "Galway", "H91 E2K3", "Ireland"),
    ("Unit 5, 20 George St, Sydney NSW 2000, Australia", "Unit 5, 20 George St", "Sydney", "2000", "Australia"),
    ("14 Queen Street, Auckland 1010, New Zealand", "14 Queen Street", "Auckland", "1010", "New Zealand"),
    ("Musterweg 3, 80331 München", "Musterweg 3", "München", "80331", "Germany"),
    ("Hauptstraße 5, 10115 Berlin, Deutschland", "Hauptstraße 5", "Berlin", "10115", "Germany"),
    ("Stephansplatz 1, 1010 Wien, Österreich", "Stephansplatz 1", "Wien", "1010", "Austria"),
    ("Bahnhofstrasse 10, 8001 Zürich, Schweiz", "Bahnhofstrasse 10", "Zürich", "8001", "Switzerland"),
    ("12 rue de Rivoli, 75004 Paris, France", "12 rue de Rivoli", "Paris", "75004", "France"),
    ("Keizersgracht 123, 1015 CJ Amsterdam", "Keizersgracht 123", "Amsterdam", "1015 CJ", "Netherlands"),
    ("Calle Mayor 10, 28013 Madrid, España", "Calle Mayor 10", "Madrid", "28013", "Spain"),
    ("Via Roma 1, 00184 Roma, Italia", "Via Roma 1", "Roma", "00184", "Italy"),
    ("1-2-3 Shibuya, Shibuya-ku, Tokyo 150-0002, Japan", "1-2-3 Shibuya, Shibuya-ku", "Tokyo", "150-0002", "Japan"),
]


@pytest.mark.parametrize(("text", "street", "city", "postcode", "country"), ADDRESSES)
def test_whole_addresses(text: str, street: str, city: str, postcode: str, country: str) -> None:
    address = parse_address(text)
    assert (address.street, address.city, address.postcode, address.country) == (street, city, postcode, country)


def test_parts_alone_are_not_mistaken() -> None:
    assert parse_address("12 High Street").parts() == {"street": "12 High Street"}
    assert parse_address("BS1 4DJ").postcode == "BS1 4DJ"


def test_a_known_country_checks_the_postcode() -> None:
    assert parse_address("Hauptstr. 1, 10115 Berlin", country_code="DE").parts() == {
        "street": "Hauptstr. 1", "city": "Berlin", "postcode": "10115", "country": "Germany"}


@pytest.mark.parametrize(
    ("code", "good", "bad"),
    [("US", "97205-1234", "9720"), ("GB", "sw1a1aa", "80331"), ("CA", "m5h1a1", "12345"), ("NL", "1015cj", "1015"),
     ("DE", "80331", "8033"), ("JP", "1500002", "15000"), ("IE", "d02x285", "D2")],
)
def test_postcodes_by_country(code: str, good: str, bad: str) -> None:
    country = country_by_code(code)
    assert country is not None and check_postcode(good, country) is not None
    assert check_postcode(bad, country) is None


def test_every_country_example_fits_its_own_format() -> None:
    for country in COUNTRIES:
        assert check_postcode(country.example, country) is not None, country.code


@pytest.mark.parametrize(("text", "name"), [("Deutschland", "Germany"), ("the UK", "United Kingdom"), ("USA", "United States"), ("Éire", "Ireland")])
def test_country_names(text: str, name: str) -> None:
    found = country_by_name(text)
    assert found is not None and found.name == name


def test_small_words_are_not_countries_inside_text() -> None:
    assert country_by_name("us") is None and country_by_name("it") is None
    assert country_by_name("us", whole_answer=True).name == "United States"


def test_a_country_alone():
    assert parse_address("Portugal").parts() == {"country": "Portugal"}


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["12", "Main St", ",", " ", "80331", "München", "Germany", "UK", "BS1 4DJ", "\n", "Flat 2",
                                 "OR", "97205", "-", "日本", "150-0002", "x" * 50, "..", "ON"]), max_size=12))
def test_any_text_parses_without_error(parts):
    text = " ".join(parts)
    address = parse_address(text)
    for value in address.parts().values():
        assert value.strip()


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_parses_without_error(text):
    parse_address(text)
