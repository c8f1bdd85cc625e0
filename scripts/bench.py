"""Drives the release binary and prints the README's performance table.

Each HTTP figure is the median of several wrk runs (64 connections, 2 threads) on loopback.
Started by scripts/bench, which builds the binaries first.
"""

import argparse
import json
import os
import threading
import re
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request

BIN = "target/release/staffroom"
STORAGE_BENCH = "target/release/examples/storage_bench"

# (label, path, signed in?): later issues append their endpoints here.
ENDPOINTS = [
    ("GET /api/v1/health", "/api/v1/health", False),
    ("GET /api/v1/health/services", "/api/v1/health/services", True),
    ("GET /api/v1/auth/me", "/api/v1/auth/me", True),
    ("GET /api/v1/users (200 users, page of 20)", "/api/v1/users", True),
    ("GET /api/v1/users?search=staff01", "/api/v1/users?search=staff01", True),
    ("GET /api/v1/org-settings", "/api/v1/org-settings", True),
    ("GET / (UI shell)", "/", False),
]

OWNER = {"email": "owner@bench.example", "password": "benchmark password"}

# The benchmark's instance: no setup code, rate limits lifted for loopback, tokens that outlive the run.
BENCH_ENV = {
    "STAFFROOM_LOG__LEVEL": "warn",
    "STAFFROOM_AUTH__REQUIRE_SETUP_CODE": "false",
    "STAFFROOM_AUTH__ACCESS_TOKEN_TTL": "2h",
    "STAFFROOM_RATE_LIMITS__ALLOWLIST": "127.0.0.1",
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Server:
    def __init__(self, data_dir, port, binary=BIN):
        self.data_dir, self.port, self.binary = data_dir, port, binary
        self.base = f"http://127.0.0.1:{port}"

    def start(self):
        env = dict(os.environ, **BENCH_ENV)
        started = time.perf_counter()
        # The log goes to a file: a pipe nobody reads would stall the server once it is full.
        self.log = open(os.path.join(self.data_dir, "server.log"), "ab")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--listen", f"127.0.0.1:{self.port}", "--data-dir", self.data_dir],
            env=env, stdout=subprocess.DEVNULL, stderr=self.log)
        while True:
            try:
                with urllib.request.urlopen(self.base + "/api/health", timeout=1) as r:
                    if r.status == 200:
                        return (time.perf_counter() - started) * 1000
            except OSError:
                if self.proc.poll() is not None:
                    with open(self.log.name) as log:
                        raise SystemExit("server exited: " + log.read())
                time.sleep(0.002)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)


def post(url, body, token=None):
    headers = {"Content-Type": "application/json", "X-Client-Type": "mobile"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=30) as r:
        return json.loads(r.read())["data"]


def seed(base):
    """Completes setup and invites 200 staff; returns the owner's access token."""
    answer = post(base + "/api/v1/auth/setup", {
        "adminName": "Bench Owner", "adminEmail": OWNER["email"], "adminPassword": OWNER["password"],
        "salonName": "Bench Salon", "timezone": "Europe/Amsterdam",
        "openingHours": [{"dayOfWeek": d, "openTime": "09:00", "closeTime": "17:00", "isClosed": False} for d in range(1, 6)],
    })
    token = answer["accessToken"]
    for i in range(200):
        post(base + "/api/v1/users", {"email": f"staff{i:03}@bench.example", "firstName": f"Staff{i:03}",
                                      "lastName": "Member", "role": "user"}, token)
    return token


class Logins(threading.Thread):
    """Signs in `per_second` times a second until stopped (argon2 on every one)."""

    def __init__(self, base, per_second):
        super().__init__(daemon=True)
        self.base, self.interval, self.stop, self.done = base, 1 / per_second, threading.Event(), 0

    def run(self):
        next_at = time.perf_counter()
        while not self.stop.is_set():
            post(self.base + "/api/v1/auth/login", OWNER)
            self.done += 1
            next_at += self.interval
            time.sleep(max(0, next_at - time.perf_counter()))


def wrk(url, duration, token=None):
    script = os.path.join(os.path.dirname(__file__), "wrk-status.lua")
    command = ["wrk", "-t2", "-c64", f"-d{duration}s", "--latency", "-s", script, url]
    if token:
        command[1:1] = ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        statuses = ", ".join(re.findall(r"^status \d+: \d+", out, re.M))
        raise SystemExit(f"{url}: {errors.group(1)} non-2xx answers ({statuses})")
    return rps, to_ms(lat["50"]), to_ms(lat["99"])


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--binary", default=BIN,
                        help="the server binary to measure, e.g. dist/staffroom-0.1.0-linux-x86_64 (static musl build)")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="staffroom-bench-")
    try:
        server = Server(data_dir, free_port(), args.binary)
        server.start()  # creates and migrates the database
        token = seed(server.base)
        server.stop()
        ready = []
        for _ in range(args.runs):
            ready.append(server.start())
            if _ < args.runs - 1:
                server.stop()
        time.sleep(1)
        idle_rss = rss_kib(server.proc.pid)

        def measure(label, path, signed_in):
            runs = [wrk(server.base + path, args.duration, token if signed_in else None) for _ in range(args.runs)]
            return (label, statistics.median(r[0] for r in runs),
                    statistics.median(r[1] for r in runs), statistics.median(r[2] for r in runs))

        rows = [measure(*endpoint) for endpoint in ENDPOINTS]
        logins = Logins(server.base, 10)
        logins.start()
        rows.append(measure("GET /api/v1/auth/me while 10 logins/s run", "/api/v1/auth/me", True))
        logins.stop.set()
        logins.join()
        login_rate = logins.done / (args.runs * args.duration)
        peak_rss = rss_kib(server.proc.pid, "VmHWM")
        time.sleep(5)
        after_rss = rss_kib(server.proc.pid)
        server.stop()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)

    storage = subprocess.run([STORAGE_BENCH, "5"], capture_output=True, text=True, check=True).stdout
    grouped = float(re.search(r"group commit:\s+([\d.]+)", storage).group(1))
    single = float(re.search(r"one commit per job:\s+([\d.]+)", storage).group(1))

    linkage = subprocess.run(["file", "-b", args.binary], capture_output=True, text=True).stdout
    kind = "static musl + mimalloc build" if "statically linked" in linkage else "glibc build"
    print(f"\nStaffroom {args.binary} ({os.uname().machine}, {kind}), {os.cpu_count()} cores; "
          f"median of {args.runs} runs, wrk -t2 -c64 -d{args.duration}s on loopback\n")
    print("| endpoint | requests/s | p50 ms | p99 ms |")
    print("| --- | ---: | ---: | ---: |")
    for label, rps, p50, p99 in rows:
        print(f"| {label} | {rps:,.0f} | {p50:.2f} | {p99:.2f} |")
    print()
    print("| figure | value |")
    print("| --- | ---: |")
    print(f"| binary size (stripped) | {os.path.getsize(args.binary) / 1e6:.1f} MB |")
    print(f"| ready after start, existing database (median) | {statistics.median(ready):.0f} ms |")
    print(f"| idle RSS after start | {idle_rss / 1024:.1f} MiB |")
    print(f"| peak RSS under load | {peak_rss / 1024:.1f} MiB |")
    print(f"| RSS 5 s after load and logins | {after_rss / 1024:.1f} MiB |")
    print(f"| logins during the /auth/me run | {login_rate:.1f} /s |")
    print(f"| storage: group commit, 64 writers, FULL | {grouped:,.0f} jobs/s |")
    print(f"| storage: one commit per job, 64 writers, FULL | {single:,.0f} jobs/s |")


if __name__ == "__main__":
    main()
