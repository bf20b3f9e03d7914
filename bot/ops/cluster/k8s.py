"""Generates deploy/k8s/{rasa,actions,console,consumer,nginx}.yaml (same secret references everywhere).

    python -m bot.ops.cluster.k8s --write     (tests/unit/ops/test_deploy_files.py checks they are current)
"""

from __future__ import annotations

import argparse
from typing import Any

import yaml

from bot.core.settings import PROJECT_DIR

K8S_DIR = PROJECT_DIR / "deploy" / "k8s"
SECRET = "recall-secrets"  # noqa: S105 - the Secret's name, not a secret
SECRET_KEYS = ("RASA_API_TOKEN", "CONSOLE_API_TOKEN", "SECRET_KEY", "DATABASE_URL", "EVENT_BROKER_PASSWORD")
IMAGE = "recall-assistant:latest"
PART_OF = {"app.kubernetes.io/part-of": "recall-assistant"}
RASA_COMMAND = [
    "sh",
    "-c",
    'python -m bot.ops.cluster.render --out /tmp/rasa && exec rasa run --enable-api --auth-token "$RASA_API_TOKEN"'
    " --port 5005 --model models/recall-assistant.tar.gz --endpoints /tmp/rasa/endpoints.yml"
    ' --credentials /tmp/rasa/credentials.yml --cors "*"',
]


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _labels(name: str, component: str) -> dict[str, str]:
    return {"app.kubernetes.io/name": name, "app.kubernetes.io/component": component, **PART_OF}


def deployment(
    name: str, component: str, command: list[str], port: int, probe: str, *,
    replicas: int = 1, env: list[dict[str, Any]] | None = None, memory: str = "512Mi", start: int = 20,
) -> dict[str, Any]:
    secrets = [{"name": key, "valueFrom": {"secretKeyRef": {"name": SECRET, "key": key}}} for key in SECRET_KEYS]
    container = {
        "name": component,
        "image": IMAGE,
        "command": command,
        "envFrom": [{"configMapRef": {"name": "recall-config"}}],
        "env": secrets + (env or []),
        "ports": [{"name": "http", "containerPort": port}],
        "readinessProbe": {"httpGet": {"path": probe, "port": port}, "initialDelaySeconds": start, "periodSeconds": 10},
        "livenessProbe": {"httpGet": {"path": probe, "port": port}, "initialDelaySeconds": start + 60, "periodSeconds": 20},
        "resources": {"requests": {"cpu": "250m", "memory": memory}, "limits": {"memory": memory}},
    }
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "labels": _labels(name, component)},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
            "template": {"metadata": {"labels": _labels(name, component)}, "spec": {"containers": [container]}},
        },
    }


def service(name: str, ports: dict[str, int], kind: str = "ClusterIP") -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "labels": dict(PART_OF)},
        "spec": {
            "type": kind,
            "selector": {"app.kubernetes.io/name": name},
            "ports": [{"name": n, "port": p, "targetPort": p} for n, p in ports.items()],
        },
    }


def files() -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """File name -> (header comment, objects)."""
    rasa: list[dict[str, Any]] = []
    for number in (1, 2):
        name = f"rasa-{number}"
        # Rasa's /status needs the token; the REST channel's health route does not.
        rasa += [
            deployment(name, "rasa", RASA_COMMAND, 5005, "/webhooks/rest/", memory="1536Mi", start=60),
            service(name, {"http": 5005}),
        ]
    listen_all = {"name": "CONSOLE_HOST", "value": "0.0.0.0"}  # noqa: S104 - inside the pod network
    nginx_labels = _labels("nginx", "nginx")
    nginx = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "nginx", "labels": nginx_labels},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app.kubernetes.io/name": "nginx"}},
            "template": {
                "metadata": {"labels": _labels("nginx", "nginx")},
                "spec": {
                    "containers": [
                        {
                            "name": "nginx",
                            "image": "nginx:1.25",
                            "ports": [
                                {"name": "http", "containerPort": 8080},
                                {"name": "actions", "containerPort": 5054},
                                {"name": "rasa-api", "containerPort": 5053},
                            ],
                            "volumeMounts": [
                                {"name": "config", "mountPath": "/etc/nginx/nginx.conf", "subPath": "nginx.conf", "readOnly": True}
                            ],
                            "readinessProbe": {"httpGet": {"path": "/nginx-health", "port": 8080}, "periodSeconds": 5},
                        }
                    ],
                    "volumes": [{"name": "config", "configMap": {"name": "nginx-config"}}],
                },
            },
        },
    }
    public = service("nginx", {"http": 8080}, kind="LoadBalancer")
    public["spec"]["externalTrafficPolicy"] = "Local"  # keeps the customer's address for the hash
    internal = service("nginx-actions", {"actions": 5054})
    internal["spec"]["selector"] = {"app.kubernetes.io/name": "nginx"}
    rasa_api = service("nginx-rasa-api", {"rasa-api": 5053})  # the console's RASA_URL, never public
    rasa_api["spec"]["selector"] = {"app.kubernetes.io/name": "nginx"}
    return {
        "rasa.yaml": (
            "Two Rasa servers, one Service each: nginx's consistent hash needs one upstream per\n"
            "server (the topology of `make run-cluster`). Add rasa-3 here and in the nginx template.",
            rasa,
        ),
        "actions.yaml": (
            "Action servers: stateless, any replica serves any conversation (through nginx-actions).",
            [deployment("actions", "actions", ["python", "-m", "rasa_sdk", "--actions", "actions", "--port", "5055"],
                        5055, "/health", replicas=2), service("actions", {"http": 5055})],
        ),
        "console.yaml": (
            "The console (chat page, agents, review) and its safety-net loop: one replica.",
            [deployment("console", "console", ["python", "-m", "bot.web"], 8000, "/api/health",
                        env=[{"name": "CONSOLE_PORT", "value": "8000"}, listen_all]), service("console", {"http": 8000})],
        ),
        "consumer.yaml": (
            "Reads Rasa's events from RabbitMQ (durable queue recall_events): alerts, review summaries.",
            [deployment("consumer", "consumer", ["python", "-m", "bot.escalation.consumer"], 5056, "/health",
                        env=[{"name": "EVENTS_CONSUMER_PORT", "value": "5056"},
                             {"name": "EVENTS_CONSUMER_HOST", "value": "0.0.0.0"}])],  # noqa: S104
        ),
        "nginx.yaml": (
            "nginx: the one public port (8080, LoadBalancer) and, cluster-internal, the action\n"
            "servers' balancer (5054, ACTION_SERVER_URL) and the Rasa HTTP API for the console\n"
            "(5053, RASA_URL). Its config is nginx-config.yaml (generated).",
            [nginx, public, internal, rasa_api],
        ),
    }


def render(header: str, objects: list[dict[str, Any]]) -> str:
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    generated = "# Generated by `python -m bot.ops.cluster.k8s --write`; edit bot/ops/cluster/k8s.py.\n"
    return comment + generated + yaml.dump_all(objects, Dumper=_Dumper, sort_keys=False, width=200)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.ops.cluster.k8s")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    for name, (header, objects) in files().items():
        text = render(header, objects)
        if args.write:
            (K8S_DIR / name).write_text(text)
        else:
            print(f"--- {name}\n{text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
