"""Gold dates are read with the message around them, as the pipeline reads them."""

from __future__ import annotations

from bot.ops.nlu_eval.entities import GoldNormaliser


def test_a_day_first_language_decides_a_date_that_reads_two_ways():
    norm = GoldNormaliser.load()
    assert norm.date("04/05/2019", "mon A1263 est daté du 04/05/2019, je suis concerné ?") == "2019-05-04"
    assert norm.date("03/04/2024", "fabricada el 03/04/2024") == "2024-04-03"


def test_in_english_it_stays_ambiguous_and_is_checked_apart():
    norm = GoldNormaliser.load()
    assert norm.date("04/05/2019", "my A1263 is dated 04/05/2019, is it affected?") is None
    assert norm.ambiguous == ["04/05/2019"]


def test_a_plain_date_reads_the_same_with_or_without_its_message():
    norm = GoldNormaliser.load()
    assert norm.date("March 2019", "made in March 2019") == norm.date("March 2019") == "2019-03"
