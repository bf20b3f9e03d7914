"""`rasa train` as this project runs it: Rasa's own command, without the training cache.

    python -m bot.ops.rasa_train train --force ...   (the arguments of `rasa train`)

After every node of the training graph Rasa 3.6's `TrainingHook` fingerprints the node's
inputs and output (every training message with its features, 6,000 and more of them) to
fill the training cache (`.rasa/cache`), which only a later `rasa train` *without*
`--force` could use. This project always trains with `--force` (bot/ops/model_build.py
decides itself when the model is out of date), so the cache is never read: py-spy put a
quarter of an incremental retrain in those fingerprints (docs/DEPLOYMENT.md, "Training and
retraining"). Here the hook only times each node, and the log (var/logs/train.log) ends
with where the time went.

Three more changes make every training quicker with the same data and features (reading
the data, the count vectors, no graph optimiser: bot/rasa_ext/training_speedups.py), and
two the fine-tune after a review: a fine-tune keeps the base model's trained policies when
nothing they learn from changed (bot/ops/finetune.py), and loads DIET and TED without
Rasa's training step on one example (bot/rasa_ext/patches.py, fix 3). Everything else is
Rasa's command as it is.
"""

from __future__ import annotations

import sys
import time
from typing import Any

NODE_SECONDS: dict[str, float] = {}  # each training node's wall time, in the order they ran


def skip_training_cache() -> None:
    """Make Rasa's `TrainingHook` only time the node: no fingerprints, nothing written to the cache."""
    from rasa.engine.training.hooks import TrainingHook

    def no_fingerprint(self: Any, node_name: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return {"started": time.perf_counter()}

    def nothing_to_cache(self: Any, node_name: str, *args: Any, **kwargs: Any) -> None:
        hook_data = args[-1] if args else kwargs.get("input_hook_data", {})
        if "started" in hook_data:
            NODE_SECONDS[node_name] = time.perf_counter() - hook_data["started"]

    TrainingHook.on_before_node = no_fingerprint  # type: ignore[method-assign]
    TrainingHook.on_after_node = nothing_to_cache  # type: ignore[method-assign]


def time_spent(node_seconds: dict[str, float], at_least: float = 0.5) -> str:
    """One line: the nodes that took `at_least` seconds, slowest first, and the rest together."""
    slow = sorted(((s, n) for n, s in node_seconds.items() if s >= at_least), reverse=True)
    rest = sum(s for s in node_seconds.values() if s < at_least)
    parts = [f"{name} {seconds:.1f} s" for seconds, name in slow] + [f"others {rest:.1f} s"]
    return f"training graph, {sum(node_seconds.values()):.0f} s: " + ", ".join(parts)


def main(argv: list[str]) -> None:
    from rasa.__main__ import main as rasa_main

    from bot.ops import finetune
    from bot.rasa_ext import patches, training_speedups

    skip_training_cache()
    training_speedups.install()
    finetune.install()
    patches.install_quick_load()
    sys.argv = ["rasa", *argv]
    try:
        rasa_main()
    finally:
        if NODE_SECONDS:
            print(time_spent(NODE_SECONDS), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
