"""Several servers on one machine: `make run-cluster` (python -m bot.ops.cluster run).

PostgreSQL (tracker store and our tables), Redis (the atomic lock store, shared
rate limits, socket.io fan-out), RabbitMQ (Rasa's events, read by
bot.escalation.consumer), two Rasa servers, two action servers, the console, the
consumer, and nginx in front on one public port. The same topology for other
machines is in deploy/ (compose.yaml, k8s/), described in docs/DEPLOYMENT.md.
"""
