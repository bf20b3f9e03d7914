"""A fine-tune keeps the base model's trained policies when nothing they learn from changed.

After a review, a lead merges the flagged messages into `data/nlu/` as new examples of
intents the model knows, and runs `python -m bot.ops.cli train --finetune`. Rasa 3.6 then
fine-tunes every trainable component, TED included (a quarter of the fine-tune's time,
docs/DEPLOYMENT.md "Training and retraining"), although what the policies learn from is
exactly what the base model learnt from: they would only drift for a few epochs on the
same data.

So every model trained here carries, as a resource of its own (POLICY_INPUTS), the
fingerprint of what its policies learn from: the stories and rules, the domain, the
policies of config.yml, Rasa's version, and for each policy and every node that feeds it,
its class, source and configuration. A fine-tune whose fingerprint equals its base
model's keeps the base model's trained policies as they are (each policy's node becomes
Rasa's own `PrecomputedValueProvider` of the resource already in the model, as Rasa's
training cache would do) and fine-tunes the NLU pipeline only. Anything else trains as
Rasa trains. Installed by bot/ops/rasa_train.py.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import inspect
import json
import logging
from typing import Any

import rasa
from rasa.core.policies.policy import Policy
from rasa.engine.graph import GraphSchema
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.engine.training.components import PrecomputedValueProvider
from rasa.engine.training.graph_trainer import GraphTrainer

logger = logging.getLogger(__name__)

POLICY_INPUTS = Resource("policy_training_inputs")
FINGERPRINT_FILE = "fingerprint.txt"
# A fine-tune scales a policy's epochs and says by how much; config.yml's own epochs are
# in its policies section, which the fingerprint reads.
SCALED_BY_A_FINETUNE = ("epochs", "finetuning_epoch_fraction")


def policy_nodes(schema: GraphSchema) -> set[str]:
    """The nodes of a training graph that train a policy."""
    return {
        name for name, node in schema.nodes.items()
        if node.fn == "train" and inspect.isclass(node.uses) and issubclass(node.uses, Policy)
    }


def _feeding(schema: GraphSchema, names: set[str]) -> set[str]:
    """`names` and every node of the schema they need, directly or not."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen or name not in schema.nodes:
            continue  # not a node: a graph input, such as the importer
        seen.add(name)
        todo.extend(schema.nodes[name].needs.values())
    return seen


def policy_inputs_fingerprint(schema: GraphSchema, importer: Any) -> str:
    """What the policies of `schema` learn from, trained on `importer`'s data, as one hash."""
    parts = [
        f"rasa {rasa.__version__}",
        importer.get_stories().fingerprint(),
        # not Domain.fingerprint(): in Rasa 3.6 it writes every action, defaults included,
        # into the domain it fingerprints, which then goes into the model as user actions
        json.dumps(importer.get_domain().as_dict(), sort_keys=True, default=str),
        json.dumps(importer.get_config().get("policies"), sort_keys=True, default=str),
    ]
    for name in sorted(_feeding(schema, policy_nodes(schema))):
        node = schema.nodes[name]
        source = inspect.getsource(node.uses) if inspect.isclass(node.uses) else repr(node.uses)
        unscaled = {key: value for key, value in node.config.items() if key not in SCALED_BY_A_FINETUNE}
        config = json.dumps(unscaled, sort_keys=True, default=str)
        # not the constructor: a fine-tune loads what a training creates
        parts.append(f"{name} {node.uses!r} {node.fn} {sorted(node.needs.items())} {config}\n{source}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def stored_fingerprint(model_storage: ModelStorage) -> str | None:
    """The fingerprint a model's storage carries, or None (a model trained before it was kept)."""
    try:
        with model_storage.read_from(POLICY_INPUTS) as folder:
            return (folder / FINGERPRINT_FILE).read_text().strip()
    except (ValueError, OSError):
        return None


def keeping_policies(schema: GraphSchema, names: set[str]) -> GraphSchema:
    """`schema` with the nodes `names` giving the resources already in the model storage."""
    kept = copy.deepcopy(schema)
    for name in names:
        node = kept.nodes[name]
        PrecomputedValueProvider.replace_schema_node(node, Resource(name))
        node.needs = {}
    return kept.minimal_graph_schema()


class _RunnerKeepingPolicies:
    """A graph runner class whose runners take the policies' resources as they are in the storage."""

    def __init__(self, runner_class: Any, names: set[str]) -> None:
        self._runner_class = runner_class
        self._names = names

    def create(self, graph_schema: GraphSchema, *args: Any, **kwargs: Any) -> Any:
        return self._runner_class.create(keeping_policies(graph_schema, self._names), *args, **kwargs)


def install() -> None:
    """Record the fingerprint in every model, and keep unchanged policies when fine-tuning (idempotent)."""
    rasa_train = GraphTrainer.train
    if getattr(rasa_train, "_keeps_unchanged_policies", False):
        return

    @functools.wraps(rasa_train)
    def train(
        self: GraphTrainer,
        model_configuration: Any,
        importer: Any,
        output_filename: Any,
        force_retraining: bool = False,
        is_finetuning: bool = False,
    ) -> Any:
        schema = model_configuration.train_schema
        fingerprint = policy_inputs_fingerprint(schema, importer)
        unchanged = is_finetuning and stored_fingerprint(self._model_storage) == fingerprint
        with self._model_storage.write_to(POLICY_INPUTS) as folder:
            (folder / FINGERPRINT_FILE).write_text(fingerprint + "\n")
        names = policy_nodes(schema)
        if not (unchanged and names):
            return rasa_train(self, model_configuration, importer, output_filename, force_retraining, is_finetuning)
        logger.info("The policies' training data did not change: keeping the base model's %s", ", ".join(sorted(names)))
        rasa_runner_class = self._graph_runner_class
        self._graph_runner_class = _RunnerKeepingPolicies(rasa_runner_class, names)
        try:
            return rasa_train(self, model_configuration, importer, output_filename, force_retraining, is_finetuning)
        finally:
            self._graph_runner_class = rasa_runner_class

    train._keeps_unchanged_policies = True  # type: ignore[attr-defined]
    GraphTrainer.train = train  # type: ignore[method-assign]
