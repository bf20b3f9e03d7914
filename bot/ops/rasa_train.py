"""`rasa train` as this project runs it: Rasa's own command, without the training cache.

    python -m bot.ops.rasa_train train --force ...   (the arguments of `rasa train`)

After every node of the training graph Rasa 3.6's `TrainingHook` fingerprints the node's
inputs and output (every training message with its features, 6,000 and more of them) to
fill the training cache (`.rasa/cache`), which only a later `rasa train` *without*
`--force` could use. This project always trains with `--force` (bot/ops/model_build.py
decides itself when the model is out of date), so the cache is never read: py-spy put a
quarter of an incremental retrain in those fingerprints (docs/DEPLOYMENT.md, "Training and
retraining"). Here the hook does nothing; everything else is Rasa's command as it is.
"""

from __future__ import annotations

import sys
from typing import Any


def skip_training_cache() -> None:
    """Make Rasa's `TrainingHook` a no-op: no fingerprints, nothing written to the cache."""
    from rasa.engine.training.hooks import TrainingHook

    def no_fingerprint(self: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return {}

    def nothing_to_cache(self: Any, *args: Any, **kwargs: Any) -> None:
        return None

    TrainingHook.on_before_node = no_fingerprint  # type: ignore[method-assign]
    TrainingHook.on_after_node = nothing_to_cache  # type: ignore[method-assign]


def main(argv: list[str]) -> None:
    from rasa.__main__ import main as rasa_main

    skip_training_cache()
    sys.argv = ["rasa", *argv]
    rasa_main()


if __name__ == "__main__":
    main(sys.argv[1:])
