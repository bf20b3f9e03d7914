"""The shared services of the one-machine cluster: started when not running, database created.

The start commands are the ones this machine uses (PostgreSQL through
pg_ctlcluster, Redis daemonized without persistence, RabbitMQ detached).
"""

from __future__ import annotations

import glob
import socket
import subprocess
import time
from urllib.parse import urlsplit

from sqlalchemy import text

from bot.core.db import make_engine


def port_open(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _wait(host: str, port: int, name: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not port_open(host, port):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name} is not answering on {host}:{port} after {timeout:.0f} s")
        time.sleep(0.5)


def _run(command: list[str]) -> None:
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)


def ensure_postgres(host: str = "127.0.0.1", port: int = 5432) -> bool:
    """Start PostgreSQL if it is not answering. Returns whether it had to be started."""
    if port_open(host, port):
        return False
    versions = sorted(path.rsplit("/", 1)[-1] for path in glob.glob("/etc/postgresql/*"))
    if not versions:
        raise RuntimeError("PostgreSQL is not running and not installed (/etc/postgresql is empty)")
    _run(["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"])
    _wait(host, port, "PostgreSQL", 60)
    return True


def ensure_redis(host: str = "127.0.0.1", port: int = 6379) -> bool:
    if port_open(host, port):
        return False
    _run(["redis-server", "--daemonize", "yes", "--bind", host, "--port", str(port), "--save", "", "--appendonly", "no"])
    _wait(host, port, "Redis", 30)
    return True


def ensure_rabbitmq(host: str = "127.0.0.1", port: int = 5672) -> bool:
    if port_open(host, port):
        return False
    _run(["rabbitmq-server", "-detached"])
    _wait(host, port, "RabbitMQ", 120)
    return True


def ensure_database(url: str) -> bool:
    """Create the PostgreSQL database of `url` if missing. Returns whether it was created."""
    if not url.startswith("postgresql"):
        return False
    base, name = url.rsplit("/", 1)
    name = name.split("?", 1)[0]
    admin = make_engine(f"{base}/postgres")
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}).scalar()
            if exists:
                return False
            conn.execute(text(f'CREATE DATABASE "{name}"'))
            return True
    finally:
        admin.dispose()


def drop_database(url: str) -> None:
    """Drop the PostgreSQL database of `url` (tests)."""
    base, name = url.rsplit("/", 1)
    admin = make_engine(f"{base}/postgres")
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def ensure_all(*, database_url: str, redis_url: str, broker_host: str, broker_port: int) -> list[str]:
    """Start whatever is not running; create the database. Returns what was started."""
    started = []
    db = urlsplit(database_url)
    if database_url.startswith("postgresql") and ensure_postgres(db.hostname or "127.0.0.1", db.port or 5432):
        started.append("PostgreSQL")
    red = urlsplit(redis_url)
    if ensure_redis(red.hostname or "127.0.0.1", red.port or 6379):
        started.append("Redis")
    if ensure_rabbitmq(broker_host, broker_port):
        started.append("RabbitMQ")
    if ensure_database(database_url):
        started.append(f"database {database_url.rsplit('/', 1)[1]}")
    return started
