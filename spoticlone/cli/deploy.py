"""Deployment helpers: the nginx configuration for running the app behind nginx."""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spoticlone.cli.output import fail, say

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "spoticlone.conf.template"
DEFAULT_LOCATION = "/_media/"
_ADDRESS = re.compile(r"^[A-Za-z0-9.\-\[\]:]+:\d{1,5}$")
_SAFE_PATH = re.compile(r"^/[A-Za-z0-9._\-/]*$")
_LOCATION = re.compile(r"^/[A-Za-z0-9_\-/]*/$")
_NAME = re.compile(r"^[A-Za-z0-9.\-_* ]+$")


@dataclass(frozen=True)
class NginxOptions:
    """What the generated config points at; every value is checked before it is written."""

    listen: str
    upstreams: tuple[str, ...]
    media_dir: Path
    frontend_dir: Path
    server_name: str = "_"
    media_location: str = DEFAULT_LOCATION
    cache_dir: Path | None = None  # where nginx keeps the app's access answers (default: beside media)


def render_nginx_config(options: NginxOptions) -> str:
    """The server block for ``options``; a value nginx would misread is refused, not quoted."""
    problems = []
    if not (options.listen.isdigit() or _ADDRESS.match(options.listen)):
        problems.append(f"--listen {options.listen!r} is not PORT or HOST:PORT")
    if not options.upstreams:
        problems.append("name at least one app worker (--app HOST:PORT)")
    problems += [f"--app {up!r} is not HOST:PORT" for up in options.upstreams if not _ADDRESS.match(up)]
    cache_dir = options.cache_dir or options.media_dir.parent / "nginx-cache"
    for flag, path in (("--media-dir", options.media_dir), ("--frontend-dir", options.frontend_dir),
                       ("--cache-dir", cache_dir)):
        if not path.is_absolute() or not _SAFE_PATH.match(str(path)):
            problems.append(f"{flag} must be an absolute path of letters, digits, '.', '_', '-' and '/'")
    if not _LOCATION.match(options.media_location):
        problems.append("--media-location must look like /_media/ (slashes at both ends)")
    if not _NAME.match(options.server_name):
        problems.append(f"--server-name {options.server_name!r} is not a host name")
    if problems:
        raise ValueError("; ".join(problems))
    values = {
        "@@LISTEN@@": options.listen,
        "@@UPSTREAMS@@": "\n".join(f"    server {up};" for up in options.upstreams),
        "@@SERVER_NAME@@": options.server_name,
        "@@FRONTEND_DIR@@": str(options.frontend_dir),
        "@@MEDIA_DIR@@": str(options.media_dir).rstrip("/"),
        "@@MEDIA_LOCATION@@": options.media_location,
        "@@CACHE_DIR@@": str(cache_dir),
    }
    text = TEMPLATE.read_text()
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def standalone_nginx_conf(site_conf: str, *, prefix: Path, workers: int | str = 1, connections: int = 1024,
                          http: Sequence[str] = ("access_log off;",), mime_types: bool = False,
                          error_log: str | None = "warn") -> Path:
    """Write a main ``nginx.conf`` under ``prefix`` around ``site_conf`` and return its path.

    For running nginx without the system's configuration (``nginx -p PREFIX -c PATH``): in
    the foreground, with its pid file and temporary folders under ``prefix`` (created here), so
    that the scale-out launcher, the benchmarks and the tests need neither root nor
    ``/etc/nginx``. ``site_conf`` (a ``render_nginx_config`` block, or any ``http``-level text)
    goes to ``prefix/spoticlone.conf``; ``http`` adds directives before it, ``mime_types``
    includes the system's type map, ``error_log`` is the level logged to ``prefix/error.log``
    (None: nginx's default). Media files are private (0600): run as root, the workers must
    be root too to read them.
    """
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    (prefix / "spoticlone.conf").write_text(site_conf)
    lines = ["user root root;" if os.geteuid() == 0 else "", "daemon off;", f"worker_processes {workers};",
             f"pid {prefix}/nginx.pid;"]
    if error_log:
        lines.append(f"error_log {prefix}/error.log {error_log};")
    lines += [f"events {{ worker_connections {connections}; }}", "http {", *(f"    {d}" for d in http)]
    lines += [f"    {kind}_temp_path {prefix}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")]
    if mime_types:
        lines.append("    include /etc/nginx/mime.types;")
    lines += [f"    include {prefix}/spoticlone.conf;", "}", ""]
    conf = prefix / "nginx.conf"
    conf.write_text("\n".join(lines))
    return conf


