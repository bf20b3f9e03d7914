"""Whole addresses as customers in each country write them, split into their parts."""

from __future__ import annotations

import pytest

from bot.i18n import SUPPORTED
from bot.recall.addresses import (
    COUNTRIES,
    check_postcode,
    country_by_code,
    country_by_name,
    country_name,
    is_street_line,
    parse_address,
    readable_country,
)

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
    # a town with an accented letter after a Belgian postcode is no Dutch "4000 LI"
    ("Rue Saint-Gilles 58 bte 3, 4000 Liège", "Rue Saint-Gilles 58 bte 3", "Liège", "4000", None),
    # "allee des tilleuls" typed without its accent is French, "Lindenallee" German
    ("appt 12, 8 allee des tilleuls 93200 saint denis", "appt 12, 8 allee des tilleuls", "saint denis", "93200", "France"),
    ("Lindenallee 4, 50968 Köln", "Lindenallee 4", "Köln", "50968", "Germany"),
    # a postcode with letters written first, alone, is still the postcode
    ("SW9 8LF, Flat 2, 41 Brixton Hill, London", "Flat 2, 41 Brixton Hill", "London", "SW9 8LF", "United Kingdom"),
    ("H2J 2L4, 4521 rue Saint-Denis, Montréal", "4521 rue Saint-Denis", "Montréal", "H2J 2L4", "Canada"),
    # a Canadian postcode needs no province to be one
    ("100 Queen St W, Toronto, M5H 2N2", "100 Queen St W", "Toronto", "M5H 2N2", "Canada"),
]


def test_seven_digits_alone_are_no_sign_of_japan() -> None:
    assert parse_address("7500000, Santiago, Av. Providencia 1234").country is None  # Chile's postcodes have 7 digits
    assert parse_address("Shibuya 1-2-3, Tokyo 150-0002").country == "Japan"


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


# -- countries named in French, Spanish and German -------------------------------------------

FOREIGN_NAMES = [
    # with and without accents, hyphens and dots, in upper case
    ("États-Unis", "US"), ("Etats Unis", "US"), ("ETATS-UNIS", "US"), ("EEUU", "US"), ("EE. UU.", "US"), ("EE.UU.", "US"),
    ("Estados Unidos", "US"), ("Vereinigte Staaten", "US"), ("USA", "US"),
    ("Royaume-Uni", "GB"), ("Royaume Uni", "GB"), ("Reino Unido", "GB"), ("Vereinigtes Königreich", "GB"),
    ("Vereinigtes Koenigreich", "GB"), ("Großbritannien", "GB"), ("Grossbritannien", "GB"), ("Gran Bretaña", "GB"),
    ("Irlande", "IE"), ("Irlanda", "IE"), ("Irland", "IE"), ("Irlande du Nord", "GB"), ("Nordirland", "GB"),
    ("Australie", "AU"), ("Australien", "AU"), ("Nouvelle-Zélande", "NZ"), ("Nouvelle Zelande", "NZ"),
    ("Nueva Zelanda", "NZ"), ("Neuseeland", "NZ"), ("Autriche", "AT"), ("Austria", "AT"), ("Österreich", "AT"),
    ("Oesterreich", "AT"), ("Osterreich", "AT"), ("Suisse", "CH"), ("Suiza", "CH"), ("Schweiz", "CH"),
    ("Pays-Bas", "NL"), ("Países Bajos", "NL"), ("Paises Bajos", "NL"), ("Niederlande", "NL"), ("Belgique", "BE"),
    ("Bélgica", "BE"), ("Belgica", "BE"), ("Belgien", "BE"), ("Luxemburgo", "LU"), ("Espagne", "ES"), ("España", "ES"),
    ("Espana", "ES"), ("Spanien", "ES"), ("Italie", "IT"), ("Italia", "IT"), ("Italien", "IT"), ("Danemark", "DK"),
    ("Dinamarca", "DK"), ("Dänemark", "DK"), ("Daenemark", "DK"), ("Suède", "SE"), ("Suede", "SE"), ("Suecia", "SE"),
    ("Schweden", "SE"), ("Norvège", "NO"), ("Noruega", "NO"), ("Norwegen", "NO"), ("Finlande", "FI"),
    ("Finlandia", "FI"), ("Finnland", "FI"), ("Pologne", "PL"), ("Polonia", "PL"), ("Polen", "PL"), ("Japon", "JP"),
    ("Japón", "JP"), ("Kanada", "CA"), ("Canadá", "CA"), ("Allemagne", "DE"), ("Alemania", "DE"),
    ("Frankreich", "FR"), ("Francia", "FR"),
    # with an article or a preposition
    ("la France", "FR"), ("en France", "FR"), ("el Reino Unido", "GB"), ("die Schweiz", "CH"), ("in die Schweiz", "CH"),
    ("en Allemagne", "DE"), ("in Deutschland", "DE"), ("nach Österreich", "AT"), ("l'Allemagne", "DE"),
    ("l’Italie", "IT"), ("aux États-Unis", "US"), ("au Japon", "JP"), ("les Pays-Bas", "NL"), ("los Estados Unidos", "US"),
    ("en España", "ES"), ("a Francia", "FR"), ("die Niederlande", "NL"), ("in den Niederlanden", "NL"),
    ("in den Vereinigten Staaten", "US"), ("im Vereinigten Königreich", "GB"), ("die USA", "US"), ("to the UK", "GB"),
]


