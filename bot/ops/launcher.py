"""Starts the action server, the Rasa server and the console, and waits until they answer.

Used by `make run` (through the CLI) and by the end-to-end tests, so both run the
same processes the same way.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.settings import PROJECT_DIR, Settings
from bot.ops.model_build import MODEL_PATH, rasa_env
from bot.ops.rasa_config import render_file

BIN = Path(sys.executable).parent


def _port_taken(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Service:
    """One child process, its log file and the URL that says it is ready."""

    name: str
    command: list[str]
    ready_url: str
    log_path: Path
    env: dict[str, str]
    process: subprocess.Popen | None = None

    def start(self) -> None:
        port = urllib.parse.urlsplit(self.ready_url).port
        if port and _port_taken(port):
            raise RuntimeError(f"{self.name}: port {port} is already in use (another copy running?)")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.command,
            cwd=PROJECT_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def is_ready(self) -> bool:
        try:
            with urllib.request.urlopen(self.ready_url, timeout=2) as response:  # noqa: S310
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 15) -> None:
        if not self.running():
            return
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def kill(self) -> None:
        if self.running():
            assert self.process is not None
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


@dataclass
class Stack:
    """The three processes of one installation."""

    settings: Settings
    services: dict[str, Service] = field(default_factory=dict)

    def start(self, names: tuple[str, ...] = ("actions", "rasa", "console"), timeout: float = 300) -> None:
        for name in names:
            self.services[name].start()
        self.wait_ready(names, timeout)

    def wait_ready(self, names: tuple[str, ...], timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        pending = list(names)
        while pending:
            for name in list(pending):
                service = self.services[name]
                if not service.running():
                    raise RuntimeError(f"{name} exited; see {service.log_path}")
                if service.is_ready():
                    pending.remove(name)
            if pending and time.monotonic() > deadline:
                raise TimeoutError(f"not ready after {timeout:.0f} s: {', '.join(pending)}")
            if pending:
                time.sleep(0.5)

    def stop(self) -> None:
        for service in reversed(list(self.services.values())):
            service.stop()


def child_environment(settings: Settings, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """What every child process sees: the settings as variables, one source of truth."""
    env = rasa_env()
    env.update(
        {
            "APP_ENV": settings.app_env,
            "DATABASE_URL": settings.database_url,
            "ACTION_SERVER_URL": settings.action_server_url,
            "RASA_URL": settings.rasa_url,
            "RASA_PUBLIC_URL": settings.rasa_public_url,
            "RASA_PORT": str(settings.rasa_port),
            "ACTION_PORT": str(settings.action_port),
            "CONSOLE_PORT": str(settings.console_port),
            "CONSOLE_URL": settings.console_url,
            "RASA_API_TOKEN": settings.rasa_api_token,
            "CONSOLE_API_TOKEN": settings.console_api_token,
            "SECRET_KEY": settings.secret_key,
            "PYTHONUNBUFFERED": "1",
            # The action server (Rasa SDK's Sanic) binds to this machine only unless told otherwise.
            "SANIC_HOST": os.environ.get("SANIC_HOST", "127.0.0.1"),
        }
    )
    env.update(extra or {})
    return env


def build_stack(
    settings: Settings,
    *,
    var_dir: Path,
    model_path: Path = MODEL_PATH,
    extra_env: Mapping[str, str] | None = None,
) -> Stack:
    """Render Rasa's configuration for these settings and describe the three processes."""
    env = child_environment(settings, extra_env)
    logs = var_dir / "logs"
    endpoints = var_dir / "endpoints.yml"
    credentials = var_dir / "credentials.yml"
    render_file(PROJECT_DIR / "endpoints.yml", endpoints, env)
    render_file(PROJECT_DIR / "credentials.yml", credentials, env)
    stack = Stack(settings)
    stack.services["actions"] = Service(
        "actions",
        [str(BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(settings.action_port)],
        f"http://127.0.0.1:{settings.action_port}/health",
        logs / "actions.log",
        env,
    )
    stack.services["rasa"] = Service(
        "rasa",
        [
            str(BIN / "rasa"),
            "run",
            "--enable-api",
            "--auth-token",
            settings.rasa_api_token,
            "--port",
            str(settings.rasa_port),
            "--model",
            str(model_path),
            "--endpoints",
            str(endpoints),
            "--credentials",
            str(credentials),
            "--cors",
            "*",
            "--interface",
            os.environ.get("RASA_HOST", "127.0.0.1"),  # this machine only, unless told otherwise
        ],
        f"http://127.0.0.1:{settings.rasa_port}/status?token={settings.rasa_api_token}",
        logs / "rasa.log",
        env,
    )
    stack.services["console"] = Service(
        "console",
        [str(BIN / "python"), "-m", "bot.web"],
        f"http://127.0.0.1:{settings.console_port}/api/health",
        logs / "console.log",
        env,
    )
    return stack
