"""bot.rasa_ext.training_speedups: the same training data and features as Rasa's own code."""

from __future__ import annotations

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_ext import training_speedups

TEXTS = [
    ("is my A1263 recalled?", "check_recall"),
    ("ma batterie a pris feu", "report_fire"),
    ("hola, mi PowerCore 10000 de marzo 2023", "check_recall"),
    ("Rückruf für A-1257?", "check_recall"),
    ("ok", "affirm"),
    ("is my A1263 recalled?", "check_recall"),  # a duplicate
]


def _training_data() -> TrainingData:
    return TrainingData([Message(data={"text": text, "intent": intent}) for text, intent in TEXTS])


def _assert_same_coo(ours, rasas) -> None:
    assert (ours is None) == (rasas is None)
    if ours is None:
        return
    assert ours.shape == rasas.shape and ours.dtype == rasas.dtype
    assert ours.row.tolist() == rasas.row.tolist() and ours.col.tolist() == rasas.col.tolist()
    assert ours.data.tolist() == rasas.data.tolist()


@pytest.mark.parametrize("analyzer", [{}, {"analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4}])
def test_count_vectors_in_one_call_are_rasas_per_example_features(tmp_path, analyzer):
    assert CountVectorsFeaturizer._create_features is not training_speedups.create_features  # Rasa's, to compare with
    context = ExecutionContext(GraphSchema({}), "test")
    storage = LocalModelStorage(tmp_path)
    data = _training_data()
    WhitespaceTokenizer.create(WhitespaceTokenizer.get_default_config(), storage, Resource("t"), context).process_training_data(data)
    featurizer = CountVectorsFeaturizer.create({**CountVectorsFeaturizer.get_default_config(), **analyzer}, storage, Resource("c"), context)
    featurizer.train(data)
    for attribute in ("text", "intent", "response"):
        all_tokens = [featurizer._get_processed_message_tokens_by_attribute(m, attribute) for m in data.training_examples]
        all_tokens.insert(2, [])  # an example without this attribute
        ours = training_speedups.create_features(featurizer, attribute, all_tokens)
        rasas = CountVectorsFeaturizer._create_features(featurizer, attribute, all_tokens)
        for our_kind, rasa_kind in zip(ours, rasas, strict=True):
            assert len(our_kind) == len(rasa_kind)
            for our_rows, rasa_rows in zip(our_kind, rasa_kind, strict=True):
                _assert_same_coo(our_rows, rasa_rows)


def test_examples_keep_their_fingerprints_and_are_still_cleaned(monkeypatch):
    monkeypatch.setattr(TrainingData, "sanitize_examples", TrainingData.sanitize_examples)
    training_speedups.keep_example_fingerprints()
    clean = Message(data={"text": "hello", "intent": "greet"})
    fingerprint = clean.fingerprint()
    padded = Message(data={"text": "bye", "intent": " goodbye "})
    duplicate = Message(data={"text": "hello", "intent": "greet"})
    examples = TrainingData([clean, padded, duplicate]).training_examples
    assert examples == [clean, padded]  # the duplicate dropped, the first one kept
    assert clean._cached_fingerprint == fingerprint  # not computed again
    assert padded.get("intent") == "goodbye"
