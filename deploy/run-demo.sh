#!/usr/bin/env bash
# `make run`: the server in the foreground and, on the same machine, a print
# agent for the demo kiosk that writes each receipt as .bin + .png (preview).
set -u
HOST=${1:-127.0.0.1}
PORT=${2:-5000}
PY=.venv/bin/python
mkdir -p var/print-preview
# Give the server a moment to listen, so the agent's first attempt succeeds.
(sleep 2; exec $PY -m printer agent --server "http://$HOST:$PORT" --token demo-kiosk-1 \
    --printer "preview://var/print-preview" --state-dir var/print-agent) &
AGENT=$!
trap 'kill $AGENT 2>/dev/null' EXIT INT TERM
$PY -m queue_server serve --host "$HOST" --port "$PORT"
