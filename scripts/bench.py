"""Drives the release binary and prints the README's performance table.

Each HTTP figure is the median of several wrk runs (64 connections, 2 threads) on loopback.
Started by scripts/bench, which builds the binaries first.
"""

import argparse
import datetime
import json
import os
import random
import sqlite3
import threading
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

BIN = "target/release/staffroom"
OHA = os.environ.get("OHA", shutil.which("oha") or "target/tools/bin/oha")
STORAGE_BENCH = "target/release/examples/storage_bench"
CHAT_BENCH = "target/release/examples/chat_bench"
CHAT_CLIENTS = 1000

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


def wrk(url, duration, token=None, connections=64, script="wrk-status.lua", args=()):
    script = os.path.join(os.path.dirname(__file__), script)
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s", script, url]
    if token:
        command[1:1] = ["-H", f"Authorization: Bearer {token}"]
    if args:
        command += ["--", *args]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        statuses = ", ".join(re.findall(r"^status \d+: \d+", out, re.M))
        raise SystemExit(f"{url}: {errors.group(1)} non-2xx answers ({statuses})")
    return rps, to_ms(lat["50"]), to_ms(lat["99"])


def oha_p99(url, duration, token, rate, connections=16):
    """p99 latency (ms) at a fixed request rate (oha -q), which wrk cannot hold."""
    command = [OHA, "-z", f"{duration}s", "-q", str(rate), "-c", str(connections), "--no-tui",
               "--output-format", "json", "-H", f"Authorization: Bearer {token}", url]
    out = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    codes = out.get("statusCodeDistribution", {})
    if any(not code.startswith("2") for code in codes):
        raise SystemExit(f"{url}: non-2xx answers at {rate}/s: {codes}")
    return out["latencyPercentiles"]["p99"] * 1000


def get(url, token):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as r:
        return json.loads(r.read())["data"]


def send(url, method, body, token):
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=30) as r:
        return json.loads(r.read())["data"]


PEOPLE, JOBS, WEEKS, SHIFTS_PER_WEEK = 50, 12, 8, 350


def first_sign_in(base, data_dir, email):
    """A registered person signs in with the temporary password of their welcome mail, sets
    their own, and signs in again; returns their access token."""
    with sqlite3.connect(os.path.join(data_dir, "staffroom.db")) as db:
        mail = db.execute("SELECT body_text FROM mail_outbox WHERE to_address = ? ORDER BY created_at DESC LIMIT 1",
                          (email,)).fetchone()[0]
    temporary = re.search(r"(?:password|wachtwoord)[^:\n]*:\s*(\S+)", mail, re.I).group(1)
    first = post(base + "/api/v1/auth/login", {"email": email, "password": temporary})["accessToken"]
    post(base + "/api/v1/auth/password/change", {"currentPassword": temporary, "newPassword": OWNER["password"]}, first)
    return post(base + "/api/v1/auth/login", {"email": email, "password": OWNER["password"]})["accessToken"]


def each(label, figure, me):
    """Prints one run's figure beside the same run's /auth/me, as it ends."""
    print(f"  {label}: {figure:,.1f} (/auth/me {me:,.1f})", file=sys.stderr, flush=True)
    return figure, me


