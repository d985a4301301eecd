"""`make run-scaled`: the scale-out mode on one machine, every part started and stopped together.

PostgreSQL for data, Redis for Reflex's sessions and the job queue, N web workers
(`cli serve`, one process per port), the job worker, and nginx in front serving the built
assets and the audio (X-Accel-Redirect). Settings come from the environment as usual
(SPOTICLONE_*); the defaults below point at the local PostgreSQL and Redis. Ctrl+C stops all.

    make run-scaled                      # http://127.0.0.1:8080, two web workers
    WEB_WORKERS=3 NGINX_PORT=80 make run-scaled
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex((parts.hostname or "127.0.0.1", parts.port or default_port)) == 0


def _wait(url: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"{url} did not answer in {timeout:.0f} s")


def _ensure_database(url: str) -> None:
    """Create the database named in ``url`` if the server does not have it yet."""
    import sqlalchemy

    name = urlsplit(url).path.lstrip("/")
    admin = sqlalchemy.create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(sqlalchemy.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
            conn.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
            print(f"Created the PostgreSQL database {name}.")
    admin.dispose()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt  # SIGTERM (systemd, timeout) stops the children like Ctrl+C does


def main() -> int:
    signal.signal(signal.SIGTERM, _interrupt)
    workers = int(os.environ.get("WEB_WORKERS", "2"))
    first_port = int(os.environ.get("WEB_FIRST_PORT", "3001"))
    nginx_port = int(os.environ.get("NGINX_PORT", "8080"))
    env = dict(os.environ)
    env.setdefault("SPOTICLONE_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/spoticlone")
    env.setdefault("SPOTICLONE_REDIS_URL", "redis://127.0.0.1:6379/0")
    env.setdefault("SPOTICLONE_PUBLIC_URL", f"http://127.0.0.1:{nginx_port}")
    env.setdefault("SPOTICLONE_NGINX_MEDIA_LOCATION", "/_media/")
    # nginx, on this machine, is the only client of the workers: its X-Forwarded-For is the
    # listener's address (without this, every listener shares 127.0.0.1's rate limits).
    env.setdefault("SPOTICLONE_TRUSTED_PROXIES", "127.0.0.1/32")
    env["SPOTICLONE_PORT"] = str(first_port)
    if not _reachable(env["SPOTICLONE_DATABASE_URL"], 5432) or not _reachable(env["SPOTICLONE_REDIS_URL"], 6379):
        print("PostgreSQL and Redis must be running (SPOTICLONE_DATABASE_URL, SPOTICLONE_REDIS_URL). On Debian:\n"
              "  sudo apt-get install postgresql redis-server && sudo service postgresql start && "
              "sudo service redis-server start", file=sys.stderr)
        return 2
    _ensure_database(env["SPOTICLONE_DATABASE_URL"])
    os.environ.update(env)
    from spoticlone.cli.deploy import NginxOptions, render_nginx_config, standalone_nginx_conf
    from spoticlone.config import get_settings

    settings = get_settings()
    py, reflex = sys.executable, str(Path(sys.executable).parent / "reflex")
    for cmd in ([reflex, "db", "migrate"], [py, "-m", "spoticlone.cli", "seed"],
                [reflex, "export", "--frontend-only", "--no-zip", "--env", "prod"]):
        subprocess.run(cmd, cwd=ROOT, env=env, check=True)
    prefix = settings.data_dir / "nginx"
    ports = [first_port + n for n in range(workers)]
    conf = standalone_nginx_conf(render_nginx_config(NginxOptions(
        listen=f"127.0.0.1:{nginx_port}", upstreams=tuple(f"127.0.0.1:{p}" for p in ports),
        media_dir=settings.media_dir.resolve(), frontend_dir=(ROOT / ".web" / "build" / "client").resolve())),
        prefix=prefix, workers="auto", connections=4096, mime_types=True, error_log=None)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    processes = [subprocess.Popen([py, "-m", "spoticlone.cli", "worker"], cwd=ROOT, env=env, start_new_session=True)]
    processes += [subprocess.Popen([py, "-m", "spoticlone.cli", "serve", "--port", str(p)], cwd=ROOT, env=env,
                                   start_new_session=True) for p in ports]
    try:
        for port in ports:
            _wait(f"http://127.0.0.1:{port}/ping")
        processes.append(subprocess.Popen([nginx, "-p", str(prefix), "-e", str(prefix / "error.log"),
                                           "-c", str(conf)], start_new_session=True))
        _wait(f"http://127.0.0.1:{nginx_port}/ping")
        print(f"\nSpoticlone (scale-out): {env['SPOTICLONE_PUBLIC_URL']}  — {workers} web workers on "
              f"{', '.join(map(str, ports))}, job worker, nginx. Ctrl+C stops everything.", flush=True)
        while all(process.poll() is None for process in processes):
            time.sleep(1)
        print("A process stopped; stopping the rest.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
