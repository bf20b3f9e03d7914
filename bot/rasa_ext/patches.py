"""Fixes for three paths of the Rasa server that do work nobody needs.

1. Rasa 3.6 checks every response of the action server with `jsonschema.validate`,
   which first validates the (constant) response schema itself against the JSON
   Schema metaschema, every time (the profile is in docs/DEPLOYMENT.md, Performance).
   Here the validator is built once; a response it accepts is
   accepted, and any other response goes through Rasa's own check, which raises the
   same error with the same message as before.
2. Reading a stored event, Rasa finds its class by walking every subclass of
   `Event` (recursively, with an `inspect.isabstract` check each) and comparing type
   names, for every event of every tracker read. Here each type name
   is looked up that way once and then remembered; unknown names still go to Rasa.

3. Loading a trained DIET or TED model, Rasa 3.6 first trains it for one step on one
   example (`RasaModel.load`: compile, `fit`, then `load_weights`) only so that its
   variables exist, which traces the whole training graph (gradients included): most
   of the server's start-up. Here the weights are read first and restored as the one
   prediction Rasa runs anyway creates the variables (TensorFlow's restore-on-create);
   every variable that prediction uses must come from the file, or Rasa's own load
   runs instead. Fine-tuning (`rasa train --finetune`, bot/ops/rasa_train.py) loads the
   same way, with the model compiled first as Rasa compiles it: its one training step on
   one example traced a training graph for a batch of one that the fine-tune's own
   batches never use.

Installed by bot.channels.rest_socketio, which the Rasa server loads from credentials.yml.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event

logger = logging.getLogger(__name__)

_installed = False
_rasa_model_load: Any = None  # RasaModel.load before the quick load replaced it


@functools.lru_cache(maxsize=1)
def _response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    return validator_for(schema)(schema)


def install() -> None:
    """Install the three fixes (idempotent)."""
    global _installed
    if _installed:
        return
    _check_responses_with_one_validator()
    _remember_event_classes()
    install_quick_load()
    _installed = True


def _check_responses_with_one_validator() -> None:
    rasa_check = RemoteAction._validate_action_result

    @functools.wraps(rasa_check)
    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        if _response_validator().is_valid(result):
            return True
        return rasa_check(self, result)  # raises Rasa's ValidationError

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


def _remember_event_classes() -> None:
    rasa_resolve = Event.resolve_by_type

    @functools.cache
    def known_class(type_name: str) -> type[Event] | None:
        return rasa_resolve(type_name)  # raises ValueError for an unknown name: not remembered

    def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
        try:
            return known_class(type_name)
        except (ValueError, TypeError):  # unknown (or unhashable) name: Rasa's answer, default included
            return rasa_resolve(type_name, default)

    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]


def rasa_model_load() -> Any:
    """Rasa's own `RasaModel.load` (the classmethod object), whether or not the quick load is installed."""
    from rasa.utils.tensorflow.models import RasaModel

    return _rasa_model_load or RasaModel.__dict__["load"]


def install_quick_load() -> None:
    """Fix 3 alone (idempotent): also installed for training, by bot/ops/rasa_train.py."""
    global _rasa_model_load
    if _rasa_model_load is not None:
        return
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
    from rasa.utils.tensorflow.models import RasaModel

    _rasa_model_load = RasaModel.__dict__["load"]
    rasa_load = _rasa_model_load.__func__

    def load(
        cls: type[RasaModel],
        model_file_name: str,
        model_data_example: Any,
        predict_data_example: Any = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> RasaModel:
        if not predict_data_example:
            return rasa_load(cls, model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs)
        model = cls(*args, **kwargs)
        if finetune_mode:  # to be trained further: the optimiser Rasa's load compiles it with
            config = kwargs.get("config", {})
            model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)), run_eagerly=config.get(RUN_EAGERLY))
        restoring = model.load_weights(model_file_name)  # waits for the variables to be created
        model.run_inference(predict_data_example)  # creates every variable a prediction uses
        try:
            restoring.assert_existing_objects_matched()
        except AssertionError as missing:
            logger.warning("Loading %s the quick way left variables unread (%s); loading it as Rasa does", cls.__name__, missing)
            return rasa_load(cls, model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs)
        restoring.expect_partial()  # the optimiser's slots in the file are for training only
        return model

    RasaModel.load = classmethod(load)  # type: ignore[method-assign,assignment]
