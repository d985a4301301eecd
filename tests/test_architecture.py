"""Layering rules that keep the code base in the shape of docs/architecture.md.

Services and models stay framework-free so the UI, the REST API and the CLI can all
call them; pages stay database-free because page functions run at compile time.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "spoticlone"
FRAMEWORKS = ("reflex", "fastapi", "starlette")


def _modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def _imported_modules(path: Path) -> set[str]:
    """Every absolute module name imported anywhere in the file (also inside functions)."""
    return _names_imported(path.read_text())


def _names_imported(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _hits(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        name for name in _imported_modules(path)
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    )


def test_layers_have_modules():
    for folder in ("services", "models", "pages"):
        assert _modules(folder), f"spoticlone/{folder} has no modules"


@pytest.mark.parametrize("folder", ["services", "models"])
def test_services_and_models_do_not_import_web_frameworks(folder):
    offenders = {
        str(path.relative_to(PACKAGE)): hits
        for path in _modules(folder)
        if (hits := _hits(path, FRAMEWORKS))
    }
    assert not offenders, f"framework imports in {folder}: {offenders}"


def test_pages_do_not_touch_the_database():
    offenders = {
        str(path.relative_to(PACKAGE)): hits
        for path in _modules("pages")
        if (hits := _hits(path, ("spoticlone.db", "sqlmodel", "sqlalchemy")))
    }
    assert not offenders, f"pages must load data in on_load handlers: {offenders}"


def test_the_checker_sees_nested_and_aliased_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    import reflex as rx\nfrom fastapi.routing import APIRouter\n")
    assert _hits(sample, FRAMEWORKS) == ["fastapi.routing", "fastapi.routing.APIRouter", "reflex"]


ROOT = PACKAGE.parent
ARCHITECTURE_DOC = ROOT / "docs" / "architecture.md"
#: A comment line that is mostly decoration (``# ---- Section ----``, ``/* ==== */``), or a
#: planning tag such as ``(brief D)`` or ``(H3)`` that means nothing to a reader of the code.
BANNER = re.compile(
    r"^\s*(#|//)\s*[-=#*~]{3,}"
    r"|(#|//).*[-=]{6,}\s*$"
    r"|/\*\s*[-=*]{3,}"
    r"|\((brief [A-Z]|H[0-9]+)\)"
)


def _banner_lines(path: Path) -> list[str]:
    return [
        f"{path.name}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if BANNER.search(line)
    ]


def test_no_banner_comments():
    """Comments say why; a module's docstring and its order carry its structure."""
    files = [*sorted(PACKAGE.rglob("*.py")), *sorted((ROOT / "assets").glob("*.css")),
             *sorted((ROOT / "assets").glob("*.js"))]
    offenders = [hit for path in files for hit in _banner_lines(path)]
    assert not offenders, "banner comments or planning tags:\n" + "\n".join(offenders)


def test_the_banner_check_sees_each_kind(tmp_path):
    sample = tmp_path / "sample.css"
    sample.write_text(
        "# --- Entry points -------\n    # ====\n/* ===== Player ===== */\n"
        "/* Charts (H3). */\n// Accounts (brief D)\nx = 1  # one line ---------\n"
        "# Why: the header is read once.\nwidth: calc(100% - 2px); /* keep the border */\n"
    )
    assert len(_banner_lines(sample)) == 6


def _doc_packages() -> list[str]:
    """Every package under spoticlone/, as the doc names it (``api/routers/``)."""
    return sorted(
        f"{init.parent.relative_to(PACKAGE).as_posix()}/"
        for init in PACKAGE.rglob("__init__.py") if init.parent != PACKAGE
    )


def _doc_problems(doc: str) -> list[str]:
    problems = [f"package `{name}` is not described" for name in _doc_packages()
                if f"`{name}`" not in doc]
    problems += [f"top-level module `{path.name}` is not described"
                 for path in sorted(PACKAGE.glob("*.py"))
                 if path.name != "__init__.py" and f"`{path.name}`" not in doc]
    # A bare file name (the domain table's cells) must exist in some package.
    bases = (ROOT, ROOT / "tests", *(init.parent for init in PACKAGE.rglob("__init__.py")))
    for token in sorted(set(re.findall(r"`([\w./-]+(?:\.py|\.md|/))`", doc))):
        if not any((base / token).exists() for base in bases):
            problems.append(f"`{token}` names nothing in the repository")
    return problems


def test_architecture_doc_matches_the_tree():
    """docs/architecture.md names every package, and every path it names exists."""
    assert ARCHITECTURE_DOC.is_file(), "docs/architecture.md is missing"
    problems = _doc_problems(ARCHITECTURE_DOC.read_text())
    assert not problems, "update docs/architecture.md:\n" + "\n".join(problems)


