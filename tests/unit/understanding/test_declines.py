"""A refund customer passing on the optional address question, in every language."""

from __future__ import annotations

import pytest

from bot.understanding.declines import skips_optional_question


@pytest.mark.parametrize(
    "text",
    [
        "skip", "Skip.", "no", "no thanks", "No thank you", "I'd rather not", "I don't know", "dunno", "not needed",
        "just email me the label", "label only please",
        "passer", "Non merci", "je préfère ne pas", "je ne sais pas", "pas besoin", "juste l'étiquette",
        "omitir", "No, gracias", "prefiero no", "no sé", "sin dirección",
        "überspringen", "Nein danke", "lieber nicht", "weiß ich nicht", "nicht nötig", "nur das Etikett bitte",
    ],
)
def test_a_skip_in_any_language(text):
    assert skips_optional_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "12 High St, Leeds LS1 4AP", "Passage du Nord 3, Paris", "Nonnenweg 5, Berlin", "Skipton Road, Leeds",
        "no 5 rue de la Paix", "Calle Mayor 1, Madrid", "", "   ", "no, it's 12 Church Lane",
        "I don't know the postcode but it's 12 Church Lane",
    ],
)
def test_an_address_is_not_a_skip(text):
    assert not skips_optional_question(text)
