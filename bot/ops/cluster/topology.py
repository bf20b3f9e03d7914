"""Ports, addresses and environment of the one-machine cluster (all overridable)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from bot.core.settings import Settings, load_settings

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/recall_cluster"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"
LOCK_STORE_CLASS = "bot.rasa_ext.lock_store.AtomicRedisLockStore"
DEFAULT_QUEUE = "recall_events"
DEFAULT_EXCHANGE = "rasa-exchange"

#: Variables read here (the cluster's own; settings.py reads the rest).
ENV_VARS = (
    "CLUSTER_PORT",
    "CLUSTER_RASA_PORTS",
    "CLUSTER_ACTION_PORTS",
    "CLUSTER_ACTIONS_LB_PORT",
    "CLUSTER_RASA_API_PORT",
    "EVENT_BROKER_QUEUE",
    "EVENT_BROKER_EXCHANGE",
)


def _ports(value: str) -> tuple[int, ...]:
    return tuple(int(p) for p in value.split(",") if p.strip())


@dataclass(frozen=True)
class ClusterConfig:
    """Where every process of the cluster listens, and the shared services."""

    public_port: int = 8080
    rasa_ports: tuple[int, ...] = (5005, 5006)
    action_ports: tuple[int, ...] = (5055, 5057)
    actions_lb_port: int = 5054
    rasa_api_lb_port: int = 5053
    console_port: int = 8000
    consumer_port: int = 5056
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str = DEFAULT_REDIS_URL
    broker_host: str = "127.0.0.1"
    broker_port: int = 5672
    broker_user: str = "guest"
    broker_password: str = "guest"
    queue: str = DEFAULT_QUEUE
    exchange: str = DEFAULT_EXCHANGE

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.public_port}"

    @property
    def rasa_api_url(self) -> str:
        """The Rasa HTTP API through nginx's internal port: the console's RASA_URL."""
        return f"http://127.0.0.1:{self.rasa_api_lb_port}"

    @property
    def actions_lb_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_lb_port}/webhook"


def config_from_env(environ: Mapping[str, str] | None = None) -> ClusterConfig:
    """The cluster's layout from the environment (defaults: the ports in docs/DEPLOYMENT.md)."""
    env = os.environ if environ is None else environ
    base = ClusterConfig()
    return replace(
        base,
        public_port=int(env.get("CLUSTER_PORT", base.public_port)),
        rasa_ports=_ports(env.get("CLUSTER_RASA_PORTS", "")) or base.rasa_ports,
        action_ports=_ports(env.get("CLUSTER_ACTION_PORTS", "")) or base.action_ports,
        actions_lb_port=int(env.get("CLUSTER_ACTIONS_LB_PORT", base.actions_lb_port)),
        rasa_api_lb_port=int(env.get("CLUSTER_RASA_API_PORT", base.rasa_api_lb_port)),
        console_port=int(env.get("CONSOLE_PORT", base.console_port)),
        consumer_port=int(env.get("EVENTS_CONSUMER_PORT", base.consumer_port)),
        database_url=env.get("DATABASE_URL") or base.database_url,
        redis_url=env.get("LOCK_STORE_URL") or base.redis_url,
        broker_host=env.get("EVENT_BROKER_HOST", base.broker_host),
        broker_port=int(env.get("EVENT_BROKER_PORT", base.broker_port)),
        broker_user=env.get("EVENT_BROKER_USER", base.broker_user),
        broker_password=env.get("EVENT_BROKER_PASSWORD", base.broker_password),
        queue=env.get("EVENT_BROKER_QUEUE", base.queue),
        exchange=env.get("EVENT_BROKER_EXCHANGE", base.exchange),
    )


def cluster_environment(config: ClusterConfig, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The variables every process of the cluster gets (on top of the caller's environment)."""
    env = dict(os.environ if environ is None else environ)
    env.update(
        {
            "DATABASE_URL": config.database_url,
            "RASA_URL": config.rasa_api_url,
            "RASA_PUBLIC_URL": config.public_url,
            "CONSOLE_URL": config.public_url,
            "CONSOLE_PORT": str(config.console_port),
            "ACTION_SERVER_URL": config.actions_lb_url,
            "LOCK_STORE_CLASS": LOCK_STORE_CLASS,
            "LOCK_STORE_URL": config.redis_url,
            "EVENT_BROKER_HOST": config.broker_host,
            "EVENT_BROKER_PORT": str(config.broker_port),
            "EVENT_BROKER_USER": config.broker_user,
            "EVENT_BROKER_PASSWORD": config.broker_password,
            "EVENT_BROKER_QUEUE": config.queue,
            "EVENT_BROKER_EXCHANGE": config.exchange,
            "EVENTS_CONSUMER_PORT": str(config.consumer_port),
            # nginx is the only peer of the Rasa servers: its X-Real-IP is the customer.
            "TRUSTED_PROXIES": "127.0.0.1,::1",
            "SANIC_HOST": "127.0.0.1",  # the action servers bind to loopback
        }
    )
    return env


def cluster_settings(config: ClusterConfig, environ: Mapping[str, str]) -> Settings:
    """Settings as the cluster's processes will read them."""
    return load_settings(cluster_environment(config, environ))


def var_dir_for(base: Path) -> Path:
    path = base / "cluster"
    path.mkdir(parents=True, exist_ok=True)
    return path