def test_the_doc_check_sees_missing_and_invented_parts():
    problems = _doc_problems("`services/` and `services/nothing_here.py` and `routes.py`")
    assert "package `api/routers/` is not described" in problems
    assert "top-level module `config.py` is not described" in problems
    assert "`services/nothing_here.py` names nothing in the repository" in problems
    assert not any("`services/`" in problem or "`routes.py`" in problem for problem in problems)


#: Names that open a database or build a query: adapters call services instead.
DATABASE_IMPORTS = ("sqlalchemy", "sqlmodel.select", "sqlmodel.col", "sqlmodel.create_engine",
                    "spoticlone.db.session_scope", "spoticlone.db.get_engine", "spoticlone.db.make_engine")
#: Methods of a SQLAlchemy session that read or write rows.
SESSION_METHODS = frozenset({"add", "commit", "delete", "exec", "execute", "flush", "get", "query",
                             "refresh", "rollback", "scalar", "scalars"})


def _database_use(source: str) -> list[str]:
    """Query-building imports and ``session.<method>`` uses (called or passed on) in ``source``."""
    hits = [f"import {name}" for name in _names_imported(source)
            if any(name == f or name.startswith(f + ".") for f in DATABASE_IMPORTS)]
    hits += [f"line {node.lineno}: session.{node.attr}" for node in ast.walk(ast.parse(source))
             if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
             and node.value.id == "session" and node.attr in SESSION_METHODS]
    return sorted(hits)


@pytest.mark.parametrize("folder", ["state", "api/routers"])
def test_adapters_do_not_touch_the_database(folder):
    """States and routes call services (through ``db.run_in_session`` at most), never the ORM."""
    offenders = {
        str(path.relative_to(PACKAGE)): hits
        for path in _modules(folder)
        if (hits := _database_use(path.read_text()))
    }
    assert not offenders, f"database access in {folder}: {offenders}"


def test_states_import_neither_components_nor_the_api():
    """State is below the UI and beside the API: shared words live in framework-free modules."""
    forbidden = ("spoticlone.components", "spoticlone.pages", "spoticlone.api")
    offenders = {
        str(path.relative_to(PACKAGE)): hits
        for path in _modules("state")
        if (hits := _hits(path, forbidden))
    }
    assert not offenders, f"state imports from the UI or the API: {offenders}"


def _private_reach(source: str, own_module: str) -> list[str]:
    """Uses of another spoticlone module's ``_private`` names: ``from m import _x`` or ``m._x``."""
    tree = ast.parse(source)
    hits: list[str] = []
    module_aliases: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("spoticlone"):
            hits += [f"from {node.module} import {alias.name}" for alias in node.names
                     if alias.name.startswith("_") and not alias.name.startswith("__")
                     and node.module != own_module]
            # ``from spoticlone.services import accounts`` binds a module.
            module_aliases.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            module_aliases.update(alias.asname or alias.name.split(".")[0] for alias in node.names
                                  if alias.name.startswith("spoticlone"))
    hits += [f"line {node.lineno}: {node.value.id}.{node.attr}" for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
             and node.value.id in module_aliases and node.attr.startswith("_")
             and not node.attr.startswith("__")]
    return sorted(hits)


def test_no_module_reaches_into_another_modules_private_helpers():
    """A ``_name`` is its module's business; a helper others need gets a public name."""
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        own = ".".join(("spoticlone", *path.relative_to(PACKAGE).with_suffix("").parts))
        if hits := _private_reach(path.read_text(), own):
            offenders[str(path.relative_to(PACKAGE))] = hits
    assert not offenders, f"private helpers used across modules: {offenders}"


def test_the_adapter_checks_see_what_they_forbid():
    assert _database_use(
        "from spoticlone.db import session_scope\nfrom sqlmodel import Session, select\n"
        "def f(session: Session):\n    return session.get(User, 1), run(session.exec)\n"
    ) == ["import spoticlone.db.session_scope", "import sqlmodel.select",
          "line 4: session.exec", "line 4: session.get"]
    assert _database_use("from sqlmodel import Session\ndef f(session: Session):\n    return svc(session)\n") == []
    assert _private_reach(
        "from spoticlone.services import accounts\nfrom spoticlone.services.accounts.signup import _user_by_email\n"
        "accounts._lookup_form('x')\nself._cache\n", "spoticlone.state.auth.signed_in"
    ) == ["from spoticlone.services.accounts.signup import _user_by_email", "line 3: accounts._lookup_form"]