@pytest.mark.parametrize(("text", "code"), FOREIGN_NAMES)
def test_countries_named_in_french_spanish_and_german(text: str, code: str) -> None:
    for whole_answer in (False, True):
        found = country_by_name(text, whole_answer=whole_answer)
        assert found is not None and found.code == code, (text, whole_answer)


@pytest.mark.parametrize("word", ["de", "us", "fr", "en de", "la de", "in us", "a de"])
def test_small_words_in_lower_case_stay_words(word: str) -> None:
    """ "de" is a French and Spanish word, "us" an English one: only upper case is a code inside an address."""
    assert country_by_name(word) is None


def test_small_codes_in_upper_case_or_as_a_whole_answer_are_countries() -> None:
    assert country_by_name("DE").code == "DE" and country_by_name("in DE").code == "DE"
    assert country_by_name("de", whole_answer=True).code == "DE"
    assert country_by_name("fr", whole_answer=True).code == "FR"


def test_articles_and_prepositions_alone_are_not_countries() -> None:
    for text in ("la", "en", "die", "in the", "l'", "aux", "el", "Paris", "Holland Park"):
        assert country_by_name(text, whole_answer=True) is None, text


def test_no_alias_names_two_countries() -> None:
    from bot.recall.addresses import _alias_keys

    owners: dict[str, str] = {}
    for country in COUNTRIES:
        for alias in country.aliases:
            for key in _alias_keys(alias):
                assert owners.setdefault(key, country.code) == country.code, (key, owners[key], country.code)


@pytest.mark.parametrize(
    ("text", "street", "city", "postcode", "code"),
    [
        ("12 rue de Rivoli, 75004 Paris, la France", "12 rue de Rivoli", "Paris", "75004", "FR"),
        ("Calle Mayor 10, 28013 Madrid, España", "Calle Mayor 10", "Madrid", "28013", "ES"),
        ("Musterweg 3, 80331 München, Allemagne", "Musterweg 3", "München", "80331", "DE"),
        ("10 Downing Street, London, SW1A 2AA, Royaume-Uni", "10 Downing Street", "London", "SW1A 2AA", "GB"),
        ("221 Pine St, Portland, OR 97205, EE. UU.", "221 Pine St", "Portland", "97205", "US"),
        ("Keizersgracht 123, 1015 CJ Amsterdam, Países Bajos", "Keizersgracht 123", "Amsterdam", "1015 CJ", "NL"),
        ("Bahnhofstrasse 10, 8001 Zürich, die Schweiz", "Bahnhofstrasse 10", "Zürich", "8001", "CH"),
        ("Stephansplatz 1, 1010 Wien Autriche", "Stephansplatz 1", "Wien", "1010", "AT"),
        ("Rue de la Loi 16, 1000 Bruxelles, Belgique", "Rue de la Loi 16", "Bruxelles", "1000", "BE"),
        ("1-2-3 Shibuya, Shibuya-ku, Tokyo 150-0002, Japón", "1-2-3 Shibuya, Shibuya-ku", "Tokyo", "150-0002", "JP"),
        ("Hauptstraße 5, 10115 Berlin in Deutschland", "Hauptstraße 5", "Berlin", "10115", "DE"),
    ],
)
def test_whole_addresses_with_the_country_in_another_language(
    text: str, street: str, city: str, postcode: str, code: str
) -> None:
    address = parse_address(text)
    assert (address.street, address.city, address.postcode, address.country_code) == (street, city, postcode, code)
    assert address.country == country_by_code(code).name  # the slot keeps the English name


