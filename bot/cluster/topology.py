"""Old import path, kept for one release (stored models, deploy files): use bot.ops.cluster.topology."""

import importlib
import runpy
import sys

if __name__ == "__main__":  # python -m <old path>
    runpy.run_module("bot.ops.cluster.topology", run_name="__main__", alter_sys=True)
else:
    sys.modules[__name__] = importlib.import_module("bot.ops.cluster.topology")
