"""Old import path, kept for one release (stored models, deploy files): use bot.rasa_ext.policies.fire_safety."""

import importlib
import runpy
import sys

if __name__ == "__main__":  # python -m <old path>
    runpy.run_module("bot.rasa_ext.policies.fire_safety", run_name="__main__", alter_sys=True)
else:
    sys.modules[__name__] = importlib.import_module("bot.rasa_ext.policies.fire_safety")
