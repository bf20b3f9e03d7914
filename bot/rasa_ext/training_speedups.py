"""Three changes to how Rasa 3.6 trains, each giving the same training data and features.

Installed by bot/ops/rasa_train.py, for training only (the server keeps Rasa's code).

1. **Examples keep their fingerprints.** Rasa's `TrainingData` strips every example's
   intent again each time data is merged, and `Message.set` then forgets the example's
   fingerprint, which the deduplication that follows needs at once: reading the 68 files
   of data/ hashed every example about 18 times. Here an intent or response is set only
   when stripping changes it. Reading the data: 12.5 s -> 9.5 s, twice per training
   (validation, then the graph).
2. **Count vectors in one call per attribute.** `CountVectorsFeaturizer` called
   scikit-learn's `transform` twice per example (the tokens, then the sentence): 12,700
   calls for 6,350 examples, each with its fixed cost. Here all examples' tokens go in one
   call and all sentences in another, and the rows are split per example: the same
   matrices, as the vocabulary is fixed and each row is counted on its own.
3. **No graph optimiser.** TensorFlow's grappler rewrote DIET's and TED's training graphs
   before their first step (TED's first epoch 41 s -> 26 s without it, DIET's 38 s -> 32 s)
   and the later epochs took as long without it (docs/DEPLOYMENT.md).
"""

from __future__ import annotations

from typing import Any

_installed = False


def install() -> None:
    """Install the three changes (idempotent)."""
    global _installed
    if _installed:
        return
    keep_example_fingerprints()
    count_vectors_in_one_call()
    skip_graph_optimiser()
    _installed = True


def keep_example_fingerprints() -> None:
    from rasa.shared.nlu.constants import INTENT, RESPONSE
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    def sanitize_examples(examples: list[Message]) -> list[Message]:
        """Rasa's: intents and responses stripped, duplicates dropped, first ones kept."""
        for example in examples:
            for key in (INTENT, RESPONSE):
                value = example.get(key)
                if value and value != value.strip():
                    example.set(key, value.strip())
        return list(dict.fromkeys(examples))

    TrainingData.sanitize_examples = staticmethod(sanitize_examples)  # type: ignore[method-assign]


def count_vectors_in_one_call() -> None:
    from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer

    CountVectorsFeaturizer._create_features = create_features  # type: ignore[method-assign]


def create_features(self: Any, attribute: str, all_tokens: list[list[str]]) -> tuple[list[Any], list[Any]]:
    """`CountVectorsFeaturizer._create_features` with one `transform` for all sequences and
    one for all sentences: per example, its tokens' rows (sequence) and its sentence's row."""
    from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES

    vectorizer = self.vectorizers.get(attribute)
    if not vectorizer:
        return [None], [None]
    present = [tokens for tokens in all_tokens if tokens]
    token_rows = _sorted_csr(vectorizer.transform([token for tokens in present for token in tokens])) if present else None
    sentence_rows = None
    if present and attribute in DENSE_FEATURIZABLE_ATTRIBUTES:
        sentence_rows = _sorted_csr(vectorizer.transform([" ".join(tokens) for tokens in present]))

    sequence_features: list[Any] = []
    sentence_features: list[Any] = []
    start = index = 0
    for tokens in all_tokens:
        if not tokens:  # nothing to featurize
            sequence_features.append(None)
            sentence_features.append(None)
            continue
        sequence_features.append(_rows_as_coo(token_rows, start, len(tokens)))
        sentence_features.append(None if sentence_rows is None else _rows_as_coo(sentence_rows, index, 1))
        start += len(tokens)
        index += 1
    return sequence_features, sentence_features


def _sorted_csr(matrix: Any) -> Any:
    rows = matrix.tocsr()
    rows.sort_indices()
    return rows


def _rows_as_coo(rows: Any, first: int, count: int) -> Any:
    """Rows first..first+count-1 of a CSR matrix with sorted indices, as Rasa's per-example
    `transform(...).sort_indices(); .tocoo()` gives them (slicing the CSR matrix each time
    cost more than the transform saved)."""
    import numpy as np
    import scipy.sparse

    bounds = rows.indptr[first : first + count + 1]
    begin, end = bounds[0], bounds[-1]
    row_ids = np.repeat(np.arange(count, dtype=rows.indices.dtype), np.diff(bounds))
    return scipy.sparse.coo_matrix(
        (rows.data[begin:end], (row_ids, rows.indices[begin:end])), shape=(count, rows.shape[1])
    )


def skip_graph_optimiser() -> None:
    import tensorflow as tf

    tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": True})
