# Vastine: `make run` and `make test` install what is missing, then do their job.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := chromium libvoikko1 voikko-fi sqlite3 postgresql fonts-dejavu-core
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install system-packages build lint format bench clean

run: install
	$(BIN)/flask --app comments run-site --host $(HOST) --port $(PORT)

test: install lint
	$(BIN)/pytest

install: system-packages $(VENV)/.installed

# Debian packages: Chromium for the browser tests, Voikko for Finnish morphology.
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Asennetaan Debian-paketit:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

build: install
	$(BIN)/flask --app comments build

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python bench/civility.py
	$(BIN)/python bench/publish.py
	$(BIN)/python bench/submit.py
	$(BIN)/python bench/moderation_queue.py
	$(BIN)/python bench/outbox.py
	$(BIN)/python bench/import.py

clean:
	rm -rf output cache .pytest_cache
