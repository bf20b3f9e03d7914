"""Handing conversations to people: one escalation service, handoffs, alerts, the reconciler and the events consumer. Plain Python."""