def seed_schedule(base, token, data_dir):
    """The issue's scheduling tenant: 50 active members, 12 jobs, one schedule with 8 published
    weeks of 350 shifts (each person a shift a day: some go over their 40 hours, so conflicts
    are computed and found). Returns what the measurements need, with one member signed in."""
    rng = random.Random(11)
    people = [post(base + "/api/v1/auth/register", {"email": f"rota{i:02}@bench.example", "name": f"Rota{i:02} Person"},
                   token)["id"] for i in range(PEOPLE)]
    member = first_sign_in(base, data_dir, "rota00@bench.example")
    jobs = [post(base + "/api/v1/job-list", {"name": f"Job {j:02}", "hourlyRate": 1200 + 50 * j}, token)["id"]
            for j in range(JOBS)]
    org = get(base + "/api/v1/organizations", token)["items"][0]["id"]
    for person in people:
        send(f"{base}/api/v1/organizations/{org}/members/{person}", "PATCH",
             {"jobIds": rng.sample(jobs, 2), "maxHoursPerWeek": 40, "hourlyRate": 1500}, token)
    schedule = post(base + "/api/v1/schedules", {"name": "Bench rota", "assigneeUserIds": people}, token)["id"]
    today = datetime.date.today()
    start = today + datetime.timedelta(days=7 - today.weekday())  # next Monday
    for week in range(WEEKS):
        for n in range(SHIFTS_PER_WEEK):
            day = start + datetime.timedelta(days=7 * week + n % 7)
            hour = rng.randint(7, 13)
            post(f"{base}/api/v1/schedules/{schedule}/shifts", {
                "assignedUserId": people[n // 7], "jobId": rng.choice(jobs), "shiftDate": str(day),
                "startTime": f"{hour:02}:00", "endTime": f"{hour + 8:02}:00", "breakMinutes": 30}, token)
    end = start + datetime.timedelta(days=7 * WEEKS - 1)
    post(f"{base}/api/v1/schedules/{schedule}/publish", {"from": str(start), "to": str(start + datetime.timedelta(days=55))}, token)
    week = f"from={start}&to={start + datetime.timedelta(days=6)}"
    listed = get(f"{base}/api/v1/schedules/{schedule}/shifts?{week}", token)
    assert listed["total"] == SHIFTS_PER_WEEK, listed["total"]
    assert any(item["conflicts"] for item in listed["items"]), "the seeded week has conflicts to compute"
    return {"schedule": schedule, "week": week, "member": member, "people": people,
            "year_from": str(end + datetime.timedelta(days=1))}


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def measure_scheduling(base, token, rota, args):
    """The issue's budgets, each run beside /auth/me under the same load (the machine is shared)."""
    week_url = f"{base}/api/v1/schedules/{rota['schedule']}/shifts?{rota['week']}"
    me_url = base + "/api/v1/auth/me"
    rows = []

    def paired(label, url, who, connections, unit="req/s"):
        runs = [each(label, wrk(url, args.duration, who, connections)[0], wrk(me_url, args.duration, token, connections)[0])
                for _ in range(args.runs)]
        rows.append((label, statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), unit))
        return runs

    week = []
    for _ in range(args.runs):
        week.append((wrk(week_url, args.duration, token, 16), wrk(me_url, args.duration, token, 16)))
        each("week req/s", week[-1][0][0], week[-1][1][0])
        each("week p99 ms", week[-1][0][2], week[-1][1][2])
    rows.append(("week of 350 shifts with conflicts, 16 connections", statistics.median(w[0][0] for w in week),
                 statistics.median(w[1][0] for w in week), "req/s"))
    rows.append(("the same, p99", statistics.median(w[0][2] for w in week), statistics.median(w[1][2] for w in week), "ms"))
    fixed = [each("week p99 ms at 200/s", oha_p99(week_url, args.duration, token, 200), oha_p99(me_url, args.duration, token, 200))
             for _ in range(args.runs)]
    rows.append(("week at a fixed 200 req/s, p99", statistics.median(f[0] for f in fixed),
                 statistics.median(f[1] for f in fixed), "ms"))
    paired("a member's own week (GET /api/v1/me/shifts), 64 connections",
           f"{base}/api/v1/me/shifts?{rota['week']}", rota["member"], 64)
    posts = []
    for _ in range(args.runs):
        shift = wrk(base, args.duration, token, 64, "wrk-shift-post.lua", [rota["schedule"], rota["year_from"], *rota["people"]])
        posts.append(each("POST a shift req/s", shift[0], wrk(me_url, args.duration, token, 64)[0]))
    rows.append(("POST a shift with its conflict checks, 64 connections, FULL", statistics.median(p[0] for p in posts),
                 statistics.median(p[1] for p in posts), "req/s"))
    return rows


