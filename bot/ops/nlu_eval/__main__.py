"""`python -m bot.ops.nlu_eval [--model models/] [--holdout ...] [--blind ...] [--out ...]
[--cv-folds N] [--strict]`: the evaluation's command line (bot.ops.nlu_eval.run.main)."""

from __future__ import annotations

import sys

from bot.ops.nlu_eval.run import main

if __name__ == "__main__":
    sys.exit(main())
