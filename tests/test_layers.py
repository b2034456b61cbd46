"""The floors of the code, as the README's Design section draws them: each module imports
its own floor and the floors below, never one above; no module imports itself back through
others; only the storage floor touches SQLite (and PostgreSQL); only the output floor and the command line
touch the terminal (rich, typer). Read from the source with `ast`: nothing is run."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FLOORS = [  # bottom to top
    ("rules", {"errors", "vocab", "dates", "near", "collector", "unit_names", "units", "numerals", "figures",
               "claim", "models", "document", "attribution", "extract", "voices", "record", "truth",
               "comparison"}),
    ("readers", {"readers"}),
    ("storage", {"db", "postgres", "migrations", "dialect", "queries", "store"}),
    ("operations", {"importing", "credibility", "learning", "compare", "intake", "demo", "serving"}),
    ("output", {"output", "words", "charts", "pages", "workbook", "report", "review"}),
    ("command line", {"cli", "quick_coercion"}),
]
FLOOR_OF = {module: n for n, (_, modules) in enumerate(FLOORS) for module in modules}
# third-party packages only some floors may use
ONLY = {"sqlite3": {"db", "migrations"}, "sqlite_utils": {"db", "migrations"}, "psycopg": {"postgres"},
        "rich": {"output", "review", "cli"}, "typer": {"review", "cli", "quick_coercion"}}


def _modules() -> dict[str, Path]:
    found = {path.stem: path for path in (ROOT / "claims").glob("*.py") if path.stem != "__init__"}
    return {**found, "cli": ROOT / "cli.py"}


def _imports(path: Path) -> set[str]:
    """Every module this file imports, anywhere in it (lazy imports in functions count)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level == 1:  # from . import a, b / from .a import x
                names |= {node.module} if node.module else {alias.name for alias in node.names}
            elif node.module == "claims":
                names |= {alias.name for alias in node.names}
            elif node.module:
                names.add(node.module)
    return {name.removeprefix("claims.") for name in names}


GRAPH = {name: _imports(path) & set(_modules()) for name, path in _modules().items()}
THIRD_PARTY = {name: {i.split(".")[0] for i in _imports(path)} for name, path in _modules().items()}


def test_every_module_has_a_floor():
    assert set(_modules()) == set(FLOOR_OF), "place each new module on a floor (tests/test_layers.py, README)"


@pytest.mark.parametrize("module", sorted(FLOOR_OF))
def test_a_module_never_imports_a_floor_above_its_own(module):
    above = {other for other in GRAPH[module] if FLOOR_OF[other] > FLOOR_OF[module]}
    assert not above, f"{module} ({FLOORS[FLOOR_OF[module]][0]}) imports {sorted(above)} from above"


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
    assert users <= ONLY[package], f"{sorted(users - ONLY[package])} import {package}"


SQL_CALLS = {"execute", "executemany", "executescript", "query"}


@pytest.mark.parametrize("module", sorted(m for m, floor in FLOOR_OF.items() if FLOORS[floor][0] != "storage"))
def test_only_the_storage_floor_runs_sql(module):
    """Every statement lives in `store` (writes), `queries` (reads), `db` and `migrations`:
    where a second engine plugs in."""
    tree = ast.parse(_modules()[module].read_text(encoding="utf-8"))
    calls = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS]
    assert not calls, f"{module} runs SQL at lines {calls}"
