# Two commands on a fresh machine: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 5000
export QUEUE_DB ?= var/queue.sqlite3

.PHONY: run test venv bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

run: venv
	$(PY) -m queue_server init --demo
	@$(PY) -m queue_server.demo_banner --host $(HOST) --port $(PORT)
	@bash deploy/run-demo.sh $(HOST) $(PORT)

test: venv
	$(PY) -m pytest

bench: venv
	$(PY) bench/call_latency.py
	$(PY) bench/issue_rate.py
	$(PY) bench/call_next_cost.py
	$(PY) bench/board_frame.py

clean:
	rm -rf $(VENV) var .pytest_cache