def measure_clock(base, token, rota, data_dir, args):
    """The Time and attendance issue's punch budget: each of the 50 rota people signed in with
    their own token, punching in, break, break end and out at 64 connections under FULL."""
    tokens = [rota["member"]] + [first_sign_in(base, data_dir, f"rota{i:02}@bench.example") for i in range(1, PEOPLE)]
    me_url = base + "/api/v1/auth/me"
    # Each run's punches lie an hour after the last run's (offline punches, at most 72 h old).
    start = int(time.time()) - 71 * 3600
    runs = []
    for run in range(args.runs):
        punched = wrk(base, args.duration, None, 64, "wrk-clock-punch.lua", ["2", str(start + run * 3600), *tokens])
        runs.append(each("POST /api/v1/clock req/s", punched[0], wrk(me_url, args.duration, token, 64)[0]))
    return [("POST /api/v1/clock (punches of 50 people), 64 connections, FULL", statistics.median(r[0] for r in runs),
             statistics.median(r[1] for r in runs), "req/s")]


def seed_timesheets(base, token, data_dir):
    """The timesheet budget's page: the 50 rota people's current biweekly period, every weekday
    worked 08:00–16:30 UTC with a half-hour break, every fifth entry corrected. Written straight
    into the database (the clock takes offline punches only 72 hours back)."""
    import uuid
    period = get(base + "/api/v1/timesheets", token)["period"]
    start = datetime.date.fromisoformat(period["start"])
    days = [start + datetime.timedelta(days=d) for d in range(14)]
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    with sqlite3.connect(os.path.join(data_dir, "staffroom.db")) as db:
        people = db.execute("SELECT id, tenant_id FROM users WHERE email LIKE 'rota%@bench.example'").fetchall()
        owner = db.execute("SELECT id FROM users WHERE email = ?", (OWNER["email"],)).fetchone()[0]
        seq = 10_000_000
        for user, tenant in people:
            for day in (d for d in days if d.weekday() < 5):
                midnight = int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc).timestamp())
                clock_in, clock_out = midnight + 8 * 3600, midnight + 16 * 3600 + 1800
                entry, seq = str(uuid.uuid4()), seq + 1
                db.execute("INSERT INTO time_entries (id, in_seq, tenant_id, user_id, clock_in_at, clock_in_rounded, "
                           "clock_out_at, clock_out_rounded, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           (entry, seq, tenant, user, clock_in, clock_in, clock_out, clock_out, stamp, stamp))
                db.execute("INSERT INTO time_breaks (entry_id, started_at, ended_at) VALUES (?, ?, ?)",
                           (entry, midnight + 12 * 3600, midnight + 12 * 3600 + 1800))
                if seq % 5 == 0:
                    db.execute("INSERT INTO time_entry_edits (id, tenant_id, entry_id, user_id, edited_by, edited_at, "
                               "reason, before_in, before_out, after_in, after_out) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               (str(uuid.uuid4()), tenant, entry, user, owner, stamp, "Came in early",
                                clock_in, clock_out, clock_in - 900, clock_out))
    page = get(f"{base}/api/v1/timesheets?date={start}", token)
    assert page["total"] >= PEOPLE and page["period"]["kind"] == "biweekly", page["total"]
    return f"{base}/api/v1/timesheets?date={start}"


def measure_timesheets(base, token, data_dir, args):
    """The Time and attendance issue's page budget: the 50-person biweekly timesheet list, its
    p99 at a steady 20 requests/s (a few managers clicking), and its throughput at 16 connections."""
    url = seed_timesheets(base, token, data_dir)
    me_url = base + "/api/v1/auth/me"
    steady = [each("timesheets p99 ms at 20/s", oha_p99(url, args.duration, token, 20), oha_p99(me_url, args.duration, token, 20))
              for _ in range(args.runs)]
    loaded = [each("timesheets req/s", wrk(url, args.duration, token, 16)[0], wrk(me_url, args.duration, token, 16)[0])
              for _ in range(args.runs)]
    return [("50-person biweekly timesheet page (GET /api/v1/timesheets) at a steady 20 req/s, p99",
             statistics.median(r[0] for r in steady), statistics.median(r[1] for r in steady), "ms"),
            ("the same page, 16 connections", statistics.median(r[0] for r in loaded),
             statistics.median(r[1] for r in loaded), "req/s")]


