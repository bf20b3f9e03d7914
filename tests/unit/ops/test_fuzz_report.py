"""The fuzzer's verdicts can fail: a 5xx, a dropped connection, an unsigned webhook call accepted."""

from __future__ import annotations

from tests.fuzz.run import Report


def test_an_accepted_unsigned_webhook_call_is_a_failure() -> None:
    report = Report()
    report.record("telegram", 403, unsigned=True)
    report.record("slack", 404, unsigned=True)
    report.record("rest", 200)
    assert report.failures == []
    report.record("twilio", 200, "ok", unsigned=True)
    report.record("rest", 502, "bad gateway")
    report.record("transport", "ServerDisconnectedError")
    assert [failure.split()[0] for failure in report.failures] == ["twilio", "rest", "transport"]
    assert "unsigned webhook call was accepted" in report.failures[0]
