"""Layers that hold (STYLE.md "Layers", docs/architecture.md): no `antq` import hidden inside a function, and the
import-linter contracts in pyproject.toml are kept."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (file, imported module) → why the import may stay inside a function. Everything else goes at the module top;
# an import moved into a function to dodge a cycle is a cycle (break it instead). An app's `AppConfig.ready()`
# importing from its own package needs no entry: Django requires models and registrations (auditlog, system
# checks, ports) to load there, after the app registry.
ALLOWED: dict[tuple[str, str], str] = {}


def _app_ready_own_import(path: Path, func: ast.FunctionDef | ast.AsyncFunctionDef, module: str) -> bool:
    """An import in `AppConfig.ready()` of antq/<app>/apps.py from antq.<app> itself."""
    app = path.relative_to(ROOT).parts[:2]
    return path.name == "apps.py" and func.name == "ready" and module.split(".")[:2] == list(app)


def _function_level_antq_imports() -> set[tuple[str, str]]:
    """(file, module) of every `import antq…` / `from antq… import` inside a function body (TYPE_CHECKING blocks
    at module level are not function bodies)."""
    found: set[tuple[str, str]] = set()
    for path in sorted((ROOT / "antq").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("antq"):
                    if not _app_ready_own_import(path, func, node.module or ""):
                        found.add((path.relative_to(ROOT).as_posix(), node.module or ""))
                elif isinstance(node, ast.ImportFrom) and node.level > 0:
                    found.add((path.relative_to(ROOT).as_posix(), "." * node.level + (node.module or "")))
                elif isinstance(node, ast.Import):
                    found.update(
                        (path.relative_to(ROOT).as_posix(), alias.name)
                        for alias in node.names
                        if alias.name.split(".")[0] == "antq" and not _app_ready_own_import(path, func, alias.name)
                    )
    return found


def test_no_antq_import_is_hidden_inside_a_function_outside_the_allow_list():
    hidden = _function_level_antq_imports() - set(ALLOWED)
    assert not hidden, f"move these imports to the module top (or break the cycle they hide): {sorted(hidden)}"


def test_the_allow_list_has_no_stale_entries():
    stale = set(ALLOWED) - _function_level_antq_imports()
    assert not stale, f"remove from ALLOWED, the import is gone: {sorted(stale)}"


def test_import_contracts_are_kept():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is not installed (requirements.txt)"
    result = subprocess.run(  # noqa: S603 (our own venv's executable, fixed arguments)
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_app_is_placed_in_the_contracts():
    """import-linter checks only modules a contract names: a new app must take its place in the layers, be
    forbidden to core and geo, and — when it sits between accounts and reporting (a registry) — be forbidden to
    reporting, which reaches it through its declarations only."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}
    layers = [[name.strip() for name in layer.split("|")] for layer in contracts["layers"]["layers"]]
    placed = {name for layer in layers for name in layer}
    apps = {path.parent.name for path in (ROOT / "antq").glob("*/apps.py")}
    assert apps - placed == set(), "add these apps to the layers contract in pyproject.toml"
    below_foundations = set(contracts["foundations"]["forbidden_modules"])
    assert {f"antq.{app}" for app in apps - {"core", "geo"}} - below_foundations == set()
    order = [name for layer in layers for name in layer]  # top first
    registries = set(order[order.index("reporting") + 1 : order.index("accounts")])
    forbidden = set(contracts["reporting-through-declarations"]["forbidden_modules"])
    assert {f"antq.{app}" for app in registries} - forbidden == set()