def _test_module_imports(source: str) -> list[str]:
    """Every import of a ``test_*`` module (absolute or relative, also inside functions)."""
    hits = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        if any(part.startswith("test_") for name in names for part in name.split(".")):
            hits.append(f"line {node.lineno}: {names[0] if isinstance(node, ast.Import) else base}")
    return hits


def test_test_modules_do_not_import_other_test_modules():
    """What several tests share lives in a helpers module (``tests/state/account_helpers.py`` and the like):
    importing a test module also collects its tests twice and ties one file's fixtures to another."""
    offenders = {}
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        if hits := _test_module_imports(path.read_text()):
            offenders[str(path.relative_to(ROOT))] = hits
    assert not offenders, f"test modules importing test modules: {offenders}"


def test_the_test_import_check_sees_each_form():
    assert _test_module_imports(
        "from tests.api.test_social_meta import Head\nimport tests.state.test_x\n"
        "from . import test_profile_state\ndef f():\n    from .test_y import z\n"
        "from tests.state.account_helpers import sign_in\nfrom tests import factories\n"
    ) == ["line 1: tests.api.test_social_meta", "line 2: tests.state.test_x", "line 3: .",
          "line 5: .test_y"]


#: Services that name an account by ``user_id`` without acting for it: they establish or
#: end a sign-in (there is no actor yet, or the token itself is the proof), count a
#: throttle for an account a service already checked, or record plays for an owner that
#: may be an anonymous browser. Everything else that acts for someone takes ``actor=``.
USER_ID_SERVICES = frozenset({
    "core.actor.load_actor",  # the one builder of an actor from a user id
    "auth.sessions.create_session", "auth.sessions.revoke_all_sessions",
    "auth.api_sessions.start_api_session", "auth.api_sessions.end_api_session",
    "auth.tickets.issue_ticket", "auth.login.second_step_for", "media.picture_uploads.count_upload",
    "listening.plays.start_play", "listening.plays.report_progress", "listening.plays.recently_played",
    "listening.plays.claim_anonymous_plays",
    "accounts.deletion.cancel_on_sign_in",  # called by create_session: a sign-in cancels a deletion
})
#: The one API dependency module and the one state helper that turn a user id into an actor.
ACTOR_BUILDERS = frozenset({"api/auth_deps.py", "state/acting.py"})


def _acting_convention_problems(source: str, module: str) -> list[str]:
    """Public ``fn(session, ...)`` services taking the actor positionally or as ``user_id``."""
    problems = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        positional = [a.arg for a in node.args.posonlyargs + node.args.args]
        keywords = [a.arg for a in node.args.kwonlyargs]
        if positional[:1] != ["session"]:
            continue
        if {"actor", "admin_actor"} & set(positional[1:]):
            problems.append(f"{module}.{node.name}: actor must be keyword-only")
        if ("user_id" in positional + keywords and "actor" not in keywords
                and f"{module}.{node.name}" not in USER_ID_SERVICES):
            problems.append(f"{module}.{node.name}: acts for user_id instead of actor=")
    return problems


def _actor_loading(source: str) -> list[str]:
    """Imports or calls of ``load_actor``: adapters get the actor from the one builder."""
    return sorted(
        f"line {node.lineno}: load_actor" for node in ast.walk(ast.parse(source))
        if (isinstance(node, ast.Name) and node.id == "load_actor")
        or (isinstance(node, ast.Attribute) and node.attr == "load_actor")
        or (isinstance(node, ast.alias) and node.name == "load_actor")
    )


def test_services_take_the_actor_as_a_keyword():
    """One calling convention: ``fn(session, *, actor, ...)`` for everything done for someone."""
    problems = []
    for path in _modules("services"):
        module = ".".join(path.relative_to(PACKAGE / "services").with_suffix("").parts)
        problems += _acting_convention_problems(path.read_text(), module)
    assert not problems, f"services off the actor convention: {problems}"


def test_adapters_build_the_actor_in_one_place():
    """Routes use ``CurrentActor``/``OptionalActor``; state handlers use ``acting.as_actor``."""
    offenders = {
        rel: hits
        for folder in ("api", "state")
        for path in _modules(folder)
        if (rel := str(path.relative_to(PACKAGE))) not in ACTOR_BUILDERS
        and (hits := _actor_loading(path.read_text()))
    }
    assert not offenders, f"adapters loading the acting user themselves: {offenders}"


def test_the_actor_checks_see_what_they_forbid():
    assert _acting_convention_problems(
        "def a(session, actor, x): ...\ndef b(session, *, user_id): ...\ndef c(session, *, actor, user_id): ...\n"
        "def _d(session, actor): ...\ndef e(actor): ...\ndef start_play(session, *, user_id): ...\n",
        "listening.plays",
    ) == ["listening.plays.a: actor must be keyword-only", "listening.plays.b: acts for user_id instead of actor="]
    assert _actor_loading(
        "from spoticlone.services.core.actor import load_actor\nfrom spoticlone.services import actor\n"
        "actor.load_actor(s, 1)\n"
    ) == ["line 1: load_actor", "line 3: load_actor"]


