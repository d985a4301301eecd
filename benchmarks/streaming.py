"""Audio streaming: the app's stream route against nginx serving the same files.

Seeds the demo catalog into a temporary data directory (``reflex db migrate`` and
``python -m spoticlone.cli seed``), starts the real app in production single-port
mode (Granian, one worker: without Redis Reflex runs one) and nginx (one worker,
``sendfile on``, access log off) on free loopback ports, both serving the same audio
files: the app as ``/api/v1/tracks/{id}/stream``, nginx by media key path. Then, for
each server, it measures

- ``range``: random 64 KiB ``Range`` requests over random tracks (206), and
- ``whole``: whole-file downloads of random tracks (200),

with wrk (a Lua script randomises the ranges) or, without wrk, an httpx client with
keep-alive connections. A third server, ``accel``, is the scale-out path: nginx with the
config ``cli nginx-config`` writes in front of a ``cli serve`` worker that checks access and
hands each stream to nginx (X-Accel-Redirect; it needs Redis on loopback, like that mode).
The reference is nginx serving the files directly, measured in the same run; the figures to
read are the ratios (issue 16 asks accel ≥ 0.5× for ranges, ≥ 0.8× for whole files).

nginx and wrk come from Debian: if they are missing the script installs them with
apt-get (say ``--no-install`` to refuse). Only loopback traffic; both servers are
stopped (their whole process groups) however the run ends.

    .venv/bin/python benchmarks/streaming.py --duration 10 --connections 8
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
RANGE_SIZE = 64 * 1024
HOST = "127.0.0.1"


@dataclass
class Result:
    requests: int
    seconds: float
    bytes: int
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def mb_s(self) -> float:
        return self.bytes / self.seconds / 1e6 if self.seconds else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def ensure_tools(install: bool) -> None:
    missing = [pkg for pkg, exe in (("nginx", "nginx"), ("wrk", "wrk"))
               if not shutil.which(exe) and not Path(f"/usr/sbin/{exe}").exists()]
    if not missing:
        return
    if not install:
        print(f"missing: {' '.join(missing)} (not installing: --no-install)")
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print(f"Installing {' '.join(missing)} from Debian (apt-get) for the benchmark...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", *missing], check=True, env=env)


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        sys.exit("nginx is required (apt-get install nginx, or run without --no-install)")
    return found


def app_env(data_dir: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           # One Granian worker, like nginx's one worker process (Reflex runs 2n+1 with Redis).
           if k not in ("SPOTICLONE_REDIS_URL", "REFLEX_REDIS_URL", "SPOTICLONE_DATABASE_URL")}
    env.update(
        SPOTICLONE_ENV="development",  # a throwaway catalog; production would want secrets
        SPOTICLONE_DATA_DIR=str(data_dir),
        SPOTICLONE_PORT=str(port),
        SPOTICLONE_HOST=HOST,
        SPOTICLONE_PUBLIC_URL=f"http://{HOST}:{port}",
        REFLEX_TELEMETRY_ENABLED="false",
        PYTHONDONTWRITEBYTECODE="1",
        PATH=f"{ROOT / '.tools' / 'node_modules' / '.bin'}:{VENV_BIN}:{env.get('PATH', '')}",
    )
    return env


def seed(data_dir: Path, env: dict[str, str], log: Path) -> list[tuple[int, str, int]]:
    """Migrate and seed ``data_dir``; return (track id, media key, size) of published tracks."""
    print("Seeding the demo catalog...", flush=True)
    with open(log, "ab") as out:
        for cmd in ([str(VENV_BIN / "reflex"), "db", "migrate"],
                    [str(VENV_BIN / "python"), "-m", "spoticlone.cli", "seed"]):
            if subprocess.run(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT).returncode:
                out.flush()
                sys.exit(f"{' '.join(cmd[1:])} failed:\n" + log.read_text(errors="replace")[-3000:])
    with sqlite3.connect(data_dir / "spoticlone.db") as db:
        rows = db.execute("SELECT id, audio_key FROM track WHERE status = 'PUBLISHED'").fetchall()
    media = data_dir / "media"
    tracks = [(tid, key, (media / key).stat().st_size) for tid, key in rows]
    tracks = [t for t in tracks if t[2] > RANGE_SIZE]
    if not tracks:
        sys.exit("the seeded catalog has no audio larger than one range")
    return tracks


def start(stack: ExitStack, name: str, cmd: list[str], log: Path, **kwargs) -> subprocess.Popen:
    out = stack.enter_context(open(log, "ab"))
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                            **kwargs)
    stack.callback(stop, name, proc)
    return proc


def stop(name: str, proc: subprocess.Popen) -> None:
    """SIGTERM the process group, then SIGKILL whatever is still in it after 15 s."""
    pgid = proc.pid  # start_new_session: the leader's pid is the group id
    for sig, wait in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            proc.poll()  # reap the leader, or the group never looks empty
            try:
                os.killpg(pgid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
    print(f"warning: {name} (process group {pgid}) did not stop", file=sys.stderr)


def wait_http(url: str, proc: subprocess.Popen, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"{url} server exited early (code {proc.returncode}); see {log}:\n"
                     + log.read_text(errors="replace")[-3000:])
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"{url} did not answer within {timeout:.0f} s; see {log}")


def nginx_config(tmp: Path, media: Path, port: int, workers: int) -> Path:
    sys.path.insert(0, str(ROOT))
    from spoticlone.cli.deploy import standalone_nginx_conf

    site = f"""types {{ audio/ogg ogg opus; audio/mpeg mp3; audio/flac flac; audio/wav wav; audio/mp4 m4a; }}
