"""Open redirect after sign-in: only a path on this site is followed (issue 14, item 3)."""

from __future__ import annotations

import pytest

from bot.web.auth import safe_next

BYPASSES = [
    "/\t/evil.example",  # yarl and browsers drop the tab: //evil.example
    "/\n/evil.example",
    "/\r\n/evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "evil.example",
    "/%2f/evil.example",
    "/%5cevil.example",
    "/%09/evil.example",
    " /agent",
    "/ /evil.example",
    "/\x00/evil.example",
    "",
    None,
]


@pytest.mark.parametrize("target", BYPASSES)
def test_known_bypasses_go_to_the_console(target):
    assert safe_next(target) == "/agent"


@pytest.mark.parametrize("target", ["/review", "/agent/handoffs/12", "/review?status=open&tag=fire", "/review#flags"])
def test_paths_on_this_site_are_kept(target):
    assert safe_next(target) == target
