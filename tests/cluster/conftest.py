"""The one-machine cluster (bot.ops.cluster), started once for the tests in this folder."""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.ops.cluster.nginx import nginx_binary
from bot.ops.cluster.topology import ClusterConfig
from tests.conftest import Recorder, free_port

POSTGRES_BASE = os.environ.get("CLUSTER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")


@dataclass
class RunningCluster:
    config: ClusterConfig
    stack: Any
    url: str
    rasa_token: str
    console_token: str
    database_url: str
    var_dir: Path
    alerts: Recorder


@pytest.fixture(scope="session")
def cluster(alert_receiver: Recorder) -> Iterator[RunningCluster]:
    """Two Rasa servers, two action servers, console, consumer and nginx on free ports."""
    with running_cluster(alert_receiver) as running:
        yield running


@contextlib.contextmanager
def running_cluster(alert_receiver: Recorder, *, redis_url: str | None = None) -> Iterator[RunningCluster]:
    """Start the cluster on free ports and a database of its own; stop and drop it after.

    `redis_url`: the lock store and rate limits on that Redis (else the machine's).
    """
    if nginx_binary() is None:
        pytest.skip("nginx is not installed (scripts/nginx-deps.sh)")
    from bot.ops.cluster.__main__ import prepare
    from bot.ops.cluster.services import drop_database
    from bot.ops.cluster.stack import build_cluster, start_order
    from bot.ops.model_build import MODEL_PATH, ensure_model

    # The model as it is: other sessions may be retraining it right now (one at a time).
    model = MODEL_PATH if MODEL_PATH.exists() else ensure_model()[0]
    name = uuid.uuid4().hex[:8]
    config = ClusterConfig(
        public_port=free_port(),
        rasa_ports=(free_port(), free_port()),
        action_ports=(free_port(), free_port()),
        actions_lb_port=free_port(),
        rasa_api_lb_port=free_port(),
        console_port=free_port(),
        consumer_port=free_port(),
        database_url=f"{POSTGRES_BASE}/recall_cluster_test_{name}",
        queue=f"recall_events_test_{name}",
        exchange=f"rasa-exchange-test-{name}",
        **({"redis_url": redis_url} if redis_url else {}),
    )
    var_dir = Path(tempfile.mkdtemp(prefix="recall-cluster-"))
    environ = {
        **os.environ,
        "APP_ENV": "development",
        "RECALL_VAR_DIR": str(var_dir),
        "RASA_API_TOKEN": "cluster-rasa-token",
        "CONSOLE_API_TOKEN": "cluster-console-token",
        "SECRET_KEY": "cluster-secret",
        "ALERT_WEBHOOK_URL": alert_receiver.url,
        "SENDER_RATE_PER_MINUTE": "600",
        "SENDER_BURST": "100",
        "IP_RATE_PER_MINUTE": "6000",
        "IP_BURST": "1000",
        # every test's fire report comes from 127.0.0.1: room above the paging caps
        "URGENT_HANDOFFS_PER_ORIGIN_PER_HOUR": "1000",
        "URGENT_HANDOFFS_PER_MINUTE": "1000",
        "ALERTS_PER_MINUTE": "1000",
    }
    dropped = ("SMTP_URL", "RATE_LIMIT_REDIS_URL", "REDIS_URL") if redis_url else ("SMTP_URL",)
    for variable in dropped:
        environ.pop(variable, None)
    stack = None
    try:
        prepare(config)
        stack = build_cluster(config, var_dir=var_dir, model_path=model, environ=environ)
        stack.start(start_order(stack), timeout=400)
    except Exception:
        if stack is not None:
            stack.stop()
            for service in stack.services.values():
                log = service.log_path.read_text(errors="replace")[-3000:] if service.log_path.exists() else ""
                print(f"--- {service.name} log ---\n{log}")
        drop_database(config.database_url)
        raise
    try:
        yield RunningCluster(
            config=config,
            stack=stack,
            url=config.public_url,
            rasa_token="cluster-rasa-token",
            console_token="cluster-console-token",
            database_url=config.database_url,
            var_dir=var_dir,
            alerts=alert_receiver,
        )
    finally:
        stack.stop()
        drop_database(config.database_url)
        _delete_broker_objects(config)


def _delete_broker_objects(config: ClusterConfig) -> None:
    import asyncio

    import aio_pika

    async def delete() -> None:
        connection = await aio_pika.connect(
            f"amqp://{config.broker_user}:{config.broker_password}@{config.broker_host}:{config.broker_port}/"
        )
        async with connection:
            channel = await connection.channel()
            await channel.queue_delete(config.queue)
            await channel.exchange_delete(config.exchange)

    try:
        asyncio.run(delete())
    except Exception as error:  # noqa: BLE001 - clean-up only
        print(f"could not delete the test queue/exchange: {error}")
