"""deploy/: compose, Kubernetes and nginx files parse, and agree with settings.py and the cluster."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.channels import limits
from bot.core.settings import PROJECT_DIR
from bot.escalation import consumer as events_consumer
from bot.ops.cluster import k8s, nginx, topology
from bot.ops.cluster.topology import ClusterConfig
from bot.ops.rasa_config import VAR_RE, render
from bot.rasa_ext import model_thread, turn_queue

DEPLOY = PROJECT_DIR / "deploy"
COMPOSE = DEPLOY / "compose.yaml"
K8S = DEPLOY / "k8s"
APP_SERVICES = ("actions-1", "actions-2", "rasa-1", "rasa-2", "console", "consumer")
# Variables of the third-party images and of the runtime, not of our code.
IMAGE_VARS = {"POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB", "RABBITMQ_DEFAULT_USER", "RABBITMQ_DEFAULT_PASS"}
RUNTIME_VARS = {"RASA_TELEMETRY_ENABLED", "CONSOLE_HOST", "SANIC_HOST", "LOG_LEVEL"}


def known_variables() -> set[str]:
    """Every variable our code reads: settings.py, the modules that declare ENV_VARS, Rasa's YAML."""
    settings_source = (PROJECT_DIR / "bot" / "core" / "settings.py").read_text()
    names = set(re.findall(r"""env(?:iron)?\.get\(\s*["']([A-Z_][A-Z0-9_]*)["']""", settings_source))
    names |= set(re.findall(r"""environ\.get\(\s*["']([A-Z_][A-Z0-9_]*)["']""", settings_source))
    names |= set(limits.ENV_VARS) | set(events_consumer.ENV_VARS) | set(topology.ENV_VARS) | set(turn_queue.ENV_VARS) | set(model_thread.ENV_VARS)
    for template in ("endpoints.yml", "credentials.yml"):
        names |= set(VAR_RE.findall((PROJECT_DIR / template).read_text()))
    return names | RUNTIME_VARS


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def _compose_env(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {str(k): str(v) for k, v in env.items()}


def test_compose_has_the_cluster_topology(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(APP_SERVICES) | {"postgres", "redis", "rabbitmq", "nginx"} <= set(services)
    config = ClusterConfig()
    assert services["nginx"]["ports"] == [f"${{PUBLIC_PORT:-{config.public_port}}}:{config.public_port}"]
    published = [name for name, body in services.items() if body.get("ports")]
    assert published == ["nginx"]  # one public port, nothing else
    for name in APP_SERVICES:
        assert services[name]["image"] == "recall-assistant:latest"


def test_compose_variables_are_the_ones_our_code_reads(compose: dict[str, Any]) -> None:
    known = known_variables() | IMAGE_VARS
    for name, service in compose["services"].items():
        unknown = set(_compose_env(service)) - known
        assert not unknown, f"{name}: variables nothing reads: {sorted(unknown)}"


def test_compose_keeps_every_rasa_section_and_no_secret_inline(compose: dict[str, Any]) -> None:
    env = _compose_env(compose["services"]["rasa-1"])
    filled = {k: v or "x" for k, v in env.items()}
    endpoints = render(yaml.safe_load((PROJECT_DIR / "endpoints.yml").read_text()), filled)
    assert {"action_endpoint", "tracker_store", "lock_store", "event_broker"} <= set(endpoints)
    assert endpoints["lock_store"]["type"] == "bot.rasa_ext.lock_store.AtomicRedisLockStore"
    assert env["EVENT_BROKER_QUEUE"] == events_consumer.QUEUE == topology.DEFAULT_QUEUE
    assert env["EVENT_BROKER_EXCHANGE"] == events_consumer.EXCHANGE
    for secret in ("RASA_API_TOKEN", "CONSOLE_API_TOKEN", "SECRET_KEY"):
        assert env[secret].startswith(f"${{{secret}:?"), f"{secret} must come from the environment"
    assert "${POSTGRES_PASSWORD:?" in env["DATABASE_URL"] and "${RABBITMQ_PASSWORD:?" in env["EVENT_BROKER_PASSWORD"]


def test_compose_ports_match_the_cluster(compose: dict[str, Any]) -> None:
    services = compose["services"]
    config = ClusterConfig()
    env = _compose_env(services["rasa-1"])
    assert env["ACTION_SERVER_URL"] == f"http://nginx:{config.actions_lb_port}/webhook"
    assert services["rasa-1"]["expose"] == [str(config.rasa_ports[0])]
    assert services["actions-1"]["expose"] == [str(config.action_ports[0])]
    assert _compose_env(services["console"])["CONSOLE_PORT"] == str(config.console_port)
    assert _compose_env(services["consumer"])["EVENTS_CONSUMER_PORT"] == str(config.consumer_port)
    assert "--port 5005" in " ".join(services["rasa-1"]["command"])


def test_compose_nginx_config_is_the_rendered_template() -> None:
    assert (DEPLOY / "nginx" / "compose.conf").read_text() == nginx.render(nginx.COMPOSE_LAYOUT)
    compose_conf = (DEPLOY / "nginx" / "compose.conf").read_text()
    for upstream in ("rasa-1:5005", "rasa-2:5005", "actions-1:5055", "actions-2:5055", "console:8000"):
        assert f"server {upstream} " in compose_conf
    assert "hash $remote_addr consistent" in compose_conf


def k8s_objects() -> list[tuple[str, dict[str, Any]]]:
    objects = []
    for path in sorted(K8S.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            if document:
                objects.append((path.name, document))
    return objects


def test_k8s_objects_are_well_formed() -> None:
    objects = k8s_objects()
    assert objects
    for name, obj in objects:
        assert {"apiVersion", "kind", "metadata"} <= set(obj), name
        assert obj["metadata"].get("name"), name
        if obj["kind"] in ("ConfigMap", "Secret"):
            assert obj["kind"] == "ConfigMap", f"{name}: no Secret objects in the repository"
            assert "data" in obj
        else:
            assert "spec" in obj, name


def test_k8s_selectors_match_labels() -> None:
    objects = k8s_objects()
    pod_labels = []
    for name, obj in objects:
        if obj["kind"] == "Deployment":
            selector = obj["spec"]["selector"]["matchLabels"]
            labels = obj["spec"]["template"]["metadata"]["labels"]
            assert selector.items() <= labels.items(), name
            pod_labels.append(labels)
    for name, obj in objects:
        if obj["kind"] == "Service":
            selector = obj["spec"]["selector"]
            assert any(selector.items() <= labels.items() for labels in pod_labels), f"{name}: {selector}"


def test_k8s_secrets_are_references_and_config_is_known() -> None:
    objects = k8s_objects()
    known = known_variables()
    config = next(obj for _, obj in objects if obj["kind"] == "ConfigMap" and obj["metadata"]["name"] == "recall-config")
    assert set(config["data"]) <= known
    for secret in ("RASA_API_TOKEN", "CONSOLE_API_TOKEN", "SECRET_KEY", "DATABASE_URL", "EVENT_BROKER_PASSWORD"):
        assert secret not in config["data"]
    for name, obj in objects:
        if obj["kind"] != "Deployment":
            continue
        for container in obj["spec"]["template"]["spec"]["containers"]:
            for entry in container.get("env", []):
                assert entry["name"] in known, f"{name}: {entry['name']}"
                if entry["name"] in k8s.SECRET_KEYS:
                    assert entry["valueFrom"]["secretKeyRef"]["name"] == k8s.SECRET
            if container["image"] == k8s.IMAGE:
                ports = {p["containerPort"] for p in container["ports"]}
                assert ports <= {5005, 5055, 8000, 5056}


def test_k8s_files_are_current() -> None:
    for name, (header, objects) in k8s.files().items():
        assert (K8S / name).read_text() == k8s.render(header, objects), f"run python -m bot.ops.cluster.k8s --write ({name})"
    assert (K8S / "nginx-config.yaml").read_text() == nginx.k8s_configmap(nginx.render(nginx.K8S_LAYOUT))


def test_k8s_services_cover_the_nginx_upstreams() -> None:
    services = {obj["metadata"]["name"]: obj for _, obj in k8s_objects() if obj["kind"] == "Service"}
    for address in [*nginx.K8S_LAYOUT.rasa_servers, *nginx.K8S_LAYOUT.action_servers, *nginx.K8S_LAYOUT.console_servers]:
        host, port = address.split(":")
        assert int(port) in {p["port"] for p in services[host]["spec"]["ports"]}, address


def _nginx_test(conf: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    binary = nginx.nginx_binary()
    assert binary
    path = tmp_path / "nginx.conf"
    path.write_text(conf)
    return subprocess.run(
        [binary, "-t", "-p", str(tmp_path), "-c", str(path), "-e", str(tmp_path / "error.log")],
        capture_output=True, text=True, timeout=30,
    )


@pytest.mark.skipif(nginx.nginx_binary() is None and not shutil.which("nginx"), reason="nginx not installed")
def test_nginx_accepts_the_rendered_configs(tmp_path: Path) -> None:
    layout = nginx.one_machine_layout(
        var_dir=tmp_path, public_port=18080, actions_lb_port=18054, rasa_api_port=18053, rasa_ports=(15005, 15006),
        action_ports=(15055, 15057), console_port=18000,
    )
    (tmp_path / "tmp").mkdir()
    result = _nginx_test(nginx.render(layout), tmp_path)
    assert result.returncode == 0, result.stderr
    # The container renderings, with the service names resolved to loopback.
    for conf in ((DEPLOY / "nginx" / "compose.conf").read_text(), nginx.render(nginx.K8S_LAYOUT)):
        local = re.sub(r"server [a-z0-9-]+:(\d+)", r"server 127.0.0.1:\1", conf)
        container_pid = "/tmp/nginx.pid"  # noqa: S108 - the container path being replaced
        local = local.replace(container_pid, str(tmp_path / "n.pid")).replace("_temp_path /tmp", f"_temp_path {tmp_path}")
        result = _nginx_test(local, tmp_path)
        assert result.returncode == 0, result.stderr


def _servers(conf: str) -> dict[str, str]:
    """Each `server { ... }` block of a rendered config, by what it listens on."""
    blocks, depth, start, listen = {}, 0, None, None
    for match in re.finditer(r"server \{|\{|\}|listen ([^;]+);", conf):
        token = match.group(0)
        if token == "server {":
            start, depth, listen = match.start(), 1, None
        elif start is None:
            continue
        elif token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0:
                blocks[listen or "?"] = conf[start : match.end()]
                start = None
        elif depth == 1:
            listen = match.group(1)
    return blocks


@pytest.mark.parametrize("layout", [nginx.COMPOSE_LAYOUT, nginx.K8S_LAYOUT], ids=["compose", "k8s"])
def test_the_rasa_http_api_is_not_public_and_logs_carry_no_query_strings(layout: nginx.NginxLayout) -> None:
    """Issue 14: the console's token travels as ?token=, so neither the public port nor a log may see it."""
    conf = nginx.render(layout)
    servers = _servers(conf)
    public, internal = servers[layout.listen], servers[layout.rasa_api_listen]
    assert "proxy_pass http://rasa;" in internal and "conversations" in internal
    api = re.search(r"location ~ \^/\(conversations[^{]*\{([^}]*)\}", public)
    assert api and "return 404" in api.group(1) and "proxy_pass" not in api.group(1)
    assert "location /socket.io/" in public and "location /webhooks/" in public
    log_format = re.search(r"log_format recall ([^;]+);", conf).group(1)
    assert "$uri" in log_format and not re.search(r"\$(request|request_uri|args|query_string)\b", log_format)
    assert re.search(r"access_log \S+ recall;", conf)


def test_the_console_reaches_rasa_on_the_internal_port(compose: dict[str, Any]) -> None:
    config = ClusterConfig()
    assert _compose_env(compose["services"]["console"])["RASA_URL"] == "http://nginx:5053"
    assert "5053" not in " ".join(compose["services"]["nginx"].get("ports", []))
    from bot.ops.cluster.topology import cluster_environment

    assert cluster_environment(config, {})["RASA_URL"] == f"http://127.0.0.1:{config.rasa_api_lb_port}"
