"""Renders Rasa's endpoints.yml and credentials.yml for a container (compose, Kubernetes).

    python -m bot.ops.cluster.render --out /tmp/rasa

Same rules as `make run` (bot.ops.rasa_config: `${VAR}`s from the environment, sections
with unset variables dropped).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from bot.core.settings import PROJECT_DIR
from bot.ops.rasa_config import render_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.ops.cluster.render")
    container_dir = "/tmp/rasa"  # noqa: S108 - inside the container
    parser.add_argument("--out", default=container_dir, help="folder for endpoints.yml and credentials.yml")
    args = parser.parse_args(argv)
    out = Path(args.out)
    env = dict(os.environ)
    render_file(PROJECT_DIR / "endpoints.yml", out / "endpoints.yml", env)
    render_file(PROJECT_DIR / "credentials.yml", out / "credentials.yml", env)
    print(f"rendered {out / 'endpoints.yml'} and {out / 'credentials.yml'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
