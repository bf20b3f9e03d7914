"""bot.understanding.product_features: split product names read as one, whatever comes before."""

from __future__ import annotations

import pytest

from bot.understanding.model_numbers import find_model_numbers
from bot.understanding.product_features import feature_spans


@pytest.mark.parametrize(
    ("text", "features"),
    [
        ("power core", ["powercore"]),  # "power" alone is a generic word, never a feature
        ("is my power core recalled?", ["powercore", "recalled"]),
        ("mag go 10000", ["maggo", "cap:10k"]),  # "mag" was a feature on its own: replaced
        ("gan prime 65w", ["ganprime", "w:65"]),
    ],
)
def test_split_names_merge_into_one_feature(text: str, features: list[str]) -> None:
    assert [feature for feature, _, _ in feature_spans(text)] == features


def test_a_product_line_without_its_model_is_asked_about_not_a_crash() -> None:
    # Regression: "power core" raised IndexError in the NLU component (found by the label reader).
    mentions = find_model_numbers("is my power core recalled?")
    assert len(mentions) == 1 and mentions[0].value is None and mentions[0].from_product_name
    start, end = feature_spans("the power core 20k")[0][1:]
    assert "the power core 20k"[start:end] == "power core"
