"""Hostile input for bot.normalise: idempotence, spellings of known models, junk never crashes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.normalise import find_dates, find_model_numbers, normalise_model_number

checks = settings(max_examples=200, deadline=None, database=None)
KNOWN = ["A1263", "A1257", "A1647", "A1652", "A1681", "A1689", "A1642", "A1229", "A1268", "A1287"]

hostile = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=200),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    st.sampled_from(
        [
            "A1263'; DROP TABLE events;--",
            "<script>alert('A1263')</script>",
            "{{7*7}} ${jndi:ldap://x}",
            "\x00\x01\x02A1263\x7f",
            "A" * 5000,
            "1263" * 1000,
            "\u202eA1263\u202d",
            "ＡＩ２６３",
        ]
    ),
)


@checks
@given(raw=hostile)
def test_normalising_is_idempotent_and_well_shaped(raw: str) -> None:
    try:
        value = normalise_model_number(raw)
    except ValueError:
        return
    assert value == value.upper() and value.isalnum() and value.isascii()
    assert normalise_model_number(value) == value


@checks
@given(
    model=st.sampled_from(KNOWN),
    prefix=st.sampled_from(["", "model ", "Model No. ", "#", " "]),
    separator=st.sampled_from(["", "-", " ", "_", "."]),
    lower=st.booleans(),
)
def test_every_spelling_of_a_known_model_means_that_model(model: str, prefix: str, separator: str, lower: bool) -> None:
    written = prefix + model[0] + separator + model[1:]
    written = written.lower() if lower else written
    assert normalise_model_number(written) == model
    if prefix.strip() in ("", "model") and separator in ("", "-", " "):  # docs/INTERFACES.md's spellings
        assert model in {m.value for m in find_model_numbers(f"my {written} is hot")}


@checks
@given(text=hostile)
def test_finders_never_crash_and_spans_are_real(text: str) -> None:
    for mention in find_model_numbers(text):
        assert text[mention.start : mention.end] == mention.text
        assert mention.value is None or normalise_model_number(mention.value) == mention.value
    for found in find_dates(text[:500]):
        assert found is not None
