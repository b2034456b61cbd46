"""The floors of the code, as the README's Design section draws them: each module imports
its own floor and the floors below, never one above; no module imports itself back through
others; only the storage floor touches SQLite (and PostgreSQL); only the output floor and the command line
touch the terminal (rich, typer). Read from the source with `ast`: nothing is run."""

import ast
import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The floors, bottom to top: each a package of `claims` (or a module on its own, `readers`).
FLOORS = ["basics", "figures", "extraction", "rules", "readers", "storage", "operations", "output", "cli"]
# third-party packages only some modules may use
ONLY = {"sqlite3": {"storage.db", "storage.sqlite"}, "sqlite_utils": {"storage.sqlite"},
        "psycopg": {"storage.postgres"}, "rich": {"output.output", "output.review", "cli"},
        "typer": {"output.review", "cli"}}


@functools.cache
def _modules() -> dict[str, Path]:
    """Every module of the package by its dotted name below `claims` ("storage.db")."""
    found = {}
    for path in (ROOT / "claims").rglob("*.py"):
        parts = path.relative_to(ROOT / "claims").with_suffix("").parts
        if parts[-1] not in ("__init__", "__main__"):
            found[".".join(parts)] = path
    return found


def _floor(module: str) -> int:
    return FLOORS.index(module.split(".")[0])


@functools.cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


@functools.cache
def _import_nodes(path: Path) -> list:
    """The file's import statements, anywhere in it (lazy imports in functions count): one walk."""
    return [node for node in ast.walk(_tree(path)) if isinstance(node, (ast.Import, ast.ImportFrom))]


def _imports(path: Path) -> set[str]:
    """Every project module this file imports."""
    names = set()
    for node in _import_nodes(path):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name.removeprefix("claims.") for name in names if name.startswith("claims.")} & set(_modules())


def _third_party(path: Path) -> set[str]:
    found = {alias.name for node in _import_nodes(path) if isinstance(node, ast.Import) for alias in node.names}
    found |= {node.module for node in _import_nodes(path) if isinstance(node, ast.ImportFrom) and node.module}
    return {name.split(".")[0] for name in found}


def _allowed(module: str, places: set[str]) -> bool:
    return any(module == place or module.startswith(place + ".") for place in places)


GRAPH = {name: _imports(path) for name, path in _modules().items()}
THIRD_PARTY = {name: _third_party(path) for name, path in _modules().items()}


def test_every_module_has_a_floor():
    homeless = sorted(m for m in _modules() if m.split(".")[0] not in FLOORS)
    assert not homeless, f"put {homeless} in a floor's package (tests/test_layers.py, README)"


def test_the_floors_are_folders():
    """A module's floor is in its path: only `readers` stands alone, as a floor of one module."""
    loose = sorted(m for m in _modules() if "." not in m and m != "readers")
    assert not loose, f"{loose} sit in claims/ itself: put them in a floor's folder"


@pytest.mark.parametrize("module", sorted(_modules()))
def test_a_module_never_imports_a_floor_above_its_own(module):
    above = {other for other in GRAPH[module] if _floor(other) > _floor(module)}
    assert not above, f"{module} imports {sorted(above)} from above"


def test_no_import_circles():
    done, path = set(), []

    def visit(module):
        if module in path:
            raise AssertionError(" -> ".join(path[path.index(module):] + [module]))
        if module in done:
            return
        path.append(module)
        for other in sorted(GRAPH[module]):
            visit(other)
        path.pop()
        done.add(module)

    for module in sorted(GRAPH):
        visit(module)


@pytest.mark.parametrize("package", sorted(ONLY))
def test_only_some_floors_touch_sqlite_and_the_terminal(package):
    users = {module for module, imported in THIRD_PARTY.items() if package in imported}
    strays = sorted(module for module in users if not _allowed(module, ONLY[package]))
    assert not strays, f"{strays} import {package}"


@pytest.mark.parametrize("module", sorted(m for m in _modules() if m.startswith("cli.")))
def test_the_command_line_reaches_the_database_only_through_operations(module):
    """A command parses, calls one operation and renders: it imports neither the storage floor
    nor the pydantic models (what may be stored is decided in `operations.recording`)."""
    reached = sorted(m for m in GRAPH[module] if m.startswith("storage") or m == "rules.models")
    assert not reached, f"{module} imports {reached}: go through an operation"


def test_the_store_writes_rows_and_history_nothing_else():
    """No validation, figure reading, or source and topic resolution in the store: those live
    in `operations.recording`, so that every road into the database decides alike."""
    reached = sorted(m for m in GRAPH["storage.store"] if m in ("rules.models", "figures.reading")
                     or m.startswith("extraction"))
    assert not reached, f"storage.store imports {reached}"
    text = _modules()["storage.store"].read_text(encoding="utf-8")
    deciding = [name for name in ("figure_of", "future_problem", "sign_problem", "check_source_matches",
                                  "new_claim", "def resolve_source", "def ensure_topic") if name in text]
    assert not deciding, f"storage.store decides what may be stored: {deciding}"


SQL_CALLS = {"execute", "executemany", "executescript", "query"}


@pytest.mark.parametrize("module", sorted(m for m in _modules() if not m.startswith("storage.")))
def test_only_the_storage_floor_runs_sql(module):
    """Every statement lives in `storage/`: `store` (writes), `queries` (reads), the engines and
    migrations: where a second engine plugs in."""
    tree = _tree(_modules()[module])
    calls = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS]
    assert not calls, f"{module} runs SQL at lines {calls}"


def _readme_tree() -> dict[str, set[str]]:
    """The modules the README's Design section draws in each floor's folder."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text[text.index("```\nclaims/\n") + 12:]
    block = block[:block.index("```")]
    drawn: dict[str, set[str]] = {}
    floor = None
    for line in block.splitlines():
        names = line[:58]  # the columns of names; what follows says what the floor does
        if names.startswith("  ") and not names.startswith("   "):
            floor = names.split()[0].rstrip("/")
            names = names[len(floor) + 3:]
        drawn.setdefault(floor, set()).update(w.strip(" ,") for w in names.split(",") if w.strip(" ,"))
    return drawn


def test_the_readme_draws_every_module_in_its_floor():
    drawn = _readme_tree()
    for module in _modules():
        floor, _, name = module.rpartition(".")
        if floor:
            assert name in drawn.get(floor, set()), f"README's Design section: draw {name} in {floor}/"