def measure_chat(server, data_dir, token, args):
    """The Chat issue's budgets: 1,000 sockets in General and one sender at 100 messages/s
    (seeded and signed in straight through the database and the instance's key), then POST a
    message and a history page of 50 under wrk."""
    server.stop()
    subprocess.run([CHAT_BENCH, "seed", data_dir, str(CHAT_CLIENTS)], check=True)
    server.start()
    fanouts = []
    for _ in range(args.runs):
        out = subprocess.run([CHAT_BENCH, "run", data_dir, server.base, str(server.proc.pid), str(CHAT_CLIENTS), "10", "100"],
                             stdout=subprocess.PIPE, text=True, check=True).stdout
        fanouts.append(json.loads(out.strip().splitlines()[-1]))
        print(out.strip().splitlines()[-1], file=sys.stderr)
        time.sleep(4)  # the sockets' offline presence settles
    general = next(c for c in get(server.base + "/api/v1/chat/channels", token)["items"] if c["kind"] == "general")["id"]
    posts = [wrk(server.base, args.duration, token, 64, "wrk-chat-post.lua", [general]) for _ in range(args.runs)]
    history = [wrk(f"{server.base}/api/v1/chat/channels/{general}/messages?limit=50", args.duration, token, 64)
               for _ in range(args.runs)]
    return fanouts, posts, history


def print_chat(fanouts, posts, history, runs):
    median = lambda key: statistics.median(f[key] for f in fanouts)
    print(f"\nChat: {CHAT_CLIENTS:,} WebSocket clients in General, one sender at 100 messages/s for 10 s "
          f"(median of {runs} runs; lost and duplicated summed over all runs):\n")
    print("| figure | value | budget |")
    print("| --- | ---: | ---: |")
    print(f"| delivery p50 | {median('p50_ms'):.1f} ms | |")
    print(f"| delivery p99 | {median('p99_ms'):.1f} ms | ≤ 50 ms |")
    print(f"| deliveries per run | {median('deliveries'):,.0f} of {CHAT_CLIENTS * 1000:,} | all |")
    print(f"| lost / duplicated | {sum(f['lost'] for f in fanouts)} / {sum(f['duplicated'] for f in fanouts)} | 0 / 0 |")
    # The first run's: the server is fresh then; later runs reuse what the first one allocated.
    growth = (fanouts[0]["rss_connected_kib"] - fanouts[0]["rss_before_kib"]) / 1024
    print(f"| server RSS growth for the connected clients (first run, fresh server) | {growth:.1f} MiB | ≤ 25 MB |")
    print(f"| slowest delivery of a message, median over messages | {median('message_spread_p50_ms'):.1f} ms | |")
    print(f"| POST a message, 64 connections | {statistics.median(p[0] for p in posts):,.0f} req/s | ≥ 3,000 |")
    print(f"| history page of 50, 64 connections | {statistics.median(h[0] for h in history):,.0f} req/s | ≥ 5,000 |")


