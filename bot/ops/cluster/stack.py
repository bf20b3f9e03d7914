"""The processes of the one-machine cluster, built from bot.ops.launcher's services."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from bot.core.settings import load_settings
from bot.ops.cluster.nginx import nginx_binary, one_machine_layout, render
from bot.ops.cluster.topology import ClusterConfig, cluster_environment
from bot.ops.launcher import BIN, Service, Stack, build_stack
from bot.ops.model_build import MODEL_PATH

#: Start order (Stack.start starts them in this order, then waits for all).
ORDER_PREFIXES = ("actions", "rasa", "console", "consumer", "nginx")


def build_cluster(
    config: ClusterConfig,
    *,
    var_dir: Path,
    model_path: Path = MODEL_PATH,
    environ: Mapping[str, str] | None = None,
    extra_env: Mapping[str, str] | None = None,
) -> Stack:
    """Describe every process of the cluster (nothing starts here)."""
    nginx = nginx_binary()
    if nginx is None:
        raise RuntimeError("nginx is not installed: scripts/nginx-deps.sh")
    env = cluster_environment(config, environ)
    env.update(extra_env or {})
    for name in ("RASA_PORT", "ACTION_PORT"):
        env.pop(name, None)
    settings = load_settings(env)
    stack = Stack(settings)
    nodes = list(zip(config.rasa_ports, config.action_ports, strict=True))
    for number, (rasa_port, action_port) in enumerate(nodes, start=1):
        node_settings = dataclasses.replace(settings, rasa_port=rasa_port, action_port=action_port)
        node_dir = var_dir / f"node-{number}"
        node = build_stack(node_settings, var_dir=node_dir, model_path=model_path, extra_env=env)
        actions = node.services["actions"]
        actions.name = f"actions-{number}"
        rasa = node.services["rasa"]
        rasa.name = f"rasa-{number}"
        rasa.command = [*rasa.command, "--interface", "127.0.0.1"]
        stack.services[actions.name] = actions
        stack.services[rasa.name] = rasa
        if number == 1:
            console = node.services["console"]
    stack.services["console"] = console
    logs = var_dir / "logs"
    stack.services["consumer"] = Service(
        "consumer",
        [str(BIN / "python"), "-m", "bot.escalation.consumer", "--queue", config.queue],
        f"http://127.0.0.1:{config.consumer_port}/health",
        logs / "consumer.log",
        {**console.env, "EVENTS_CONSUMER_PORT": str(config.consumer_port)},
    )
    nginx_dir = var_dir / "nginx"
    (nginx_dir / "tmp").mkdir(parents=True, exist_ok=True)
    layout = one_machine_layout(
        var_dir=nginx_dir,
        public_port=config.public_port,
        actions_lb_port=config.actions_lb_port,
        rasa_api_port=config.rasa_api_lb_port,
        rasa_ports=config.rasa_ports,
        action_ports=config.action_ports,
        console_port=config.console_port,
    )
    (nginx_dir / "nginx.conf").write_text(render(layout))
    stack.services["nginx"] = Service(
        "nginx",
        [nginx, "-p", str(nginx_dir), "-c", str(nginx_dir / "nginx.conf"), "-e", str(nginx_dir / "error.log"),
         "-g", "daemon off;"],
        f"http://127.0.0.1:{config.public_port}/nginx-health",
        logs / "nginx.log",
        dict(console.env),
    )
    return stack


def start_order(stack: Stack) -> tuple[str, ...]:
    return tuple(
        name for prefix in ORDER_PREFIXES for name in stack.services if name.split("-")[0] == prefix
    )