def add_deploy_commands(commands) -> None:
    nginx = commands.add_parser(
        "nginx-config",
        help="write the nginx config that serves assets and audio in front of the app",
        description="Print (or write) an nginx server block for this installation: nginx "
        "serves the compiled frontend's assets and, after the app has checked access, the "
        "audio files (X-Accel-Redirect), and proxies the rest, the websocket included, to the "
        "app workers. Set SPOTICLONE_NGINX_MEDIA_LOCATION to the same --media-location for the "
        "app to hand streams to nginx.",
    )
    nginx.add_argument("--listen", default="80", help="PORT or HOST:PORT nginx listens on (default 80)")
    nginx.add_argument("--app", action="append", dest="upstreams", metavar="HOST:PORT",
                       help="an app worker (repeat for several; default 127.0.0.1:3000)")
    nginx.add_argument("--media-dir", type=Path, help="the media folder (default: <data dir>/media)")
    nginx.add_argument("--frontend-dir", type=Path, help="the compiled frontend (default: .web/build/client)")
    nginx.add_argument("--server-name", default="_", help="nginx server_name (default _: any)")
    nginx.add_argument("--media-location", default=DEFAULT_LOCATION, help="internal location (default /_media/)")
    nginx.add_argument("--cache-dir", type=Path,
                       help="nginx's cache of access answers (default: <data dir>/nginx-cache; nginx writes it)")
    nginx.add_argument("--output", type=Path, help="write here instead of printing")


def cmd_nginx_config(args: argparse.Namespace) -> int:
    from spoticlone.config import get_settings

    root = Path(__file__).resolve().parents[2]
    options = NginxOptions(
        listen=args.listen,
        upstreams=tuple(args.upstreams or ["127.0.0.1:3000"]),
        media_dir=(args.media_dir or get_settings().media_dir).resolve(),
        frontend_dir=(args.frontend_dir or root / ".web" / "build" / "client").resolve(),
        server_name=args.server_name,
        media_location=args.media_location,
        cache_dir=args.cache_dir.resolve() if args.cache_dir else None,
    )
    try:
        text = render_nginx_config(options)
    except ValueError as exc:
        fail(f"Not written: {exc}.")
        return 1
    if args.output:
        args.output.write_text(text)
        say(f"Wrote {args.output}. Set SPOTICLONE_NGINX_MEDIA_LOCATION={options.media_location} for the app.")
    else:
        say(text)
    return 0


def add_serve_command(commands) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve the built app (one web worker process) for the scale-out mode",
        description="Serve the already built frontend and the backend in one production process "
        "on HOST:PORT, without building anything: run several on different ports (one per core) "
        "behind nginx (see `nginx-config`), all sharing SPOTICLONE_DATABASE_URL (PostgreSQL) and "
        "SPOTICLONE_REDIS_URL (Reflex's state and the job queue). Build once first with "
        "`make build` (reflex export --frontend-only --no-zip --env prod).",
        epilog="Exit status: 2 when there is no build or no Redis (several workers must share state).",
    )
    serve.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1: nginx in front)")
    serve.add_argument("--port", type=int, required=True, help="port of this worker")


def serve_built_app(host: str, port: int) -> int:
    """The backend on the already built frontend, one production process (``serve`` and the
    ``make run`` supervisor's child).

    Reflex checks the JavaScript runtime when the backend starts and refuses the system's
    Node.js when it is older than it wants; the bun that ``make setup`` installs in ``.tools``
    is what the build used, so it goes first on PATH here, and a systemd unit or a shell
    without the Makefile's PATH starts the same way.
    """
    import os

    root = Path(__file__).resolve().parents[2]
    web = Path(os.environ.get("REFLEX_WEB_WORKDIR", root / ".web"))
    if not (web / "build" / "client" / "index.html").exists():
        fail("No built frontend: run `make build` first.")
        return 2
    tools = root / ".tools" / "node_modules" / ".bin"
    if tools.is_dir() and str(tools) not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([str(tools), os.environ.get("PATH", "")])
    # One process per port: nginx balances between them, so each can be restarted on its own.
    os.environ.setdefault("GRANIAN_WORKERS", "1")
    os.environ["REFLEX_ENV_MODE"] = "prod"
    # The frontend is built: the backend only evaluates its pages, writing nothing to .web.
    # Compiling again would purge and rewrite .web's pages at every start, and two workers
    # started together in one tree (systemd, run-scaled) raced on it: one died deleting a
    # file the other had just deleted. Reflex reads the switch under its internal name
    # (``__REFLEX_SKIP_COMPILE``): asked for by the attribute, never spelled here.
    from reflex.constants import LogLevel
    from reflex.utils import exec as reflex_exec
    from reflex_base.environment import environment

    os.environ[environment.REFLEX_SKIP_COMPILE.name] = "true"
    os.chdir(root)

    reflex_exec.run_backend_prod(host, port, LogLevel.WARNING, mount_frontend_compiled_app=True)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    from spoticlone.config import get_settings

    if not (os.environ.get("REFLEX_REDIS_URL") or get_settings().redis_url):
        fail("Set SPOTICLONE_REDIS_URL: workers behind nginx must share sessions in Redis.")
        return 2
    if not 1 <= args.port <= 65535:
        fail("--port must be between 1 and 65535.")
        return 2
    return serve_built_app(args.host, args.port)