default_type application/octet-stream;
server {{
    listen {HOST}:{port};
    root {media};
    location / {{ }}
}}
"""
    # tcp_nopush (TCP_CORK) stalls each 64 KiB range ~40 ms on loopback (delayed ACK).
    return standalone_nginx_conf(site, prefix=tmp / "nginx", workers=workers, http=(
        "access_log off;", "sendfile on;", "tcp_nopush off;", "keepalive_requests 1000000;"))


# Load generation.

WRK_SCRIPT = """
local paths = {%(paths)s}
local sizes = {%(sizes)s}
local ranged = %(ranged)s
local span = %(span)d
local counter = 0

function setup(thread)
    thread:set("tid", counter)
    counter = counter + 1
end

function init(args)
    math.randomseed(%(seed)d + 7919 * (tid or 0))
end

function request()
    local i = math.random(#paths)
    if not ranged then
        return wrk.format("GET", paths[i])
    end
    local first = math.random(0, sizes[i] - span)
    return wrk.format("GET", paths[i], {["Range"] = "bytes=" .. first .. "-" .. (first + span - 1)})
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        'RESULT {"requests": %%d, "duration_us": %%d, "bytes": %%d, "p50_us": %%d, "p99_us": %%d, "errors": %%d}\\n',
        summary.requests, summary.duration, summary.bytes,
        latency:percentile(50), latency:percentile(99),
        e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def run_wrk(base: str, paths: list[str], sizes: list[int], ranged: bool, seconds: float,
            connections: int, threads: int, tmp: Path) -> Result:
    script = tmp / "bench.lua"
    script.write_text(WRK_SCRIPT % {
        "paths": ", ".join(json.dumps(p) for p in paths),
        "sizes": ", ".join(str(s) for s in sizes),
        "ranged": "true" if ranged else "false",
        "span": RANGE_SIZE,
        "seed": random.randrange(1, 1 << 30),
    })
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
         "-s", str(script), base],
        capture_output=True, text=True, timeout=seconds + 60,
    )
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        sys.exit(f"wrk failed:\n{out.stdout}\n{out.stderr}")
    data = json.loads(line[len("RESULT "):])
    return Result(data["requests"], data["duration_us"] / 1e6, data["bytes"],
                  data["p50_us"] / 1000, data["p99_us"] / 1000, data["errors"])


