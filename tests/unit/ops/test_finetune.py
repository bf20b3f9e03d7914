"""bot.ops.finetune: what the policies learn from, fingerprinted on the project's real data and graph."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from rasa.engine.recipes.recipe import Recipe
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.training.components import PrecomputedValueProvider
from rasa.shared.data import TrainingType
from rasa.shared.importers.importer import TrainingDataImporter

from bot.core.settings import PROJECT_DIR
from bot.ops import finetune
from bot.ops.model_build import FINETUNE_EPOCH_FRACTION, TRAINING_INPUTS


def _project_copy(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in TRAINING_INPUTS:
        source = PROJECT_DIR / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, folder / name)
    return folder


def _schema_and_importer(project: Path, finetuning: bool = False):
    importer = TrainingDataImporter.load_from_config(
        str(project / "config.yml"), str(project / "domain.yml"), [str(project / "data")]
    )
    config = importer.get_config()
    recipe = Recipe.recipe_for_name(config.get("recipe"))
    kwargs = {"finetuning_epoch_fraction": FINETUNE_EPOCH_FRACTION} if finetuning else {}
    model_configuration = recipe.graph_config_for_recipe(
        config, kwargs, training_type=TrainingType.BOTH, is_finetuning=finetuning
    )
    return model_configuration.train_schema, importer


def _fingerprint(project: Path) -> str:
    schema, importer = _schema_and_importer(project)
    return finetune.policy_inputs_fingerprint(schema, importer)


@pytest.fixture(scope="module")
def schema():
    return _schema_and_importer(PROJECT_DIR)[0]


def test_the_policies_of_the_project_are_found(schema) -> None:
    names = finetune.policy_nodes(schema)
    assert any("CachedTEDPolicy" in name for name in names)
    assert any("FireSafetyPolicy" in name for name in names)
    assert any("RulePolicy" in name for name in names) and any("MemoizationPolicy" in name for name in names)
    assert not any("DIET" in name for name in names)


def test_a_fine_tune_of_the_same_data_has_the_training_s_fingerprint() -> None:
    # a fine-tune loads the policies instead of creating them, and scales their epochs
    trained = finetune.policy_inputs_fingerprint(*_schema_and_importer(PROJECT_DIR))
    assert finetune.policy_inputs_fingerprint(*_schema_and_importer(PROJECT_DIR, finetuning=True)) == trained


def test_fingerprinting_leaves_the_domain_that_goes_into_the_model_as_it_was() -> None:
    schema, importer = _schema_and_importer(PROJECT_DIR)
    before = copy.deepcopy(importer.get_domain().as_dict())
    finetune.policy_inputs_fingerprint(schema, importer)
    assert importer.get_domain().as_dict() == before  # Rasa's Domain.fingerprint() would add every default action


def test_new_nlu_examples_keep_the_fingerprint_and_a_new_story_or_policy_setting_changes_it(tmp_path: Path) -> None:
    project = _project_copy(tmp_path / "project")
    before = _fingerprint(project)
    assert before == _fingerprint(project)  # the same inputs, the same fingerprint

    reviewed = project / "data" / "nlu" / "reviewed.yml"
    reviewed.write_text('version: "3.1"\nnlu:\n  - intent: greet\n    examples: |\n      - hiya folks\n')
    assert _fingerprint(project) == before  # what a lead's review merges: the policies need nothing new

    stories = project / "data" / "stories.yml"
    stories.write_text(
        stories.read_text()
        + "\n  - story: a reviewed path\n    steps:\n      - intent: greet\n      - action: utter_greet\n      - intent: goodbye\n      - action: utter_goodbye\n"
    )
    with_story = _fingerprint(project)
    assert with_story != before

    config = project / "config.yml"
    config.write_text(config.read_text().replace("epochs: 20", "epochs: 21"))
    assert _fingerprint(project) != with_story


def test_the_kept_policies_give_their_stored_resources_and_need_nothing(schema) -> None:
    names = finetune.policy_nodes(schema)
    kept = finetune.keeping_policies(schema, names)
    for name in names:
        node = kept.nodes[name]
        assert node.uses is PrecomputedValueProvider and node.needs == {}
        assert node.config["output"].name == name
    assert "training_tracker_provider" not in kept.nodes  # nothing left to feed
    assert any(node.startswith("train_DIETClassifier") for node in kept.nodes)  # the NLU pipeline still trains
    assert all(schema.nodes[name].uses is not PrecomputedValueProvider for name in names)  # a copy


def test_a_model_storage_without_the_fingerprint_has_none(tmp_path: Path) -> None:
    (tmp_path / "storage").mkdir()
    storage = LocalModelStorage(tmp_path / "storage")
    assert finetune.stored_fingerprint(storage) is None
    with storage.write_to(finetune.POLICY_INPUTS) as folder:
        (folder / finetune.FINGERPRINT_FILE).write_text("abc\n")
    assert finetune.stored_fingerprint(storage) == "abc"
