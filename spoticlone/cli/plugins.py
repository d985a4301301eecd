"""Plugin commands: write a new plugin package, bring enabled plugins' tables up to date."""

from __future__ import annotations

import argparse
from pathlib import Path

from spoticlone.cli.common import run_in_session
from spoticlone.cli.output import fail, say


def cmd_new_plugin(args: argparse.Namespace) -> int:
    from spoticlone.plugins import scaffold

    try:
        target = scaffold.write(args.name, Path(args.dir))
    except scaffold.ScaffoldError as exc:
        fail(f"new-plugin: {exc}")
        return 2
    say(f"Wrote the plugin {args.name} to {target}. Next:")
    say(f"  .venv/bin/pip install -e {target}")
    say(f"  .venv/bin/python -m pytest {target / 'tests'}")
    say("  then enable it on /admin/plugins and restart the server to show its page (docs/plugins.md).")
    return 0


def cmd_migrate_plugins(args: argparse.Namespace) -> int:
    from spoticlone.plugins import installed, migrations
    from spoticlone.services.admin import plugins as service

    def action(session) -> None:
        enabled = service.enabled_names(session)
        for item in installed.catalog().values():
            if item.name in enabled and item.usable and item.plugin and item.plugin.migrations:
                migrations.upgrade(item.plugin, session.connection())
                say(f"{item.name}: tables up to date")
            elif item.name in enabled and not item.usable:
                say(f"{item.name}: skipped, not usable: {'; '.join(item.problems)}")

    return run_in_session(action)
