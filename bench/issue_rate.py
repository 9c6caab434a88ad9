"""Ticket issuance from 8 kiosks at once against a real eventlet server
(DESIGN.md §5: ≥ 500 tickets/s sustained, no duplicate labels).

Each kiosk is its own process with a keep-alive HTTP session, issuing for a
fixed time; labels are checked for uniqueness and gaps afterwards.
"""
import http.client
import json
import multiprocessing
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from _setup import LiveServer, machine, process_cpu_seconds, server_rss_mb, summary_ms

KIOSKS = 8
SECONDS = 10
SERVICES = [1, 2, 3, 7]


def kiosk(url, index, start_at, queue):
    """One kiosk: a keep-alive connection (stdlib http.client, so that the load
    generator spends little of the 2 cores the server also needs)."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port))
    headers = {"Authorization": "Bearer demo-kiosk-1", "Content-Type": "application/json"}
    while time.time() < start_at:
        time.sleep(0.001)
    labels, latencies = [], []
    n = 0
    while time.time() < start_at + SECONDS:
        body = json.dumps({"service_id": SERVICES[(index + n) % len(SERVICES)]})
        started = time.perf_counter()
        connection.request("POST", "/api/v1/offices/1/tickets", body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        latencies.append(time.perf_counter() - started)
        if response.status != 201:
            raise RuntimeError(f"{response.status}: {payload[:200]!r}")
        labels.append(json.loads(payload)["label"])
        n += 1
    queue.put((labels, latencies))


def main(print_mode: str = "with print jobs"):
    with tempfile.TemporaryDirectory() as tmp:
        server = LiveServer(Path(tmp)).start()
        try:
            cpu_before = process_cpu_seconds(server.process.pid)
            queue = multiprocessing.Queue()
            start_at = time.time() + 1.0
            workers = [multiprocessing.Process(target=kiosk, args=(server.url, i, start_at, queue))
                       for i in range(KIOSKS)]
            for worker in workers:
                worker.start()
            results = [queue.get() for _ in workers]
            for worker in workers:
                worker.join()
            cpu_used = process_cpu_seconds(server.process.pid) - cpu_before
            labels = [label for batch, _ in results for label in batch]
            latencies = [value for _, batch in results for value in batch]
            by_letter = defaultdict(list)
            for label in labels:
                by_letter[label[0]].append(int(label[1:]))
            gapless = all(sorted(v) == list(range(1, len(v) + 1)) for v in by_letter.values())
            print(f"machine: {machine()}")
            print(f"{KIOSKS} kiosks for {SECONDS} s: {len(labels)} tickets, "
                  f"{len(labels) / SECONDS:.0f} tickets/s; duplicates: {len(labels) - len(set(labels))}; "
                  f"gapless per letter: {gapless}")
            print(f"server CPU per ticket: {cpu_used / len(labels) * 1000:.2f} ms "
                  f"(server busy {cpu_used / SECONDS:.0%} of one core)")
            print(f"request latency: {summary_ms(latencies)}")
            print(f"server RSS: {server_rss_mb(server.process.pid):.1f} MB")
        finally:
            server.stop()


if __name__ == "__main__":
    main(*sys.argv[1:])