def measure_notifications(base, token, rota, data_dir, args):
    """The Notifications issue's budget: a week of 350 shifts for the 50 rota people is published;
    the time from the publish request to the last of its notifications stored (in-app, and the
    e-mail queued in the outbox: 2 per person), while oha asks /auth/me at a fixed rate; beside
    the same rate's p99 with nothing published. Each run publishes a new week of a schedule of
    its own."""
    people = rota["people"]
    schedule = post(base + "/api/v1/schedules", {"name": "Notify rota", "assigneeUserIds": people}, token)["id"]
    start = datetime.date.today() + datetime.timedelta(days=7 - datetime.date.today().weekday() + 7 * (WEEKS + 2))
    me_url = base + "/api/v1/auth/me"
    db_path = os.path.join(data_dir, "staffroom.db")
    rate, window = 100, max(args.duration, 6)

    def stored_after(seq):
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
            return db.execute("SELECT count(*) FROM notifications WHERE event_seq > ?", (seq,)).fetchone()[0]

    rows = []
    for run in range(args.runs):
        monday = start + datetime.timedelta(days=7 * run)
        for n in range(SHIFTS_PER_WEEK):
            day = monday + datetime.timedelta(days=n % 7)
            post(f"{base}/api/v1/schedules/{schedule}/shifts", {
                "assignedUserId": people[n // 7], "shiftDate": str(day), "startTime": "09:00", "endTime": "17:00"}, token)
        idle = oha_p99(me_url, window, token, rate)
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
            last = db.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]
        busy = {}
        load = threading.Thread(target=lambda: busy.update(p99=oha_p99(me_url, window, token, rate)))
        load.start()
        time.sleep(1)
        began = time.perf_counter()
        post(f"{base}/api/v1/schedules/{schedule}/publish",
             {"from": str(monday), "to": str(monday + datetime.timedelta(days=6))}, token)
        published = time.perf_counter() - began
        while stored_after(last) < 2 * len(people):
            if time.perf_counter() - began > 60:
                raise SystemExit(f"only {stored_after(last)} notifications after 60 s")
            time.sleep(0.01)
        done = time.perf_counter() - began
        load.join()
        print(f"  publish {published * 1000:,.0f} ms, all notifications {done * 1000:,.0f} ms; "
              f"/auth/me p99 {busy['p99']:.1f} ms (idle {idle:.1f} ms)", file=sys.stderr, flush=True)
        rows.append((published * 1000, done * 1000, busy["p99"], idle))
    median = lambda i: statistics.median(r[i] for r in rows)  # noqa: E731
    return [
        ("publish a week of 350 shifts for 50 people: the request", median(0), median(3), "ms"),
        ("… every notification stored and its e-mail queued (100)", median(1), median(3), "ms"),
        (f"GET /api/v1/auth/me p99 at {rate} req/s while it runs (beside: idle)", median(2), median(3), "ms"),
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--only", choices=["chat", "scheduling", "clock", "timesheets", "notifications"], help="measure one issue's figures only")
    parser.add_argument("--binary", default=BIN,
                        help="the server binary to measure, e.g. dist/staffroom-0.1.0-linux-x86_64 (static musl build)")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="staffroom-bench-")
    if args.only == "chat":
        try:
            server = Server(data_dir, free_port(), args.binary)
            server.start()
            token = seed(server.base)
            chat = measure_chat(server, data_dir, token, args)
            server.stop()
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
        print_chat(*chat, args.runs)
        return
    if args.only in ("scheduling", "clock", "timesheets", "notifications"):
        try:
            server = Server(data_dir, free_port(), args.binary)
            server.start()
            token = seed(server.base)
            rota = seed_schedule(server.base, token, data_dir)
            if args.only == "scheduling":
                rows = measure_scheduling(server.base, token, rota, args)
            elif args.only == "timesheets":
                rows = measure_timesheets(server.base, token, data_dir, args)
            elif args.only == "notifications":
                rows = measure_notifications(server.base, token, rota, data_dir, args)
            else:
                rows = measure_clock(server.base, token, rota, data_dir, args)
            server.stop()
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
        print_scheduling(rows, args)
        return
    try:
        server = Server(data_dir, free_port(), args.binary)
        server.start()  # creates and migrates the database
        token = seed(server.base)
        rota = seed_schedule(server.base, token, data_dir)
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
        scheduling = measure_scheduling(server.base, token, rota, args)
        scheduling += measure_clock(server.base, token, rota, data_dir, args)
        scheduling += measure_timesheets(server.base, token, data_dir, args)
        scheduling += measure_notifications(server.base, token, rota, data_dir, args)
        peak_rss = rss_kib(server.proc.pid, "VmHWM")
        time.sleep(5)
        after_rss = rss_kib(server.proc.pid)
        chat = measure_chat(server, data_dir, token, args)
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
    print_scheduling(scheduling, args)
    print_chat(*chat, args.runs)


def print_scheduling(rows, args):
    print(f"\nScheduling and the time clock, on the seeded tenant (50 members, 12 jobs, 8 weeks of 350 shifts), median of {args.runs} "
          f"runs of {args.duration} s; each figure beside the same run's GET /api/v1/auth/me with the same load:\n")
    print("| measurement | figure | /auth/me in the same run | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for label, value, me, unit in rows:
        print(f"| {label} | {value:,.1f} {unit} | {me:,.1f} {unit} | {value / me:.2f} |")


if __name__ == "__main__":
    main()
