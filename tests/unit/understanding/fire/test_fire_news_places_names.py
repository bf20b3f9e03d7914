"""Edges of the rules the thirteenth writers' conversations led to: news of others' fires beside
the customer's own unit, places and lower-case names with a fire word, emoji between sentences
(written after reading the net, so not a measure)."""

from __future__ import annotations

import pytest

from bot.understanding.fire import detect_fire_report


@pytest.mark.parametrize(
    "text",
    [
        # others' fires, then the customer's own unit did it too
        "I read that some caught fire 😱 mine too",
        "I read that some caught fire, mine too!",
        "I read some of them caught fire, mine as well",
        "i heard some caught fire and mine too",
        "j'ai lu que certaines prennent feu 😱 la mienne aussi",
        "hab gelesen dass manche feuer fangen 😱 meine auch",
        # an emoji between the unit and what it did
        "my power bank 😱 caught fire",
        "mi batería 😭 se incendió anoche",
        "la batterie 😬 elle fume",
        # a place or a name beside a real report
        "vivo en Tierra del Fuego y se me incendió la batería",
        "my name's joe, it caught fire",
        "my name is joe and it caught fire",
        "my name is on fire",
        "la batterie a pris feu chez des amis hier",
        "ma batterie a pris feu chez moi",
        # "fine" said of the customer, not the unit
        "ma batterie a pris feu hier, ça va bien",
        "mi batería se incendió, estoy bien",
        "meine Powerbank hat gebrannt, mir geht es gut",
    ],
)
def test_reports(text: str) -> None:
    assert detect_fire_report(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        # the news, then the customer's own unit is fine
        "I read that some power banks caught fire 😬 mine is fine luckily",
        "hab in den news gelesen dass manche powerbanks feuer fangen 😬 meine hat zum glück nix",
        "hab gelesen, dass manche Powerbanks brennen, meine hat zum Glück nix",
        "j'ai lu que certaines batteries prennent feu, la mienne n'a rien heureusement",
        "j'ai lu que certaines prennent feu, la mienne n'a heureusement rien",
        "leí que algunas baterías se prenden fuego, la mía no tiene nada por suerte",
        "vi en las noticias que algunas se incendiaron, la mía está bien",
        # others' homes in the news
        "j'ai vu au journal que des batteries avaient pris feu chez des gens, j'ai eu peur",
        "vi en la tele que unas baterias se incendiaron en casa de unos vecinos",
        # a place, a name typed in lower case
        "San Martín 1052, V9410 Ushuaia, Tierra del Fuego",
        "replacement pls, name's tyler burns",
    ],
)
def test_not_reports(text: str) -> None:
    assert detect_fire_report(text) is None
