"""Per-language evaluation: which files belong to a language, and language identification."""

from __future__ import annotations

from bot.ops.nlu_eval.data import Example, Prediction, language_of_file, language_sets, load_blind
from bot.ops.nlu_eval.metrics import language_id_scores, targets_for


def test_a_files_language_is_its_names_suffix() -> None:
    assert language_of_file("tests/nlu_holdout_fr.yml") == "fr"
    assert language_of_file("tests/blind/messages_de.yml") == "de"
    assert language_of_file("tests/blind/messages_a.yml") == "en"
    assert language_of_file("tests/nlu_holdout.yml") == "en"


def test_each_language_has_its_own_sets(tmp_path) -> None:
    (tmp_path / "blind").mkdir()
    holdout = tmp_path / "nlu_holdout.yml"
    for path in (holdout, tmp_path / "nlu_holdout_fr.yml"):
        path.write_text("version: '3.1'\nnlu: []\n")
    english = 'messages:\n  - text: "is my A1263 recalled"\n    intent: check_recall\n'
    french = 'messages:\n  - text: "ma batterie est-elle rappelée"\n    intent: check_recall\n'
    (tmp_path / "blind" / "messages_a.yml").write_text(english)
    (tmp_path / "blind" / "messages_fr.yml").write_text(french)
    blind = str(tmp_path / "blind")
    assert language_sets(str(holdout), blind, "fr") == (str(tmp_path / "nlu_holdout_fr.yml"), f"{blind}/messages_fr.yml")
    assert language_sets(str(holdout), blind, "es") == (None, None)
    assert language_sets(str(holdout), "", "fr") == (str(tmp_path / "nlu_holdout_fr.yml"), None)
    assert [e.text for e in load_blind(blind, "en")] == ["is my A1263 recalled"]
    assert [(e.text, e.language) for e in load_blind(blind, "fr")] == [("ma batterie est-elle rappelée", "fr")]
    assert len(load_blind(blind)) == 2  # the leak check reads every language


def test_a_blind_message_may_name_several_values(tmp_path) -> None:
    (tmp_path / "messages_a.yml").write_text(
        'messages:\n  - text: "an A1263 and an a1257, both from 2023"\n    intent: check_recall\n'
        "    entities:\n      model_number: [A1263, a1257]\n      date: 2023\n      email: null\n"
    )
    [example] = load_blind(str(tmp_path))
    assert example.gold == [("model_number", "A1263", None), ("model_number", "A1257", None), ("date", "2023", None)]


def _pred(text: str, gold: str, found: str | None) -> Prediction:
    entities = [{"entity": "language", "value": found}] if found else []
    return Prediction(Example(text, "inform", None, [], None, gold), "inform", 1.0, entities, None, 0.0)


def test_language_identification_counts_three_words_or_more() -> None:
    scores = language_id_scores([
        _pred("est-ce que ma batterie est rappelée", "fr", "fr"),
        _pred("ma batterie A1263 chauffe", "fr", "en"),
        _pred("oui", "fr", None),  # too short: not counted
    ])
    assert scores["n"] == 2 and scores["accuracy"] == 0.5
    assert scores["misses"] == [{"text": "ma batterie A1263 chauffe", "gold": "fr", "predicted": "en"}]
    assert targets_for("fr")["intent_macro_f1"] == 0.92 and targets_for("en")["intent_macro_f1"] == 0.95


def test_a_request_for_another_language_is_right_when_it_names_the_language_found() -> None:
    def request(text: str, gold: str, found: str | None) -> Prediction:
        entities = [{"entity": "language", "value": found}] if found else []
        example = Example(text, "change_language", None, [], None, gold)
        return Prediction(example, "change_language", 1.0, entities, None, 0.0)

    scores = language_id_scores([
        request("reply in German please", "en", "de"),  # answered in the language it asks for
        request("could we switch to German", "en", "en"),  # the request missed
        request("can you write in another language", "en", "en"),  # names none: the set's language
        _pred("I live in Germany near Munich", "en", "de"),  # not a request: the set's language
    ])
    assert scores["n"] == 4 and scores["accuracy"] == 0.5
    assert [miss["text"] for miss in scores["misses"]] == ["could we switch to German", "I live in Germany near Munich"]
