# `make help` lists the targets. CI runs `make test` (see .ci/run).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
export RASA_TELEMETRY_ENABLED := false
export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: help install run run-cluster test test-cluster test-unit test-e2e test-browser test-stories lint validate train eval eval-conversations bench

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

install: ## build the virtualenv (Python 3.10) with every pinned dependency
	@scripts/bootstrap.sh

run: install ## train if needed, start every process, print where to chat (Ctrl-C stops all)
	@APP_ENV=$${APP_ENV:-development} $(PY) -m bot.ops.cli run

run-cluster: install ## the cluster on this machine: PostgreSQL, Redis, RabbitMQ, 2 Rasa + 2 action servers, console, consumer, nginx on :8080
	@scripts/nginx-deps.sh
	@APP_ENV=$${APP_ENV:-development} $(PY) -m bot.ops.cluster run

train: install ## train the model if data/, domain.yml or config.yml changed
	@$(PY) -m bot.ops.cli train

validate: install ## rasa data validate, warnings are errors
	@mkdir -p var; $(VENV)/bin/rasa data validate --fail-on-warnings > var/validate.log 2>&1 || { mkdir -p var; tail -30 var/validate.log; exit 1; }
	@echo "rasa data validate: clean"

lint: install ## ruff over our code
	@$(VENV)/bin/ruff check bot actions tests

test: install lint validate ## everything CI runs: lint, unit, end-to-end, browser, cluster and fault, conversation tests
	@scripts/browser-deps.sh
	@scripts/nginx-deps.sh
	@$(PY) -m bot.ops.cli train
	@$(PY) -m pytest tests -p no:cacheprovider
	@$(MAKE) --no-print-directory test-stories

test-cluster: install ## the several-machines topology on this machine (nginx, Redis, RabbitMQ, PostgreSQL)
	@scripts/nginx-deps.sh
	@$(PY) -m pytest tests/cluster -p no:cacheprovider

test-unit: install ## unit tests only (no servers)
	@$(PY) -m pytest tests/unit -p no:cacheprovider

test-stories: install ## Rasa conversation tests (tests/test_stories.yml)
	@mkdir -p var
	@$(VENV)/bin/rasa test core --stories tests/test_stories.yml --model models/recall-assistant.tar.gz --fail-on-prediction-errors --out var/story-results > var/test-stories.log 2>&1 \
		|| { grep -iE "error|fail|wrong" var/test-stories.log | tail -30; exit 1; }
	@grep -E "Finished evaluating|Correct:|Accuracy" var/test-stories.log | tail -5 || true
	@echo "conversation tests: passed"

eval: install ## NLU figures on the held-out set and the blind set, side by side (trains if needed)
	@$(PY) -m bot.ops.cli eval

eval-conversations: install ## play the blind set's simulated customers against the running stack (`make run` first)
	@$(PY) -m bot.ops.conversation_eval

bench: install ## benchmarks that print figures (tail latency, start-up, memory and training vs Rasa's starter bot; serving; load; 10,000-request fuzz)
	@scripts/nginx-deps.sh
	@$(PY) -m tests.bench.tail_latency --train
	@$(PY) -m tests.bench.run_all
	@$(PY) -m tests.bench.load
	@$(PY) -m tests.fuzz.run --requests 10000
