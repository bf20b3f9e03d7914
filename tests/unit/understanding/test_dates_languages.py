"""Dates written in French, Spanish and German: the same values and roles as in English.

`find_dates` does not know the customer's language: every rule runs on every message.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.understanding.dates import month_named
from bot.understanding.model_numbers import find_dates

TODAY = date(2026, 11, 27)
M, P, INC = "manufacture", "purchase", "incident"


def read(text: str) -> list[tuple[str | None, str]]:
    return [(d.value, d.role) for d in find_dates(text, today=TODAY)]


FRENCH = [
    ("mars 2018", "2018-03", M),
    ("fabriquée en mars 2018", "2018-03", M),
    ("le 3 mars 2018", "2018-03-03", M),
    ("03/2018", "2018-03", M),
    ("achetée en juin dernier", "2026-06", P),
    ("je l'ai achetée l'an dernier", "2025", P),
    ("achetée il y a deux ans", "2024-11", P),
    ("fabriqué début 2023", "2023-01", M),
    ("date de fabrication : 12/03/2019", "2019-03-12", M),
    ("fabrication: 03.2019", "2019-03", M),
    ("acheté le 14 juillet 2022", "2022-07-14", P),
    ("commandée sur Amazon en décembre 2023", "2023-12", P),
    ("fabriquee en fevrier 2020", "2020-02", M),
    ("achat en aout 2021", "2021-08", P),
    ("le 1er avril 2019", "2019-04-01", M),
    ("je l'ai reçue à Noël 2022", "2022-12-25", P),
    ("achetée l'été dernier", "2026-06", P),
    ("fabriquée en 2019", "2019", M),
    ("achetée il y a 6 mois", "2026-05", P),
    ("achetée il y a un an et demi", "2025-05", P),
    ("elle date de septembre 2022", "2022-09", M),
    ("achetée en janvier de l'année dernière", "2025-01", P),
    ("fin 2022", "2022-09", M),
    ("mi-2021", "2021-05", M),
    ("fabriqué le 5 déc. 2023", "2023-12-05", M),
    ("achetée le 15/08/2023", "2023-08-15", P),
    ("je l'ai achetée hier et elle chauffe", "2026-11-26", P),
    ("elle a pris feu le 3 novembre", "2026-11-03", INC),
    ("achetée en mars", "2026-03", P),
    ("sur l'étiquette : 2020-05", "2020-05", M),
    ("Je l'ai commandée en novembre l'an passé", "2025-11", P),
    ("achetee l'annee derniere", "2025", P),
    ("achetée il y a 3 semaines", "2026-11-06", P),
    ("Fabriquée en Mars 2018", "2018-03", M),
    ("produite en octobre 2021", "2021-10", M),
    ("on me l'a offerte en janvier 2024", "2024-01", P),
]

SPANISH = [
    ("marzo de 2018", "2018-03", M),
    ("fabricado en marzo 2018", "2018-03", M),
    ("el 3 de marzo de 2018", "2018-03-03", M),
    ("la compré el junio pasado", "2026-06", P),
    ("la compré hace dos años", "2024-11", P),
    ("lo compré el año pasado", "2025", P),
    ("fabricada en 2019", "2019", M),
    ("comprado el 15/08/2023", "2023-08-15", P),
    ("fecha de fabricación: 03/2019", "2019-03", M),
    ("la pedí en diciembre de 2023", "2023-12", P),
    ("fabricado el 5 de mayo de 2021", "2021-05-05", M),
    ("compra: enero 2022", "2022-01", P),
    ("me la regalaron en Navidad de 2022", "2022-12-25", P),
    ("la compré hace 6 meses", "2026-05", P),
    ("la compre hace un ano", "2025-11", P),
    ("la compré a principios de 2023", "2023-01", P),
    ("fabricada a finales de 2022", "2022-09", M),
    ("a mediados de 2021", "2021-05", M),
    ("comprada en septiembre del 2022", "2022-09", P),
    ("la compré ayer", "2026-11-26", P),
    ("se incendió el 3 de noviembre", "2026-11-03", INC),
    ("producido en abril 2020", "2020-04", M),
    ("lo compré en agosto", "2026-08", P),
    ("la compré el verano pasado", "2026-06", P),
    ("compré la batería en julio del año pasado", "2025-07", P),
    ("la etiqueta dice 2020-05", "2020-05", M),
    ("1 de octubre de 2019", "2019-10-01", M),
    ("fabricado en Setiembre 2020", "2020-09", M),
    ("la compré hace año y medio", "2025-05", P),
    ("la compramos hace 3 semanas", "2026-11-06", P),
    ("fabricado el 3.3.2018", "2018-03-03", M),
    ("comprado en dic. 2023", "2023-12", P),
    ("la compré en febrero de este año", "2026-02", P),
    ("Fabricación: 11/2020", "2020-11", M),
    ("la compré el pasado mes de mayo", "2026-05", P),
]

GERMAN = [
    ("März 2018", "2018-03", M),
    ("Maerz 2018", "2018-03", M),
    ("hergestellt im März 2018", "2018-03", M),
    ("am 3. März 2018", "2018-03-03", M),
    ("3.3.2018", "2018-03-03", M),
    ("letzten Juni gekauft", "2026-06", P),
    ("vor zwei Jahren gekauft", "2024-11", P),
    ("letztes Jahr gekauft", "2025", P),
    ("Herstelldatum: 05/2019", "2019-05", M),
    ("Produktionsdatum 12.2020", "2020-12", M),
    ("gekauft am 15.08.2023", "2023-08-15", P),
    ("ich habe sie im Dezember 2023 bestellt", "2023-12", P),
    ("Kaufdatum: 01.02.2022", "2022-02-01", P),
    ("hergestellt 2019", "2019", M),
    ("Ende 2022 gekauft", "2022-09", P),
    ("Anfang 2023", "2023-01", M),
    ("Mitte 2021 hergestellt", "2021-05", M),
    ("vor 6 Monaten gekauft", "2026-05", P),
    ("vor einem Jahr gekauft", "2025-11", P),
    ("vor anderthalb Jahren gekauft", "2025-05", P),
    ("gestern gekauft", "2026-11-26", P),
    ("sie hat am 3. November gebrannt", "2026-11-03", INC),
    ("zu Weihnachten 2022 geschenkt bekommen", "2022-12-25", P),
    ("im Juni letzten Jahres gekauft", "2025-06", P),
    ("letzten Sommer gekauft", "2026-06", P),
    ("im August gekauft", "2026-08", P),
    ("Jänner 2020", "2020-01", M),
    ("Herstellung: Okt. 2021", "2021-10", M),
    ("am 1.4.2019 gekauft", "2019-04-01", P),
    ("Baujahr 2020", "2020", M),
    ("im Jahr 2019 hergestellt", "2019", M),
    ("Marz 2018", "2018-03", M),
    ("produziert im Dez 2023", "2023-12", M),
    ("vor 3 Wochen bestellt", "2026-11-06", P),
    ("letztes Jahr im März gekauft", "2025-03", P),
    ("hab se letzten juni bei amazon gekauft", "2026-06", P),
]


@pytest.mark.parametrize(("text", "value", "role"), FRENCH)
def test_french_dates(text: str, value: str, role: str) -> None:
    assert read(text) == [(value, role)]


@pytest.mark.parametrize(("text", "value", "role"), SPANISH)
def test_spanish_dates(text: str, value: str, role: str) -> None:
    assert read(text) == [(value, role)]


@pytest.mark.parametrize(("text", "value", "role"), GERMAN)
def test_german_dates(text: str, value: str, role: str) -> None:
    assert read(text) == [(value, role)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fabriquée en avril 2018 et achetée en mai 2018", [("2018-04", M), ("2018-05", P)]),
        ("fabricada en abril de 2018 y comprada en mayo de 2018", [("2018-04", M), ("2018-05", P)]),
        ("im April 2018 hergestellt und im Mai 2018 gekauft", [("2018-04", M), ("2018-05", P)]),
    ],
)
def test_two_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("fabriquée en mars 2027", "future"),
        ("fabricado en marzo de 2027", "future"),
        ("hergestellt im März 2027", "future"),
        ("le 31/02/2020", "impossible"),
        ("el 31/02/2020", "impossible"),
        ("am 31.02.2020", "impossible"),
    ],
)
def test_problems(text: str, problem: str) -> None:
    (mention,) = find_dates(text, today=TODAY)
    assert mention.problem == problem


@pytest.mark.parametrize(
    "text",
    [
        "Ich wohne hier",
        "hier ist meine Nummer: 0151 2345678",
        "vivo cerca del mar",
        "j'ai payé 49,99 €",
        "es kostet 49,99 Euro",
        "il est 10h30",
        "plus de 2000 mAh",
        "à bientôt",
        "mi batería no funciona",
        "ma batterie chauffe beaucoup",
        "sie wird sehr heiß",
        "la tengo en casa",
        "Hauptstraße 5, 10115 Berlin",
        "12 rue de la Paix, 75002 Paris",
        "Calle Mayor 5, 28013 Madrid",
        "c'est un mars",
        "a été",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, today=TODAY) == []


@pytest.mark.parametrize(
    ("text", "month"),
    [("juin", 6), ("en juin je crois", 6), ("junio", 6), ("creo que en marzo", 3), ("im Juni", 6), ("März", 3), ("Maerz", 3),
     ("août", 8), ("Dezember glaube ich", 12), ("diciembre", 12)],
)
def test_month_named(text: str, month: int) -> None:
    assert month_named(text) == month