def test_a_street_with_de_is_not_germany() -> None:
    address = parse_address("Calle de Alcalá 5, 28014 Madrid, de")
    assert address.country_code != "DE"
    assert parse_address("Rue de Lyon 3, 1201 Genève, Suisse").country_code == "CH"


# -- country names shown to the customer ----------------------------------------------------


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("US", ("United States", "États-Unis", "Estados Unidos", "USA")),
        ("GB", ("United Kingdom", "Royaume-Uni", "Reino Unido", "Vereinigtes Königreich")),
        ("DE", ("Germany", "Allemagne", "Alemania", "Deutschland")),
        ("NL", ("Netherlands", "Pays-Bas", "Países Bajos", "Niederlande")),
        ("CH", ("Switzerland", "Suisse", "Suiza", "Schweiz")),
    ],
)
def test_a_countrys_name_in_each_language(code: str, names: tuple[str, ...]) -> None:
    country = country_by_code(code)
    assert tuple(country_name(country, language) for language in ("en", "fr", "es", "de")) == names
    assert country_name(country, "it") == country_name(country, None) == country.name  # English otherwise


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_name_we_show_reads_back_as_its_country(language: str) -> None:
    """A customer who copies the name we showed them (in any case, without accents) is understood."""
    import unicodedata

    for country in COUNTRIES:
        shown = country_name(country, language)
        plain = "".join(c for c in unicodedata.normalize("NFKD", shown) if not unicodedata.combining(c))
        for written in (shown, shown.upper(), plain):
            assert country_by_name(written) is country, (language, written)
        if language == "en":
            assert shown == country.name


def test_a_stored_country_is_shown_in_the_customers_language() -> None:
    assert readable_country("Germany", "fr") == "Allemagne"
    assert readable_country("United States", "de") == "USA"
    assert readable_country("United Kingdom", "es") == "Reino Unido"
    assert readable_country("Germany", "en") == "Germany"
    assert readable_country("Atlantis", "fr") == "Atlantis"  # not one of ours: as written
    assert readable_country(None, "fr") == ""


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


@pytest.mark.parametrize(
    ("text", "street", "city", "postcode", "country"),
    [
        ("Av. Providencia 1234, 7500000 Santiago, Chile", "Av. Providencia 1234", "Santiago", "7500000", "Chile"),
        ("Av. Corrientes 1234, C1043AAZ CABA, Argentina", "Av. Corrientes 1234", "CABA", "C1043AAZ", "Argentina"),
        ("Calle 26 # 59-51, Bogotá 110231, Colombia", "Calle 26 # 59-51", "Bogotá", "110231", "Colombia"),
        ("Av. Insurgentes Sur 123, 03940 Ciudad de México, México", "Av. Insurgentes Sur 123", "Ciudad de México", "03940", "Mexico"),
        ("Jr. de la Unión 456, Lima 15001, Perú", "Jr. de la Unión 456", "Lima", "15001", "Peru"),
    ],
)
def test_latin_american_addresses(text, street, city, postcode, country):
    """Where most Spanish-speaking customers live; Chile's seven digits are not a Japanese postcode."""
    address = parse_address(text)
    assert (address.street, address.city, address.postcode, address.country) == (street, city, postcode, country)


@pytest.mark.parametrize(
    ("text", "street"),
    [("12 rue de la Paix", True), ("Calle Mayor 5", True), ("Hauptstraße 5", True), ("221 Pine St Apt 4", True),
     ("C/ de Balmes 12", True), ("Musterweg 3", True), ("I live at 12 rue de la Paix", False),
     ("ma batterie A1263 fabriquée le 12/03/2019", False), ("2 ans que je l'ai", False), ("Paris", False)],
)
def test_a_street_line_has_a_house_number_and_a_street_type(text, street):
    assert is_street_line(text) is street