def run_httpx(base: str, paths: list[str], sizes: list[int], ranged: bool, seconds: float,
              connections: int) -> Result:
    import httpx

    async def main() -> Result:
        latencies: list[float] = []
        counts = {"bytes": 0, "errors": 0}
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:
            stop_at = time.perf_counter() + seconds

            async def worker(rng: random.Random) -> None:
                while time.perf_counter() < stop_at:
                    i = rng.randrange(len(paths))
                    headers = {}
                    if ranged:
                        first = rng.randint(0, sizes[i] - RANGE_SIZE)
                        headers["Range"] = f"bytes={first}-{first + RANGE_SIZE - 1}"
                    started = time.perf_counter()
                    response = await client.get(paths[i], headers=headers)
                    latencies.append(time.perf_counter() - started)
                    counts["bytes"] += len(response.content)
                    if response.status_code not in (200, 206):
                        counts["errors"] += 1

            started = time.perf_counter()
            await asyncio.gather(*(worker(random.Random(n)) for n in range(connections)))
            elapsed = time.perf_counter() - started
        latencies.sort()
        p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
        return Result(len(latencies), elapsed, counts["bytes"], p(0.50), p(0.99), counts["errors"])

    return asyncio.run(main())


def check_same_bytes(app: str, nginx: str, size: int) -> None:
    """One range from each server must be byte-identical (and a real 206)."""
    first = max(0, size // 2 - RANGE_SIZE // 2)
    bodies = []
    for url in (app, nginx):
        req = urllib.request.Request(url, headers={"Range": f"bytes={first}-{first + RANGE_SIZE - 1}"})
        with urllib.request.urlopen(req, timeout=10) as response:
            if response.status != 206:
                sys.exit(f"{url}: expected 206, got {response.status}")
            bodies.append(response.read())
    if bodies[0] != bodies[1] or len(bodies[0]) != RANGE_SIZE:
        sys.exit("the app and nginx sent different bytes for the same range")


def start_accel(stack: ExitStack, tmp: Path, env: dict[str, str], data_dir: Path, nginx: str,
                workers: str, timeout: float) -> str:
    """The scale-out path: nginx (the generated config) in front of a ``cli serve`` worker that
    checks access and hands each stream to nginx with X-Accel-Redirect. Returns its base URL."""
    sys.path.insert(0, str(ROOT))
    from spoticlone.cli.deploy import NginxOptions, render_nginx_config, standalone_nginx_conf

    app_port, port = free_port(), free_port()
    accel_env = {**env, "SPOTICLONE_PORT": str(app_port), "SPOTICLONE_NGINX_MEDIA_LOCATION": "/_media/",
                 "SPOTICLONE_REDIS_URL": os.environ.get("SPOTICLONE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")}
    log = tmp / "accel-app.log"
    proc = start(stack, "accel app", [str(VENV_BIN / "python"), "-m", "spoticlone.cli", "serve", "--port",
                                      str(app_port)], log, cwd=ROOT, env=accel_env)
    wait_http(f"http://{HOST}:{app_port}/ping", proc, timeout, log)
    prefix = tmp / "nginx-accel"
    conf = standalone_nginx_conf(render_nginx_config(NginxOptions(
        listen=f"{HOST}:{port}", upstreams=(f"{HOST}:{app_port}",), media_dir=(data_dir / "media").resolve(),
        frontend_dir=(ROOT / ".web" / "build" / "client").resolve())),
        prefix=prefix, workers=workers, http=("access_log off;", "keepalive_requests 1000000;"))
    nginx_proc = start(stack, "nginx (accel)", [nginx, "-p", str(prefix), "-e", str(prefix / "error.log"),
                                                "-c", str(conf)], tmp / "nginx-accel.log")
    base = f"http://{HOST}:{port}"
    wait_http(f"{base}/ping", nginx_proc, 30, tmp / "nginx-accel.log")
    return base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=10, help="seconds per measurement")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of unmeasured load first")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--client", choices=("auto", "wrk", "httpx"), default="auto")
    parser.add_argument("--nginx-workers", default="1", help="worker_processes (the app runs one worker)")
    parser.add_argument("--no-install", action="store_true", help="never apt-get install nginx/wrk")
    parser.add_argument("--startup-timeout", type=float, default=600)
    args = parser.parse_args()
    # A plain `kill` must still stop the servers: turn SIGTERM into an exception.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    ensure_tools(install=not args.no_install)
    nginx = nginx_binary()
    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "httpx"
    if client == "wrk" and not shutil.which("wrk"):
        sys.exit("wrk is not installed")
    if client == "httpx":
        print("note: without wrk the Python client is the bottleneck for nginx (and shares the "
              "CPU with the servers), so the ratios below flatter the app; install wrk for real ones")

    with tempfile.TemporaryDirectory(prefix="spoticlone-bench-") as tmp_name, ExitStack() as stack:
        tmp = Path(tmp_name)
        data_dir = tmp / "data"
        app_port, nginx_port = free_port(), free_port()
        env = app_env(data_dir, app_port)
        tracks = seed(data_dir, env, tmp / "seed.log")
        total = sum(size for _, _, size in tracks)
        print(f"{len(tracks)} published tracks, {total / 1e6:.1f} MB of audio "
              f"(mean {total / len(tracks) / 1e3:.0f} kB)")

        nginx_conf = nginx_config(tmp, data_dir / "media", nginx_port, args.nginx_workers)
        nginx_proc = start(stack, "nginx", [nginx, "-p", str(tmp / "nginx"), "-c", str(nginx_conf)],
                           tmp / "nginx.log")
        print("Starting the app (prod, single port; the frontend build takes a minute)...", flush=True)
        app_log = tmp / "app.log"
        app_proc = start(stack, "app", [str(VENV_BIN / "reflex"), "run", "--env", "prod", "--single-port"],
                         app_log, cwd=ROOT, env=env)
        nginx_base, app_base = f"http://{HOST}:{nginx_port}", f"http://{HOST}:{app_port}"
        wait_http(f"{nginx_base}/{tracks[0][1]}", nginx_proc, 30, tmp / "nginx.log")
        wait_http(f"{app_base}/ping", app_proc, args.startup_timeout, app_log)
        check_same_bytes(f"{app_base}/api/v1/tracks/{tracks[0][0]}/stream",
                         f"{nginx_base}/{tracks[0][1]}", tracks[0][2])

        accel_base = start_accel(stack, tmp, env, data_dir, nginx, args.nginx_workers, args.startup_timeout)
        check_same_bytes(f"{accel_base}/api/v1/tracks/{tracks[0][0]}/stream",
                         f"{nginx_base}/{tracks[0][1]}", tracks[0][2])

        stream_paths = [f"/api/v1/tracks/{tid}/stream" for tid, _, _ in tracks]
        targets = {
            "nginx": (nginx_base, [f"/{key}" for _, key, _ in tracks]),
            "app": (app_base, stream_paths),
            "accel": (accel_base, stream_paths),
        }
        sizes = [size for _, _, size in tracks]
        print(f"client: {client}, {args.connections} connections"
              + (f", {args.threads} thread(s)" if client == "wrk" else "")
              + f", {args.duration:.0f} s per measurement; nginx workers: {args.nginx_workers}, "
              "app: 1 Granian worker\n")
        print(f"{'scenario':<16} {'server':<6} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'MB/s':>8} {'errors':>6}")

        def measure(base: str, paths: list[str], ranged: bool, path_sizes: list[int]) -> Result:
            def run(seconds: float) -> Result:
                if client == "wrk":
                    return run_wrk(base, paths, path_sizes, ranged, seconds,
                                   args.connections, args.threads, tmp)
                return run_httpx(base, paths, path_sizes, ranged, seconds, args.connections)

            if args.warmup > 0:
                run(args.warmup)
            return run(args.duration)

        def show(scenario: str, name: str, r: Result, note: str = "") -> None:
            print(f"{scenario:<16} {name:<6} {r.rps:9.0f} {r.p50_ms:8.2f} {r.p99_ms:8.2f} "
                  f"{r.mb_s:8.1f} {r.errors:6d}{note}", flush=True)

        ratios = []
        for scenario, ranged in (("range 64 KiB", True), ("whole file", False)):
            results = {}
            for name, (base, paths) in targets.items():
                results[name] = measure(base, paths, ranged, sizes)
                show(scenario, name, results[name])
            ref = results["nginx"]
            for name in ("app", "accel"):
                r = results[name]
                ratio = r.rps / ref.rps if ref.rps else float("nan")
                ratios.append((scenario, name, ratio, r.p50_ms / ref.p50_ms if ref.p50_ms else float("nan")))
        # The same server answering a route that does nothing: the ceiling for any route.
        show("GET /ping", "app", measure(app_base, ["/ping"], False, [0]), "  (ceiling: no work)")
        print()
        for scenario, name, ratio, latency in ratios:
            print(f"{scenario:<16} {name}/nginx throughput {ratio:5.2f}x   p50 latency {latency:5.1f}x nginx's")


if __name__ == "__main__":
    main()
