"""call-next → ``ticket_called`` at every board, with 20 boards and 50 operator
consoles connected to a real eventlet server (DESIGN.md §5: p99 ≤ 50 ms).

Boards run in 4 listener processes (5 minimal WebSocket clients each) so that client
work does not share one GIL with the caller; each listener reports the wall
time at which every board heard every call.
"""
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _setup import ROOT, LiveServer, machine, server_rss_mb, summary_ms

BOARDS = 20
LISTENER_PROCESSES = 4
OPERATOR_SOCKETS = 50
CALLS = 200

LISTENER = r'''
# A minimal Socket.IO board: one raw WebSocket per board (Engine.IO v4 frames),
# stamping the wall time as soon as a frame arrives, before any parsing.
import json, sys, threading, time
import websocket
url, count = sys.argv[1], int(sys.argv[2])
ws_url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
ready = threading.Semaphore(0)
out_lock = threading.Lock()
def board(index):
    ws = websocket.create_connection(ws_url, timeout=30)
    ws.recv()                                   # "0{...}" engine.io open
    ws.send('40{"token": "demo-board-1"}')      # socket.io connect with auth
    while True:
        frame = ws.recv()
        at = time.time()
        if frame == "2":
            ws.send("3")                        # pong
        elif frame.startswith('42["snapshot"'):
            ready.release()
        elif frame.startswith('42["ticket_called"'):
            ticket_id = json.loads(frame[2:])[1]["ticket_id"]
            with out_lock:
                sys.stdout.write(json.dumps([index, ticket_id, at]) + "\n")
                sys.stdout.flush()
for index in range(count):
    threading.Thread(target=board, args=(index,), daemon=True).start()
for _ in range(count):
    ready.acquire()
sys.stdout.write("READY\n"); sys.stdout.flush()
sys.stdin.readline()
'''


def start_listeners(url):
    processes = []
    for _ in range(LISTENER_PROCESSES):
        process = subprocess.Popen([sys.executable, "-c", LISTENER, url, str(BOARDS // LISTENER_PROCESSES)],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert process.stdout.readline().strip() == "READY"
        processes.append(process)
    return processes


OPERATORS = r'''
# Operator consoles as minimal WebSocket clients that only drain what they hear.
import sys, threading, websocket
url, cookies = sys.argv[1], sys.argv[2:]
ws_url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
ready = threading.Semaphore(0)
def console(cookie):
    ws = websocket.create_connection(ws_url, header=["Cookie: " + cookie], timeout=30)
    ws.recv()
    ws.send("40")
    while True:
        frame = ws.recv()
        if frame == "2":
            ws.send("3")
        elif frame.startswith('42["snapshot"'):
            ready.release()
for cookie in cookies:
    threading.Thread(target=console, args=(cookie,), daemon=True).start()
for _ in cookies:
    ready.acquire()
sys.stdout.write("READY\n"); sys.stdout.flush()
sys.stdin.readline()
'''


def connect_operator_sockets(server):
    """50 logged-in operator consoles (sessions of op1…op5) in a helper process."""
    cookies = []
    for index in range(OPERATOR_SOCKETS):
        http = server.session(login=f"op{index % 5 + 1}", password="demo")
        cookies.append("; ".join(f"{k}={v}" for k, v in http.cookies.items()))
    process = subprocess.Popen([sys.executable, "-c", OPERATORS, server.url, *cookies],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "READY"
    return process


def main():
    with tempfile.TemporaryDirectory() as tmp:
        server = LiveServer(Path(tmp)).start()
        try:
            run(server)
        finally:
            server.stop()


def run(server):
    url = server.url
    kiosk = server.session(token="demo-kiosk-1")
    for _ in range(CALLS):
        kiosk.post(f"{url}/api/v1/offices/1/tickets", json={"service_id": 1}).raise_for_status()
    operator_sockets = connect_operator_sockets(server)
    listeners = start_listeners(url)
    received: dict[int, list[float]] = {}
    lock = threading.Lock()

    def collect(process):
        for line in process.stdout:
            _, ticket_id, at = json.loads(line)
            with lock:
                received.setdefault(ticket_id, []).append(at)

    readers = [threading.Thread(target=collect, args=(p,), daemon=True) for p in listeners]
    for reader in readers:
        reader.start()
    operators = {}
    for number in (1, 2):
        http = server.session(login=f"op{number}", password="demo")
        http.post(f"{url}/api/v1/windows/{number}/open").raise_for_status()
        operators[number] = http
    sent_at = {}
    for index in range(CALLS):
        number = index % 2 + 1
        http = operators[number]
        started = time.time()
        response = http.post(f"{url}/api/v1/windows/{number}/call-next")
        response.raise_for_status()
        ticket = response.json()
        sent_at[ticket["id"]] = started
        http.post(f"{url}/api/v1/tickets/{ticket['id']}/no-show").raise_for_status()
        time.sleep(0.02)  # calls arrive at human pace, not back to back
    deadline = time.time() + 10
    while time.time() < deadline:
        with lock:
            if sum(len(v) for v in received.values()) >= CALLS * BOARDS:
                break
        time.sleep(0.05)
    latencies = [at - sent_at[ticket_id] for ticket_id, times in received.items() for at in times]
    missing = CALLS * BOARDS - len(latencies)
    rss = server_rss_mb(server.process.pid)
    for process in listeners:
        process.stdin.write("\n")
        process.stdin.flush()
    operator_sockets.stdin.write("\n")
    operator_sockets.stdin.flush()
    print(f"machine: {machine()}")
    print(f"call-next → ticket_called at {BOARDS} boards, {OPERATOR_SOCKETS} operator sockets, "
          f"{CALLS} calls: {summary_ms(latencies)}; deliveries missing: {missing}")
    print(f"server RSS after the run: {rss:.1f} MB")


if __name__ == "__main__":
    main()