#: The domains every layer is grouped by (docs/architecture.md, "Domains").
DOMAINS = frozenset({"core", "auth", "accounts", "catalog", "search", "media", "library", "listening",
                     "admin", "studio", "discovery", "lifecycle", "subsonic", "insight", "notifications",
                     "support", "moderation"})
#: Entries of a layer that are not one domain: shared by all of them, named in the doc.
LAYER_SHARED = {
    "services": set(),
    "api/routers": set(),
    "state": {"acting", "common", "page_load", "refusals", "safety", "share", "uploads"},
    "tests/services": {"conftest"},
    "tests/api": {"conftest", "auth_helpers", "page_shell", "measure_picture_upload", "test_app",
                  "test_bounds", "test_cors", "test_fuzz", "test_vary", "test_api_docs",
                  "test_security_headers", "test_clean_urls", "test_social_meta", "test_error_codes"},
    "tests/state": {"conftest", "account_helpers", "playlist_helpers", "uploads",
                    "test_page_load", "test_redis_state", "test_same_answer_as_api"},
}


def _layer_entries(layer: str) -> set[str]:
    folder = ROOT / layer if layer.startswith("tests") else PACKAGE / layer
    return {path.stem for path in folder.iterdir()
            if path.name != "__init__.py" and (path.suffix == ".py" or (path / "__init__.py").exists())}


@pytest.mark.parametrize("layer", sorted(LAYER_SHARED))
def test_every_layer_is_grouped_by_the_same_domains(layer):
    """A feature is found in one hop: ``services/library/``, ``api/routers/library/``, ..."""
    strays = sorted(_layer_entries(layer) - DOMAINS - LAYER_SHARED[layer])
    assert not strays, f"{layer}: not a domain ({', '.join(sorted(DOMAINS))}): {strays}"


def _public_functions(path: Path) -> set[str]:
    return {node.name for node in ast.parse(path.read_text()).body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_")}


def _package_exports(package: Path) -> tuple[set[str], set[str]]:
    """(what ``__all__`` names, every public function of the package's own modules)."""
    init = ast.parse((package / "__init__.py").read_text())
    named: set[str] = set()
    for node in init.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
            named = set(ast.literal_eval(node.value))
    defined: set[str] = set()
    for module in package.glob("*.py"):
        if module.name != "__init__.py":
            defined |= _public_functions(module)
    # ``main`` is a child process's entry point (media probes), not a service.
    return named, defined - {"main"}


@pytest.mark.parametrize("package", sorted(
    path.parent.relative_to(PACKAGE / "services").as_posix()
    for path in (PACKAGE / "services").rglob("__init__.py") if path.parent != PACKAGE / "services"
))
def test_each_service_package_names_its_public_functions(package):
    named, defined = _package_exports(PACKAGE / "services" / package)
    assert named == defined, (f"services/{package}/__init__.py: missing {sorted(defined - named)}, "
                              f"stale {sorted(named - defined)}; run `python scripts/service_inits.py`")


def test_no_public_function_is_named_like_a_module_of_its_package():
    """``from spoticlone.services.accounts import password_reset`` must give the module: the
    package ``__init__`` binds every public function, so a function of that name would win."""
    clashes = []
    for init in (PACKAGE / "services").rglob("__init__.py"):
        package = init.parent
        modules = {path.stem for path in package.glob("*.py")} | {
            path.name for path in package.iterdir() if (path / "__init__.py").exists()}
        for module in package.glob("*.py"):
            clashes += [f"{module.relative_to(PACKAGE)}: {name}"
                        for name in _public_functions(module) & modules]
    assert not clashes, f"functions named like a sibling module: {clashes}"


#: Modules a sandboxed child process runs (``media.sandbox.run_module``): each parse of an
#: uploaded file starts a fresh Python, so what they import is paid on every upload.
CHILD_MODULES = ("spoticlone.services.media.audio_probe", "spoticlone.services.media.images",
                 "spoticlone.services.media.loudness_child", "spoticlone.services.media.rendition_child")


@pytest.mark.parametrize("module", CHILD_MODULES)
def test_sandboxed_children_do_not_import_the_database_layer(module):
    """Package ``__init__`` exports load lazily: a child imports its own module, not the domain."""
    import subprocess
    import sys

    probe = (f"import sys, {module}; "
             "print(sorted(m for m in ('sqlmodel', 'sqlalchemy', 'spoticlone.models') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
