"""Edges of the rules the twelfth writer's messages led to (written after reading the net, so
not a measure: the measure is the writers' lists in fire_phrases*.py)."""

from __future__ import annotations

import pytest

from bot.understanding.fire import detect_fire_report


@pytest.mark.parametrize(
    "text",
    [
        "lol so my powerbank just torched my couch cushion",
        "my name is Tom Burns and my battery caught fire",
        "Ich heiße Jana Brand, die Powerbank hat gebrannt",
        "el caso es que salía humo por la junta",
        "compré dos baterías por Amazon, el caso es que salía humo",
        "está humeando todavía, la metí en la bañera",
        "mi power bank acaba de chamuscar un cojín del sillón",
        "vi salir llamas por el costado",
        "sie glimmt noch, hab sie in die Badewanne gelegt",
        "da ist ein angekokelter Ring auf meinem Schreibtisch",
        "meine powerbank hat voll gesmoked",
        "elle fumotte encore",
        "ma batterie a explosé pendant que je lisais mes mails",
        "c'est le feu 🔥 ma batterie",
        "my powerbank 🔥🔥",
        "on a dû appeler les pompiers, la batterie fumait",
        "los bomberos vinieron por la batería",
        "les pompiers sont venus, visite de contrôle après l'incendie de ma batterie",
        # a question about units in general, answered for the customer's own
        "le rappel couvre celles qui ont déjà brûlé ? la mienne oui le mois dernier",
        "¿el retiro cubre las que ya se quemaron? la mía sí, el mes pasado",
        "gilt der Rückruf auch für die, die schon gebrannt haben? meine auch, letzten Monat",
    ],
)
def test_reports(text: str) -> None:
    assert detect_fire_report(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "I touched it and it was warm",  # one letter from "torched"
        "my name's Hannah Sparks, email hannah.sparks@gmail.com",
        "mon nom c'est Étienne Brûlé, mon courriel etienne.brule@videotron.ca",
        "send it to fire@example.com",
        "en caso de que salga humo, ¿qué hago?",
        "por que explotan las baterias?",
        "c'est le feu cette promo 🔥",
        "este precio es fuego 🔥",
        "der Deal ist echt Feuer 🔥",
        "ma boîte mail a explosé avec vos mails de rappel",
        "mein Postfach ist explodiert mit euren Rückruf-Mails",
        "is there a real human behind this chat",  # not "humean"
        "die Batterie schwellt an",
        "ich hab sie gebraucht gekauft",
        "les pompiers sont passés pour une visite de prévention",
        "ich bin bei der freiwilligen Feuerwehr, meine ist eine A1642",
        "combien ont pris feu ? la mienne est concernée ?",
        "combien ont pris feu ? la mienne aussi est une A1263 ?",
    ],
)
def test_not_reports(text: str) -> None:
    assert detect_fire_report(text) is None
