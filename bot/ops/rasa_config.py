"""Renders Rasa's endpoints.yml and credentials.yml from the environment.

Rasa fails on a `${VAR}` that is not set. We fill the variables we have and leave
out every top-level section that uses one we don't, so a channel or a service is
switched on just by setting its variables.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

VAR_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _variables(node: Any) -> set[str]:
    if isinstance(node, str):
        return set(VAR_RE.findall(node))
    if isinstance(node, Mapping):
        return set().union(*(_variables(v) for v in node.values())) if node else set()
    if isinstance(node, list):
        return set().union(*(_variables(v) for v in node)) if node else set()
    return set()


def _fill(node: Any, environ: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        return VAR_RE.sub(lambda m: environ[m.group(1)], node)
    if isinstance(node, Mapping):
        return {k: _fill(v, environ) for k, v in node.items()}
    if isinstance(node, list):
        return [_fill(v, environ) for v in node]
    return node


def render(template: Mapping[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    """Fill `${VAR}`s; drop the top-level sections with any variable unset or empty."""
    rendered: dict[str, Any] = {}
    for section, body in template.items():
        if all(environ.get(name) for name in _variables(body)):
            rendered[section] = _fill(body, environ)
    return rendered


def render_file(template_path: Path, output_path: Path, environ: Mapping[str, str]) -> dict[str, Any]:
    template = yaml.safe_load(template_path.read_text()) or {}
    rendered = render(template, environ)
    output_path.parent.mkdir(parents=True, exist_ok=True)
    output_path.write_text(yaml.safe_dump(rendered, sort_keys=False))
    return rendered
