"""`make run-cluster`: the whole cluster on this machine, in the foreground (Ctrl-C stops all).

    python -m bot.ops.cluster run        start everything, print the addresses, wait
    python -m bot.ops.cluster nginx      print the nginx.conf the cluster would use
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from bot.core.settings import DEV_CONSOLE_API_TOKEN, DEV_RASA_API_TOKEN, VAR_DIR, load_settings
from bot.ops.cluster.nginx import one_machine_layout, render
from bot.ops.cluster.services import ensure_all
from bot.ops.cluster.stack import build_cluster, start_order
from bot.ops.cluster.topology import ClusterConfig, cluster_environment, config_from_env


def prepare(config: ClusterConfig, environ: dict[str, str] | None = None) -> list[str]:
    """Start the shared services, create the database, our tables and the catalogue."""
    from bot.core.db import make_engine, session_scope
    from bot.ops.schema import create_tables
    from bot.recall.catalogue import catalogue_is_empty, import_catalogue

    started = ensure_all(
        database_url=config.database_url,
        redis_url=config.redis_url,
        broker_host=config.broker_host,
        broker_port=config.broker_port,
    )
    engine = make_engine(config.database_url)
    create_tables(engine)
    engine.dispose()
    with session_scope(config.database_url) as session:
        if catalogue_is_empty(session):
            import_catalogue(session)
    return started


def cmd_run(args: argparse.Namespace) -> int:
    from bot.ops.model_build import ensure_model

    config = config_from_env()
    settings = load_settings(cluster_environment(config))
    settings.check_secure()
    model, _ = ensure_model()
    started = prepare(config)
    if started:
        print(f"Started: {', '.join(started)}")
    var_dir = Path(os.environ.get("CLUSTER_VAR_DIR", VAR_DIR / "cluster"))
    stack = build_cluster(config, var_dir=var_dir, model_path=model)
    names = start_order(stack)
    print(f"Starting {', '.join(names)} (logs in {var_dir})...")
    began = time.monotonic()
    try:
        stack.start(names, timeout=400)
        print(f"Ready in {time.monotonic() - began:.0f} s.\n")
        print(f"  Everything, through nginx: {config.public_url}/  (chat page; /agent, /review)")
        print(f"  Rasa REST channel:         {config.public_url}/webhooks/rest/webhook")
        print(f"  Rasa servers:              {', '.join(str(p) for p in config.rasa_ports)}")
        print(f"  Action servers:            {', '.join(str(p) for p in config.action_ports)} (behind :{config.actions_lb_port})")
        print(f"  Tracker store and tables:  {config.database_url}")
        print(f"  Lock store:                {config.redis_url}; events: RabbitMQ queue {config.queue}")
        print(f"  Rasa HTTP API token:       {settings.rasa_api_token}" + ("  (development default)" if settings.rasa_api_token == DEV_RASA_API_TOKEN else ""))
        print(f"  Console API token:         {settings.console_api_token}" + ("  (development default)" if settings.console_api_token == DEV_CONSOLE_API_TOKEN else ""))
        print("\nPress Ctrl-C to stop everything (PostgreSQL, Redis and RabbitMQ keep running).")
        while all(service.running() for service in stack.services.values()):
            time.sleep(1)
        dead = [s.name for s in stack.services.values() if not s.running()]
        print(f"Stopped: {', '.join(dead)} exited; see {var_dir}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping...")
        return 0
    finally:
        stack.stop()


def cmd_nginx(args: argparse.Namespace) -> int:
    config = config_from_env()
    var_dir = VAR_DIR / "cluster" / "nginx"
    sys.stdout.write(
        render(
            one_machine_layout(
                var_dir=var_dir,
                public_port=config.public_port,
                actions_lb_port=config.actions_lb_port,
                rasa_api_port=config.rasa_api_lb_port,
                rasa_ports=config.rasa_ports,
                action_ports=config.action_ports,
                console_port=config.console_port,
            )
        )
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.ops.cluster", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start the cluster in the foreground").set_defaults(func=cmd_run)
    commands.add_parser("nginx", help="print the rendered nginx.conf").set_defaults(func=cmd_nginx)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
